package org.symkern.nn;

import org.symkern.ops.Reduce;
import org.symkern.tensor.Tensor;

/**
 * Pooling over the group axis ("coset pooling", escnn GroupPooling): a group feature map
 * x (B, C, |G|, H, W) becomes (B, C, H, W), and a 1D map (B, C, |G|, T) becomes (B, C, T):
 * <pre>
 *  y[b, c, p] = max_g x[b, c, g, p]   (or mean_g, or sum_g)
 * </pre>
 * It is the K3 reduction over axis 2 (outer = B C, len = |G|, inner = H W); max routes the gradient to the
 * first maximum of each group fibre.
 *
 * <p>Equivariance: the output is invariant under every permutation of the group axis, in particular the
 * regular-representation action of the group (a cyclic shift for C_N / p4, the D_N permutations for
 * p4m), so y(rot90(x) with the group axis rolled by 1) = rot90(y(x)): a rotation-invariant planar map that
 * rotates with the input (docs/groups.md, section Equivariance laws).
 */
public final class GroupPool extends Module {
    private final Reduce.Op op;

    /** Pooling {@code op} over the group axis. */
    public GroupPool(Reduce.Op op) {
        super("GroupPool(" + op.name().toLowerCase() + ")");
        this.op = op;
    }

    /** Max over the group axis. */
    public static GroupPool max() {
        return new GroupPool(Reduce.Op.MAX);
    }

    /** Mean over the group axis. */
    public static GroupPool mean() {
        return new GroupPool(Reduce.Op.MEAN);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 3)
            throw new IllegalArgumentException(name() + ": input " + x.shape() + " must be (B, C, |G|, ...)");
        Tensor y = Reduce.apply(x, 2, op, false);
        FieldType in = FieldType.of(x);
        if (in != null && in.repr() == FieldType.Repr.REGULAR && y.rank() == 4) y.withType(FieldType.trivial(in.gspace(), in.fields()));
        return y;
    }

    /** The reduction over the group axis. */
    public Reduce.Op op() {
        return op;
    }
}
