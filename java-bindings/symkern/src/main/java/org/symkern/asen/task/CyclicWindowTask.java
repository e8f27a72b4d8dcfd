package org.symkern.asen.task;

import java.util.SplittableRandom;

import org.symkern.group.PermutationGroups;

/**
 * Cyclic window tasks (MaxCyclicSumDataset and its variants, docs/asen.md, section Tasks, rows 3 and 11). Tokens are uniform
 * in {0..vocab-1}; for each start i the cyclic window of length L (= 4) has the score
 * <pre>
 *   sum:             S_i = x_i + x_{i+1} + x_{i+2} + x_{i+3}
 *   product:         S_i = x_i * x_{i+1} * x_{i+2} * x_{i+3}
 *   alternating sum: S_i = x_i - x_{i+1} + x_{i+2} - x_{i+3}        (indices mod n)
 * </pre>
 * A sample whose maximum score is attained at more than one start is rejected. Label:
 * <ul>
 *   <li>equivariant (n = 10, vocab 7): y_{(i* + k) mod n} = 1 for k = 0..L-1, with i* the unique argmax;</li>
 *   <li>invariant (cyclic sum only, n = 8, vocab 10): the maximum window sum as a regression value, out_dim 4n
 *       (scale 1/(4n - 1)). The unique-maximum rejection is kept there too (same dataset class).</li>
 * </ul>
 * Group: the dihedral group D_n acting on the cycle (K = 6 / 5). Note that the alternating sum is not reversal
 * symmetric (a reflected window has score -S_i), so for that task the reference's group is only approximately right.
 */
final class CyclicWindowTask extends AbstractTask {
    /** The window score. */
    enum Score { SUM, PRODUCT, ALTERNATING_SUM }

    private final Score score;
    private final int length;

    CyclicWindowTask(Score score, Kind kind, int n, int vocab, int length) {
        super(name(score), kind == Kind.EQUIVARIANT ? Target.NODE_MASK : Target.REGRESSION, n, vocab,
                PermutationGroups.dihedral(n), kind == Kind.EQUIVARIANT ? 1f : 1f / (4 * n - 1), 42);
        if (kind == Kind.INVARIANT && score != Score.SUM) throw new IllegalArgumentException("only the cyclic sum has an invariant variant");
        if (length < 1 || length > n) throw new IllegalArgumentException(name() + ": window length " + length + " outside [1, " + n + "]");
        this.score = score;
        this.length = length;
    }

    private static String name(Score s) {
        return switch (s) {
            case SUM -> "cyclicsum";
            case PRODUCT -> "cyclicprod";
            case ALTERNATING_SUM -> "cyclicaltsum";
        };
    }

    /** The score of the cyclic window starting at i. */
    long score(int[] x, int i) {
        int n = x.length;
        long s = score == Score.PRODUCT ? 1 : 0;
        for (int k = 0; k < length; ++k) {
            int v = x[(i + k) % n];
            switch (score) {
                case SUM -> s += v;
                case PRODUCT -> s *= v;
                case ALTERNATING_SUM -> s += (k % 2 == 0) ? v : -v;
            }
        }
        return s;
    }

    @Override
    boolean draw(SplittableRandom r, int[] x, int[] y, float[] value) {
        uniform(r, x, 0, vocabSize());
        return label(x, y, value);
    }

    /** The mask of the unique best window and its score; false when the best score is attained twice. */
    @Override
    boolean label(int[] x, int[] y, float[] value) {
        int n = x.length;
        long best = Long.MIN_VALUE;
        int arg = -1, ties = 0;
        for (int i = 0; i < n; ++i) {
            long s = score(x, i);
            if (s > best) {
                best = s;
                arg = i;
                ties = 1;
            } else if (s == best) {
                ++ties;
            }
        }
        if (ties > 1) return false;
        for (int k = 0; k < length; ++k) y[(arg + k) % n] = 1;
        value[0] = best;
        return true;
    }
}
