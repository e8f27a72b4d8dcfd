package org.symkern.ops;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.DType;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Sum / mean / max over one axis, or over all elements (catalog K3). The input is viewed as
 * (outer, len, inner) around the reduced axis; the output drops the axis or keeps it with size 1.
 * MAX also produces the argmax (first index of the maximum; NaN propagates) and saves it for backward.
 * <pre>
 *  sum:  dx[o,l,i] = dy[o,i]
 *  mean: dx[o,l,i] = dy[o,i] / len
 *  max:  dx[o,l,i] = dy[o,i] if l == argmax[o,i], else 0   (the gradient goes to the first maximum only)
 * </pre>
 * MEAN and MAX over an empty axis are errors; SUM over an empty axis is 0.
 */
public final class Reduce extends Function {
    /** Op codes of symkern.h (SK_REDUCE_*). */
    public enum Op {
        /** Sum. */ SUM(0),
        /** Mean. */ MEAN(1),
        /** Maximum (argmax kept for backward). */ MAX(2);

        /** The code of the op in {@code symkern.h}. */
        public final int code;

        Op(int code) {
            this.code = code;
        }
    }

    private final Op op;
    private final Shape outShape;
    private final long outer, len, inner;
    private Shape inShape;

    private Reduce(Op op, Shape outShape, long outer, long len, long inner) {
        this.op = op;
        this.outShape = outShape;
        this.outer = outer;
        this.len = len;
        this.inner = inner;
    }

    /** Reduces `axis` (negative counts from the end); keepDim leaves it in the shape with size 1. */
    public static Tensor apply(Tensor x, int axis, Op op, boolean keepDim) {
        Shape s = x.shape();
        int a = s.axis(axis);
        return new Reduce(op, s.reduce(a, keepDim), s.prod(0, a), s.dim(a), s.prod(a + 1, s.rank())).apply(x);
    }

    /** Reduction over all elements; rank-0 result. */
    public static Tensor all(Tensor x, Op op) {
        return new Reduce(op, Shape.scalar(), 1, x.numel(), 1).apply(x);
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0].requireFloat(name());
        if (len == 0 && op != Op.SUM)
            throw new IllegalArgumentException(name() + ": cannot reduce an empty axis of " + x.shape()
                    + " (only sum is defined over no elements)");
        inShape = x.shape();
        Tensor y = Tensor.uninitialized(outShape, x.device());
        Tensor argmax = op == Op.MAX ? Tensor.uninitialized(outShape, DType.INT32, x.device()) : null;
        Native.check(SymkernNative.sk_reduce_forward(y.buffer(), argmax == null ? null : argmax.buffer(), x.buffer(),
                outer, len, inner, op.code));
        save(argmax);
        return y;
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor argmax = saved(0);
        Tensor dx = Tensor.uninitialized(inShape, dy.device());
        Native.check(SymkernNative.sk_reduce_backward(dx.buffer(), dy.buffer(), argmax == null ? null : argmax.buffer(),
                outer, len, inner, op.code));
        return new Tensor[] {dx};
    }

    @Override
    public String name() {
        return "Reduce(" + op.name().toLowerCase() + ")";
    }
}
