package org.symkern.ops;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Fused group convolution (catalog K9): the filter bank is expanded by a K8 table ({@link FilterExpand})
 * inside the kernel, never as a whole, and cross-correlated with the input (zero padding, square k x k):
 * <pre>
 *   y[b, o, t, py, px] = bias[o] + sum_{i, s, ky, kx} x[b, i, s, py*stride - padding + ky, px*stride - padding + kx]
 *                                                   * W_exp[o, t, i, s, ky*k + kx]
 *   W_exp[o, t, i, s, x] = sum_m coef[t, s, x, m] * w[o, i, idx[t, s, x, m]]
 * </pre>
 * Shapes: x (B, ci, si, H, W); w (co, ci, ...) with q trailing parameters per pair; bias (co) or null, shared
 * over the group axis t; idx int32 (to, si, k*k, e) and coef float32 (same, or null = all ones); y (B, co, to,
 * Ho, Wo) with Ho = (H + 2 padding - k) / stride + 1. Lifting layer: si = 1; group layer: si = to = |H|.
 *
 * <p>Backward (dy of y's shape), with the same table:
 * <pre>
 *   dx[b, i, s, iy, ix] = sum over (o, t, ky, kx, py, px) with py*stride - padding + ky = iy, px*stride - padding + kx = ix
 *                         of dy[b, o, t, py, px] * W_exp[o, t, i, s, ky*k + kx]
 *   dW_exp[o, t, i, s, ky*k + kx] = sum_{b, py, px} dy[b, o, t, py, px] * x[b, i, s, iy, ix]
 *   dw = FilterExpand's transpose of dW_exp;     dbias[o] = sum_{b, t, py, px} dy[b, o, t, py, px]
 * </pre>
 * Deterministic on both devices. idx and coef are constants (no gradient); dx is computed only when x
 * requires a gradient. Equivariance: with the p4 / p4m tables of docs/groups.md, section Filter tables, stride 1 and odd k,
 * a stack of these layers (with pointwise nonlinearities) satisfies Phi(rot90 x)[:, :, t] =
 * rot90(Phi(x)[:, :, (t - 1) mod 4]) (p4) and the D4 permutation law for p4m (tested in GroupConv2dTest).
 */
public final class GroupConv2d extends Function {
    private final int stride, padding;
    private long batch, ci, si, h, w, co, to, q, k, e;
    private boolean hasBias, hasCoef, needDx, needDw, needDb;
    private Shape wShape, xShape;

    private GroupConv2d(int stride, int padding) {
        this.stride = stride;
        this.padding = padding;
    }

    /** y = group_conv2d(x, w, bias; idx, coef) with the given stride (>= 1) and zero padding (>= 0). */
    public static Tensor apply(Tensor x, Tensor w, Tensor bias, Tensor idx, Tensor coef, int stride, int padding) {
        final String op = "group_conv2d";
        if (x == null || w == null || idx == null)
            throw new IllegalArgumentException(op + ": x, w and idx must not be null");
        x.requireFloat(op);
        if (x.rank() != 5)
            throw new IllegalArgumentException(op + ": x must have rank 5 (B, ci, si, H, W), got shape " + x.shape());
        FilterExpand.checkBank(op, w, 3);
        FilterExpand.checkTable(op, idx, coef);
        if (w.dim(1) != x.dim(1))
            throw new IllegalArgumentException(op + ": w " + w.shape() + " has ci = " + w.dim(1) + " but x " + x.shape()
                    + " has " + x.dim(1) + " input fields");
        if (idx.dim(1) != x.dim(2))
            throw new IllegalArgumentException(op + ": idx " + idx.shape() + " has si = " + idx.dim(1) + " but x " + x.shape()
                    + " has " + x.dim(2) + " group elements");
        long kk = kernelSize(idx.dim(2));
        if (kk < 0)
            throw new IllegalArgumentException(op + ": idx " + idx.shape() + " has p = " + idx.dim(2)
                    + " taps, which is not k*k for a square kernel");
        if (bias != null) {
            bias.requireFloat(op);
            if (!bias.shape().equals(Shape.of(w.dim(0))))
                throw new IllegalArgumentException(op + ": bias must have shape [" + w.dim(0) + "] for w " + w.shape()
                        + ", got " + bias.shape());
        }
        if (stride < 1) throw new IllegalArgumentException(op + ": stride must be >= 1, got " + stride);
        if (padding < 0) throw new IllegalArgumentException(op + ": padding must be >= 0, got " + padding);
        if (x.dim(3) + 2L * padding < kk || x.dim(4) + 2L * padding < kk)
            throw new IllegalArgumentException(op + ": the " + kk + "x" + kk + " kernel does not fit x " + x.shape()
                    + " with padding " + padding);
        Tensor[] in = {x, w, idx};
        if (bias != null) in = append(in, bias);
        if (coef != null) in = append(in, coef);
        GroupConv2d f = new GroupConv2d(stride, padding);
        f.hasBias = bias != null;
        f.hasCoef = coef != null;
        return f.apply(in);
    }

    private static Tensor[] append(Tensor[] a, Tensor t) {
        Tensor[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = t;
        return out;
    }

    /** k with k*k = p, or -1. */
    static long kernelSize(long p) {
        long k = Math.round(Math.sqrt((double) p));
        return k >= 1 && k * k == p ? k : -1;
    }

    /** Output size along one axis. */
    static long outSize(long in, long k, int stride, int padding) {
        return (in + 2L * padding - k) / stride + 1;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0], wt = in[1], idx = in[2];
        Tensor bias = hasBias ? in[3] : null, coef = hasCoef ? in[hasBias ? 4 : 3] : null;
        batch = x.dim(0);
        ci = x.dim(1);
        si = x.dim(2);
        h = x.dim(3);
        w = x.dim(4);
        co = wt.dim(0);
        to = idx.dim(0);
        q = FilterExpand.paramsPerPair(wt);
        k = kernelSize(idx.dim(2));
        e = idx.dim(3);
        wShape = wt.shape();
        xShape = x.shape();
        needDx = x.requiresGrad();
        needDw = wt.requiresGrad();
        needDb = bias != null && bias.requiresGrad();
        Tensor y = Tensor.uninitialized(Shape.of(batch, co, to, outSize(h, k, stride, padding), outSize(w, k, stride, padding)),
                x.device());
        Native.check(SymkernNative.sk_group_conv2d_forward(y.buffer(), x.buffer(), wt.buffer(),
                bias == null ? null : bias.buffer(), idx.buffer(), coef == null ? null : coef.buffer(), batch, ci, si, h,
                w, co, to, q, k, e, stride, padding));
        save(needDw ? x : null, needDx ? wt : null, idx, coef);
        return y;
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor x = saved(0), wt = saved(1), idx = saved(2), coef = saved(3);
        Tensor dx = needDx ? Tensor.uninitialized(xShape, dy.device()) : null;
        Tensor dw = needDw ? Tensor.zeros(wShape, dy.device()) : null;
        Tensor db = needDb ? Tensor.zeros(Shape.of(co), dy.device()) : null;
        Native.check(SymkernNative.sk_group_conv2d_backward(dx == null ? null : dx.buffer(), dw == null ? null : dw.buffer(),
                db == null ? null : db.buffer(), dy.buffer(), x == null ? null : x.buffer(), wt == null ? null : wt.buffer(), idx.buffer(),
                coef == null ? null : coef.buffer(), batch, ci, si, h, w, co, to, q, k, e, stride, padding));
        Tensor[] grads = new Tensor[3 + (hasBias ? 1 : 0) + (hasCoef ? 1 : 0)];
        grads[0] = dx;
        grads[1] = dw;
        if (hasBias) grads[3] = db;   /* inputs: x, w, idx, [bias], [coef] */
        return grads;
    }
}
