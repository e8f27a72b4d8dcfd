package org.symkern.cli.salf;

import java.util.List;

/**
 * How much of the SALF experiment set to run and with which training budget.
 *
 * @param name        "quick" (a few minutes on 2 CPU cores; CI runs it) or "full" (the report's figures)
 * @param seeds       seeds per configuration (the report gives mean ± std over them)
 * @param lambda      the regularizer weight of the SALF arm in the main, TR% and cost tables
 * @param margin      the margin m of L_asym
 * @param lambdaGrid  the sensitivity sweep's lambdas
 * @param sweepDomains domains (keys) on which the lambda sweep runs
 * @param headDomains  domains on which the extra ablation arm {@link SalfArm#HEAD} (asymmetric head, lambda = 0) runs
 * @param images      budget of RotMNIST-10k
 * @param trImages    budget of the images' TR% protocol (a second set of trainings)
 * @param ecg         budget of MIT-BIH (both protocols)
 * @param graphs      budget of PROTEINS (folds = how many of the 10 cross-validation folds are run)
 */
public record SalfPreset(String name, int seeds, float lambda, float margin, List<Float> lambdaGrid, List<String> sweepDomains,
                         List<String> headDomains, Budget images, Budget trImages, Budget ecg, Budget graphs) implements java.io.Serializable {
    /**
     * Training budget of one domain: at most `epochs` epochs (early stopping after `patience` epochs without a better
     * validation accuracy; 0 = none), mini-batches of `batch`, Adam with base rate `lr` on a cosine schedule, the first
     * `trainLimit` training examples of each split (0 = all), the first `folds` splits (0 = all), and `seeds` seeds
     * (0 = the preset's).
     */
    public record Budget(int epochs, int batch, float lr, int patience, int trainLimit, int folds, int seeds) implements java.io.Serializable {
        public Budget {
            if (epochs <= 0 || batch <= 0 || !(lr > 0) || trainLimit < 0 || folds < 0 || seeds < 0)
                throw new IllegalArgumentException("budget: epochs " + epochs + ", batch " + batch + ", lr " + lr + ", train limit "
                        + trainLimit + ", folds " + folds + ", seeds " + seeds + " out of range");
        }

        public Budget withEpochs(int e) {
            return new Budget(e, batch, lr, patience, trainLimit, folds, seeds);
        }
    }

    /** Seeds of a domain: its budget's, or the preset's. */
    public int seeds(String domain) {
        int s = budget(domain).seeds();
        return s > 0 ? s : seeds;
    }

    public SalfPreset {
        if (seeds <= 0) throw new IllegalArgumentException("preset " + name + ": seeds must be positive, got " + seeds);
        if (!(lambda >= 0) || !(margin > 0)) throw new IllegalArgumentException("preset " + name + ": lambda " + lambda + ", margin " + margin);
        lambdaGrid = List.copyOf(lambdaGrid);
        sweepDomains = List.copyOf(sweepDomains);
        headDomains = List.copyOf(headDomains);
    }

    /** The budget of a domain key. */
    public Budget budget(String domain) {
        return switch (domain) {
            case "rotmnist" -> images;
            case "rotmnist-tr" -> trImages;
            case "mitbih", "mitbih-inter" -> ecg;
            case "proteins" -> graphs;
            default -> throw new IllegalArgumentException("no budget for domain '" + domain + "'");
        };
    }

    /** The paper's lambda grid (seed paper, section 5.3). */
    public static final List<Float> PAPER_LAMBDAS = List.of(0.1f, 0.2f, 0.3f, 0.5f, 0.7f);

    /** A few minutes on 2 CPU cores: every table is produced on a small scale (subsets, 1-3 epochs, one seed, 2 folds). */
    public static SalfPreset quick() {
        return new SalfPreset("quick", 1, 0.3f, 1f, List.of(0.1f, 0.5f), List.of("mitbih"), List.of("rotmnist", "mitbih", "proteins"),
                new Budget(2, 64, 3e-3f, 0, 1500, 0, 0), new Budget(1, 64, 3e-3f, 0, 1500, 0, 0), new Budget(2, 64, 3e-3f, 0, 2000, 0, 0),
                new Budget(3, 64, 5e-3f, 0, 0, 2, 0));
    }

    /**
     * The report's figures within about an hour of 2 CPU cores (two processes side by side, see docs/results/salf.md):
     * three seeds for images and ECG (the full RotMNIST-10k training set; 8,000 training beats of the intra-patient
     * split), three seeds of the 10 PROTEINS folds, the paper's lambda grid on ECG, the extra head-only arm on images and
     * ECG. Short epoch budgets: a CPU-bound compromise, stated in the report.
     */
    public static SalfPreset full() {
        return new SalfPreset("full", 3, 0.3f, 1f, PAPER_LAMBDAS, List.of("mitbih"), List.of("rotmnist", "mitbih"),
                new Budget(6, 64, 2e-3f, 0, 0, 0, 0), new Budget(4, 64, 2e-3f, 0, 0, 0, 0), new Budget(5, 64, 2e-3f, 0, 8000, 0, 0),
                new Budget(20, 64, 5e-3f, 0, 0, 0, 0));
    }

    public static SalfPreset named(String name) {
        return switch (name) {
            case "quick" -> quick();
            case "full" -> full();
            default -> throw new IllegalArgumentException("unknown SALF preset '" + name + "' (expected quick or full)");
        };
    }

    public SalfPreset withSeeds(int s) {
        return new SalfPreset(name, s, lambda, margin, lambdaGrid, sweepDomains, headDomains, images, trImages, ecg, graphs);
    }
}
