package org.symkern.nn;

/**
 * Test helper: the p4 / C_N actions on row-major float arrays, from the closed forms of docs/groups.md,
 * section Equivariance laws: numpy rot90 over the last two (square) axes, rot90(A)[y, x] = A[x, W-1-y], and the cyclic shift of
 * the group axis, roll(A, +s)[.., t, ..] = A[.., (t - s) mod G, ..].
 */
final class GroupMaps {
    private GroupMaps() {}

    /** rot90 over the last two axes of x with dims d (the last two must be equal). */
    static float[] rot90(float[] x, long[] d) {
        int n = (int) d[d.length - 1];
        if (d[d.length - 2] != n) throw new IllegalArgumentException("rot90 needs square planes");
        float[] out = new float[x.length];
        for (int base = 0; base < x.length; base += n * n)
            for (int y = 0; y < n; y++)
                for (int c = 0; c < n; c++) out[base + y * n + c] = x[base + c * n + (n - 1 - y)];
        return out;
    }

    /** Cyclic shift by +s along `axis` of x with dims d. */
    static float[] roll(float[] x, long[] d, int axis, int s) {
        int g = (int) d[axis], inner = 1, outer = 1;
        for (int i = axis + 1; i < d.length; i++) inner *= (int) d[i];
        for (int i = 0; i < axis; i++) outer *= (int) d[i];
        float[] out = new float[x.length];
        for (int o = 0; o < outer; o++)
            for (int t = 0; t < g; t++) {
                int from = Math.floorMod(t - s, g);
                System.arraycopy(x, (o * g + from) * inner, out, (o * g + t) * inner, inner);
            }
        return out;
    }

    /** The p4 generator on a (B, C, 4, H, H) map: rotate every plane and roll the group axis by +1. */
    static float[] p4(float[] x, long[] d) {
        return roll(rot90(x, d), d, 2, 1);
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) throw new AssertionError("lengths " + a.length + " and " + b.length + " differ");
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }
}
