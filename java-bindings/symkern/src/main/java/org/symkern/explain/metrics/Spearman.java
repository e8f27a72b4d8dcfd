package org.symkern.explain.metrics;

/**
 * Spearman's rank correlation: the Pearson correlation of the ranks, ties given their average rank,
 * <pre>
 *   rho(a, b) = cov(R(a), R(b)) / (sd(R(a)) sd(R(b)))
 * </pre>
 * (equal to 1 - 6 sum d_i^2 / (n (n^2 - 1)) without ties). Undefined (NaN) when either input is constant.
 */
public final class Spearman {
    private Spearman() {}

    /** Spearman's rank correlation of equally long arrays (at least 2 values; ties get mean ranks). */
    public static double correlation(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("Spearman: lengths " + a.length + " and " + b.length + " differ");
        if (a.length < 2) throw new IllegalArgumentException("Spearman: need at least 2 values, got " + a.length);
        return pearson(ranks(a), ranks(b));
    }

    /** Spearman's rank correlation of two float arrays. */
    public static double correlation(float[] a, float[] b) {
        return correlation(toDouble(a), toDouble(b));
    }

    /** Ranks 1..n, ties sharing their average rank. */
    public static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) throw new IllegalArgumentException("Spearman: value " + i + " is NaN");
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (p, q) -> Double.compare(v[p], v[q]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) j++;
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[idx[k]] = avg;
            i = j + 1;
        }
        return r;
    }

    static double pearson(double[] x, double[] y) {
        double mx = 0, my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (sxx == 0 || syy == 0) return Double.NaN;
        return sxy / Math.sqrt(sxx * syy);
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }
}
