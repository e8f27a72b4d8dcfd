package org.symkern.cli.asen;

import org.symkern.asen.AsenTrainer;

/**
 * One task's metrics on one sample set: the training loss (cross-entropy, or range-scaled L1 for regression), the
 * accuracy (per node for equivariant tasks, per sequence for invariant classification) and the exact-match rate per
 * sequence (every node right; equal to the accuracy for invariant tasks).
 */
public record TaskScore(String task, String group, int samples, double loss, double accuracy, double exactMatch) implements java.io.Serializable {
    static TaskScore of(String task, String group, AsenTrainer.Evaluation e) {
        return new TaskScore(task, group, e.samples(), e.loss(), e.accuracy(), e.exactMatch());
    }
}
