package org.symkern.train;

/**
 * Classification metrics from a confusion matrix C (rows: true class, columns: predicted class). With
 * recall_c = C[c][c] / sum_j C[c][j] and precision_c = C[c][c] / sum_i C[i][c], the macro averages are unweighted
 * means over the classes that occur in the truth (rows with examples), counting an undefined precision (a class
 * never predicted) as 0.
 */
public final class Metrics {
    /** confusion[truth][predicted] counts. */
    public final long[][] confusion;

    /** Empty metrics for {@code classes} classes. */
    public Metrics(int classes) {
        confusion = new long[classes][classes];
    }

    /** Number of classes. */
    public int classes() {
        return confusion.length;
    }

    /** Counts one prediction. */
    public void add(int truth, int predicted) {
        if (truth < 0 || truth >= confusion.length || predicted < 0 || predicted >= confusion.length)
            throw new IllegalArgumentException("Metrics: class " + (truth < 0 || truth >= confusion.length ? "truth " + truth
                    : "prediction " + predicted) + " is outside [0, " + confusion.length + ")");
        confusion[truth][predicted]++;
    }

    /** Number of predictions counted. */
    public long total() {
        long n = 0;
        for (long[] row : confusion) for (long v : row) n += v;
        return n;
    }

    /** Fraction of correct predictions (0 when empty). */
    public double accuracy() {
        long ok = 0;
        for (int c = 0; c < confusion.length; c++) ok += confusion[c][c];
        long n = total();
        return n == 0 ? 0 : ok / (double) n;
    }

    /** Recall of class c (NaN when the class has no examples). */
    public double recall(int c) {
        long row = 0;
        for (long v : confusion[c]) row += v;
        return row == 0 ? Double.NaN : confusion[c][c] / (double) row;
    }

    /** Precision of class c (NaN when the class was never predicted). */
    public double precision(int c) {
        long col = 0;
        for (long[] r : confusion) col += r[c];
        return col == 0 ? Double.NaN : confusion[c][c] / (double) col;
    }

    /** Unweighted mean of per-class recall over classes that occur. */
    public double macroRecall() {
        return macro(this::recall);
    }

    /** Unweighted mean of per-class precision over classes that occur (0 where a class was never predicted). */
    public double macroPrecision() {
        return macro(c -> {
            double p = precision(c);
            return Double.isNaN(p) ? 0 : p;
        });
    }

    private double macro(java.util.function.IntToDoubleFunction perClass) {
        double sum = 0;
        int k = 0;
        for (int c = 0; c < confusion.length; c++) {
            if (Double.isNaN(recall(c))) continue;
            sum += perClass.applyAsDouble(c);
            k++;
        }
        return k == 0 ? 0 : sum / k;
    }

    /** Unweighted mean of per-class F1 over classes that occur (F1 = 0 where precision is undefined). */
    public double macroF1() {
        double sum = 0;
        int k = 0;
        for (int c = 0; c < confusion.length; c++) {
            double r = recall(c);
            if (Double.isNaN(r)) continue;
            double p = precision(c);
            sum += (Double.isNaN(p) || p + r == 0) ? 0 : 2 * p * r / (p + r);
            k++;
        }
        return k == 0 ? 0 : sum / k;
    }

    /**
     * The metrics as plain values (for JSON reports): per-class arrays are indexed by class, NaN where undefined
     * (recall of a class without examples, precision of a class never predicted); the confusion matrix is a copy.
     */
    public record Summary(long total, double accuracy, double macroPrecision, double macroRecall, double macroF1,
                          double[] perClassRecall, double[] perClassPrecision, long[][] confusion) implements java.io.Serializable {}

    /** Accuracy, macro precision / recall / F1 and the per-class figures. */
    public Summary summary() {
        int k = confusion.length;
        double[] r = new double[k], p = new double[k];
        long[][] copy = new long[k][];
        for (int c = 0; c < k; c++) {
            r[c] = recall(c);
            p[c] = precision(c);
            copy[c] = confusion[c].clone();
        }
        return new Summary(total(), accuracy(), macroPrecision(), macroRecall(), macroF1(), r, p, copy);
    }
}
