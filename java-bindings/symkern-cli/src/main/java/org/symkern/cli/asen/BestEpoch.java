package org.symkern.cli.asen;

import org.symkern.nn.Module;

/**
 * Model selection on validation: after every epoch the validation loss is offered; the first epoch with the lowest
 * finite loss is kept, together with a snapshot of the model's parameters at that epoch, which {@link #restore}
 * writes back so that the test figures are those of the selected epoch (the test set plays no part in the choice).
 */
public final class BestEpoch {
    private int epoch = 0;
    private double loss = Double.POSITIVE_INFINITY;
    private ParameterSnapshot snapshot;

    /**
     * Offers epoch {@code e}'s validation loss; when it is lower than every earlier one (NaN never is), the model's
     * parameters are copied. Returns whether this epoch is the new best.
     */
    public boolean offer(int e, double valLoss, Module model) {
        if (!(valLoss < loss)) return false;
        epoch = e;
        loss = valLoss;
        snapshot = model == null ? null : ParameterSnapshot.of(model);
        return true;
    }

    /** The selected epoch (1-based; 0 before any finite loss was offered). */
    public int epoch() {
        return epoch;
    }

    /** The selected epoch's validation loss (+inf before any finite loss). */
    public double loss() {
        return loss;
    }

    /** Writes the selected epoch's parameters into {@code model}; without a selected epoch the model is left as it is. */
    public void restore(Module model) {
        if (snapshot != null) snapshot.restore(model);
    }
}
