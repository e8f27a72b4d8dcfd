package org.symkern.ops;

import org.symkern.jni.SymkernNative;
import org.symkern.tensor.Tensor;

/**
 * 1D cross-correlation (catalog K7, {@code sk_conv1d_forward / sk_conv1d_backward}), no groups, zero padding:
 * <pre>
 *   y[b,o,t] = bias[o] + sum_{c,q} w[o,c,q] x[b, c, t s - p + q d]
 * </pre>
 * with x (B, Ci, T), w (Co, Ci, k), bias (Co) or none, y (B, Co, To), To = (T + 2p - d (k - 1) - 1) / s + 1 >= 1.
 *
 * <p>Backward (G = dy, it = t s - p + q d):
 * <pre>
 *   dx[b,c,it] = sum_{o,q,t reading it} G[b,o,t] w[o,c,q]     dw[o,c,q] = sum_{b,t} G[b,o,t] x[b,c,it]
 *   dbias[o]   = sum_{b,t} G[b,o,t]
 * </pre>
 * the same kernels as {@link Conv2d} with height 1.
 */
public final class Conv1d extends ConvNd {
    private Conv1d(int stride, int padding, int dilation, boolean hasBias) {
        super(new int[] {stride}, new int[] {padding}, new int[] {dilation}, hasBias);
    }

    /** conv1d; bias may be null. */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation) {
        return new Conv1d(stride, padding, dilation, bias != null).apply(inputs(x, weight, bias));
    }

    /** conv1d without dilation; bias may be null. */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return apply(x, weight, bias, stride, padding, 1);
    }

    @Override
    String opName() {
        return "conv1d";
    }

    @Override
    String[] spatialNames() {
        return new String[] {"length"};
    }

    @Override
    int nativeForward(Tensor y, Tensor x, Tensor w, Tensor b) {
        return SymkernNative.sk_conv1d_forward(y.buffer(), x.buffer(), w.buffer(), buf(b), xDims[0], xDims[1], xDims[2],
                wDims[0], wDims[2], stride[0], padding[0], dilation[0]);
    }

    @Override
    int nativeBackward(Tensor dx, Tensor dw, Tensor db, Tensor dy, Tensor x, Tensor w) {
        return SymkernNative.sk_conv1d_backward(buf(dx), buf(dw), buf(db), dy.buffer(), buf(x), buf(w), xDims[0],
                xDims[1], xDims[2], wDims[0], wDims[2], stride[0], padding[0], dilation[0]);
    }
}
