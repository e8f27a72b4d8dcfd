package org.symkern.asen;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.symkern.asen.task.Task;
import org.symkern.asen.task.TaskSamples;
import org.symkern.asen.task.Tasks;
import org.symkern.group.Permutation;
import org.symkern.group.PermutationGroups;
import org.symkern.ops.EdgeAttention.SelfLoops;
import org.symkern.tensor.Device;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * The ASEN model's symmetry statement (docs/asen.md, section Model) on every task: exact equivariance (equivariant
 * heads) or invariance (invariant heads) under each generator of the task's group, a clear error for permutations
 * outside the 2-closure, the A_n model's S_n invariance, batching, the options, and gradients.
 */
class AsenTest {
    /** Small but complete: d = 16 (8 heads of 2 channels), 2 layers; dropout off so that outputs are deterministic. */
    static final Asen.Config SMALL = Asen.Config.reference().withHidden(16).withLayers(2).withOutputDropout(0f);
    static final int BATCH = 6;
    static final double TOL = 1e-5;

    static List<Task> allTasks() {
        List<Task> all = new ArrayList<>(Tasks.equivariantUniverse());
        all.addAll(Tasks.invariantUniverse());
        return all;
    }

    /** (g.x)_{g(i)} = x_i for each row. */
    static int[][] permute(int[][] x, Permutation g) {
        int[][] out = new int[x.length][x[0].length];
        for (int b = 0; b < x.length; ++b) for (int i = 0; i < x[b].length; ++i) out[b][g.apply(i)] = x[b][i];
        return out;
    }

    /**
     * The symmetry error of the model on tokens x under g, relative to max |output|: for equivariant tasks
     * max |y(g.x)[b, g(i)] - y(x)[b, i]|, for invariant tasks max |y(g.x)[b] - y(x)[b]|.
     */
    static double symmetryError(Asen model, int task, int[][] x, Permutation g) {
        try (Scope s = Scope.open()) {
            float[] y = model.forward(task, x).toFloatArray(), yg = model.forward(task, permute(x, g)).toFloatArray();
            int n = x[0].length;
            float[] want = y;
            if (model.kind() == Task.Kind.EQUIVARIANT) {
                want = new float[y.length];
                for (int b = 0; b < x.length; ++b)
                    for (int i = 0; i < n; ++i)
                        for (int c = 0; c < 2; ++c) want[(b * n + g.apply(i)) * 2 + c] = y[(b * n + i) * 2 + c];
            }
            double err = 0, scale = 0;
            for (int k = 0; k < y.length; ++k) {
                err = Math.max(err, Math.abs(yg[k] - want[k]));
                scale = Math.max(scale, Math.abs(y[k]));
            }
            return err / scale;
        }
    }

    static int[][] tokens(Task t, int count, long seed) {
        return t.sample(count, seed).tokens();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allTasks")
    void outputsRespectEveryGeneratorOfTheTaskGroup(Task t) {
        try (Asen model = new Asen(t, SMALL, Device.CPU, 3)) {
            model.train(false);
            int[][] x = tokens(t, BATCH, 1);
            double worst = 0;
            for (Permutation g : t.group().generators()) worst = Math.max(worst, symmetryError(model, 0, x, g));
            System.out.printf("ASEN %-32s K=%3d, %3d generators: max %s error %.2e%n", t.describe(), model.orbits(0).count(),
                    t.group().generators().size(), t.kind() == Task.Kind.EQUIVARIANT ? "equivariance" : "invariance", worst);
            assertTrue(worst < TOL, t.describe() + ": error " + worst);
        }
    }

    /**
     * Permutations outside the 2-closure of the task group: the symmetry is generically broken. Detect capital is
     * probed on letter codes 0..7: its raw-value input map LN(w t + b) saturates to +-LN(w) for |t| >> |b / w|, so at
     * initialisation letters with large codes look alike and the error on random words is only ~3e-5.
     */
    @Test
    void permutationsOutsideTheTwoClosureChangeTheOutput() {
        Object[][] cases = {
                {Tasks.equivariant("palindrome"), PermutationGroups.rotation(10, 1)},          // reversal group
                {Tasks.equivariant("cyclicsum"), Permutation.transposition(10, 0, 1)},         // D_10
                {Tasks.equivariant("intersect"), Permutation.transposition(10, 4, 5)},         // S_5 wr S_2
                {Tasks.invariant("detectcapital"), Permutation.transposition(8, 0, 1)},        // S_7 fixing 0
                {Tasks.invariant("palindrome"), PermutationGroups.rotation(8, 1)},
        };
        for (Object[] c : cases) {
            Task t = (Task) c[0];
            Permutation g = (Permutation) c[1];
            assertFalse(t.group().pairOrbits().isInvariantUnder(g), "g must lie outside the 2-closure");
            int[][] x = tokens(t, BATCH, 2);
            if (t.name().equals("detectcapital"))
                for (int b = 0; b < BATCH; ++b) for (int i = 0; i < t.n(); ++i) x[b][i] = (b + 3 * i) % 8;
            try (Asen model = new Asen(t, SMALL, Device.CPU, 3)) {
                model.train(false);
                double err = symmetryError(model, 0, x, g);
                System.out.printf("ASEN %-32s g = %-24s (outside G^(2)): error %.3f%n", t.describe(), g.toCycleString(), err);
                assertTrue(err > 1e-3, t.describe() + " " + g.toCycleString() + ": error " + err);
            }
        }
    }

    /**
     * A_8 has the 2-orbits of S_8 (K = 2, the same category matrix), so the sign model is S_8-invariant: an odd
     * transposition, which flips the label, leaves the output unchanged (docs/groups.md, section The alternating group).
     */
    @Test
    void alternatingGroupModelIsSymmetricGroupInvariant() {
        Task sign = Tasks.invariant("sign");
        assertEquals(PermutationGroups.symmetric(8).pairOrbits(), sign.group().pairOrbits());
        try (Asen model = new Asen(sign, SMALL, Device.CPU, 5)) {
            model.train(false);
            assertEquals(2, model.orbits(0).count());
            TaskSamples s = sign.sample(BATCH, 3);
            Permutation odd = Permutation.transposition(8, 2, 6);
            assertEquals(-1, odd.sign());
            for (int b = 0; b < BATCH; ++b) {
                int[] gx = permute(new int[][] {s.tokens(b)}, odd)[0];
                assertNotEquals(s.target(b), sign.value(gx));                            // the label flips
            }
            double err = symmetryError(model, 0, s.tokens(), odd), errCycle = symmetryError(model, 0, s.tokens(), Permutation.cycle(8, 0, 4, 7));
            System.out.printf("ASEN sign (A_8, K=2): odd transposition (2 6) error %.2e, 3-cycle error %.2e%n", err, errCycle);
            assertTrue(err < TOL && errCycle < TOL);
        }
    }

    @ParameterizedTest
    @EnumSource(Task.Kind.class)
    void batchedForwardEqualsPerSampleForward(Task.Kind kind) {
        Task t = kind == Task.Kind.EQUIVARIANT ? Tasks.equivariant("cyclicsum") : Tasks.invariant("longestpal");
        try (Asen model = new Asen(t, SMALL, Device.CPU, 9); Scope s = Scope.open()) {
            model.train(false);
            int[][] x = tokens(t, 7, 4);
            float[] batched = model.forward(0, x).toFloatArray();
            int per = batched.length / x.length;
            double err = 0;
            for (int b = 0; b < x.length; ++b) {
                float[] one = model.forward(0, new int[][] {x[b]}).toFloatArray();
                assertEquals(per, one.length);
                for (int k = 0; k < per; ++k) err = Math.max(err, Math.abs(one[k] - batched[b * per + k]));
            }
            System.out.printf("ASEN %s: batched (7) vs per-sample forward, max |diff| %.2e%n", t.describe(), err);
            assertTrue(err < 1e-5, "batched vs per-sample " + err);
        }
    }

    @Test
    void outputShapesFollowTheTaskKind() {
        try (Asen eq = new Asen(Tasks.equivariant("intersect"), SMALL, Device.CPU, 1);
             Asen inv = new Asen(Tasks.invariant("intersect"), SMALL, Device.CPU, 1);
             Asen sign = new Asen(Tasks.invariant("sign"), SMALL, Device.CPU, 1); Scope s = Scope.open()) {
            assertArrayEquals(new long[] {3, 10, 2}, eq.forward(0, tokens(eq.task(0), 3, 1)).dims());
            assertArrayEquals(new long[] {3, 1}, inv.forward(0, tokens(inv.task(0), 3, 1)).dims());
            assertArrayEquals(new long[] {3, 2}, sign.forward(0, tokens(sign.task(0), 3, 1)).dims());
        }
    }

    @Test
    void nonEquivariantBaselineHasOneCategoryPerPairAndNoSymmetry() {
        Task t = Tasks.equivariant("palindrome");
        try (Asen model = new Asen(t, SMALL.withNonEquivariant(true), Device.CPU, 3)) {
            model.train(false);
            assertEquals(100, model.orbits(0).count());
            assertEquals(org.symkern.tensor.Shape.of(100, 16), model.edgeTable(0).shape());
            double err = symmetryError(model, 0, tokens(t, BATCH, 2), PermutationGroups.reversal(10));
            System.out.printf("ASEN non-equivariant baseline (K=100), reversal: error %.3f%n", err);
            assertTrue(err > 1e-3);
        }
    }

    /** Both self-loop rules are exactly equivariant; they compute different functions (CATEGORY uses the diagonal rows). */
    @Test
    void selfLoopRulesAreBothEquivariantAndDiffer() {
        Task t = Tasks.equivariant("intersect");
        int[][] x = tokens(t, BATCH, 8);
        try (Asen mean = new Asen(t, SMALL, Device.CPU, 4); Asen cat = new Asen(t, SMALL.withSelfLoops(SelfLoops.CATEGORY), Device.CPU, 4);
             Scope s = Scope.open()) {
            mean.train(false);
            cat.train(false);
            for (Permutation g : t.group().generators()) assertTrue(symmetryError(cat, 0, x, g) < TOL);
            float[] a = mean.forward(0, x).toFloatArray(), b = cat.forward(0, x).toFloatArray();
            double diff = 0;
            for (int k = 0; k < a.length; ++k) diff = Math.max(diff, Math.abs(a[k] - b[k]));
            assertTrue(diff > 1e-4, "self-loop rule had no effect: " + diff);
        }
    }

    /** With a max-norm the edge rows are clipped (a different function), and the model stays equivariant. */
    @Test
    void edgeMaxNormClipsEdgeFeaturesAndKeepsEquivariance() {
        Task t = Tasks.equivariant("cyclicsum");
        int[][] x = tokens(t, BATCH, 8);
        try (Asen plain = new Asen(t, SMALL, Device.CPU, 4); Asen clipped = new Asen(t, SMALL.withEdgeMaxNorm(0.1f), Device.CPU, 4);
             Scope s = Scope.open()) {
            plain.train(false);
            clipped.train(false);
            for (Permutation g : t.group().generators()) assertTrue(symmetryError(clipped, 0, x, g) < TOL);
            float[] a = plain.forward(0, x).toFloatArray(), b = clipped.forward(0, x).toFloatArray();
            double diff = 0;
            for (int k = 0; k < a.length; ++k) diff = Math.max(diff, Math.abs(a[k] - b[k]));
            assertTrue(diff > 1e-4, "max-norm had no effect: " + diff);
        }
    }

    /** Output dropout is active in training mode only. */
    @Test
    void outputDropoutActsOnlyInTraining() {
        Task t = Tasks.equivariant("intersect");
        int[][] x = tokens(t, BATCH, 8);
        try (Asen model = new Asen(t, SMALL.withOutputDropout(0.5f), Device.CPU, 4); Scope s = Scope.open()) {
            model.train(false);
            float[] a = model.forward(0, x).toFloatArray(), b = model.forward(0, x).toFloatArray();
            assertArrayEquals(a, b);
            model.train(true);
            float[] c = model.forward(0, x).toFloatArray();
            int zeros = 0;
            for (float v : c) if (v == 0f) ++zeros;
            assertTrue(zeros > 0 && zeros < c.length, "zeros " + zeros);
        }
    }

    /** Two tasks share the body and keep their own embedders; the parameter groups partition the parameters. */
    @Test
    void multitaskModelKeepsPerTaskEmbeddersAndEveryParameterLearns() {
        List<Task> ts = List.of(Tasks.equivariant("palindrome"), Tasks.equivariant("monotone"), Tasks.equivariant("intersect"));
        try (Asen model = new Asen(ts, SMALL, Device.CPU, 2); Scope s = Scope.open()) {
            assertEquals(50, model.orbits(0).count());
            assertEquals(50, model.orbits(1).count());          // same group, separate table (per task, not per group)
            assertEquals(3, model.orbits(2).count());
            assertNotSame(model.edgeTable(0), model.edgeTable(1));
            assertEquals(model.parameters().size(),
                    model.bodyParameters().size() + model.edgeParameters().size() + model.tokenParameters().size());
            assertThrows(IllegalStateException.class, () -> model.forward(Tensor.ofInts(new int[10], 1, 10)));
            Tensor loss = null;
            for (int k = 0; k < ts.size(); ++k) {
                Tensor l = model.forward(k, tokens(ts.get(k), 4, k)).sum();
                loss = loss == null ? l : loss.add(l);
            }
            loss.backward();
            model.namedParameters().forEach((name, p) -> assertNotNull(p.grad(), name));
        }
    }

    @Test
    void mixingEquivariantAndInvariantTasksIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Asen(List.of(Tasks.equivariant("intersect"), Tasks.invariant("intersect")), SMALL, Device.CPU, 1));
        assertTrue(e.getMessage().contains("mix equivariant and invariant"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SMALL.withHidden(20));
        assertTrue(e.getMessage().contains("not a multiple"), e.getMessage());
    }

    /** The same seed gives the same weights on every device (counter-based init): CUDA outputs and gradients match the CPU. */
    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0, "no CUDA device");
        Device gpu = Device.cuda(0);
        for (Task t : List.of(Tasks.equivariant("intersect"), Tasks.invariant("longestpal"))) {
            try (Asen c = new Asen(t, SMALL, Device.CPU, 5); Asen g = new Asen(t, SMALL, gpu, 5); Scope s = Scope.open()) {
                c.train(false);
                g.train(false);
                int[][] x = tokens(t, 16, 3);
                Tensor yc = c.forward(0, x), yg = g.forward(0, x);
                assertClose(yc.toFloatArray(), yg.toFloatArray(), 1e-4, t.describe() + " outputs");
                yc.sum().backward();
                yg.sum().backward();
                assertClose(c.edgeTable(0).grad().toFloatArray(), g.edgeTable(0).grad().toFloatArray(), 1e-3, t.describe() + " edge grads");
            }
        }
    }

    static void assertClose(float[] a, float[] b, double rel, String what) {
        assertEquals(a.length, b.length, what);
        double err = 0, scale = 1e-12;
        for (int k = 0; k < a.length; ++k) {
            err = Math.max(err, Math.abs(a[k] - b[k]));
            scale = Math.max(scale, Math.abs(a[k]));
        }
        System.out.printf("ASEN CUDA vs CPU, %s: max |diff| / max |cpu| = %.2e%n", what, err / scale);
        assertTrue(err / scale < rel, what + ": " + err / scale);
    }
}
