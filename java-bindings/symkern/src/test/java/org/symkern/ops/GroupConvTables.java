package org.symkern.ops;

import java.util.SplittableRandom;

/**
 * Test helpers for FilterExpand / GroupConv2d, written from the closed forms of docs/groups.md, sections Rotations and reflections of the square to Equivariance laws (not
 * from org.symkern.group, so the tests stay independent): D4 arithmetic with t = 4m + r, the p4 / p4m filter
 * tables, plain float64 references (expansion and direct cross-correlation) and the spatial actions
 * rot90 / flipud on (B, C, G, H, W) arrays.
 */
final class GroupConvTables {
    private GroupConvTables() {}

    /** (m1, r1) * (m2, r2) = ((m1 + m2) mod 2, ((-1)^m2 r1 + r2) mod 4) with t = 4m + r. */
    static int d4Mul(int a, int b) {
        int m1 = a / 4, r1 = a % 4, m2 = b / 4, r2 = b % 4;
        int r = Math.floorMod((m2 == 1 ? -r1 : r1) + r2, 4);
        return 4 * ((m1 + m2) % 2) + r;
    }

    static int d4Inv(int a) {
        return a >= 4 ? a : (4 - a) % 4;
    }

    /** Flat source tap of tap (y, x) for g_t: c + g_t^{-1}(y - c, x - c); first (u, v) -> (-u, v) if mirrored,
     * then r times (u, v) -> (v, -u). */
    static int sourceTap(int t, int k, int y, int x) {
        int c = (k - 1) / 2, u = y - c, v = x - c;
        if (t >= 4) u = -u;
        for (int r = 0; r < t % 4; r++) {
            int nu = v, nv = -u;
            u = nu;
            v = nv;
        }
        return (u + c) * k + (v + c);
    }

    /** idx (order, si, k*k, 1) for p4 (order 4) or p4m (8): lifting (si = 1) or group layer (si = order). */
    static int[] d4Table(int order, int k, boolean lifting) {
        int si = lifting ? 1 : order, p = k * k;
        int[] idx = new int[order * si * p];
        int n = 0;
        for (int t = 0; t < order; t++)
            for (int s = 0; s < si; s++)
                for (int y = 0; y < k; y++)
                    for (int x = 0; x < k; x++)
                        idx[n++] = (lifting ? 0 : d4Mul(d4Inv(t), s)) * p + sourceTap(t, k, y, x);
        return idx;
    }

    /** A dense random table: idx uniform in [0, q). */
    static int[] randomIdx(long seed, int n, int q) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = r.nextInt(q);
        return idx;
    }

    /** float64 W_exp (co, to, ci, si, p); coef null = ones. */
    static double[] expand(float[] w, int co, int ci, int q, int[] idx, float[] coef, int to, int si, int p, int e) {
        double[] out = new double[co * to * ci * si * p];
        int n = 0;
        for (int o = 0; o < co; o++)
            for (int t = 0; t < to; t++)
                for (int i = 0; i < ci; i++)
                    for (int s = 0; s < si; s++)
                        for (int x = 0; x < p; x++) {
                            double v = 0;
                            for (int m = 0; m < e; m++) {
                                int f = ((t * si + s) * p + x) * e + m;
                                v += (coef == null ? 1.0 : coef[f]) * w[(o * ci + i) * q + idx[f]];
                            }
                            out[n++] = v;
                        }
        return out;
    }

    /** Plain float64 cross-correlation of x (B, C, H, W) with filters (F, C, k, k), zero padding, + bias[f / groupSize]. */
    static double[] conv(float[] x, int b, int c, int h, int w, float[] filt, int f, int k, int stride, int pad,
                         float[] bias, int groupSize) {
        int ho = (h + 2 * pad - k) / stride + 1, wo = (w + 2 * pad - k) / stride + 1;
        double[] y = new double[b * f * ho * wo];
        for (int n = 0; n < b; n++)
            for (int o = 0; o < f; o++)
                for (int py = 0; py < ho; py++)
                    for (int px = 0; px < wo; px++) {
                        double acc = bias == null ? 0 : bias[o / groupSize];
                        for (int ch = 0; ch < c; ch++)
                            for (int ky = 0; ky < k; ky++)
                                for (int kx = 0; kx < k; kx++) {
                                    int iy = py * stride - pad + ky, ix = px * stride - pad + kx;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                    acc += (double) x[((n * c + ch) * h + iy) * w + ix] * filt[((o * c + ch) * k + ky) * k + kx];
                                }
                        y[((n * f + o) * ho + py) * wo + px] = acc;
                    }
        return y;
    }

    /** numpy rot90 over the last two axes of a (..., n, n) array: out[y, x] = a[x, n-1-y]. */
    static float[] rot90(float[] a, int n) {
        float[] out = new float[a.length];
        for (int base = 0; base < a.length; base += n * n)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++) out[base + y * n + x] = a[base + x * n + (n - 1 - y)];
        return out;
    }

    /** numpy flipud over the last two axes: out[y, x] = a[n-1-y, x]. */
    static float[] flipud(float[] a, int n) {
        float[] out = new float[a.length];
        for (int base = 0; base < a.length; base += n * n)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++) out[base + y * n + x] = a[base + (n - 1 - y) * n + x];
        return out;
    }

    /** out[:, :, t] = a[:, :, perm[t]] for a (outer, g, plane) array. */
    static float[] permuteGroupAxis(float[] a, int g, int plane, int[] perm) {
        float[] out = new float[a.length];
        for (int base = 0; base < a.length; base += g * plane)
            for (int t = 0; t < g; t++) System.arraycopy(a, base + perm[t] * plane, out, base + t * plane, plane);
        return out;
    }

    /** max |a - b| / max |b|. */
    static double relativeError(float[] a, float[] b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num = Math.max(num, Math.abs((double) a[i] - b[i]));
            den = Math.max(den, Math.abs((double) b[i]));
        }
        return num / Math.max(den, 1e-30);
    }
}
