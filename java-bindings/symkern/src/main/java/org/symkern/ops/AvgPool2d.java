package org.symkern.ops;

import org.symkern.jni.SymkernNative;
import org.symkern.tensor.Native;
import org.symkern.tensor.Tensor;

/**
 * 2D average pooling of every plane of x (catalog K10), with the geometry of {@link MaxPool2d}: x is
 * (..., H, W), y is (..., oh, ow), and the padding is not counted (count_include_pad = false):
 * <pre>
 *  y[p, i, j]  = (1 / |W_ij|) sum over (r, c) in W_ij of x[p, r, c]     W_ij = window (i, j) inside the plane
 *  dx[p, r, c] = sum over windows (i, j) containing (r, c) of dy[p, i, j] / |W_ij|
 * </pre>
 * The backward pass gathers (deterministic, no atomics).
 */
public final class AvgPool2d extends Pool2d {
    private AvgPool2d(long kh, long kw, long sh, long sw, long ph, long pw) {
        super(kh, kw, sh, sw, ph, pw);
    }

    /** Pools the last two axes with a (kh, kw) window, stride (sh, sw) and padding (ph, pw). */
    public static Tensor apply(Tensor x, long kh, long kw, long sh, long sw, long ph, long pw) {
        return new AvgPool2d(kh, kw, sh, sw, ph, pw).apply(new Tensor[] {x});
    }

    /** Square window k, stride s and padding p on both axes. */
    public static Tensor apply(Tensor x, long k, long stride, long padding) {
        return apply(x, k, k, stride, stride, padding, padding);
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0].requireFloat(name());
        Tensor y = Tensor.zeros(begin(x.shape()), x.device());
        Native.check(SymkernNative.sk_avg_pool2d_forward(y.buffer(), x.buffer(), planes(), h(), w(),
                kh, kw, sh, sw, ph, pw));
        return y;
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor dx = Tensor.zeros(inShape, dy.device());
        Native.check(SymkernNative.sk_avg_pool2d_backward(dx.buffer(), dy.buffer(), planes(), h(), w(),
                kh, kw, sh, sw, ph, pw));
        return new Tensor[] {dx};
    }

    @Override
    public String name() {
        return "avg_pool2d";
    }
}
