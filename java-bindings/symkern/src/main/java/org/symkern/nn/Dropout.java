package org.symkern.nn;

import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Inverted dropout: in training, y = x * m / (1 - p) with m_i ~ Bernoulli(1 - p) drawn from the
 * counter-based generator (seed, offset); the offset advances with every call by the Philox blocks used
 * (ceil(numel / 4)), so masks differ between steps but a run is reproducible from its seed. In evaluation
 * mode y = x and the offset stays.
 *
 * <p>The offset is the buffer "offset" (int64, shape (1), on the CPU whatever the device of the data), so a
 * checkpoint of the module's parameters and buffers resumes the exact sequence of masks.
 */
public final class Dropout extends Module {
    private final float p;
    private final long seed;
    private final Tensor offset;

    /** Dropout with probability p; masks come from the counter-based generator seeded by {@code seed}. */
    public Dropout(float p, long seed) {
        super("Dropout(" + p + ")");
        if (!(p >= 0f && p < 1f)) throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        this.p = p;
        this.seed = seed;
        this.offset = buffer("offset", () -> Tensor.ofLongs(new long[] {0}, Shape.of(1), Device.CPU));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0f) return x;
        long at = offset();
        Tensor y = x.dropout(p, seed, at);
        offset.copyFrom(Tensor.ofLongs(new long[] {at + (x.numel() + 3) / 4}, Shape.of(1), Device.CPU));
        return FieldType.carry(x, y);
    }

    /** The Philox counter offset the next training forward starts at. */
    public long offset() {
        return offset.toLongArray()[0];
    }
}
