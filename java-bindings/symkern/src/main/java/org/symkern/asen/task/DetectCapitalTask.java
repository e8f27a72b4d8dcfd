package org.symkern.asen.task;

import java.util.SplittableRandom;

import org.symkern.group.PermutationGroups;

/**
 * Detect Capital (DetectCapitalDataset, docs/asen.md, section Tasks, row 7; invariant, n = 8). Characters are uniform over
 * the 52 letters, encoded a..z -> 0..25 and A..Z -> 26..51. Label 1 iff the word is all upper case, all lower case,
 * or upper case first and lower case after; a regression value with out_dim 2 (scale 1). The data set is balanced
 * exactly by rejection: a word is accepted only while its class has fewer than ceil(count/2) samples (class 1 has
 * about 3 / 2^8 of the proposals). Unlike the reference, the accepted words are shuffled at the end, so any prefix
 * is balanced too.
 * Group: S_{n-1} on positions 1..n-1, fixing position 0 (K = 5).
 */
final class DetectCapitalTask extends AbstractTask {
    static final int LETTERS = 26;

    DetectCapitalTask(int n) {
        super("detectcapital", Target.REGRESSION, n, 2 * LETTERS, PermutationGroups.fixingFirst(n), 1f, 42);
    }

    static boolean isUpper(int token) {
        return token >= LETTERS;
    }

    /** All upper, all lower, or first upper and the rest lower. */
    static boolean capitalUsedRight(int[] x) {
        boolean allUpper = true, restLower = true;
        for (int i = 0; i < x.length; ++i) {
            allUpper &= isUpper(x[i]);
            if (i > 0) restLower &= !isUpper(x[i]);
        }
        return allUpper || restLower;
    }

    @Override
    boolean draw(SplittableRandom r, int[] x, int[] y, float[] value) {
        uniform(r, x, 0, vocabSize());
        return label(x, y, value);
    }

    @Override
    boolean label(int[] x, int[] y, float[] value) {
        value[0] = capitalUsedRight(x) ? 1f : 0f;
        return true;
    }

    @Override
    public TaskSamples sample(int count, long seed) {
        if (count < 0) throw new IllegalArgumentException(name() + ": sample count " + count + " is negative");
        SplittableRandom r = new SplittableRandom(seed);
        int cap = (count + 1) / 2;
        int[] have = new int[2];
        int[][] x = new int[count][];
        float[] v = new float[count];
        int[] unused = new int[n()];
        float[] value = new float[1];
        for (int k = 0; k < count; ) {
            int[] word = new int[n()];
            draw(r, word, unused, value);
            int c = (int) value[0];
            if (have[c] >= cap) continue;
            ++have[c];
            x[k] = word;
            v[k++] = c;
        }
        shuffle(r, x, v);
        return TaskSamples.values(this, x, v);
    }

    /** Fisher-Yates on rows and values together. */
    static void shuffle(SplittableRandom r, int[][] x, float[] v) {
        for (int i = x.length - 1; i > 0; --i) {
            int j = r.nextInt(i + 1);
            int[] t = x[i];
            x[i] = x[j];
            x[j] = t;
            float u = v[i];
            v[i] = v[j];
            v[j] = u;
        }
    }
}
