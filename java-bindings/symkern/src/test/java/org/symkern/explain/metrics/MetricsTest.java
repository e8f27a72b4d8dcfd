package org.symkern.explain.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.symkern.explain.GradCam;
import org.symkern.explain.IntegratedGradients;
import org.symkern.explain.Output;
import org.symkern.models.Z2Cnn;
import org.symkern.nn.GSpace;
import org.symkern.nn.Linear;
import org.symkern.nn.Module;
import org.symkern.nn.PlaneActions;
import org.symkern.nn.Sequential;
import org.symkern.salf.GCnn;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * The metrics on constructed cases: the pointing game, Spearman with ties, deletion / insertion AUC of a perfect
 * against a random ranking, explanation equivariance / invariance (exact cases, the grid actions' conventions,
 * Grad-CAM of a p4 G-CNN against a plain CNN), and the randomisation sanity check.
 */
class MetricsTest {
    static final Device CPU = Device.CPU;

    /** (B, ...) -> (B, prod ...). */
    static final class Flatten extends Module {
        Flatten() {
            super("Flatten");
        }

        @Override
        public Tensor forward(Tensor x) {
            return x.reshape(x.dim(0), x.numel() / x.dim(0));
        }
    }

    @Test
    void pointingGameHitsAPeakInsideTheRegionWithinTolerance() {
        long[] dims = {8, 8};
        boolean[] region = new boolean[64];
        for (int y = 2; y < 4; y++) for (int x = 2; x < 4; x++) region[y * 8 + x] = true;
        boolean[] hits = new boolean[5];
        Random r = new Random(1);
        for (int t = 0; t < 5; t++) {
            float[] map = new float[64];
            for (int i = 0; i < 64; i++) map[i] = r.nextFloat();
            map[(2 + t % 2) * 8 + 3] = 2f;                                  // the peak inside the region
            hits[t] = PointingGame.hit(map, dims, region, 0);
        }
        assertEquals(1.0, PointingGame.accuracy(hits));
        float[] off = new float[64];
        off[6 * 8 + 3] = 1f;                                                 // 3 rows below the region's last row
        assertFalse(PointingGame.hit(off, dims, region, 2.9));
        assertTrue(PointingGame.hit(off, dims, region, 3));
        assertEquals(0.4, PointingGame.accuracy(new boolean[] {true, false, true, false, false}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PointingGame.hit(off, dims, new boolean[64], 0));
        assertEquals("PointingGame: the ground-truth region is empty", e.getMessage());
        boolean[] sig = new boolean[20];
        sig[10] = true;
        float[] trace = new float[20];
        trace[13] = 1;
        assertTrue(PointingGame.hit(trace, new long[] {20}, sig, 3));
        assertFalse(PointingGame.hit(trace, new long[] {20}, sig, 2));
    }

    @Test
    void spearmanUsesAverageRanksForTies() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Spearman.ranks(new double[] {-1, 3, 3, 7}), 0);
        double[] a = {1, 2, 3, 4, 5}, b = {2, 1, 4, 3, 5};
        assertEquals(1 - 6.0 * 4 / (5 * 24), Spearman.correlation(a, b), 1e-12);
        assertEquals(1, Spearman.correlation(a, new double[] {1, 8, 27, 64, 125}), 1e-12);
        assertEquals(-1, Spearman.correlation(a, new double[] {5, 4, 3, 2, 1}), 1e-12);
        // ties: ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4): centred (-1.5, 0, 0, 1.5) . (-1.5, -0.5, 0.5, 1.5) = 4.5
        assertEquals(4.5 / Math.sqrt(4.5 * 5), Spearman.correlation(new double[] {1, 2, 2, 3}, new double[] {1, 2, 3, 4}), 1e-12);
        assertTrue(Double.isNaN(Spearman.correlation(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
    }

    @Test
    void perfectRankingHasLowerDeletionAndHigherInsertionAucThanRandom() {
        assertEquals(0.5, DeletionInsertion.auc(new double[] {1, 0.5, 0}), 1e-15);
        assertEquals(0.3, DeletionInsertion.auc(new double[] {0.3, 0.3, 0.3, 0.3}), 1e-15);
        try (Scope s = Scope.open(); Sequential net = new Sequential(new Flatten(), new Linear(64, 2, CPU, 1))) {
            Random r = new Random(2);
            float[] w = new float[128], xs = new float[64], attr = new float[64], attrIns = new float[64];
            for (int i = 0; i < 64; i++) {
                w[i] = (float) r.nextGaussian();
                xs[i] = 0.2f + 0.8f * r.nextFloat();
            }
            Tensor x = Tensor.of(xs, 1, 1, 8, 8);
            Tensor blurred = DeletionInsertion.blur(x, 11, 5);
            float[] bx = blurred.toFloatArray();
            // scale the class-0 weights so that logit(x) - logit(blur x) = 8, and the bias so that logit(x) = 3
            double d = 0;
            for (int i = 0; i < 64; i++) d += w[i] * (xs[i] - bx[i]);
            float sum = 0;
            for (int i = 0; i < 64; i++) {
                w[i] *= (float) (8 / d);
                attr[i] = w[i] * xs[i];                      // exact contributions against the zero substrate
                attrIns[i] = w[i] * (xs[i] - bx[i]);         // and against the blurred one
                sum += attr[i];
            }
            net.namedParameters().get("1.weight").copyFrom(w);
            net.namedParameters().get("1.bias").copyFrom(new float[] {3 - sum, 0});
            DeletionInsertion di = new DeletionInsertion(4);
            double delPerfect = di.deletion(net, x, 0, attr).auc(), insPerfect = di.insertion(net, x, 0, attrIns, blurred).auc();
            double delRandom = 0, insRandom = 0;
            for (int t = 0; t < 5; t++) {
                float[] rnd = new float[64];
                for (int i = 0; i < 64; i++) rnd[i] = r.nextFloat();
                delRandom += di.deletion(net, x, 0, rnd).auc() / 5;
                insRandom += di.insertion(net, x, 0, rnd, blurred).auc() / 5;
            }
            System.out.printf("deletion AUC perfect %.4f random %.4f; insertion AUC perfect %.4f random %.4f%n", delPerfect, delRandom, insPerfect, insRandom);
            assertTrue(delPerfect < delRandom - 0.05, "deletion: perfect " + delPerfect + " random " + delRandom);
            assertTrue(insPerfect > insRandom + 0.05, "insertion: perfect " + insPerfect + " random " + insRandom);
            DeletionInsertion.Curve c1 = new DeletionInsertion(4).batch(1).deletion(net, x, 0, attr);
            DeletionInsertion.Curve c64 = di.deletion(net, x, 0, attr);
            assertEquals(17, c64.scores().length);
            assertArrayEquals(c1.scores(), c64.scores(), 0);
            assertEquals(1 / (1 + Math.exp(-(3 - sum))), c64.scores()[16], 1e-6, "all deleted: logits (3 - sum, 0)");
            assertEquals(1 / (1 + Math.exp(-3)), c64.scores()[0], 1e-5, "nothing deleted: logits (3, 0)");
        }
    }

    @Test
    void blurKeepsConstantsAwayFromTheBorderAndIsNormalised() {
        try (Scope s = Scope.open()) {
            float[] ones = new float[16 * 16];
            java.util.Arrays.fill(ones, 3f);
            float[] b = DeletionInsertion.blur(Tensor.of(ones, 1, 1, 16, 16), 5, 1.5).toFloatArray();
            assertEquals(3f, b[8 * 16 + 8], 1e-5f);
            assertTrue(b[0] < 3f, "zero padding darkens the corner");
            float[] sig = new float[21];
            sig[10] = 1;
            float[] bs = DeletionInsertion.blur(Tensor.of(sig, 1, 1, 21), 7, 2).toFloatArray();
            double tot = 0;
            for (float v : bs) tot += v;
            assertEquals(1, tot, 1e-6);
            assertEquals(bs[9], bs[11], 0f);
        }
    }

    @Test
    void gridActionsFollowNumpyConventions() {
        try (Scope s = Scope.open()) {
            float[] x = Fixtures.randn(3, 2 * 25, 1.0);
            Tensor t = Tensor.of(x, 1, 2, 5, 5);
            List<GroupAction<Tensor>> d = GridActions.dihedral(5);
            assertEquals(7, d.size());
            assertArrayEquals(PlaneActions.rot90(x, 5), d.get(0).onInput(t).toFloatArray(), 0f);
            assertArrayEquals(PlaneActions.rot90(PlaneActions.rot90(PlaneActions.rot90(x, 5), 5), 5), d.get(2).onInput(t).toFloatArray(), 0f);
            assertArrayEquals(PlaneActions.flipud(x, 5), d.get(3).onInput(t).toFloatArray(), 0f);
            assertArrayEquals(PlaneActions.flipud(PlaneActions.rot90(x, 5), 5), d.get(4).onInput(t).toFloatArray(), 0f);
            for (GroupAction<Tensor> g : d) assertArrayEquals(g.onInput(t).toFloatArray(), g.onExplanation(x), 0f, g.name());
            float[] sig = Fixtures.randn(4, 9, 1.0);
            assertArrayEquals(PlaneActions.reverseTime(sig, 9), GridActions.timeReversal(9).get(0).onInput(Tensor.of(sig, 1, 1, 9)).toFloatArray(), 0f);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.get(0).onInput(Tensor.of(new float[12], 1, 1, 3, 4)));
            assertTrue(e.getMessage().contains("does not end in the action's square plane of 25 pixels"), e.getMessage());
        }
    }

    @Test
    void equivarianceIsOneForAnExactlyEquivariantMapAndInvarianceForAConstantOne() {
        try (Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(5, 1.0, 1, 1, 6, 6);
            java.util.function.Function<Tensor, float[]> squared = t -> t.mul(t).toFloatArray();      // pointwise: equivariant
            ExplanationEquivariance.Result r = ExplanationEquivariance.measure(squared, x, GridActions.dihedral(6));
            assertEquals(1.0, r.equivariance(), 1e-12);
            assertTrue(r.invariance() < 0.95, "a random image's squared map changes under the group: " + r.invariance());
            float[] fixed = Fixtures.randn(6, 36, 1.0);
            ExplanationEquivariance.Result c = ExplanationEquivariance.measure(t -> fixed, x, GridActions.rotations(6));
            assertEquals(1.0, c.invariance(), 1e-12);
            assertTrue(c.equivariance() < 0.9);
            assertEquals(1.0, ExplanationEquivariance.cosine(new float[3], new float[3]));
            assertEquals(0.0, ExplanationEquivariance.cosine(new float[] {1, 0}, new float[2]));
        }
    }

    @Test
    void gradCamOfP4GCnnIsEquivariantAndPlainCnnIsLess() {
        try (Scope s = Scope.open(); GCnn p4 = new GCnn(GSpace.P4, 1, 3, 4, CPU, 5); Z2Cnn plain = new Z2Cnn(1, 6, 4, 0f, CPU, 7)) {
            Tensor x = Fixtures.randn(8, 1.0, 1, 1, 28, 28);
            GradCam gc = new GradCam(p4, "encoder.12").relu(false), pc = new GradCam(plain, "body.12").relu(false);
            double eq = ExplanationEquivariance.measure(t -> gc.explain(t, 1).toFloatArray(), x, GridActions.rotations(28)).equivariance();
            double peq = ExplanationEquivariance.measure(t -> pc.explain(t, 1).toFloatArray(), x, GridActions.rotations(28)).equivariance();
            System.out.printf("Grad-CAM explanation equivariance (rot90s): p4 G-CNN %.8f, plain CNN %.4f%n", eq, peq);
            assertEquals(1.0, eq, 1e-6);
            assertTrue(peq < 0.99, "plain CNN equivariance " + peq);
        }
    }

    @Test
    void sanityCheckFlagsAModelIndependentExplanation() {
        try (Scope s = Scope.open(); Sequential trained = new Sequential(new Flatten(), new Linear(36, 3, CPU, 1));
             Sequential reinit = new Sequential(new Flatten(), new Linear(36, 3, CPU, 99))) {
            float[] xs = Fixtures.randn(2, 36, 0.1);
            for (int i = 0; i < 36; i++) xs[i] += 1;                         // x near 1: IG ~ the weights
            Tensor x = Tensor.of(xs, 1, 1, 6, 6);
            IntegratedGradients ig = new IntegratedGradients().steps(4).output(Output.LOGIT);
            SanityCheck.Result igr = SanityCheck.compare(ig.explain(trained, x, 0).values().toFloatArray(),
                    ig.explain(reinit, x, 0).values().toFloatArray(), 0.5, false);
            float[] edge = x.toFloatArray();                               // an "explanation" that ignores the model
            SanityCheck.Result er = SanityCheck.compare(edge, edge.clone(), 0.5, false);
            System.out.printf("randomisation check: IG Spearman %.3f, input-only map %.3f%n", igr.spearman(), er.spearman());
            assertFalse(igr.flagged(), "IG changes with the weights: " + igr.spearman());
            assertTrue(er.flagged());
            assertEquals(1.0, er.spearman(), 1e-12);
            SanityCheck.Result m = SanityCheck.mean(List.of(igr, er, new SanityCheck.Result(Double.NaN, false)), 0.5);
            assertEquals((igr.spearman() + 1) / 2, m.spearman(), 1e-12);
        }
    }
}
