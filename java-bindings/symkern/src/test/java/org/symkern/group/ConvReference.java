package org.symkern.group;

/**
 * Test-only float64 references: valid cross-correlation in 1D and 2D, and the action of a group element on
 * stacked feature maps (spatial gather per map plus a permutation of the group axis). Used to check the
 * equivariance laws of docs/groups.md, sections Equivariance laws and Regular fields on the tables of this package.
 */
final class ConvReference {
    private ConvReference() {}

    /** y[o, p, q] = sum_{c, a, b} x[c, p + a, q + b] f[o, c, a, b]; x is [cIn, h, w], f is [cOut, cIn, k, k]. */
    static double[] conv2d(double[] x, int cIn, int h, int w, double[] f, int cOut, int k) {
        int ho = h - k + 1, wo = w - k + 1;
        double[] y = new double[cOut * ho * wo];
        for (int o = 0; o < cOut; ++o)
            for (int p = 0; p < ho; ++p)
                for (int q = 0; q < wo; ++q) {
                    double s = 0;
                    for (int c = 0; c < cIn; ++c)
                        for (int a = 0; a < k; ++a)
                            for (int b = 0; b < k; ++b) s += x[(c * h + p + a) * w + q + b] * f[((o * cIn + c) * k + a) * k + b];
                    y[(o * ho + p) * wo + q] = s;
                }
        return y;
    }

    /** y[o, p] = sum_{c, a} x[c, p + a] f[o, c, a]; x is [cIn, len], f is [cOut, cIn, k]. */
    static double[] conv1d(double[] x, int cIn, int len, double[] f, int cOut, int k) {
        int lo = len - k + 1;
        double[] y = new double[cOut * lo];
        for (int o = 0; o < cOut; ++o)
            for (int p = 0; p < lo; ++p) {
                double s = 0;
                for (int c = 0; c < cIn; ++c) for (int a = 0; a < k; ++a) s += x[c * len + p + a] * f[(o * cIn + c) * k + a];
                y[o * lo + p] = s;
            }
        return y;
    }

    /**
     * Maps [channels, groupSize, pixels]: out[c, t] = gather(in[c, perm[t]]) with out[pixel] = in[source[pixel]].
     * perm = null keeps the group axis.
     */
    static double[] act(double[] in, int channels, int groupSize, int[] source, int[] perm) {
        int px = source.length;
        double[] out = new double[in.length];
        for (int c = 0; c < channels; ++c)
            for (int t = 0; t < groupSize; ++t) {
                int from = (c * groupSize + (perm == null ? t : perm[t])) * px, to = (c * groupSize + t) * px;
                for (int p = 0; p < px; ++p) out[to + p] = in[from + source[p]];
            }
        return out;
    }

    static double maxAbsDiff(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException(a.length + " vs " + b.length);
        double m = 0;
        for (int i = 0; i < a.length; ++i) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; ++i) d[i] = a[i];
        return d;
    }

    static float[] randomFloats(java.util.Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; ++i) a[i] = (float) r.nextGaussian();
        return a;
    }

    static double[] randomDoubles(java.util.Random r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; ++i) a[i] = r.nextGaussian();
        return a;
    }
}
