package org.symkern.cli.salf;

import org.symkern.salf.ImageLearner;

import java.util.List;
import java.util.Map;

import org.symkern.data.ImageDataset;
import org.symkern.data.RotatedMnist;
import org.symkern.salf.SalfCnn;
import org.symkern.models.ModelSpec;
import org.symkern.models.Models;
import org.symkern.models.Z2Cnn;
import org.symkern.nn.GSpace;
import org.symkern.nn.Module;
import org.symkern.tensor.Device;
import org.symkern.train.Fit;
import org.symkern.train.Learner;

/**
 * RotMNIST-10k for the SALF experiments, in two protocols: the standard one (every digit at a uniform angle, split
 * 7,000 / 1,000 / 2,000) and TR% (training and validation digits within ±15 degrees; the test digits evaluated
 * within ±15 degrees as "test" and at uniform angles as the transformed set "all angles"). Arms: Z2CNN-like CNN
 * baseline; G-CNN encoder ({@link SalfCnn} on the chosen group) with the invariant head, the asymmetric head, or SALF.
 */
public final class ImageDomain implements SalfDomain {
    /** Widths giving roughly matched parameter counts (see the report's model list). */
    public static final int CNN_CHANNELS = 20, GCNN_FIELDS = 10;
    public static final float CNN_DROPOUT = 0.3f, GAMMA_INIT = 0.1f;

    private final boolean limited;
    private final GSpace group;
    private final Device device;
    private long cachedSeed = Long.MIN_VALUE;                              // one seed at a time (2 x 31 MB)
    private ImageDataset[] cached;                                         // {training-distribution data, all-angle data}

    /** @param limited the TR% protocol (training within ±15 degrees) instead of the standard one */
    public ImageDomain(boolean limited, GSpace group, Device device) {
        this.limited = limited;
        this.group = group;
        this.device = device;
    }

    @Override
    public String key() {
        return limited ? "rotmnist-tr" : "rotmnist";
    }

    @Override
    public String title() {
        return limited ? "RotMNIST-10k, TR% protocol" : "RotMNIST-10k";
    }

    @Override
    public String protocol() {
        return limited
                ? "the 10,000 embedded MNIST digits, train and validation rotated by seeded uniform angles in [-15, 15] degrees (bilinear), "
                  + "test digits evaluated at angles in [-15, 15] (\"test\") and in [0, 360) (\"all angles\"); the same stratified 7,000 / "
                  + "1,000 / 2,000 split as the standard protocol"
                : "RotMNIST-10k: the 10,000 real MNIST digits embedded in the jar (data/mnist10k), each rotated by a seeded uniform angle "
                  + "in [0, 360) (bilinear, zero fill), stratified seeded split 7,000 train / 1,000 validation / 2,000 test; angles and split "
                  + "change with the seed. Smaller than the paper's 60,000-image RotMNIST.";
    }

    @Override
    public List<Split> splits(long seed) {
        ImageDataset[] d = data(seed);
        int[][] s = RotatedMnist.split(d[0].labels, seed);
        return List.of(new Split("split", seed, s[0], s[1], s[2]));
    }

    private ImageDataset[] data(long seed) {
        if (seed != cachedSeed) {
            ImageDataset all = RotatedMnist.embedded(seed).data;
            cached = limited ? new ImageDataset[] {RotatedMnist.embeddedWithin(RotatedMnist.TR_LIMIT_DEGREES, seed).data, all}
                             : new ImageDataset[] {all, all};
            cachedSeed = seed;
        }
        return cached;
    }

    @Override
    public Learner learner(SalfArm arm, Split split, float lambda, float margin, long seed) {
        Module model = Models.build(spec(arm, split), device, seed);
        return new ImageLearner(model, data(split.seed())[0], arm.regularized() ? lambda : 0f, margin);
    }

    @Override
    public ModelSpec spec(SalfArm arm, Split split) {
        return switch (arm) {
            case BASELINE -> ModelSpec.z2cnn(1, CNN_CHANNELS, 10, CNN_DROPOUT);
            case SYMMETRIC -> ModelSpec.salfCnn(group, 1, GCNN_FIELDS, 10, GAMMA_INIT, true);
            case HEAD, SALF -> ModelSpec.salfCnn(group, 1, GCNN_FIELDS, 10, GAMMA_INIT, false);
        };
    }

    @Override
    public long[] inputShape() {
        return new long[] {1, 28, 28};
    }

    @Override
    public List<String> classNames() {
        return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    /** The rotated digits of `seed` (the training distribution of this protocol). */
    public ImageDataset data(long seed, boolean allAngles) {
        return data(seed)[allAngles ? 1 : 0];
    }

    @Override
    public String model(SalfArm arm) {
        return switch (arm) {
            case BASELINE -> "Z2CNN-like: 7 valid 3x3/4x4 convolutions, " + CNN_CHANNELS + " channels, batch norm, dropout " + CNN_DROPOUT;
            case SYMMETRIC -> "G-CNN " + group + " encoder (" + GCNN_FIELDS + " fields), invariant head (GroupPool + spatial pool, gamma = 0) + linear";
            case HEAD, SALF -> "G-CNN " + group + " encoder (" + GCNN_FIELDS + " fields), SALF head (gamma init " + GAMMA_INIT + ") + linear";
        };
    }

    @Override
    public Map<String, Double> transformedTests(Learner trained, Split split, int batch) {
        if (!limited) return Map.of();
        ImageDataset allAngles = data(split.seed())[1];
        Learner other = new ImageLearner(trained.module(), allAngles);
        return Map.of("all angles", Fit.evaluate(other, split.test(), batch).accuracy());
    }
}
