package org.symkern.ops;

import org.symkern.jni.SymkernNative;
import org.symkern.tensor.DType;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * 2D max pooling of every plane of x (catalog K10): x is (..., H, W) and every leading index, e.g. each
 * (b, c) of a (B, C, H, W) map or each (b, c, g) of a group map (B, C, |G|, H, W), is one independent plane.
 * Window (i, j) covers rows i*sh - ph .. i*sh - ph + kh - 1 and columns j*sw - pw .. j*sw - pw + kw - 1
 * (padding counts as -inf); the output is (..., oh, ow) with oh = (H + 2 ph - kh) / sh + 1 and
 * ow = (W + 2 pw - kw) / sw + 1. The argmax (first maximum in row-major window order, NaN propagates) is
 * saved for backward:
 * <pre>
 *  dx[p, r, c] = sum over windows o of plane p with argmax[p, o] == r*W + c of dy[p, o]
 * </pre>
 * (overlapping windows, stride &lt; kernel, add their gradients; the kernels gather, so the sum is
 * deterministic). Rules: kernel and stride &ge; 1, 0 &le; padding &le; kernel / 2, H, W &ge; 1 and the kernel no
 * larger than the padded plane.
 */
public final class MaxPool2d extends Pool2d {
    private MaxPool2d(long kh, long kw, long sh, long sw, long ph, long pw) {
        super(kh, kw, sh, sw, ph, pw);
    }

    /** Pools the last two axes with a (kh, kw) window, stride (sh, sw) and padding (ph, pw). */
    public static Tensor apply(Tensor x, long kh, long kw, long sh, long sw, long ph, long pw) {
        return new MaxPool2d(kh, kw, sh, sw, ph, pw).apply(new Tensor[] {x});
    }

    /** Square window k, stride s and padding p on both axes. */
    public static Tensor apply(Tensor x, long k, long stride, long padding) {
        return apply(x, k, k, stride, stride, padding, padding);
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0].requireFloat(name());
        Shape out = begin(x.shape());
        Tensor y = Tensor.uninitialized(out, x.device());
        Tensor argmax = Tensor.uninitialized(out, DType.INT32, x.device());
        Native.check(SymkernNative.sk_max_pool2d_forward(y.buffer(), argmax.buffer(), x.buffer(), planes(), h(), w(),
                kh, kw, sh, sw, ph, pw));
        save(argmax);
        return y;
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor dx = Tensor.uninitialized(inShape, dy.device());
        Native.check(SymkernNative.sk_max_pool2d_backward(dx.buffer(), dy.buffer(), saved(0).buffer(), planes(), h(), w(),
                kh, kw, sh, sw, ph, pw));
        return new Tensor[] {dx};
    }

    @Override
    public String name() {
        return "max_pool2d";
    }
}
