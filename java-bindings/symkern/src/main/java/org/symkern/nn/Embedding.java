package org.symkern.nn;

import org.symkern.ops.Random;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * A lookup table of num embeddings of width dim (torch nn.Embedding with the default N(0, 1) init, as
 * ASEN's EdgeEmbedder / TokenEmbedder use it; docs/asen.md, section Model): for int32 indices idx of any shape,
 * y = weight[idx], shape idx.shape + [dim]. With maxNorm &gt; 0 (and finite) each looked-up row e is
 * returned scaled by min(1, maxNorm / ||e||), as a differentiable function of the weight (the weight
 * itself is not renormalized in place, unlike PyTorch); maxNorm &lt;= 0 or +inf means no scaling. The
 * gradient, accumulated deterministically into weight.grad, is in {@link org.symkern.ops.Embedding}.
 * The weight is drawn from the counter-based generator (seed, offset 0), so the same seed gives the
 * same table on every device.
 *
 * <p>Symmetry: a lookup is equivariant to any relabelling of its positions, y[P idx] = P y[idx]; a table
 * indexed by orbit id (ASEN) shares one row across an orbit, which is what makes the features invariant
 * under the group.
 */
public final class Embedding extends Module {
    private final Tensor weight;
    private final float maxNorm;
    private final long num;
    private final long dim;

    /** A table of {@code num} rows of width {@code dim} drawn from the counter-based generator; looked-up rows longer than {@code maxNorm} are scaled to it ({@code <= 0} or infinite: never). */
    public Embedding(long num, long dim, float maxNorm, Device device, long seed) {
        super("Embedding(" + num + "x" + dim + (maxNorm > 0 && Float.isFinite(maxNorm) ? ", maxNorm " + maxNorm : "") + ")");
        if (num <= 0 || dim <= 0)
            throw new IllegalArgumentException("Embedding: sizes must be positive, got num=" + num + " dim=" + dim);
        this.num = num;
        this.dim = dim;
        this.maxNorm = maxNorm;
        this.weight = parameter("weight", Shape.of(num, dim), device,
                () -> Random.normal(Shape.of(num, dim), device, 0f, 1f, seed, 0));
    }

    /** Without max-norm. */
    public Embedding(long num, long dim, Device device, long seed) {
        this(num, dim, 0f, device, seed);
    }

    /** idx: int32 indices in [0, num) of any shape. */
    @Override
    public Tensor forward(Tensor idx) {
        return org.symkern.ops.Embedding.apply(weight, idx, maxNorm);
    }

    /** The table (num, dim). */
    public Tensor weight() {
        return weight;
    }

    /** The max-norm of looked-up rows. */
    public float maxNorm() {
        return maxNorm;
    }

    /** Number of rows. */
    public long num() {
        return num;
    }

    /** Row width. */
    public long dim() {
        return dim;
    }
}
