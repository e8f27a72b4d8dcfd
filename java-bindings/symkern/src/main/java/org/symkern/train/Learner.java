package org.symkern.train;

import org.symkern.nn.Module;
import org.symkern.tensor.Tensor;

/**
 * A classifier and its dataset as the generic training loop ({@code Fit}) sees them: examples are addressed by an
 * index into the learner's own dataset, and the learner builds each batch (images, beats, block-diagonal graphs)
 * itself. The loop owns shuffling, scopes, optimizer steps, evaluation, schedules, early stopping and checkpoints.
 */
public interface Learner {
    /** The trained model (its parameters, buffers and train/eval mode). */
    Module module();

    /** Number of classes; logits have this many columns. */
    int classes();

    /** Ground-truth class of example `i`. */
    int label(int i);

    /**
     * The training loss of the examples idx[from, to): a scalar tensor attached to the autograd graph (task loss plus
     * any regularizer). Called with gradients enabled and the module in training mode, inside a per-step scope.
     */
    Tensor loss(int[] idx, int from, int to);

    /**
     * Logits (to - from, classes) of the examples idx[from, to). Called with gradients disabled and the module in
     * evaluation mode, inside a per-batch scope.
     */
    Tensor logits(int[] idx, int from, int to);
}
