package org.symkern.cli.asen;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.symkern.asen.task.Task;
import org.symkern.asen.task.TaskSamples;
import org.symkern.asen.task.Tasks;

/** Training sizes in units (1 unit = 2,500 samples, split 70 / 15 / 15) and what a seed fixes. */
class DataSplitTest {
    @Test
    void unitsGiveTheReferenceTrainingSizes() {
        Task t = Tasks.equivariant("intersect");
        int[][] expected = {{262, 375, 375}, {875, 375, 375}, {1750, 375, 375}, {3500, 750, 750}};
        double[] units = {0.15, 0.5, 1.0, 2.0};
        for (int k = 0; k < units.length; ++k) {
            DataSplit d = DataSplit.of(t, units[k], DataSplit.UNIT_SAMPLES, 0);
            assertArrayEquals(expected[k], new int[] {d.train().count(), d.val().count(), d.test().count()}, "r = " + units[k]);
        }
        assertThrows(IllegalArgumentException.class, () -> DataSplit.of(t, 0, 2500, 0));
    }

    @Test
    void theSplitsAreDisjointAndASeedFixesTheDataForEveryEncoding() {
        Task t = Tasks.equivariant("palindrome");
        DataSplit a = DataSplit.of(t, 1.0, 400, 3);
        Set<Integer> ids = new HashSet<>();
        TaskSamples all = t.sample(400, t.defaultSeed() + 7919L * 3);
        List<String> rows = new java.util.ArrayList<>();
        for (int i = 0; i < all.count(); ++i) rows.add(i + ":" + Arrays.toString(all.tokens(i)));
        // every sample lands in exactly one part: match rows back to their index in the generated set (first unused match)
        for (TaskSamples part : List.of(a.train(), a.val(), a.test()))
            for (int i = 0; i < part.count(); ++i) {
                String tok = Arrays.toString(part.tokens(i));
                int idx = -1;
                for (int q = 0; q < all.count() && idx < 0; ++q) if (!ids.contains(q) && Arrays.toString(all.tokens(q)).equals(tok)) idx = q;
                assertTrue(idx >= 0, "sample comes from the generated set");
                ids.add(idx);
            }
        assertEquals(400, ids.size());
        DataSplit b = DataSplit.of(CandidateGroups.encode(t, "trivial"), 1.0, 400, 3), c = DataSplit.of(t, 1.0, 400, 4);
        assertArrayEquals(a.train().tokens(), b.train().tokens(), "the encoding group does not change the data");
        assertArrayEquals(a.test().tokens(), b.test().tokens());
        assertFalse(Arrays.deepEquals(a.train().tokens(), c.train().tokens()), "another seed draws other data");
    }
}
