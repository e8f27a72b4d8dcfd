package org.symkern.explain.metrics;

/**
 * Explanation AUC: the area under the ROC curve of explanation scores against binary ground-truth labels (e.g. edge
 * mask values against "is a motif edge" on BA-Shapes, Ying et al. 2019),
 * <pre>
 *   AUC = P(s_pos &gt; s_neg) + 1/2 P(s_pos = s_neg)
 *       = (sum of the (mid-)ranks of the positives - P (P + 1) / 2) / (P N)        (Mann-Whitney U)
 * </pre>
 * over all P positive and N negative items, ties counted one half (mid-ranks), which equals the trapezoidal area
 * under the ROC curve. 1 = every positive scored above every negative, 0.5 = chance.
 */
public final class ExplanationAuc {
    private ExplanationAuc() {}

    public static double rocAuc(float[] scores, int[] labels) {
        if (scores == null || labels == null || scores.length != labels.length)
            throw new IllegalArgumentException("ROC AUC: " + (scores == null ? "no" : scores.length) + " scores and " + (labels == null ? "no" : labels.length) + " labels");
        long pos = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) throw new IllegalArgumentException("ROC AUC: label " + i + " is " + labels[i] + ", must be 0 or 1");
            if (Float.isNaN(scores[i])) throw new IllegalArgumentException("ROC AUC: score " + i + " is NaN");
            pos += labels[i];
        }
        long neg = labels.length - pos;
        if (pos == 0 || neg == 0) throw new IllegalArgumentException("ROC AUC: needs both classes, got " + pos + " positive and " + neg + " negative labels");
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
        double rankSum = 0;
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) j++;
            double midRank = (i + j) / 2.0 + 1;                    // ranks are 1-based
            for (int k = i; k <= j; k++) if (labels[order[k]] == 1) rankSum += midRank;
            i = j + 1;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }
}
