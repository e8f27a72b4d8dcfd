package org.symkern.nn;

/**
 * Test helper: the actions of docs/groups.md (sections Equivariance laws and Regular fields) on row-major float arrays whose last two axes are a
 * square plane (numpy rot90, flipud, fliplr), time reversal of the last axis, a permutation of one axis (the regular representation on the
 * group axis), an arbitrary rotation by bilinear interpolation, and relative errors (on a central disc).
 * Plane coordinates: pixel [row, col] sits at (x, y) = (col - c, c - row), c = (n - 1) / 2.
 */
public final class PlaneActions {
    private PlaneActions() {}

    /** numpy rot90 over the last two axes: out[y, x] = in[x, n-1-y]. */
    public static float[] rot90(float[] a, int n) {
        return GroupMaps.rot90(a, new long[] {n, n});
    }

    /** numpy flipud over the last two axes: out[y, x] = in[n-1-y, x]. */
    public static float[] flipud(float[] a, int n) {
        float[] out = new float[a.length];
        for (int base = 0; base < a.length; base += n * n)
            for (int y = 0; y < n; y++) System.arraycopy(a, base + (n - 1 - y) * n, out, base + y * n, n);
        return out;
    }

    /** numpy fliplr over the last two axes: out[y, x] = in[y, n-1-x]. */
    public static float[] fliplr(float[] a, int n) {
        float[] out = new float[a.length];
        for (int base = 0; base < a.length; base += n * n)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++) out[base + y * n + x] = a[base + y * n + n - 1 - x];
        return out;
    }

    /** Reverses the last axis (of length len) of every row: out[.., p] = in[.., len-1-p]. */
    public static float[] reverseTime(float[] a, int len) {
        float[] out = new float[a.length];
        for (int base = 0; base < a.length; base += len)
            for (int p = 0; p < len; p++) out[base + p] = a[base + len - 1 - p];
        return out;
    }

    /** out[.., t, ..] = in[.., perm[t], ..] along axis `axis` of dims d (perm = groupAxisPermutation(g)). */
    public static float[] permuteAxis(float[] a, long[] d, int axis, int[] perm) {
        int g = (int) d[axis], inner = 1;
        for (int i = axis + 1; i < d.length; i++) inner *= (int) d[i];
        if (perm.length != g) throw new IllegalArgumentException("permutation of " + perm.length + " for an axis of " + g);
        float[] out = new float[a.length];
        for (int o = 0; o < a.length / (g * inner); o++)
            for (int t = 0; t < g; t++) System.arraycopy(a, (o * g + perm[t]) * inner, out, (o * g + t) * inner, inner);
        return out;
    }

    /**
     * [L_theta f](p) = f(R(-theta) p) on every n x n plane (counter-clockwise by theta in (x right, y up)
     * coordinates, about the plane centre), bilinear interpolation, 0 outside. theta = pi/2 is numpy rot90.
     */
    public static float[] rotate(float[] a, int n, double theta) {
        double c = (n - 1) / 2.0, cs = Math.cos(theta), sn = Math.sin(theta);
        float[] out = new float[a.length];
        for (int base = 0; base < a.length; base += n * n)
            for (int row = 0; row < n; row++)
                for (int col = 0; col < n; col++) {
                    double x = col - c, y = c - row;
                    double xs = cs * x + sn * y, ys = -sn * x + cs * y;      // R(-theta) (x, y)
                    double fc = xs + c, fr = c - ys;                         // source column / row
                    int c0 = (int) Math.floor(fc + 1e-9), r0 = (int) Math.floor(fr + 1e-9);
                    double wc = fc - c0, wr = fr - r0;
                    double v = 0;
                    for (int dr = 0; dr < 2; dr++)
                        for (int dc = 0; dc < 2; dc++) {
                            int rr = r0 + dr, cc = c0 + dc;
                            double w = (dr == 0 ? 1 - wr : wr) * (dc == 0 ? 1 - wc : wc);
                            if (w == 0 || rr < 0 || rr >= n || cc < 0 || cc >= n) continue;
                            v += w * a[base + rr * n + cc];
                        }
                    out[base + row * n + col] = (float) v;
                }
        return out;
    }

    /** max |a - b| / max |b|. */
    public static double relMaxError(float[] a, float[] b) {
        if (a.length != b.length) throw new AssertionError("lengths " + a.length + " and " + b.length + " differ");
        double err = 0, scale = 0;
        for (int i = 0; i < a.length; i++) {
            err = Math.max(err, Math.abs((double) a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return err / scale;
    }

    /** ||a - b|| / ||b|| (L2) over the pixels of every n x n plane within `radius` of the plane centre. */
    public static double relDiscError(float[] a, float[] b, int n, double radius) {
        double c = (n - 1) / 2.0, num = 0, den = 0;
        for (int base = 0; base < a.length; base += n * n)
            for (int row = 0; row < n; row++)
                for (int col = 0; col < n; col++) {
                    if (Math.hypot(row - c, col - c) > radius) continue;
                    double d = (double) a[base + row * n + col] - b[base + row * n + col];
                    num += d * d;
                    den += (double) b[base + row * n + col] * b[base + row * n + col];
                }
        return Math.sqrt(num / den);
    }
}
