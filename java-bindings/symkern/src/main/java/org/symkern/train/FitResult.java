package org.symkern.train;

import java.util.List;

/**
 * The outcome of {@link Fit#run}.
 *
 * @param history               one record per epoch run (resumed runs include the epochs of the earlier process)
 * @param bestEpoch             the epoch whose weights the module holds after the run: the first epoch with the highest
 *                              validation accuracy, or the last epoch when there is no validation set
 * @param bestValAccuracy       validation accuracy of bestEpoch (NaN without a validation set)
 * @param test                  metrics on the test indices with the best-epoch weights; null when there are none
 * @param trainSecondsPerEpoch  mean of {@link EpochRecord#seconds()} over the history
 * @param inferenceMsPerBatch   mean wall time in ms of one evaluation forward (logits to host) of a batch of at most
 *                              cfg.batch() examples, over the final test evaluation (or over a validation pass with
 *                              the best weights when there is no test set; NaN when there is neither)
 * @param peakNativeBytes       highest native memory in use on the module's device during this call, minus the amount
 *                              in use when it started (this process only, not the epochs of a resumed-from process)
 * @param parameters            number of trainable parameter elements
 * @param resumed               true when the run continued from (or just restored) an existing checkpoint
 * @param stoppedEarly          true when early stopping ended the run before cfg.epochs()
 */
public record FitResult(List<EpochRecord> history, int bestEpoch, double bestValAccuracy, Metrics test,
                        double trainSecondsPerEpoch, double inferenceMsPerBatch, long peakNativeBytes, long parameters,
                        boolean resumed, boolean stoppedEarly) {
    /** Checks the components and copies the history. */
    public FitResult {
        history = List.copyOf(history);
    }

    /** The record of the best epoch. */
    public EpochRecord best() {
        return history.get(bestEpoch - 1);
    }
}
