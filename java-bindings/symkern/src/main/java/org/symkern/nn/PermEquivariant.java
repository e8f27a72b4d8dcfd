package org.symkern.nn;

import org.symkern.ops.Gather;
import org.symkern.ops.Reduce;
import org.symkern.ops.SegmentReduce;
import org.symkern.tensor.Device;
import org.symkern.tensor.Tensor;

/**
 * Permutation-equivariant set layer of DeepSets (Zaheer et al. 2017, Lemma 3 and the "PermEqui" layers of
 * the reference code; docs/kernels.md, section DeepSets). For one set X (n, in), row i of the output is
 * <pre>
 *   untied ("PermEqui2"):  f(X)_i = x_i Lambda - pool(X) Gamma + b
 *   tied   ("PermEqui1"):  f(X)_i = (x_i - pool(X)) Lambda + b
 * </pre>
 * with Lambda, Gamma (in, out), b (out) and pool = sum, mean or max over the rows of the set, i.e. in matrix
 * form f(X) = X Lambda - 1 pool(X) Gamma + 1 b^T. Over a batch of sets (CSR offsets) the pool is taken per
 * set ({@link SegmentReduce}) and broadcast back to the set's rows ({@link Gather} by set id). No
 * nonlinearity is applied (follow with an {@link Activation}). Lambda (with b) and Gamma are {@link Linear}
 * layers (uniform +-1/sqrt(in) init), children "lambda" and "gamma" (no gamma when tied).
 *
 * <p><b>Equivariance.</b> For every permutation matrix P that maps each set onto itself,
 * f(P X) = P f(X): x_i Lambda moves with its row and pool(X) is the same for every ordering of a set
 * (exactly for max, up to float rounding of the sums for sum / mean). Gradients flow to x through both
 * terms (the pool's backward scatters back to the set's rows) and to Lambda, Gamma, b.
 */
public final class PermEquivariant extends Module implements SetLayer {
    private final Linear lambda;
    private final Linear gamma;
    private final Reduce.Op pool;
    private final long in;

    /** A DeepSets equivariant layer from {@code in} to {@code out} features, pooling {@code pool}, tied or untied. */
    public PermEquivariant(long in, long out, Reduce.Op pool, boolean tied, Device device, long seed) {
        super("PermEquivariant(" + in + "->" + out + ", " + pool.name().toLowerCase() + (tied ? ", tied" : "") + ")");
        this.in = in;
        this.pool = pool;
        this.lambda = child("lambda", new Linear(in, out, true, device, seed));
        this.gamma = tied ? null : child("gamma", new Linear(in, out, false, device, seed ^ 0x9E3779B97F4A7C15L));
    }

    /** The untied layer (PermEqui2). */
    public PermEquivariant(long in, long out, Reduce.Op pool, Device device, long seed) {
        this(in, out, pool, false, device, seed);
    }

    /** All rows of x form one set. */
    @Override
    public Tensor forward(Tensor x) {
        return forwardOneSet(x);
    }

    @Override
    public Tensor forward(Tensor x, Tensor offsets) {
        if (x.rank() != 2 || x.dim(1) != in)
            throw new IllegalArgumentException(name() + ": input " + x.shape() + " must be (rows, " + in + ")");
        Tensor pooled = SegmentReduce.apply(x, offsets, pool);                  // (sets, in); checks the offsets
        Tensor ids = SegmentReduce.segmentIds(offsets);                         // (rows) set id of every row
        if (gamma == null) return lambda.forward(x.sub(Gather.apply(pooled, ids)));
        return lambda.forward(x).sub(Gather.apply(gamma.forward(pooled), ids));
    }

    /** The per-element map Lambda (with the bias). */
    public Linear lambda() {
        return lambda;
    }

    /** The pool map Gamma, or null for the tied layer. */
    public Linear gamma() {
        return gamma;
    }
}
