package org.symkern.asen.task;

import java.util.SplittableRandom;

import org.symkern.group.PermutationGroups;

/**
 * Sign of a permutation (the Vandermonde data set, docs/asen.md, section Tasks, row 12, and docs/groups.md, section The alternating group; invariant, n = 8): n
 * distinct integers drawn uniformly from {1..vocab} (vocab 10; tokens therefore lie in [0, vocab + 1)). Label 1 iff
 * the number of inversions is even (the sign of prod_{i<j} (x_j - x_i) is +1), else 0.
 *
 * <p>symkern trains this task as two-class classification with cross-entropy (the reference regresses it with L1;
 * either way chance is 50%). The label is invariant under A_n and flips under every transposition. Group: A_n by
 * all 3-cycles (K = 2, the same 2-orbits as S_n): a 2-closure ASEN model is S_n-invariant and cannot fit it.
 */
final class SignTask extends AbstractTask {
    private final int maxValue;

    SignTask(int n, int maxValue) {
        super("sign", Target.CLASSIFICATION, n, maxValue + 1, PermutationGroups.alternating(n), 1f, 42);
        if (maxValue < n) throw new IllegalArgumentException("sign: cannot draw " + n + " distinct values from 1.." + maxValue);
        this.maxValue = maxValue;
    }

    static int inversions(int[] x) {
        int inv = 0;
        for (int i = 0; i < x.length; ++i)
            for (int j = i + 1; j < x.length; ++j)
                if (x[i] > x[j]) ++inv;
        return inv;
    }

    @Override
    boolean draw(SplittableRandom r, int[] x, int[] y, float[] value) {
        int[] values = new int[maxValue];
        for (int v = 0; v < maxValue; ++v) values[v] = v + 1;
        for (int i = 0; i < x.length; ++i) {           // partial Fisher-Yates: n distinct values in random order
            int j = i + r.nextInt(maxValue - i);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
            x[i] = values[i];
        }
        return label(x, y, value);
    }

    /** 1 iff the inversion count is even; false unless the tokens are distinct values in 1..maxValue. */
    @Override
    boolean label(int[] x, int[] y, float[] value) {
        boolean[] seen = new boolean[maxValue + 1];
        for (int v : x) {
            if (v < 1 || v > maxValue || seen[v]) return false;
            seen[v] = true;
        }
        value[0] = inversions(x) % 2 == 0 ? 1f : 0f;
        return true;
    }
}
