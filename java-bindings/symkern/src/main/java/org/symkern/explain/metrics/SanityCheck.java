package org.symkern.explain.metrics;

/**
 * The model-parameter randomisation test (Adebayo et al., NeurIPS 2018): an explanation method that depends on
 * what the model learned must give different maps for the trained model and for the same architecture with
 * freshly initialised parameters (build it with another seed, untrained). The similarity is Spearman's rank
 * correlation of the two maps (of their absolute values when {@code absolute}, as in the paper's figures);
 * a method is flagged when it stays above the threshold:
 * <pre>
 *   rho = Spearman(e_trained(x), e_random(x))          flagged = rho > threshold
 * </pre>
 */
public final class SanityCheck {
    private SanityCheck() {}

    /** The outcome: the rank correlation, and whether it exceeds the threshold. */
    public record Result(double spearman, boolean flagged) {}

    /** Spearman correlation of the two maps (of their absolute values when {@code absolute}) and whether it exceeds {@code threshold} (in [-1, 1]). */
    public static Result compare(float[] trained, float[] randomised, double threshold, boolean absolute) {
        if (!(threshold >= -1 && threshold <= 1)) throw new IllegalArgumentException("SanityCheck: threshold must be in [-1, 1], got " + threshold);
        double[] a = Spearman.toDouble(trained), b = Spearman.toDouble(randomised);
        if (absolute) {
            for (int i = 0; i < a.length; i++) a[i] = Math.abs(a[i]);
            for (int i = 0; i < b.length; i++) b[i] = Math.abs(b[i]);
        }
        double rho = Spearman.correlation(a, b);
        return new Result(rho, !Double.isNaN(rho) && rho > threshold);
    }

    /** Mean of the per-input correlations (NaNs, from constant maps, skipped) and whether that mean is flagged. */
    public static Result mean(java.util.List<Result> results, double threshold) {
        double s = 0;
        int n = 0;
        for (Result r : results)
            if (!Double.isNaN(r.spearman())) {
                s += r.spearman();
                n++;
            }
        double m = n == 0 ? Double.NaN : s / n;
        return new Result(m, !Double.isNaN(m) && m > threshold);
    }
}
