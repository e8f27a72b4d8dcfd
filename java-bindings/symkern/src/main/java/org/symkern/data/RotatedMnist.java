package org.symkern.data;

/**
 * RotMNIST-10k: the 10,000 real MNIST digits embedded in the jar ({@link Mnist#embedded()}, from
 * data/mnist10k), each rotated about its centre by its own seeded angle (bilinear, zero fill), with a
 * stratified, seeded split of 7,000 train / 1,000 validation / 2,000 test.
 *
 * <p>This is smaller than the published MNIST-rot of Larochelle et al. (12,000 train+validation, 50,000
 * test; docs/models.md, section Rotated MNIST), which is not available here; numbers on the two are not comparable.
 *
 * <p>Two protocols:
 * <ul>
 *   <li>{@link #standard}: every digit at an angle uniform in [0, 360).</li>
 *   <li>{@link #limitedTraining} (TR%): training and validation digits at angles uniform in
 *       [-limit, +limit] (15 degrees in the issue), test digits at angles uniform in [0, 360). Validation
 *       follows the training distribution so that model selection never sees the test distribution.</li>
 * </ul>
 * Both use the same split of digit indices for the same seed, and the same full-circle angles for the
 * test digits, so their test sets are identical.
 */
public final class RotatedMnist {
    /** Sizes of the training, validation and test parts. */
    public static final int TRAIN = 7000, VALIDATION = 1000, TEST = 2000;
    /** The angle limit of the TR% protocol in the issue. */
    public static final double TR_LIMIT_DEGREES = 15.0;

    // the angle and split streams are derived from the seed with fixed offsets, so they are independent
    private static final long ANGLE_STREAM = 0x5EED_A461E5L, LIMITED_STREAM = 0x5EED_11A17L;

    /** The three parts of a protocol, and the angles each image was rotated by. */
    public static final class Parts {
        /** The rotated images of the three parts. */
        public final ImageDataset train, validation, test;
        /** The rotation angle of each image, in degrees. */
        public final double[] trainDegrees, validationDegrees, testDegrees;

        Parts(RotatedImages trainSource, RotatedImages testSource, int[][] split) {
            this.train = trainSource.data.subset(split[0]);
            this.validation = trainSource.data.subset(split[1]);
            this.test = testSource.data.subset(split[2]);
            this.trainDegrees = pick(trainSource.degrees, split[0]);
            this.validationDegrees = pick(trainSource.degrees, split[1]);
            this.testDegrees = pick(testSource.degrees, split[2]);
        }
    }

    private RotatedMnist() {}

    /** All 10,000 embedded digits, each at an angle uniform in [0, 360) (seeded). */
    public static RotatedImages embedded(long seed) {
        return RotatedImages.uniform(Mnist.embedded(), seed ^ ANGLE_STREAM);
    }

    /** All 10,000 embedded digits, each at an angle uniform in [-limit, +limit] (seeded). */
    public static RotatedImages embeddedWithin(double limitDegrees, long seed) {
        return RotatedImages.within(Mnist.embedded(), limitDegrees, seed ^ LIMITED_STREAM);
    }

    /** The stratified 7,000 / 1,000 / 2,000 split of 10,000 labels: {train, validation, test} indices. */
    public static int[][] split(int[] labels, long seed) {
        if (labels.length != TRAIN + VALIDATION + TEST)
            throw new IllegalArgumentException("RotMNIST-10k splits 10000 digits, got " + labels.length);
        return Split.stratified(labels, new int[] {TRAIN, VALIDATION, TEST}, seed);
    }

    /** RotMNIST-10k, every part at angles uniform in [0, 360). */
    public static Parts standard(long seed) {
        RotatedImages all = embedded(seed);
        return new Parts(all, all, split(all.data.labels, seed));
    }

    /** TR%: train and validation at angles in [-limit, +limit], test at angles uniform in [0, 360). */
    public static Parts limitedTraining(double limitDegrees, long seed) {
        ImageDataset digits = Mnist.embedded();
        RotatedImages limited = RotatedImages.within(digits, limitDegrees, seed ^ LIMITED_STREAM);
        RotatedImages full = RotatedImages.uniform(digits, seed ^ ANGLE_STREAM);
        return new Parts(limited, full, split(digits.labels, seed));
    }

    static double[] pick(double[] a, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = a[idx[i]];
        return out;
    }
}
