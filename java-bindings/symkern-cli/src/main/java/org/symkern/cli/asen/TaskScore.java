package org.symkern.cli.asen;

import org.symkern.asen.AsenTrainer;

/**
 * One task's metrics on one sample set: the training loss (cross-entropy, or range-scaled L1 for regression), the
 * accuracy (per node for equivariant tasks, per sequence for invariant classification) and the exact-match rate per
 * sequence (every node right; equal to the accuracy for invariant tasks). For regression tasks the accuracy is the
 * rate of predictions that round to the label, and {@code meanAbsError} is the unscaled test L1, mean |y_hat - y| (the
 * paper's invariant metric; NaN for the other targets), while {@code loss} is the training loss, labelScale * mean |y_hat - y|;
 * {@code labelErrors} is the unscaled L1 per label value (regression only, null otherwise).
 */
public record TaskScore(String task, String group, int samples, double loss, double accuracy, double exactMatch, double meanAbsError,
                        AsenTrainer.LabelErrors labelErrors) implements java.io.Serializable {
    static TaskScore of(String task, String group, AsenTrainer.Evaluation e) {
        return new TaskScore(task, group, e.samples(), e.loss(), e.accuracy(), e.exactMatch(), e.meanAbsError(), e.labelErrors());
    }
}
