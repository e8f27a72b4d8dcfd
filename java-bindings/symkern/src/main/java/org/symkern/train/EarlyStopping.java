package org.symkern.train;

/**
 * Early stopping on a score to maximize (validation accuracy): an epoch improves when its score is strictly greater
 * than the best so far (so on ties the earlier epoch stays best); training should stop once `patience` epochs in a
 * row have not improved. patience &lt;= 0 turns stopping off while still tracking the best epoch. A NaN score never
 * improves.
 */
public final class EarlyStopping {
    private final int patience;
    private int bestEpoch;
    private double bestScore = Double.NEGATIVE_INFINITY;
    private int sinceBest;

    /** A tracker that stops after {@code patience} epochs without a better score. */
    public EarlyStopping(int patience) {
        this.patience = patience;
    }

    /** A tracker continuing from a saved state (as read back from a checkpoint). */
    public static EarlyStopping restore(int patience, int bestEpoch, double bestScore, int epochsWithoutImprovement) {
        if (bestEpoch < 0 || epochsWithoutImprovement < 0)
            throw new IllegalArgumentException("EarlyStopping: best epoch " + bestEpoch + " and epochs without improvement "
                    + epochsWithoutImprovement + " must be >= 0");
        EarlyStopping e = new EarlyStopping(patience);
        e.bestEpoch = bestEpoch;
        e.bestScore = bestEpoch == 0 ? Double.NEGATIVE_INFINITY : bestScore;
        e.sinceBest = epochsWithoutImprovement;
        return e;
    }

    /** Records the score of `epoch` (increasing from call to call); returns true when it is a new best. */
    public boolean update(int epoch, double score) {
        if (epoch <= bestEpoch) throw new IllegalArgumentException("EarlyStopping: epoch " + epoch + " after best epoch " + bestEpoch);
        if (score > bestScore) {
            bestScore = score;
            bestEpoch = epoch;
            sinceBest = 0;
            return true;
        }
        sinceBest++;
        return false;
    }

    /** true once patience > 0 epochs in a row have not improved. */
    public boolean shouldStop() {
        return patience > 0 && sinceBest >= patience;
    }

    /** The patience in epochs. */
    public int patience() {
        return patience;
    }

    /** The best epoch so far (0 before any improvement). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best score so far (NaN before any improvement). */
    public double bestScore() {
        return bestEpoch == 0 ? Double.NaN : bestScore;
    }

    /** Epochs since the best one (all epochs so far when none improved). */
    public int epochsWithoutImprovement() {
        return sinceBest;
    }
}
