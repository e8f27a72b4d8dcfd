package org.symkern.asen.task;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.symkern.group.PermutationGroups;

/**
 * Monotone Run and Constant Run (MonotoneConstRunDataset, docs/asen.md, section Tasks, row 2; equivariant, n = 10, digits
 * 0..9, run length L = 4). Draw n uniform digits; with probability 1/2 overwrite a window of length L at a uniform
 * start by
 * <ul>
 *   <li>monotone: a strictly increasing block low, low+1, .., low+L-1 with low ~ U{0..5}, or (fair coin) a strictly
 *       decreasing block high, .., high-L+1 with high ~ U{3..9};</li>
 *   <li>constant: L copies of a uniform digit.</li>
 * </ul>
 * Then split the sequence into maximal runs [s, e) under each comparator (monotone: strictly increasing and strictly
 * decreasing, runs of both pooled; constant: equal neighbours). Rejected: a sample whose maximum run length is
 * attained by more than one run (ties), and a sample with nothing inserted whose longest run has length >= L.
 * Label: the mask of the unique longest run when a block was inserted, otherwise all zeros.
 * Group: the reversal Z2 (the reference reuses the palindrome generators; K = 50).
 */
final class RunTask extends AbstractTask {
    private final boolean monotone;
    private final int length;

    RunTask(boolean monotone, int n, int vocab, int length) {
        super(monotone ? "monotone" : "constant", Target.NODE_MASK, n, vocab, PermutationGroups.reversalGroup(n), 1f, 42);
        if (length < 2 || length > n) throw new IllegalArgumentException(name() + ": run length " + length + " outside [2, " + n + "]");
        if (monotone && vocab <= length) throw new IllegalArgumentException("monotone: vocabulary " + vocab + " is shorter than a run of " + length);
        this.monotone = monotone;
        this.length = length;
    }

    @Override
    boolean draw(SplittableRandom r, int[] x, int[] y, float[] value) {
        int n = x.length;
        uniform(r, x, 0, vocabSize());
        boolean insert = r.nextDouble() > 0.5;
        if (insert) {
            int s = r.nextInt(0, n - length + 1);
            if (!monotone) {
                int v = r.nextInt(0, vocabSize());
                for (int k = 0; k < length; ++k) x[s + k] = v;
            } else if (r.nextBoolean()) {
                int low = r.nextInt(0, vocabSize() - length);          // U{0..5} for digits 0..9, L = 4 (as the reference)
                for (int k = 0; k < length; ++k) x[s + k] = low + k;
            } else {
                int high = r.nextInt(length - 1, vocabSize());          // U{3..9}
                for (int k = 0; k < length; ++k) x[s + k] = high - k;
            }
        }
        if (!label(x, y, value)) return false;                 // tie for the longest run
        boolean longRun = value[0] >= length;
        return insert == longRun;             // inserted: the longest run has >= L; not inserted: reject a long run
    }

    /**
     * The mask of the unique longest run when it has length >= L, else zeros; value[0] = that run's length. False
     * when the longest length is attained by several runs.
     */
    @Override
    boolean label(int[] x, int[] y, float[] value) {
        List<int[]> runs = monotone ? runs(x, +1) : runs(x, 0);
        if (monotone) runs.addAll(runs(x, -1));
        int best = 0, ties = 0;
        int[] longest = null;
        for (int[] run : runs) {
            int len = run[1] - run[0];
            if (len > best) {
                best = len;
                ties = 1;
                longest = run;
            } else if (len == best) {
                ++ties;
            }
        }
        if (ties > 1) return false;
        java.util.Arrays.fill(y, 0);
        if (best >= length) for (int k = longest[0]; k < longest[1]; ++k) y[k] = 1;
        value[0] = best;
        return true;
    }

    /**
     * The maximal runs [s, e) of x in which every neighbour pair satisfies the comparator: direction +1 strictly
     * increasing, -1 strictly decreasing, 0 equal.
     */
    static List<int[]> runs(int[] x, int direction) {
        List<int[]> out = new ArrayList<>();
        int s = 0;
        for (int k = 1; k <= x.length; ++k) {
            boolean continues = k < x.length && Integer.signum(x[k] - x[k - 1]) == direction;
            if (!continues) {
                out.add(new int[] {s, k});
                s = k;
            }
        }
        return out;
    }
}
