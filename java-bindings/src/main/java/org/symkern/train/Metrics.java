package org.symkern.train;

/** Classification metrics from a confusion matrix (rows: true class, columns: predicted class). */
public final class Metrics {
    public final long[][] confusion;

    public Metrics(int classes) {
        confusion = new long[classes][classes];
    }

    public void add(int truth, int predicted) {
        confusion[truth][predicted]++;
    }

    public long total() {
        long n = 0;
        for (long[] row : confusion) for (long v : row) n += v;
        return n;
    }

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
}
