package org.symkern.salf;

import org.symkern.data.ImageDataset;
import org.symkern.nn.Module;
import org.symkern.tensor.Tensor;

/**
 * An image classifier (e.g. {@link org.symkern.models.Z2Cnn}, {@link org.symkern.salf.GCnn},
 * {@link org.symkern.salf.SalfCnn}) on an {@link ImageDataset} (e.g. RotMNIST's parts), batches (n, C, H, W),
 * loss CE + lambda L_asym as in {@link SalfLearner}.
 */
public final class ImageLearner extends SalfLearner {
    /**
     * @param lambda weight of the asymmetry loss (0: cross-entropy only; > 0 needs a {@link SalfModel})
     * @param margin L_asym's margin m (docs/salf.md, section symkern's reading: default 1)
     */
    public ImageLearner(Module model, ImageDataset data, float lambda, float margin) {
        super(model, data, lambda, margin);
    }

    /** Cross-entropy only. */
    public ImageLearner(Module model, ImageDataset data) {
        this(model, data, 0f, 1f);
    }

    @Override
    Tensor inputs(int[] idx, int from, int to) {
        return data().images(idx, from, to, device());
    }
}
