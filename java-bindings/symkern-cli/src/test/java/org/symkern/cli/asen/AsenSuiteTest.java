package org.symkern.cli.asen;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symkern.cli.report.Json;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;

/** The micro preset end to end: every experiment runs, selection is on validation, and the report files are written. */
class AsenSuiteTest {
    @TempDir Path dir;

    @Test
    void microPresetWritesTheReportWithEverySection() throws Exception {
        AsenSuite.Result r;
        long t0 = System.nanoTime();
        try (Scope s = Scope.open()) {
            r = AsenSuite.run(AsenPreset.micro(), List.of(), Device.CPU, dir, "symkern experiment asen --preset micro", null, null);
        }
        System.out.printf("micro preset: %d runs in %.1f s%n", r.runs().size(), (System.nanoTime() - t0) / 1e9);
        String md = Files.readString(dir.resolve("asen.md"));
        for (String section : List.of("## Protocol", "## Headline", "## 1. Equivariant", "## 2. Multitask", "## 3. Transfer", "## 4. Symmetry discovery",
                "## 5. Failure case", "## 6. Symmetry selection", "## 7. Invariant regression", "## 8. Invariant transfer", "Command: `symkern experiment asen --preset micro --only sweep`", "Wall time"))
            assertTrue(md.contains(section), "asen.md lacks '" + section + "'");
        // the sweep's protocol names each task's own group with its K, and {id}'s K = n^2 (intersect: n = 10)
        assertTrue(md.contains("its own group (intersect: S5wrS2, K = 3), \"non-equivariant\" with {id} (K = 100, no symmetry)"), md);
        // invariant transfer reports all four arms, the NoSym ({id}) pair beside the own-group pair
        assertTrue(md.contains("| target | train samples | scratch test L1 | pretrained test L1 | scratch, {id} test L1 | pretrained, {id} test L1 |"), md);
        for (String png : List.of("asen_sweep_intersect.png", "asen_sweep_curves_intersect.png", "asen_multitask_r0.5.png",
                "asen_transfer_curves_intersect.png", "asen_discovery_halves_before.png", "asen_discovery_halves_after.png", "asen_sign_curves.png", "asen_invariant_l1.png",
                "asen_invariant_transfer_intersect.png")) {
            assertTrue(Files.size(dir.resolve(png)) > 1000, png);
            assertTrue(md.contains("](" + png + ")"), "asen.md shows " + png);
        }
        var json = Json.read(dir.resolve("asen.json")).getAsJsonObject();
        assertEquals(r.runs().size(), json.getAsJsonArray("runs").size());
        assertEquals("micro", json.get("preset").getAsString());
        assertTrue(json.getAsJsonObject("machine").has("cores"));
    }

    @Test
    void everyRunReportsTheEpochWithTheLowestValidationLossAndItsRestoredWeights() {
        AsenSuite.Result r;
        try (Scope s = Scope.open()) {
            r = AsenSuite.run(AsenPreset.micro(), List.of("sweep", "transfer"), Device.CPU, dir, "test", null, null);
        }
        assertNull(r.multitask());
        assertFalse(r.runs().isEmpty());
        for (RunRecord run : r.runs()) {
            double[] v = run.valLoss();
            int best = 0;
            for (int e = 1; e < v.length; ++e) if (v[e] < v[best]) best = e;
            assertEquals(best + 1, run.selectedEpoch(), run.id());
            double mean = 0;
            for (TaskScore t : run.val()) mean += t.loss() / run.val().size();
            // the restored weights reproduce the selected epoch's validation loss (evaluation mode is deterministic)
            assertEquals(v[best], mean, 1e-5, run.id());
            assertEquals(v.length, run.epochs());
            assertEquals(run.tasks().size(), run.valAccuracy().length);
        }
    }

    @Test
    void withSeveralSeedsTheReportGivesMeanAndStdAndReadings() throws Exception {
        try (Scope s = Scope.open()) {
            AsenSuite.run(AsenPreset.micro().withSeeds(2), List.of(), Device.CPU, dir, "test", null, null);
        }
        String md = Files.readString(dir.resolve("asen.md"));
        assertTrue(md.contains("mean ± sample std over 2 seeds"), md);
        assertTrue(md.contains(" ± "), "tables give mean ± std");
        for (String reading : List.of("equivariant clearly higher in", "Reading (test accuracy against single-task", "Reading (test accuracy against scratch)",
                "Reading (tie ratio after vs before training)", "test >= 90 % on", "invariant clearly lower in", "pretrained clearly lower in"))
            assertTrue(md.contains(reading), "asen.md lacks '" + reading + "'");
    }

    @Test
    void theMultitaskTableReportsEveryTaskOfTheLargestSetAndOnlyTheSetsThatContainIt() throws Exception {
        AsenPreset m = AsenPreset.micro();
        AsenPreset p = new AsenPreset("micro", m.description(), m.model(), m.rates(), m.epochs(), m.batch(), m.unitSamples(), 1, m.sweep(),
                new AsenPreset.Multitask(List.of(1, 2), List.of(0.5)), m.transfer(), m.discovery(), m.sign(), m.selection(), m.invariant(),
                m.invariantTransfer());
        AsenSuite.Result r;
        try (Scope s = Scope.open()) {
            r = AsenSuite.run(p, List.of("multitask"), Device.CPU, dir, "test", null, null);
        }
        List<String> t1 = MultitaskComparison.taskSet(1), t2 = MultitaskComparison.taskSet(2);
        assertEquals(6, r.multitask().reportTasks().size());
        assertEquals(t1, r.multitask().reportTasks().subList(0, 3), "the T = 1 tasks come first");
        for (String task : t2) {
            assertNotNull(r.multitask().find(task, 0.5, MultitaskComparison.SINGLE), task);
            assertNotNull(r.multitask().find(task, 0.5, "T=2"), task);
            assertEquals(t1.contains(task), r.multitask().find(task, 0.5, "T=1") != null, task);
        }
        String md = Files.readString(dir.resolve("asen.md"));
        assertTrue(md.contains("| monotone | 0.5 | "), "a T = 2 task has a row");
        assertTrue(md.contains(" | – | "), "a set without the task is marked");
    }

    @Test
    void anUnknownExperimentOrPresetIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AsenSuite.run(AsenPreset.micro(), List.of("sweep", "ablation"), Device.CPU, dir, "test", null, null));
        assertTrue(e.getMessage().contains("unknown experiment 'ablation'"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AsenPreset.named("huge")).getMessage().contains("unknown preset 'huge'"));
        assertEquals(3, AsenPreset.full().seeds());
        assertEquals(20, AsenPreset.full().epochsFor(2.0));
        assertEquals(40, AsenPreset.full().epochsFor(0.15));
    }
}
