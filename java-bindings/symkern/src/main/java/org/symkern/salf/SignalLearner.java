package org.symkern.salf;

import org.symkern.data.MitBih;
import org.symkern.nn.Module;
import org.symkern.tensor.Tensor;

/**
 * A beat classifier (e.g. {@link org.symkern.models.Cnn1d}, {@link org.symkern.salf.GCnn1d},
 * {@link org.symkern.salf.SalfCnn1d}) on MIT-BIH beats: batches (n, 1, T) of single-lead windows, labels as the
 * beats carry them (the 5 AAMI classes, or {@link MitBih.Beats#binary()}'s normal / arrhythmic), loss CE +
 * lambda L_asym as in {@link SalfLearner}. Example i is beat i of the given {@link MitBih.Beats}; normalisation
 * (e.g. {@link MitBih.Beats#zNormalized()}) is the caller's choice.
 */
public final class SignalLearner extends SalfLearner {
    private final int length;

    /**
     * @param lambda weight of the asymmetry loss (0: cross-entropy only; > 0 needs a {@link SalfModel})
     * @param margin L_asym's margin m (docs/salf.md, section symkern's reading: default 1)
     */
    public SignalLearner(Module model, MitBih.Beats beats, float lambda, float margin) {
        super(model, beats == null ? null : beats.dataset(), lambda, margin);
        this.length = beats.length;
    }

    /** Cross-entropy only. */
    public SignalLearner(Module model, MitBih.Beats beats) {
        this(model, beats, 0f, 1f);
    }

    @Override
    Tensor inputs(int[] idx, int from, int to) {
        return data().images(idx, from, to, device()).reshape(to - from, 1, length);
    }
}
