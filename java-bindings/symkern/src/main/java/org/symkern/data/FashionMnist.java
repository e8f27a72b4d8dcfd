package org.symkern.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017; Zalando SE, MIT license) from the files of the Debian
 * package {@code dataset-fashion-mnist} ({@code apt-get install dataset-fashion-mnist}), which installs
 * the four IDX files gzipped under {@link #DEBIAN_DIR}: 60,000 training and 10,000 test images of 28 x 28,
 * 10 classes. The data is not embedded in the jar (see docs/models.md, section Fashion-MNIST, for where to get it and its checksums).
 *
 * <p>Rotated Fashion-MNIST, the larger image benchmark of issue 4, is built like RotMNIST-10k: every
 * image at a seeded angle uniform in [0, 360) (bilinear, zero fill), train and test with their own angle
 * streams. A validation set is carved from the training images with {@link Split#stratified}.
 */
public final class FashionMnist {
    /** Where Debian's dataset-fashion-mnist package installs the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The class names, by label. */
    public static final String[] CLASSES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
    private static final String INSTALL = "; install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist)";
    private static final long TRAIN_STREAM = 0xFA5_7A1EL, TEST_STREAM = 0xFA5_7E57L;

    private FashionMnist() {}

    /** True when the four files are in `dir`. */
    public static boolean availableIn(Path dir) {
        for (String f : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"})
            if (!Files.exists(dir.resolve(f))) return false;
        return true;
    }

    /** The 60,000 training images from the Debian package. */
    public static ImageDataset train() {
        return train(DEBIAN_DIR);
    }

    /** The 10,000 test images from the Debian package. */
    public static ImageDataset test() {
        return test(DEBIAN_DIR);
    }

    /** The 60,000 training images of the IDX files in {@code dir}. */
    public static ImageDataset train(Path dir) {
        return load(dir, "train");
    }

    /** The 10,000 test images of the IDX files in {@code dir}. */
    public static ImageDataset test(Path dir) {
        return load(dir, "t10k");
    }

    /** The training images, each at a seeded angle uniform in [0, 360). */
    public static RotatedImages rotatedTrain(Path dir, long seed) {
        return RotatedImages.uniform(train(dir), seed ^ TRAIN_STREAM);
    }

    /** The test images, each at a seeded angle uniform in [0, 360). */
    public static RotatedImages rotatedTest(Path dir, long seed) {
        return RotatedImages.uniform(test(dir), seed ^ TEST_STREAM);
    }

    private static ImageDataset load(Path dir, String prefix) {
        Path images = dir.resolve(prefix + "-images-idx3-ubyte.gz"), labels = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        for (Path p : new Path[] {images, labels})
            if (!Files.exists(p)) throw new DataFormatException(p.toString(), "file not found" + INSTALL);
        return Mnist.load(images, labels);
    }
}
