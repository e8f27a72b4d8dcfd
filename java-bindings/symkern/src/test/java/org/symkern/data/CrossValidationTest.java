package org.symkern.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CrossValidationTest {
    static int[] proteinsLabels() {
        int[] l = new int[1113];
        for (int i = 663; i < l.length; i++) l[i] = 1;            // 663 / 450, sorted like the TU file
        return l;
    }

    @Test
    void testFoldsAreDisjointCoverEverythingAndDifferInSizeByAtMostOne() {
        int[] labels = proteinsLabels();
        CrossValidation.Fold[] folds = CrossValidation.stratifiedKFold(labels, 10, 1);
        assertEquals(10, folds.length);
        Set<Integer> seen = new HashSet<>();
        int min = Integer.MAX_VALUE, max = 0;
        for (CrossValidation.Fold f : folds) {
            for (int i : f.test) assertTrue(seen.add(i), "item " + i + " in two test folds");
            min = Math.min(min, f.test.length);
            max = Math.max(max, f.test.length);
        }
        assertEquals(labels.length, seen.size());
        assertEquals(111, min);
        assertEquals(112, max);
    }

    @Test
    void everyFoldSplitsAllItemsIntoTrainValidationAndTest() {
        int[] labels = proteinsLabels();
        for (CrossValidation.Fold f : CrossValidation.stratifiedKFold(labels, 10, 3)) {
            Set<Integer> seen = new HashSet<>();
            for (int[] part : new int[][] {f.train, f.validation, f.test})
                for (int i : part) assertTrue(seen.add(i), "item " + i + " in two parts of one fold");
            assertEquals(labels.length, seen.size());
            int rest = labels.length - f.test.length;
            assertEquals(Math.round(0.1 * rest), f.validation.length);
        }
    }

    @Test
    void foldsAndValidationKeepTheClassBalance() {
        int[] labels = proteinsLabels();
        for (CrossValidation.Fold f : CrossValidation.stratifiedKFold(labels, 10, 5)) {
            assertEquals(66.3, count(labels, f.test, 0), 1.0);
            assertEquals(45.0, count(labels, f.test, 1), 1.0);
            double share = 663.0 / 1113;
            assertEquals(share * f.validation.length, count(labels, f.validation, 0), 1.5);
            assertEquals(share * f.train.length, count(labels, f.train, 0), 2.0);
        }
    }

    static int count(int[] labels, int[] idx, int c) {
        int n = 0;
        for (int i : idx) if (labels[i] == c) n++;
        return n;
    }

    @Test
    void sameSeedSameFoldsOtherSeedOtherFolds() {
        int[] labels = proteinsLabels();
        CrossValidation.Fold[] a = CrossValidation.stratifiedKFold(labels, 10, 9), b = CrossValidation.stratifiedKFold(labels, 10, 9),
                c = CrossValidation.stratifiedKFold(labels, 10, 10);
        for (int f = 0; f < 10; f++) {
            assertArrayEquals(a[f].test, b[f].test);
            assertArrayEquals(a[f].validation, b[f].validation);
        }
        assertFalse(Arrays.equals(sorted(a[0].test), sorted(c[0].test)));
    }

    static int[] sorted(int[] a) {
        int[] s = a.clone();
        Arrays.sort(s);
        return s;
    }

    @Test
    void rareClassesAreSpreadOverTheFolds() {
        int[] labels = new int[100];
        for (int i = 0; i < 7; i++) labels[i] = 2;               // 7 items of class 2 over 5 folds: 1 or 2 each
        for (int i = 7; i < 40; i++) labels[i] = 1;
        for (CrossValidation.Fold f : CrossValidation.stratifiedKFold(labels, 5, 0.2, 2)) {
            int c = count(labels, f.test, 2);
            assertTrue(c == 1 || c == 2, "class 2 in a test fold: " + c);
        }
    }

    @Test
    void impossibleFoldCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> CrossValidation.stratifiedKFold(new int[5], 1, 0));
        assertThrows(IllegalArgumentException.class, () -> CrossValidation.stratifiedKFold(new int[5], 6, 0));
        assertThrows(IllegalArgumentException.class, () -> CrossValidation.stratifiedKFold(new int[5], 2, 1.0, 0));
    }
}
