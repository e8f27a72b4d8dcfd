package org.symkern.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded index permutations and stratified splits. */
public final class Split {
    private Split() {}

    /** 0..n-1 shuffled by Fisher-Yates with the seed. */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        shuffle(p, seed);
        return p;
    }

    /** Shuffles {@code a} in place (Fisher-Yates), seeded. */
    public static void shuffle(int[] a, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * Splits indices 0..labels.length-1 into parts of the given sizes (summing to at most the count),
     * stratified by label: each class is shuffled with the seed and dealt to the parts in proportion to
     * their sizes (largest-remainder rounding), so every part keeps the class balance. Each part is
     * returned shuffled.
     */
    public static int[][] stratified(int[] labels, int[] sizes, long seed) {
        int n = labels.length, total = 0;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException("negative split size " + s);
            total += s;
        }
        if (total > n) throw new IllegalArgumentException("split sizes sum to " + total + " but only " + n + " items exist");
        int classes = 0;
        for (int l : labels) classes = Math.max(classes, l + 1);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
        int[] order = permutation(n, seed);
        for (int i : order) byClass.get(labels[i]).add(i);

        // interleave the classes round-robin so that any prefix is class-balanced, then deal prefixes
        int[] dealt = new int[n];
        int k = 0;
        int[] pos = new int[classes];
        double[] rate = new double[classes];
        for (int c = 0; c < classes; c++) rate[c] = byClass.get(c).size() / (double) n;
        double[] credit = new double[classes];
        while (k < n) {
            int best = -1;
            for (int c = 0; c < classes; c++) {
                if (pos[c] >= byClass.get(c).size()) continue;
                credit[c] += rate[c];
                if (best < 0 || credit[c] > credit[best]) best = c;
            }
            credit[best] -= 1;
            dealt[k++] = byClass.get(best).get(pos[best]++);
        }
        int[][] parts = new int[sizes.length][];
        int from = 0;
        for (int p = 0; p < sizes.length; p++) {
            parts[p] = java.util.Arrays.copyOfRange(dealt, from, from + sizes[p]);
            from += sizes[p];
            shuffle(parts[p], seed + 1 + p);
        }
        return parts;
    }
}
