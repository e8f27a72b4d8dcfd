package org.symkern.nn;

import org.symkern.tensor.Tensor;

/**
 * Inverted dropout: in training, y = x * m / (1 - p) with m_i ~ Bernoulli(1 - p) drawn from the
 * counter-based generator (seed, offset); the offset advances with every call, so masks differ between
 * steps but a run is reproducible from its seed. In evaluation mode y = x.
 */
public final class Dropout extends Module {
    private final float p;
    private final long seed;
    private long offset;

    public Dropout(float p, long seed) {
        super("Dropout(" + p + ")");
        if (!(p >= 0f && p < 1f)) throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        this.p = p;
        this.seed = seed;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0f) return x;
        Tensor y = x.dropout(p, seed, offset);
        offset += (x.numel() + 3) / 4;     // Philox blocks consumed (4 values per counter)
        return y;
    }
}
