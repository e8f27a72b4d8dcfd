package org.symkern.cli.explain;

import org.symkern.explain.BaShapesBenchmark;

/**
 * How much of the explanation experiment to run.
 *
 * @param name   "micro" (tests), "quick" (CI: a few minutes on embedded data) or "full" (the committed report)
 * @param seeds  training seeds per arm (the report gives mean ± std over them)
 * @param images RotMNIST-10k budget
 * @param ecg    MIT-BIH intra-patient budget
 * @param graphs PROTEINS budget (fold 0 of the seed's 10-fold cross-validation)
 * @param baShapes BA-Shapes budget (training epochs and explained motif nodes, 0 = all)
 * @param shapSamples Kernel SHAP coalitions per example
 * @param igSteps  integrated-gradients steps
 * @param gradShapSamples GradientSHAP samples
 */
public record ExplainPreset(String name, int seeds, Domain images, Domain ecg, Domain graphs, BaShapesBudget baShapes, int shapSamples,
                            int igSteps, int gradShapSamples) {
    /**
     * One domain's budget: training (epochs, batch, Adam rate on a cosine schedule, the first `trainLimit` training examples,
     * 0 = all), the evaluation set (the first `eval` examples of the seed's test part; 0 = all), the examples on which the
     * expensive parts run (Kernel SHAP and GradientSHAP: `shapEval`; the randomisation sanity check and the explanation
     * equivariance: `checkEval`, at most {@link #COSTLY_CHECKS} for the two costly methods), and the deletion / insertion
     * step (locations per step).
     */
    /** At most this many examples on which Kernel SHAP, GradientSHAP and GNNExplainer also run the equivariance and sanity checks (each check repeats the explanation). */
    public static final int COSTLY_CHECKS = 10;

    public record Domain(int epochs, int batch, float lr, int trainLimit, int eval, int shapEval, int checkEval, int step) {
        public Domain {
            if (epochs <= 0 || batch <= 0 || !(lr > 0) || trainLimit < 0 || eval < 0 || shapEval < 0 || checkEval < 0 || step <= 0)
                throw new IllegalArgumentException("explain preset: bad domain budget " + this);
        }
    }

    /**
     * BA-Shapes: node-classifier training epochs, learning rate and weight decay (the classifier is the GNNExplainer
     * authors' layer, {@code GcnNodeClassifier.Aggregation.SUM_L2}), explained motif nodes (0 = all), GNNExplainer epochs.
     */
    public record BaShapesBudget(int epochs, float lr, float weightDecay, int nodes, int explainerEpochs) {}

    public ExplainPreset {
        if (seeds <= 0) throw new IllegalArgumentException("explain preset " + name + ": seeds must be positive");
    }

    /** Unit tests: tiny subsets, one seed, one epoch. */
    public static ExplainPreset micro() {
        return new ExplainPreset("micro", 1, new Domain(1, 64, 3e-3f, 200, 3, 1, 1, 28), new Domain(1, 64, 3e-3f, 300, 4, 1, 1, 9),
                new Domain(1, 32, 5e-3f, 120, 3, 1, 1, 4), new BaShapesBudget(30, 0.01f, 0f, 3, 20), 128, 4, 4);
    }

    /** CI: a few minutes on 2 cores, embedded data only, 2 seeds on small subsets and evaluation sets (a smoke test of the pipeline). */
    public static ExplainPreset quick() {
        return new ExplainPreset("quick", 2, new Domain(1, 64, 3e-3f, 500, 8, 2, 2, 28), new Domain(1, 64, 3e-3f, 1000, 12, 2, 2, 9),
                new Domain(3, 64, 5e-3f, 0, 8, 2, 2, 2), new BaShapesBudget(300, 0.01f, 0f, 6, 100), 160, 8, 8);
    }

    /**
     * The committed report: the SALF experiment's full training budgets (RotMNIST-10k: all 7,000 training digits, 6 epochs;
     * MIT-BIH: all training beats, 5 epochs; PROTEINS: 20 epochs), 500 explained digits and 500 beats per model with every
     * method, all test graphs of fold 0, all BA-Shapes motif nodes; about an hour on each of two cores.
     */
    public static ExplainPreset full() {
        return new ExplainPreset("full", 3, new Domain(6, 64, 2e-3f, 0, 500, 500, 40, 28), new Domain(5, 64, 2e-3f, 0, 500, 500, 40, 9),
                new Domain(20, 64, 5e-3f, 0, 0, 1000, 20, 2), new BaShapesBudget(BaShapesBenchmark.Options.EPOCHS, BaShapesBenchmark.Options.LR,
                BaShapesBenchmark.Options.WEIGHT_DECAY, 0, 100), 200, 16, 16);
    }

    public static ExplainPreset named(String name) {
        return switch (name) {
            case "micro" -> micro();
            case "quick" -> quick();
            case "full" -> full();
            default -> throw new IllegalArgumentException("unknown explain preset '" + name + "' (expected quick or full)");
        };
    }

    public Domain budget(String domain) {
        return switch (domain) {
            case "rotmnist" -> images;
            case "mitbih" -> ecg;
            case "proteins" -> graphs;
            default -> throw new IllegalArgumentException("no explain budget for domain '" + domain + "'");
        };
    }

    public ExplainPreset withSeeds(int s) {
        return new ExplainPreset(name, s, images, ecg, graphs, baShapes, shapSamples, igSteps, gradShapSamples);
    }
}
