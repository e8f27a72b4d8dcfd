package org.symkern.ops;

import org.symkern.jni.SymkernNative;
import org.symkern.tensor.Tensor;

/**
 * 2D cross-correlation (catalog K7, {@code sk_conv2d_forward / sk_conv2d_backward}), no groups, zero padding:
 * <pre>
 *   y[b,o,i,j] = bias[o] + sum_{c,p,q} w[o,c,p,q] x[b, c, i s_h - p_h + p d_h, j s_w - p_w + q d_w]
 * </pre>
 * with x (B, Ci, H, W), w (Co, Ci, kh, kw), bias (Co) or none, y (B, Co, Ho, Wo),
 * Ho = (H + 2 p_h - d_h (kh - 1) - 1) / s_h + 1 (likewise Wo), both >= 1; x outside the image reads 0.
 *
 * <p>Backward, with G = dy and (ih, iw) the input position read by output (i, j) through tap (p, q):
 * <pre>
 *   dx[b,c,ih,iw] = sum_{o,p,q,(i,j) reading (ih,iw)} G[b,o,i,j] w[o,c,p,q]    (the transposed convolution)
 *   dw[o,c,p,q]   = sum_{b,i,j} G[b,o,i,j] x[b,c,ih,iw]
 *   dbias[o]      = sum_{b,i,j} G[b,o,i,j]
 * </pre>
 * computed in one native call that skips the gradients no input needs. Results are deterministic.
 */
public final class Conv2d extends ConvNd {
    private Conv2d(int[] stride, int[] padding, int[] dilation, boolean hasBias) {
        super(stride, padding, dilation, hasBias);
    }

    /** conv2d with per-axis {height, width} stride, padding and dilation; bias may be null. */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation) {
        return new Conv2d(stride, padding, dilation, bias != null).apply(inputs(x, weight, bias));
    }

    /** conv2d with the same stride and padding on both axes and no dilation; bias may be null. */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return apply(x, weight, bias, new int[] {stride, stride}, new int[] {padding, padding}, new int[] {1, 1});
    }

    /** Output size along one axis: (in + 2 padding - dilation (kernel - 1) - 1) / stride + 1, or 0 if it does not fit. */
    public static long outputSize(long in, long kernel, long stride, long padding, long dilation) {
        return ConvNd.outputSize(in, kernel, stride, padding, dilation);
    }

    @Override
    String opName() {
        return "conv2d";
    }

    @Override
    String[] spatialNames() {
        return new String[] {"height", "width"};
    }

    @Override
    int nativeForward(Tensor y, Tensor x, Tensor w, Tensor b) {
        return SymkernNative.sk_conv2d_forward(y.buffer(), x.buffer(), w.buffer(), buf(b), xDims[0], xDims[1], xDims[2],
                xDims[3], wDims[0], wDims[2], wDims[3], stride[0], stride[1], padding[0], padding[1], dilation[0],
                dilation[1]);
    }

    @Override
    int nativeBackward(Tensor dx, Tensor dw, Tensor db, Tensor dy, Tensor x, Tensor w) {
        return SymkernNative.sk_conv2d_backward(buf(dx), buf(dw), buf(db), dy.buffer(), buf(x), buf(w), xDims[0],
                xDims[1], xDims[2], xDims[3], wDims[0], wDims[2], wDims[3], stride[0], stride[1], padding[0],
                padding[1], dilation[0], dilation[1]);
    }
}
