package org.symkern.ops;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.Native;
import org.symkern.tensor.Tensor;

/**
 * Softmax or log-softmax over the last axis (catalog K3), max-subtracted so that large logits stay finite;
 * the input is viewed as (rows, cols) with cols the last dimension. With y the saved forward output:
 * <pre>
 *  softmax:     dx = y * (dy - sum_j dy_j y_j)
 *  log_softmax: dx = dy - exp(y) * sum_j dy_j
 * </pre>
 */
public final class Softmax extends Function {
    private final boolean log;

    private Softmax(boolean log) {
        this.log = log;
    }

    /** Softmax (log == false) or log-softmax (log == true) over the last axis of a rank >= 1 tensor. */
    public static Tensor apply(Tensor x, boolean log) {
        return new Softmax(log).apply(x);
    }

    private static long[] rowsCols(Tensor x) {
        long cols = x.shape().dim(-1);
        return new long[] {x.shape().prod(0, x.rank() - 1), cols};
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0].requireFloat(name());
        if (x.rank() == 0) throw new IllegalArgumentException(name() + ": needs a tensor of rank >= 1, got shape " + x.shape());
        long[] rc = rowsCols(x);
        Tensor y = Tensor.zerosLike(x);
        Native.check(SymkernNative.sk_softmax_forward(y.buffer(), x.buffer(), rc[0], rc[1], log ? 1 : 0));
        save(y);
        return y;
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor y = saved(0);
        long[] rc = rowsCols(y);
        Tensor dx = Tensor.zerosLike(y);
        Native.check(SymkernNative.sk_softmax_backward(dx.buffer(), dy.buffer(), y.buffer(), rc[0], rc[1], log ? 1 : 0));
        return new Tensor[] {dx};
    }

    @Override
    public String name() {
        return log ? "LogSoftmax" : "Softmax";
    }
}
