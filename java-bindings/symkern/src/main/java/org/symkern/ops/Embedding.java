package org.symkern.ops;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Embedding lookup with optional max-norm (catalog K12, {@code sk_embedding_*}): for a table E (num, dim)
 * and int32 indices idx of any shape, y has shape idx.shape + [dim] and
 * <pre>
 *   y[i] = c(E[k]) E[k],  k = idx[i],   c(e) = min(1, m / ||e||_2)
 * </pre>
 * with m = maxNorm; maxNorm &lt;= 0, +inf or NaN turns the scaling off (c = 1). Unlike PyTorch's
 * {@code max_norm}, the table is not renormalized in place: the clipped row is part of a differentiable
 * function of E. Gradient, with G_k = sum_{i : idx[i] = k} dy[i] (summed in increasing i: deterministic):
 * <pre>
 *   ||E[k]|| &lt;= m (or off):  dE[k] += G_k
 *   ||E[k]|| &gt;  m:           dE[k] += (m / ||e||) (G_k - e (e . G_k) / ||e||^2),   e = E[k]
 * </pre>
 * The second line is J^T G for J = d(m e / ||e||)/de = (m / ||e||)(I - e e^T / ||e||^2), which is
 * symmetric. At ||e|| = m exactly the unscaled branch is used (c = 1 there on both sides). Rows no index
 * points at get no gradient; idx gets none.
 */
public final class Embedding extends Function {
    private final float maxNorm;

    private Embedding(float maxNorm) {
        this.maxNorm = maxNorm;
    }

    /** The rows of table picked by idx, each clipped to norm maxNorm when maxNorm is positive and finite. */
    public static Tensor apply(Tensor table, Tensor idx, float maxNorm) {
        return new Embedding(maxNorm).apply(new Tensor[] {table, idx});
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor table = in[0].requireFloat(name()), idx = Gather.requireIndex(name(), in[1]);
        if (table.rank() != 2) throw new IllegalArgumentException(name() + ": the table must be (num, dim), got " + table.shape());
        long dim = table.dim(1);
        Tensor y = Tensor.zeros(Shape.of(Gather.concat(idx.dims(), new long[] {dim})), table.device());
        Native.check(SymkernNative.sk_embedding_forward(y.buffer(), table.buffer(), idx.buffer(), idx.numel(), table.dim(0),
                dim, maxNorm));
        save(table, idx);
        return y;
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor table = saved(0), idx = saved(1);
        Tensor dtable = Tensor.zeros(table.shape(), dy.device());
        Native.check(SymkernNative.sk_embedding_backward(dtable.buffer(), dy.buffer(), table.buffer(), idx.buffer(),
                idx.numel(), table.dim(0), table.dim(1), maxNorm));
        return new Tensor[] {dtable, null};
    }

    @Override
    public String name() {
        return "Embedding";
    }
}
