package org.symkern.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SplitTest {
    @Test
    void stratifiedPartsAreDisjointSizedAndClassBalanced() {
        int[] labels = new int[1000];
        for (int i = 0; i < labels.length; i++) labels[i] = i < 700 ? 0 : (i < 900 ? 1 : 2);  // sorted, 70/20/10 %
        int[][] parts = Split.stratified(labels, new int[] {600, 100, 300}, 5);
        Set<Integer> seen = new HashSet<>();
        int[] sizes = {600, 100, 300};
        for (int p = 0; p < 3; p++) {
            assertEquals(sizes[p], parts[p].length);
            int[] counts = new int[3];
            for (int i : parts[p]) {
                assertTrue(seen.add(i), "index " + i + " in two parts");
                counts[labels[i]]++;
            }
            assertEquals(0.7 * sizes[p], counts[0], 1.0 + 0.01 * sizes[p]);
            assertEquals(0.2 * sizes[p], counts[1], 1.0 + 0.01 * sizes[p]);
            assertEquals(0.1 * sizes[p], counts[2], 1.0 + 0.01 * sizes[p]);
        }
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        int[] labels = new int[200];
        for (int i = 0; i < labels.length; i++) labels[i] = i % 4;
        assertArrayEquals(Split.stratified(labels, new int[] {150, 50}, 9)[1], Split.stratified(labels, new int[] {150, 50}, 9)[1]);
        assertFalse(java.util.Arrays.equals(Split.stratified(labels, new int[] {150, 50}, 9)[1],
                Split.stratified(labels, new int[] {150, 50}, 10)[1]));
    }

    @Test
    void oversizedSplitIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Split.stratified(new int[10], new int[] {8, 5}, 1));
        assertTrue(e.getMessage().contains("sum to 13 but only 10"), e.getMessage());
    }
}
