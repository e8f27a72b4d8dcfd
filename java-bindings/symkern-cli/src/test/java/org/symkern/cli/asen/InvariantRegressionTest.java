package org.symkern.cli.asen;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symkern.asen.Asen;
import org.symkern.asen.AsenTrainer;
import org.symkern.asen.task.Task;
import org.symkern.asen.task.TaskSamples;
import org.symkern.asen.task.Tasks;
import org.symkern.group.Permutation;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;

/**
 * The invariant regression experiment: models encoded with the task's group give the same output on every
 * group-permuted input, the {id} models do not; the L1 is scaled by the label range the reference states; a micro run
 * produces the records and the report section the report reads.
 */
class InvariantRegressionTest {
    @TempDir Path dir;

    /** out_dim per task (the reference's label range): the L1 scale is 1 / max(out_dim - 1, 1). */
    static final Map<String, Integer> OUT_DIM = Map.of("palindrome", 2, "intersect", 9, "cyclicsum", 32, "longestpal", 9, "detectcapital", 2, "sign", 2);

    /** x'_{g(i)} = x_i for every sample. */
    static int[][] permuted(int[][] x, Permutation g) {
        int[][] out = new int[x.length][];
        for (int b = 0; b < x.length; ++b) {
            out[b] = new int[x[b].length];
            for (int i = 0; i < x[b].length; ++i) out[b][g.apply(i)] = x[b][i];
        }
        return out;
    }

    /** The largest |y(g.x) - y(x)| over 32 samples and the permutations {@code gs}, for a fresh model of {@code task} (evaluation mode). */
    static double largestChange(Task task, List<Permutation> gs) {
        try (Scope s = Scope.open(); Asen m = new Asen(List.of(task), AsenPreset.model(16, 2), Device.CPU, 11)) {
            m.train(false);
            int[][] x = task.sample(32, 5).tokens();
            float[] y = m.forward(0, x).toFloatArray();
            double worst = 0;
            for (Permutation g : gs) {
                float[] yg = m.forward(0, permuted(x, g)).toFloatArray();
                assertEquals(y.length, yg.length);
                for (int k = 0; k < y.length; ++k) worst = Math.max(worst, Math.abs(y[k] - yg[k]));
            }
            return worst;
        }
    }

    @Test
    void modelsWithTheTasksGroupAreInvariantToItsPermutationsAndIdModelsAreNot() {
        for (String name : Tasks.invariantNames()) {
            Task own = TaskRef.invariantOwn(name).build(), id = TaskRef.invariant(name, "trivial").build();
            List<Permutation> gens = own.group().generators();
            assertFalse(gens.stream().allMatch(Permutation::isIdentity), name + ": the intended generators are not identity-only");
            // outputs of order 1: only the float rounding of the permuted sum read-out may differ
            assertTrue(largestChange(own, gens) < 1e-4, name + " with " + ((RegroupedTask) own).groupName() + " is invariant");
            assertTrue(largestChange(id, gens) > 1e-3, name + " with {id} changes under the task's permutations");
        }
    }

    @Test
    void theSignModelWithAnGeneratorsIsAlsoInvariantToATransposition() {
        Task sign = TaskRef.invariantOwn("vandermonde").build();
        assertEquals(112, sign.group().generators().stream().filter(g -> !g.isIdentity()).count(), "all 3-cycles of A8");
        assertTrue(largestChange(sign, List.of(Permutation.transposition(8, 0, 1))) < 1e-4, "2-closure of A8 is S8: odd permutations too");
    }

    @Test
    void theL1IsScaledByTheLabelRange() {
        for (String name : Tasks.invariantNames()) {
            Task t = TaskRef.invariantOwn(name).build();
            assertEquals(Task.Target.REGRESSION, t.target(), name);
            assertEquals(1.0 / (OUT_DIM.get(name) - 1), t.labelScale(), 1e-7, name);
            try (Scope s = Scope.open(); Asen m = new Asen(List.of(t), AsenPreset.model(8, 1), Device.CPU, 3)) {
                m.train(false);
                TaskSamples data = t.sample(24, 7);
                int[] idx = TaskSamples.range(24);
                double loss = AsenTrainer.loss(m, 0, data, idx).item();
                float[] y = m.forward(0, data.tokens(idx)).toFloatArray();
                float[] target = data.targets(idx);
                double abs = 0;
                for (int k = 0; k < 24; ++k) abs += Math.abs(y[k] - target[k]) / 24;
                assertEquals(abs * t.labelScale(), loss, 1e-5 * Math.max(1, loss), name);
                AsenTrainer.Evaluation e = AsenTrainer.evaluate(m, 0, data, 8);
                assertEquals(abs, e.meanAbsError(), 1e-5 * Math.max(1, abs), name + ": the reported test L1 is unscaled");
            }
        }
    }

    @Test
    void theRegressedSignKeepsTheClassLabels() {
        Task cls = Tasks.invariant("sign"), reg = new RegressedTask(cls);
        TaskSamples a = cls.sample(50, 9), b = reg.sample(50, 9);
        int[] idx = TaskSamples.range(50);
        assertArrayEquals(a.tokens(idx), b.tokens(idx));
        int[] c = a.classes(idx);
        float[] v = b.targets(idx);
        for (int k = 0; k < 50; ++k) assertEquals(c[k], v[k], 0f);
        assertEquals(1, reg.outputs());
        assertThrows(IllegalArgumentException.class, () -> new RegressedTask(Tasks.invariant("intersect")));
    }

    @Test
    void aMicroRunGivesTheRecordsAndTheSectionTheReportUses() throws Exception {
        AsenSuite.Result r;
        try (Scope s = Scope.open()) {
            r = AsenSuite.run(AsenPreset.micro().withSeeds(2), List.of("invariant"), Device.CPU, dir, "symkern experiment asen --preset micro", null, null);
        }
        AsenPreset.Invariant inv = AsenPreset.micro().invariant();
        assertEquals(inv.tasks().size() * 2 * 2, r.runs().size(), "task x arm x seed");
        for (RunRecord run : r.runs()) {
            assertEquals("invariant", run.experiment());
            assertEquals(List.of((int) (0.7 * inv.samples())), run.trainSamples(), run.id());
            TaskScore t = run.test().get(0);
            assertEquals((int) Math.round(0.15 * inv.samples()), t.samples(), run.id());
            assertTrue(Double.isFinite(t.meanAbsError()) && t.meanAbsError() >= 0, run.id());
            float scale = TaskRef.invariantOwn(run.tasks().get(0)).build().labelScale();
            assertEquals(t.meanAbsError() * scale, t.loss(), 1e-5, run.id() + ": loss = scale * L1");
            assertEquals(run.arm().equals(InvariantRegression.INVARIANT) ? List.of(run.tasks().get(0).equals("sign") ? "A8" : "S4wrS2") : List.of("{id}"),
                    run.groups(), run.id());
        }
        for (String task : inv.tasks())
            for (String arm : InvariantRegression.ARMS) {
                InvariantRegression.Cell c = r.invariant().cell(task, arm);
                assertEquals(2, c.testL1().n());
                assertEquals((c.testL1s()[0] + c.testL1s()[1]) / 2, c.testL1().mean(), 1e-12);
            }
        String md = Files.readString(dir.resolve("asen.md"));
        for (String s : List.of("## 7. Invariant regression", "Command: `symkern experiment asen --preset micro`", "invariant test L1", "sign (Vandermonde)",
                "identity-only", "](asen_invariant_l1.png)"))
            assertTrue(md.contains(s), "asen.md lacks '" + s + "'");
        assertTrue(Files.size(dir.resolve("asen_invariant_l1.png")) > 1000);
        String json = Files.readString(dir.resolve("asen.json"));
        assertTrue(json.contains("\"meanAbsError\"") && json.contains("\"invariant\""), "asen.json holds the invariant records");
    }
}
