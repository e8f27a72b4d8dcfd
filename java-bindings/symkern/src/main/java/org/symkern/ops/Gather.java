package org.symkern.ops;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.DType;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Row gather / index_select along axis 0 (catalog K12, {@code sk_gather_rows}): y[i] = x[idx[i]].
 *
 * <p>x is (rows, ...), viewed as (rows, D); idx is an int32 tensor of any shape with values in [0, rows)
 * (an index outside is an error naming its flat position and value); y has shape idx.shape + x.shape[1:].
 * Repeated indices copy a row several times.
 * <pre>
 *   backward: dx[t] = sum_{i : idx[i] = t} dy[i]     (scatter-add, deterministic path; idx gets no gradient)
 * </pre>
 * The backward is {@link ScatterAdd} in {@link ScatterAdd.Mode#DETERMINISTIC} mode: each row's sum is taken
 * in increasing i, in double, so it is bit-identical from run to run.
 */
public final class Gather extends Function {
    private Shape inShape;

    private Gather() {}

    /** x[idx] along axis 0: shape idx.shape + x.shape[1:]. */
    public static Tensor apply(Tensor x, Tensor idx) {
        return new Gather().apply(new Tensor[] {x, idx});
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0].requireFloat(name());
        Tensor idx = requireIndex(name(), in[1]);
        if (x.rank() < 1) throw new IllegalArgumentException(name() + ": x must have a row axis, got shape " + x.shape());
        inShape = x.shape();
        long rows = x.dim(0), dim = inShape.prod(1, inShape.rank());
        Tensor y = Tensor.zeros(Shape.of(concat(idx.dims(), trailing(inShape, 1))), x.device());
        Native.check(SymkernNative.sk_gather_rows(y.buffer(), x.buffer(), idx.buffer(), idx.numel(), rows, dim));
        save(idx);
        return y;
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor dx = ScatterAdd.apply(dy, saved(0), inShape.dim(0), ScatterAdd.Mode.DETERMINISTIC);
        return new Tensor[] {dx, null};
    }

    /** Throws unless t is an int32 index tensor. */
    static Tensor requireIndex(String op, Tensor t) {
        if (t.dtype() != DType.INT32)
            throw new IllegalArgumentException(op + ": indices must be int32, got " + t.dtype() + " " + t.shape());
        return t;
    }

    /** The dims of s from axis `from` on. */
    static long[] trailing(Shape s, int from) {
        return java.util.Arrays.copyOfRange(s.dims(), from, s.rank());
    }

    static long[] concat(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
