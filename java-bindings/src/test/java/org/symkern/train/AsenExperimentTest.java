package org.symkern.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.symkern.data.asen.TaskSamples;
import org.symkern.data.asen.Tasks;
import org.symkern.tensor.Device;

/** The ASEN experiment runner: the reference split and one row per arm, task and trial. */
class AsenExperimentTest {
    @Test
    void splitFollowsTheReferenceSizesAndIsDisjoint() {
        TaskSamples all = Tasks.equivariant("intersect").sample(2500, 42);
        AsenExperiment.Split s = AsenExperiment.split(all, 0.4, 1);
        assertEquals(700, s.train().count());          // int(0.4 * 1750)
        assertEquals(375, s.val().count());
        assertEquals(375, s.test().count());
        assertEquals(1750, AsenExperiment.split(all, 1.0, 1).train().count());
        Set<String> seen = new HashSet<>();
        for (TaskSamples part : List.of(AsenExperiment.split(all, 1.0, 1).train(), s.val(), s.test()))
            for (int i = 0; i < part.count(); ++i) seen.add(part.count() + ":" + i + ":" + java.util.Arrays.toString(part.tokens(i)));
        assertEquals(2500, seen.size());
    }

    @Test
    void everyArmReportsEveryTask() {
        AsenExperiment.Preset p = AsenExperiment.Preset.quick().withEpochs(1).withSamples(100)
                .withModel(AsenExperiment.Preset.quick().model().withHidden(16));
        List<AsenExperiment.Row> rows = AsenExperiment.run(p, List.of(AsenExperiment.Arm.values()), Device.CPU, 3, null);
        System.out.print(AsenExperiment.table(rows));
        assertEquals(9, rows.size());
        for (AsenExperiment.Row r : rows) {
            assertTrue(Double.isFinite(r.testLoss()) && r.testAccuracy() >= 0 && r.testAccuracy() <= 1, r.toString());
            assertEquals(28, r.trainSamples());                                     // int(0.4 * 70)
        }
        assertEquals(10, AsenExperiment.csv(rows).split("\n").length);
        assertThrows(IllegalArgumentException.class, () -> AsenExperiment.Arm.parse("ensemble"));
    }
}
