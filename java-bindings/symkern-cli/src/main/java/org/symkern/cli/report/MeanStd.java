package org.symkern.cli.report;

/**
 * Mean and sample standard deviation (n - 1 in the denominator; 0 for a single value) of repeated measurements,
 * e.g. one figure over seeds. Tables print it as {@code mean ± std}.
 */
public record MeanStd(double mean, double std, int n) {
    /** Summary of `values` (at least one, all finite or not: NaN propagates). */
    public static MeanStd of(double... values) {
        if (values.length == 0) throw new IllegalArgumentException("MeanStd of no values");
        double sum = 0;
        for (double v : values) sum += v;
        double mean = sum / values.length;
        double ss = 0;
        for (double v : values) ss += (v - mean) * (v - mean);
        double std = values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0;
        return new MeanStd(mean, std, values.length);
    }

    /** {@code mean ± std} with `decimals` digits after the point, the values first multiplied by `scale`. */
    public String format(double scale, int decimals) {
        String f = "%." + decimals + "f";
        return String.format(java.util.Locale.ROOT, f + " ± " + f, mean * scale, std * scale);
    }

    /** {@code mean ± std} with `decimals` digits after the point. */
    public String format(int decimals) {
        return format(1, decimals);
    }
}
