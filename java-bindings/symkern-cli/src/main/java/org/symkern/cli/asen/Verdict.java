package org.symkern.cli.asen;

import org.symkern.cli.report.MeanStd;

/**
 * The report's reading of a comparison over seeds: a difference of means counts as clear when it exceeds the larger of
 * the two sample standard deviations (a descriptive rule for a handful of seeds, not a significance test); with one seed
 * there is no verdict.
 */
public final class Verdict {
    private Verdict() {}

    /** The outcomes of {@link #compare}. */
    public enum Outcome { HIGHER, WITHIN_SPREAD, LOWER, ONE_SEED }

    /** Whether a's mean is clearly above, clearly below or within the spread of b's. */
    public static Outcome compare(MeanStd a, MeanStd b) {
        if (a.n() < 2 || b.n() < 2) return Outcome.ONE_SEED;
        double d = a.mean() - b.mean(), spread = Math.max(a.std(), b.std());
        return d > spread ? Outcome.HIGHER : d < -spread ? Outcome.LOWER : Outcome.WITHIN_SPREAD;
    }

    /** "clearly higher than", "within the seed spread of", "clearly lower than" or "(one seed: no verdict) vs". */
    public static String words(Outcome o) {
        return switch (o) {
            case HIGHER -> "clearly higher than";
            case LOWER -> "clearly lower than";
            case WITHIN_SPREAD -> "within the seed spread of";
            case ONE_SEED -> "(one seed: no verdict) vs";
        };
    }
}
