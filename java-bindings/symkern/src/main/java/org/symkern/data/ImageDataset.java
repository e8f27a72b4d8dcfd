package org.symkern.data;

import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Images with integer labels held on the Java heap: pixels as float (in [0, 1] for the bundled loaders; any
 * values for a user's own data), row-major (count, channels, height, width), labels in [0, classes).
 *
 * <p>A user's own data: {@code new ImageDataset(pixels, labels, channels, height, width, classes)} for images and
 * {@link #signals} for 1-D signals (count, channels, length), stored as images of height 1. Batches come from
 * {@link #images} / {@link #signals(int[], int, int, Device)} and {@link #labels}, e.g. over the index arrays of
 * {@link MiniBatches}.
 */
public final class ImageDataset {
    /** Pixels in [0, 1], row-major (count, channels, height, width). */
    public final float[] pixels;
    /** Labels in [0, classes), one per image. */
    public final int[] labels;
    /** Number of images, their channels, height and width, and the number of classes. */
    public final int count, channels, height, width, classes;

    /** Wraps the arrays (not copied); checks that the sizes agree and every label is in [0, classes). */
    public ImageDataset(float[] pixels, int[] labels, int channels, int height, int width, int classes) {
        int size = channels * height * width;
        if (labels.length * (long) size != pixels.length)
            throw new IllegalArgumentException(pixels.length + " pixels do not make " + labels.length + " images of " + size);
        for (int i = 0; i < labels.length; i++)
            if (labels[i] < 0 || labels[i] >= classes)
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is outside [0, " + classes + ")");
        this.pixels = pixels;
        this.labels = labels;
        this.count = labels.length;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = classes;
    }

    /**
     * Signals of {@code length} samples on {@code channels} channels: values row-major (count, channels, length),
     * labels in [0, classes). Stored as images of height 1 and width length.
     */
    public static ImageDataset signals(float[] values, int[] labels, int channels, int length, int classes) {
        return new ImageDataset(values, labels, channels, 1, length, classes);
    }

    /** Signals idx[from, to) as a float32 tensor (n, C, length) in the current scope (for 1-D convolutions). */
    public Tensor signals(int[] idx, int from, int to, Device device) {
        if (height != 1) throw new IllegalStateException("signals(): these are images of height " + height + ", not signals");
        return images(idx, from, to, device).reshape(to - from, channels, width);
    }

    /** Values per image: channels * height * width. */
    public int imageSize() {
        return channels * height * width;
    }

    /** The images at `idx` as a subset (copies). */
    public ImageDataset subset(int[] idx) {
        int size = imageSize();
        float[] px = new float[idx.length * size];
        int[] lb = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(pixels, idx[i] * size, px, i * size, size);
            lb[i] = labels[idx[i]];
        }
        return new ImageDataset(px, lb, channels, height, width, classes);
    }

    /** Images idx[from, to) as a float32 tensor (n, C, H, W) in the current scope. */
    public Tensor images(int[] idx, int from, int to, Device device) {
        int size = imageSize(), n = to - from;
        float[] px = new float[n * size];
        for (int i = 0; i < n; i++) System.arraycopy(pixels, idx[from + i] * size, px, i * size, size);
        return Tensor.of(px, Shape.of(n, channels, height, width), device);
    }

    /** Labels idx[from, to) as an int32 tensor (n) in the current scope. */
    public Tensor labels(int[] idx, int from, int to, Device device) {
        int[] lb = new int[to - from];
        for (int i = 0; i < lb.length; i++) lb[i] = labels[idx[from + i]];
        return Tensor.ofInts(lb, Shape.of(lb.length), device);
    }
}
