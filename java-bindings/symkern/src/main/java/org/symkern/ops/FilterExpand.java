package org.symkern.ops;

import java.util.Arrays;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.DType;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Table-driven expansion of a filter bank (catalog K8): for a filter bank w (co, ci, ...) whose trailing
 * axes flatten to q numbers per (out, in) channel pair, an int32 table idx (to, si, p, e) and float32
 * coefficients coef of the same shape (null = all ones),
 * <pre>
 *   W_exp[o, t, i, s, x] = sum_{m &lt; e} coef[t, s, x, m] * w[o, i, idx[t, s, x, m]]      W_exp (co, to, ci, si, p)
 *   dw[o, i, j]          = sum over (t, s, x, m) with idx[t, s, x, m] == j of coef[t, s, x, m] * dW_exp[o, t, i, s, x]
 * </pre>
 * The backward is the transposed table, computed as a deterministic gather (no atomics). The tables are
 * constants: idx and coef receive no gradient. p4 / p4m filter banks are pure gathers (e = 1, coef null,
 * idx = T[t, s] * k*k + rotated tap); C_N / D_N steerable filters use the basis coefficients as w and the
 * rotated basis samples as coef; Z2 time reversal uses p = k taps. An idx entry outside [0, q) is a
 * {@link org.symkern.tensor.SymkernException} naming the entry.
 */
public final class FilterExpand extends Function {
    private long co, ci, q, to, si, p, e;
    private boolean hasCoef;
    private Shape wShape;

    private FilterExpand() {}

    /** W_exp (co, to, ci, si, p) of w (co, ci, ...) by the table idx (to, si, p, e) and coef (same, or null). */
    public static Tensor apply(Tensor w, Tensor idx, Tensor coef) {
        if (w == null || idx == null) throw new IllegalArgumentException("filter_expand: w and idx must not be null");
        checkBank("filter_expand", w, 2);
        checkTable("filter_expand", idx, coef);
        FilterExpand f = new FilterExpand();
        return coef == null ? f.apply(new Tensor[] {w, idx}) : f.apply(new Tensor[] {w, idx, coef});
    }

    /** w must be float32 with rank >= minRank. */
    static void checkBank(String op, Tensor w, int minRank) {
        if (w.dtype() != DType.FLOAT32) throw new IllegalArgumentException(op + ": w must be float32, got " + w.describe());
        if (w.rank() < minRank)
            throw new IllegalArgumentException(op + ": w must have rank >= " + minRank + " (co, ci, ...), got shape " + w.shape());
    }

    /** q: the number of filter parameters per (o, i) pair, the product of w's axes after the first two. */
    static long paramsPerPair(Tensor w) {
        return Shape.of(Arrays.copyOfRange(w.dims(), 2, w.rank())).numel();
    }

    /** idx must be int32 (to, si, p, e); coef null or float32 of the same shape. */
    static void checkTable(String op, Tensor idx, Tensor coef) {
        if (idx.dtype() != DType.INT32) throw new IllegalArgumentException(op + ": idx must be int32, got " + idx.describe());
        if (idx.rank() != 4) throw new IllegalArgumentException(op + ": idx must have rank 4 (to, si, p, e), got shape " + idx.shape());
        if (coef != null) {
            if (coef.dtype() != DType.FLOAT32)
                throw new IllegalArgumentException(op + ": coef must be float32, got " + coef.describe());
            if (!coef.shape().equals(idx.shape()))
                throw new IllegalArgumentException(op + ": coef shape " + coef.shape() + " differs from idx shape " + idx.shape());
        }
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor w = in[0], idx = in[1], coef = in.length > 2 ? in[2] : null;
        co = w.dim(0);
        ci = w.dim(1);
        q = paramsPerPair(w);
        to = idx.dim(0);
        si = idx.dim(1);
        p = idx.dim(2);
        e = idx.dim(3);
        hasCoef = coef != null;
        wShape = w.shape();
        Tensor out = Tensor.uninitialized(Shape.of(co, to, ci, si, p), w.device());
        Native.check(SymkernNative.sk_filter_expand_forward(out.buffer(), w.buffer(), idx.buffer(),
                coef == null ? null : coef.buffer(), co, ci, q, to, si, p, e));
        save(idx, coef);
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor dOut) {
        Tensor idx = saved(0), coef = saved(1);
        Tensor dw = Tensor.zeros(wShape, dOut.device());
        Native.check(SymkernNative.sk_filter_expand_backward(dw.buffer(), dOut.buffer(), idx.buffer(),
                coef == null ? null : coef.buffer(), co, ci, q, to, si, p, e));
        return hasCoef ? new Tensor[] {dw, null, null} : new Tensor[] {dw, null};
    }
}
