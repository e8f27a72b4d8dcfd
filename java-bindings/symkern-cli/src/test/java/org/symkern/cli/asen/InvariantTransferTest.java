package org.symkern.cli.asen;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symkern.asen.AsenTrainer;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;

/** Invariant transfer: pretraining on the other tasks with the scaled L1, fine-tuning and scratch on the plain L1, errors per label. */
class InvariantTransferTest {
    @TempDir Path dir;

    private AsenSuite.Result run() {
        try (Scope s = Scope.open()) {
            return AsenSuite.run(AsenPreset.micro(), List.of("invariant-transfer"), Device.CPU, dir, "test", null, null);
        }
    }

    @Test
    void pretrainingUsesTheOtherTasksWithTheScaledL1AndTheTargetArmsThePlainL1() {
        AsenSuite.Result r = run();
        AsenPreset.InvariantTransfer it = AsenPreset.micro().invariantTransfer();
        InvariantTransfer.Summary s = r.invariantTransfer();
        assertEquals(2, s.pretrainRuns().size(), "one pretraining with the own groups, one with {id}");
        for (int i = 0; i < 2; ++i) {
            String id = s.pretrainRuns().get(i);
            RunRecord pre = r.runs().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
            assertEquals(List.of("palindrome", "sign"), pre.tasks(), "pretrained on the pool without the target");
            for (TaskScore t : pre.test()) {
                float scale = TaskRef.invariantOwn(t.task()).build().labelScale();
                assertEquals(scale * t.meanAbsError(), t.loss(), 1e-4, t.task() + ": pretraining loss is the range-scaled L1");
            }
            for (String g : pre.groups()) assertEquals(i == 1, g.equals("{id}"), "pretraining " + i + ": encoded with " + g);
        }
        assertTrue(TaskRef.invariantOwn("intersect").build().labelScale() < 0.2f, "intersect's range scale is 1/8, so the two losses differ");
        int expected = (int) (it.finetuneFraction() * (int) (0.7 * it.samples()));
        for (String arm : InvariantTransfer.ARMS) {
            InvariantTransfer.Cell c = s.cell("intersect", arm);
            assertEquals(expected, c.trainSamples(), arm + ": trained on the fraction of the training split");
            RunRecord run = r.runs().stream().filter(x -> x.id().equals(c.runs().get(0))).findFirst().orElseThrow();
            TaskScore t = run.test("intersect");
            assertEquals(t.meanAbsError(), t.loss(), 1e-4, arm + ": trained and selected on the plain L1");
            assertEquals(arm.endsWith("{id}"), run.groups().get(0).equals("{id}"), arm + ": the target is encoded with " + run.groups());
        }
    }

    @Test
    void perLabelErrorsAddUpToTheOverallTestL1() {
        AsenSuite.Result r = run();
        for (RunRecord run : r.runs())
            for (TaskScore t : run.test()) {
                AsenTrainer.LabelErrors e = t.labelErrors();
                assertNotNull(e, run.id() + " " + t.task());
                double sum = 0;
                int n = 0;
                for (int k = 0; k < e.labels().length; ++k) {
                    if (k > 0) assertTrue(e.labels()[k] > e.labels()[k - 1], "labels ascending");
                    sum += e.meanAbsError()[k] * e.counts()[k];
                    n += e.counts()[k];
                }
                assertEquals(t.samples(), n, "every test sample has one label");
                assertEquals(t.meanAbsError(), sum / n, 1e-9, run.id() + " " + t.task());
            }
        InvariantTransfer.Cell c = r.invariantTransfer().cell("intersect", InvariantTransfer.PRETRAINED);
        assertEquals(c.labels().length, c.labelL1().length);
        assertTrue(c.labels().length >= 2, "intersect's test split has several label values");
    }

    @Test
    void aTargetWithoutAnotherPoolTaskIsRejected() {
        AsenPreset m = AsenPreset.micro();
        AsenPreset p = new AsenPreset("micro", m.description(), m.model(), m.rates(), m.epochs(), m.batch(), m.unitSamples(), 1, m.sweep(), m.multitask(),
                m.transfer(), m.discovery(), m.sign(), m.selection(), m.invariant(),
                new AsenPreset.InvariantTransfer(List.of("cyclicsum"), List.of("cyclicsum", "cyclicsum"), 200, m.model(), 1, m.rates(), 0.5, 1, m.rates(),
                        m.rates(), 16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            try (Scope s = Scope.open()) {
                AsenSuite.run(p, List.of("invariant-transfer"), Device.CPU, dir, "test", null, null);
            }
        });
        assertTrue(e.getMessage().contains("cyclicsum") && e.getMessage().contains("no other task"), e.getMessage());
    }
}
