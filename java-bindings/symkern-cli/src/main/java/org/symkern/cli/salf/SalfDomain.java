package org.symkern.cli.salf;

import java.util.List;
import java.util.Map;

import org.symkern.train.Learner;

/**
 * One dataset of the SALF experiments with its protocol: how it is split, which model each arm trains, and which
 * transformed test sets measure robustness (TR%).
 */
public interface SalfDomain {
    /** Indices of one training / validation / test partition (a seeded split or a cross-validation fold) of the seed's data. */
    record Split(String name, long seed, int[] train, int[] validation, int[] test) {}

    /** Short key used in file names and JSON ("rotmnist", "mitbih", "proteins"). */
    String key();

    /** A human-readable title for the report. */
    String title();

    /** The protocol in a sentence or two: data, split, selection, what "test" means. */
    String protocol();

    /** The partitions to train on for one seed (one for a seeded split, k for cross-validation). */
    List<Split> splits(long seed);

    /**
     * A fresh model for `arm` wrapped with the split's dataset and loss (lambda used only by the regularized arm); the
     * split is one returned by {@link #splits} for the same seed (its data may depend on it, e.g. attributes
     * standardized with the split's training part).
     */
    Learner learner(SalfArm arm, Split split, float lambda, float margin, long seed);

    /**
     * What rebuilds the arm's model ({@link org.symkern.models.Models#build}): {@link #learner} trains exactly this model,
     * and {@code train --save} stores it with the weights.
     */
    org.symkern.models.ModelSpec spec(SalfArm arm, Split split);

    /** Shape of one input example without the batch axis (graphs: the node feature size). */
    long[] inputShape();

    /** One name per class, in label order. */
    List<String> classNames();

    /** A one-line description of the arm's model (architecture and width). */
    String model(SalfArm arm);

    /**
     * Accuracies of the trained learner on transformed copies of the split's test set, keyed by the transformation
     * (e.g. "time-reversed"); empty when the domain has none.
     */
    Map<String, Double> transformedTests(Learner trained, Split split, int batch);
}
