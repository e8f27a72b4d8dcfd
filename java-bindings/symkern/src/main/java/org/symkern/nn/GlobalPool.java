package org.symkern.nn;

import org.symkern.ops.Reduce;
import org.symkern.tensor.Tensor;

/**
 * Global pooling over the trailing `spatialAxes` axes (escnn PointwiseAdaptiveMaxPool to 1 x 1, then
 * flattened): (B, C, H, W) becomes (B, C), a group map (B, C, |G|, H, W) becomes (B, C, |G|), and with
 * spatialAxes = 1 a signal (B, C, T) becomes (B, C):
 * <pre>
 *  y[..] = max over p of x[.., p]   (or mean, or sum; p runs over the flattened spatial positions)
 * </pre>
 * The spatial axes are flattened (a view) and reduced by K3.
 *
 * <p>Equivariance: the output is invariant under every permutation of the spatial positions (rot90, flips,
 * translations of a periodic map) and commutes with every permutation of the leading axes, so
 * GlobalPool(GroupPool(.)) of a p4 / C_N feature map is invariant under the rotations of docs/groups.md, section Equivariance laws.
 */
public final class GlobalPool extends Module {
    private final Reduce.Op op;
    private final int spatialAxes;

    /** Pooling {@code op} over the last {@code spatialAxes} axes. */
    public GlobalPool(Reduce.Op op, int spatialAxes) {
        super("GlobalPool(" + op.name().toLowerCase() + ", " + spatialAxes + "D)");
        if (spatialAxes < 1) throw new IllegalArgumentException("GlobalPool: spatialAxes " + spatialAxes + " must be positive");
        this.op = op;
        this.spatialAxes = spatialAxes;
    }

    /** Max over the last two (H, W) axes. */
    public static GlobalPool max() {
        return new GlobalPool(Reduce.Op.MAX, 2);
    }

    /** Mean over the last two (H, W) axes. */
    public static GlobalPool mean() {
        return new GlobalPool(Reduce.Op.MEAN, 2);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() <= spatialAxes)
            throw new IllegalArgumentException(name() + ": input " + x.shape() + " needs leading axes before its "
                    + spatialAxes + " spatial axes");
        long[] d = x.dims();
        long[] flat = new long[d.length - spatialAxes + 1];
        System.arraycopy(d, 0, flat, 0, flat.length - 1);
        flat[flat.length - 1] = x.shape().prod(d.length - spatialAxes, d.length);
        return Reduce.apply(x.reshape(flat), -1, op, false);
    }

    /** The reduction over the spatial positions. */
    public Reduce.Op op() {
        return op;
    }

    /** Number of trailing spatial axes reduced. */
    public int spatialAxes() {
        return spatialAxes;
    }
}
