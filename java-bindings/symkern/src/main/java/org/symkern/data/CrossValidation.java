package org.symkern.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Stratified, seeded k-fold cross-validation with an inner validation split, the protocol of Errica et
 * al. (ICLR 2020) for graph classification: for fold f the test part is fold f; the other k-1 folds are
 * split, stratified, into training and validation. Choose epochs and hyper-parameters on validation
 * accuracy only, then report the test accuracy of that choice; never select on the test fold (the
 * best-epoch-on-test protocol of Xu et al. 2019 is optimistic; docs/models.md, section PROTEINS and graph classification protocols).
 */
public final class CrossValidation {
    /** Indices of one fold's three disjoint parts; together they cover every item. */
    public static final class Fold {
        /** The item indices of the fold's training, validation and test parts. */
        public final int[] train, validation, test;

        Fold(int[] train, int[] validation, int[] test) {
            this.train = train;
            this.validation = validation;
            this.test = test;
        }
    }

    /** The inner validation share of the training folds used by {@link #stratifiedKFold(int[], int, long)}. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

    private CrossValidation() {}

    /** k stratified folds with 10% of each fold's training part held out for validation. */
    public static Fold[] stratifiedKFold(int[] labels, int k, long seed) {
        return stratifiedKFold(labels, k, DEFAULT_VALIDATION_FRACTION, seed);
    }

    /**
     * k stratified folds: each class is shuffled with the seed and dealt round-robin to the folds (the deal
     * continues from class to class), so fold sizes differ by at most one and every class is spread as
     * evenly as it can be. Within each fold, round(validationFraction * |training folds|) items of the
     * training folds go to validation, stratified by class.
     */
    public static Fold[] stratifiedKFold(int[] labels, int k, double validationFraction, long seed) {
        int n = labels.length;
        if (k < 2 || k > n) throw new IllegalArgumentException(k + " folds for " + n + " items");
        if (validationFraction < 0 || validationFraction >= 1) throw new IllegalArgumentException("validation fraction " + validationFraction + " is outside [0, 1)");
        int classes = 0;
        for (int l : labels) {
            if (l < 0) throw new IllegalArgumentException("negative label " + l);
            classes = Math.max(classes, l + 1);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
        for (int i : Split.permutation(n, seed)) byClass.get(labels[i]).add(i);
        List<List<Integer>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) folds.add(new ArrayList<>());
        int next = 0;
        for (List<Integer> members : byClass)
            for (int i : members) {
                folds.get(next).add(i);
                next = (next + 1) % k;
            }
        Fold[] out = new Fold[k];
        for (int f = 0; f < k; f++) {
            int[] test = folds.get(f).stream().mapToInt(Integer::intValue).toArray();
            int[] rest = new int[n - test.length];
            int at = 0;
            for (int g = 0; g < k; g++) if (g != f) for (int i : folds.get(g)) rest[at++] = i;
            int[] restLabels = new int[rest.length];
            for (int i = 0; i < rest.length; i++) restLabels[i] = labels[rest[i]];
            int val = (int) Math.round(validationFraction * rest.length);
            int[][] parts = Split.stratified(restLabels, new int[] {rest.length - val, val}, seed * 31 + f);
            Split.shuffle(test, seed + 7919L * (f + 1));
            out[f] = new Fold(map(rest, parts[0]), map(rest, parts[1]), test);
        }
        return out;
    }

    private static int[] map(int[] rest, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = rest[idx[i]];
        return out;
    }
}
