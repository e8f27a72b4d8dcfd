package org.symkern.explain;

import org.symkern.ops.MatMul;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Bilinear resizing with half-pixel centres (OpenCV's / PyTorch's align_corners = false), as matrix products on
 * the maps' device: output index i reads the input at s = (i + 1/2) n / N - 1/2, clamped to [0, n - 1], mixing
 * floor(s) and floor(s) + 1 with weights 1 - frac(s) and frac(s). The rule is symmetric under i -> N - 1 - i, so
 * resizing commutes with flips, quarter turns (square maps) and time reversal.
 */
public final class Bilinear {
    private Bilinear() {}

    /** The (out, in) interpolation matrix U: resized = U m along one axis. */
    public static float[] matrix(int out, int in) {
        if (out < 1 || in < 1) throw new IllegalArgumentException("Bilinear: sizes must be positive, got " + in + " -> " + out);
        float[] u = new float[out * in];
        for (int i = 0; i < out; i++) {
            double s = (i + 0.5) * in / out - 0.5;
            s = Math.max(0, Math.min(in - 1, s));
            int i0 = (int) Math.floor(s);
            int i1 = Math.min(i0 + 1, in - 1);
            double f = s - i0;
            u[i * in + i0] += (float) (1 - f);
            u[i * in + i1] += (float) f;
        }
        return u;
    }

    /** Maps m (N, h, w) resized to (N, hOut, wOut): U_h m U_w^T. */
    public static Tensor resize2d(Tensor m, int hOut, int wOut) {
        int h = (int) m.dim(1), w = (int) m.dim(2);
        if (h == hOut && w == wOut) return m;
        Device d = m.device();
        Tensor uh = Tensor.of(matrix(hOut, h), Shape.of(hOut, h), d);
        Tensor uw = Tensor.of(matrix(wOut, w), Shape.of(wOut, w), d);
        return MatMul.apply(MatMul.apply(uh, m, false, false), uw, false, true);
    }

    /** Signals m (N, l) resized to (N, lOut). */
    public static Tensor resize1d(Tensor m, int lOut) {
        int l = (int) m.dim(1);
        if (l == lOut) return m;
        Tensor u = Tensor.of(matrix(lOut, l), Shape.of(lOut, l), m.device());
        return MatMul.apply(m, u, false, true);
    }
}
