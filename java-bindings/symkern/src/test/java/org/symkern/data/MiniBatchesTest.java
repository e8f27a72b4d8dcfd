package org.symkern.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Seeded shuffled batches: each epoch a permutation, reproducible per (seed, epoch), different across epochs. */
class MiniBatchesTest {
    @Test
    void everyEpochCoversEachIndexOnceAndIsReproducible() {
        MiniBatches b = new MiniBatches(10, 3, true, 7L);
        assertEquals(4, b.batchesPerEpoch());
        int[][] e0 = b.epoch(0);
        assertArrayEquals(new int[] {3, 3, 3, 1}, Arrays.stream(e0).mapToInt(a -> a.length).toArray());
        int[] all = Arrays.stream(e0).flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, all);
        assertArrayEquals(b.order(0), new MiniBatches(10, 3, true, 7L).order(0), "same seed and epoch, same order");
        assertFalse(Arrays.equals(b.order(0), b.order(1)), "epochs differ");
        assertFalse(Arrays.equals(b.order(0), new MiniBatches(10, 3, true, 8L).order(0)), "seeds differ");
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, new MiniBatches(10, 4, false, 7L).order(3));
        assertEquals(3, new MiniBatches(10, 3, true, 7L, true).epoch(0).length, "dropLast drops the short batch");
    }

    @Test
    void badSizesAreClearErrors() {
        assertEquals("MiniBatches: batchSize 0 must be >= 1",
                assertThrows(IllegalArgumentException.class, () -> new MiniBatches(5, 0, true, 1L)).getMessage());
    }
}
