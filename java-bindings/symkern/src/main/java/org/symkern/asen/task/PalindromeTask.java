package org.symkern.asen.task;

import java.util.SplittableRandom;

import org.symkern.group.PermutationGroups;

/**
 * Palindrome (IsPalindromeDataset, docs/asen.md, section Tasks, rows 1 and 9). Draw n uniform digits; with probability 1/2
 * overwrite a window of length L (= 4) at a uniform start in [0, n-L] by a random palindrome (random first half,
 * mirrored). Let W be the set of windows [s, s+L) that read the same reversed. A sample with nothing inserted and W
 * non-empty is rejected, so W is empty exactly when nothing was inserted.
 * <ul>
 *   <li>equivariant (n = 10): y_i = 1 iff position i lies in some window of W (the inserted window plus every
 *       accidental palindromic window);</li>
 *   <li>invariant (n = 8): y = 1 iff a palindrome was inserted (equivalently W is non-empty); regression label with
 *       out_dim 2 (scale 1).</li>
 * </ul>
 * Tokens are the digits 0..vocab-1 (vocab 10). Group: the reversal Z2 = {id, i -> n-1-i} (K = 50 / 32).
 */
final class PalindromeTask extends AbstractTask {
    private final int length;

    PalindromeTask(Kind kind, int n, int vocab, int length) {
        super("palindrome", kind == Kind.EQUIVARIANT ? Target.NODE_MASK : Target.REGRESSION, n, vocab,
                PermutationGroups.reversalGroup(n), 1f, 99);
        if (length < 2 || length > n) throw new IllegalArgumentException("palindrome: length " + length + " outside [2, " + n + "]");
        this.length = length;
    }

    @Override
    boolean draw(SplittableRandom r, int[] x, int[] y, float[] value) {
        int n = x.length;
        uniform(r, x, 0, vocabSize());
        boolean insert = r.nextDouble() > 0.5;
        if (insert) {
            int s = r.nextInt(0, n - length + 1);
            for (int k = 0; k < (length + 1) / 2; ++k) {
                int v = r.nextInt(0, vocabSize());
                x[s + k] = v;
                x[s + length - 1 - k] = v;
            }
        }
        label(x, y, value);
        return insert || value[0] == 0f;        // nothing inserted: no palindromic window allowed
    }

    /** y = union of the palindromic windows; value = 1 iff there is one (= a palindrome was inserted). */
    @Override
    boolean label(int[] x, int[] y, float[] value) {
        boolean any = false;
        for (int s = 0; s + length <= x.length; ++s) {
            if (!isPalindrome(x, s, length)) continue;
            any = true;
            for (int k = s; k < s + length; ++k) y[k] = 1;
        }
        value[0] = any ? 1f : 0f;
        return true;
    }
}
