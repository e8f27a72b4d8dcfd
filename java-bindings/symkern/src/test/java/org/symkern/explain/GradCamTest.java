package org.symkern.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.symkern.models.Z2Cnn;
import org.symkern.nn.Activation;
import org.symkern.nn.Conv2d;
import org.symkern.nn.GSpace;
import org.symkern.nn.GlobalPool;
import org.symkern.nn.Linear;
import org.symkern.nn.PlaneActions;
import org.symkern.nn.PlaneMaxPool;
import org.symkern.nn.Sequential;
import org.symkern.salf.GCnn;
import org.symkern.salf.GCnn1d;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Grad-CAM: a hand-built network against a hand-computed map, exact equivariance of the group-pooled map of p4,
 * p4m and time-reversal G-CNNs (and the permutation of the orientation-resolved maps), a plain CNN failing the same
 * check, the model left as it was, and the error messages.
 */
class GradCamTest {
    static final Device CPU = Device.CPU;

    /** conv 1x1 (1 -> 2, weights [1, -1], no bias), ReLU, [max pool 2x2], global mean, linear (2 -> 2). */
    static Sequential handBuilt(boolean pool) {
        Sequential s = new Sequential(new Conv2d(1, 2, 1, 1, 0, CPU, 1), Activation.relu());
        if (pool) s.add(new PlaneMaxPool(2, 2, 0));
        s.add(GlobalPool.mean()).add(new Linear(2, 2, CPU, 2));
        s.namedParameters().get("0.weight").copyFrom(new float[] {1f, -1f});
        if (s.namedParameters().containsKey("0.bias")) s.namedParameters().get("0.bias").copyFrom(new float[] {0f, 0f});
        String lin = pool ? "4" : "3";
        s.namedParameters().get(lin + ".weight").copyFrom(new float[] {2f, -1f, -0.5f, 3f});
        s.namedParameters().get(lin + ".bias").copyFrom(new float[] {0.1f, -0.2f});
        return s;
    }

    static final float[] X = {1, -2, 3, 0.5f, -1, 2, -3, 4, 0, 1.5f, -0.5f, 2.5f, -2, 1, 0.25f, -4};
    static final float[][] W = {{2f, -1f}, {-0.5f, 3f}};

    @Test
    void handBuiltNetworkMatchesHandComputedMap() {
        try (Scope s = Scope.open(); Sequential net = handBuilt(false)) {
            Tensor x = Tensor.of(X, 1, 1, 4, 4);
            for (int c = 0; c < 2; c++) {
                // y_c = sum_k W[c,k] mean_p A_k(p) + b_c, A_0 = relu(x), A_1 = relu(-x): alpha_k = W[c,k] / 16
                float[] want = new float[16];
                for (int p = 0; p < 16; p++)
                    want[p] = Math.max(0f, W[c][0] / 16f * Math.max(X[p], 0f) + W[c][1] / 16f * Math.max(-X[p], 0f));
                GradCam.Maps m = new GradCam(net, "1").compute(x, new int[] {c});
                assertEquals(Shape.of(1, 4, 4), m.cam().shape());
                assertArrayEquals(want, m.cam().toFloatArray(), 1e-7f);
                assertArrayEquals(new float[] {W[c][0] / 16f, W[c][1] / 16f}, m.weights().toFloatArray(), 1e-8f);
                float[] raw = new float[16];
                for (int p = 0; p < 16; p++) raw[p] = W[c][0] / 16f * Math.max(X[p], 0f) + W[c][1] / 16f * Math.max(-X[p], 0f);
                assertArrayEquals(raw, new GradCam(net, "1").relu(false).explain(x, c).toFloatArray(), 1e-7f);
            }
        }
    }

    @Test
    void pooledLayerMapIsHandComputedThenUpsampledBilinearly() {
        assertArrayEquals(new float[] {1, 0, 0.75f, 0.25f, 0.25f, 0.75f, 0, 1}, Bilinear.matrix(4, 2), 0f);
        try (Scope s = Scope.open(); Sequential net = handBuilt(true)) {
            Tensor x = Tensor.of(X, 1, 1, 4, 4);
            int c = 1;
            float[][] a = new float[2][4];                       // max-pooled relu(x), relu(-x) on the 2x2 grid
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 2; j++)
                    for (int di = 0; di < 2; di++)
                        for (int dj = 0; dj < 2; dj++) {
                            float v = X[(2 * i + di) * 4 + 2 * j + dj];
                            a[0][i * 2 + j] = Math.max(a[0][i * 2 + j], Math.max(v, 0f));
                            a[1][i * 2 + j] = Math.max(a[1][i * 2 + j], Math.max(-v, 0f));
                        }
            float[] small = new float[4];
            for (int p = 0; p < 4; p++) small[p] = Math.max(0f, W[c][0] / 4f * a[0][p] + W[c][1] / 4f * a[1][p]);
            assertArrayEquals(small, new GradCam(net, "2").upsample(false).explain(x, c).toFloatArray(), 1e-7f);
            float[] u = Bilinear.matrix(4, 2), want = new float[16];
            for (int r = 0; r < 4; r++)
                for (int q = 0; q < 4; q++)
                    for (int i = 0; i < 2; i++)
                        for (int j = 0; j < 2; j++) want[r * 4 + q] += u[r * 2 + i] * small[i * 2 + j] * u[q * 2 + j];
            assertArrayEquals(want, new GradCam(net, "2").explain(x, c).toFloatArray(), 1e-6f);
        }
    }

    /** Relative error of CAM(g x) against g CAM(x) for the batch [x, g1 x, g2 x, ...] explained in one call. */
    static double[] imageErrors(Tensor cams, int n, java.util.List<java.util.function.UnaryOperator<float[]>> acts) {
        float[] all = cams.toFloatArray();
        int sz = n * n;
        float[] base = java.util.Arrays.copyOfRange(all, 0, sz);
        double[] err = new double[acts.size()];
        for (int i = 0; i < acts.size(); i++)
            err[i] = PlaneActions.relMaxError(java.util.Arrays.copyOfRange(all, (i + 1) * sz, (i + 2) * sz), acts.get(i).apply(base));
        return err;
    }

    static Tensor batch(float[] x, int n, java.util.List<java.util.function.UnaryOperator<float[]>> acts) {
        float[] all = new float[x.length * (acts.size() + 1)];
        System.arraycopy(x, 0, all, 0, x.length);
        for (int i = 0; i < acts.size(); i++) System.arraycopy(acts.get(i).apply(x), 0, all, (i + 1) * x.length, x.length);
        return Tensor.of(all, acts.size() + 1, 1, n, n);
    }

    /**
     * The first class whose ReLU'd CAM of x is not identically zero (an untrained network may have all-negative maps
     * for some classes, and a zero map is trivially equivariant).
     */
    static int liveClass(GradCam cam, Tensor x, int classes) {
        for (int c = 0; c < classes; c++) {
            float max = 0;
            for (float v : cam.explain(x, c).toFloatArray()) max = Math.max(max, v);
            if (max > 0) return c;
        }
        throw new AssertionError("every class has an all-zero Grad-CAM");
    }

    @Test
    void groupPooledCamOfP4AndP4mGCnnIsExactlyEquivariantAndPlainCnnIsNot() {
        int n = 28;
        java.util.function.UnaryOperator<float[]> r1 = a -> PlaneActions.rot90(a, n);
        java.util.function.UnaryOperator<float[]> r2 = a -> r1.apply(r1.apply(a));
        java.util.function.UnaryOperator<float[]> r3 = a -> r1.apply(r2.apply(a));
        java.util.function.UnaryOperator<float[]> fu = a -> PlaneActions.flipud(a, n);
        java.util.function.UnaryOperator<float[]> fr = a -> fu.apply(r1.apply(a));
        try (Scope s = Scope.open(); GCnn p4 = new GCnn(GSpace.P4, 1, 3, 4, CPU, 5); GCnn p4m = new GCnn(GSpace.P4M, 1, 2, 4, CPU, 6);
             Z2Cnn plain = new Z2Cnn(1, 6, 4, 0f, CPU, 7)) {
            float[] x = Fixtures.randn(11, n * n, 1.0);
            var rots = java.util.List.of(r1, r2, r3);
            var dihedral = java.util.List.of(r1, r2, r3, fu, fr);
            Tensor x1 = Tensor.of(x, 1, 1, n, n);
            for (String layer : new String[] {"encoder.12", "encoder"}) {
                GradCam c4 = new GradCam(p4, layer), c4m = new GradCam(p4m, layer);
                double[] e4 = imageErrors(c4.explain(batch(x, n, rots), liveClass(c4, x1, 4)), n, rots);
                double[] e4m = imageErrors(c4m.explain(batch(x, n, dihedral), liveClass(c4m, x1, 4)), n, dihedral);
                System.out.printf("Grad-CAM at %s: p4 errors %s, p4m errors %s%n", layer, java.util.Arrays.toString(e4), java.util.Arrays.toString(e4m));
                for (double e : e4) assertTrue(e < 1e-5, "p4 CAM equivariance error " + e);
                for (double e : e4m) assertTrue(e < 1e-5, "p4m CAM equivariance error " + e);
            }
            GradCam cz = new GradCam(plain, "body.12");
            double[] ez = imageErrors(cz.explain(batch(x, n, rots), liveClass(cz, x1, 4)), n, rots);
            System.out.printf("Grad-CAM of the plain CNN: rot90 errors %s%n", java.util.Arrays.toString(ez));
            for (double e : ez) assertTrue(e > 1e-2, "negative control: the plain CNN's CAM is not rot90-equivariant, error " + e);
        }
    }

    @Test
    void orientationResolvedMapsOfP4AreRotatedAndPermuted() {
        int n = 28;
        try (Scope s = Scope.open(); GCnn p4 = new GCnn(GSpace.P4, 1, 3, 4, CPU, 5)) {
            float[] x = Fixtures.randn(12, n * n, 1.0);
            Tensor in = Tensor.of(x, 1, 1, n, n), rin = Tensor.of(PlaneActions.rot90(x, n), 1, 1, n, n);
            GradCam cam = new GradCam(p4, "encoder.12");
            int c = liveClass(cam, in, 4);
            Tensor o = cam.orientations(in, c), ro = cam.orientations(rin, c);
            assertEquals(Shape.of(1, 4, n, n), o.shape());
            int[] perm = GSpace.P4.group().groupAxisPermutation(GSpace.P4.rot90Element());
            float[] want = PlaneActions.permuteAxis(PlaneActions.rot90(o.toFloatArray(), n), o.dims(), 1, perm);
            double err = PlaneActions.relMaxError(ro.toFloatArray(), want);
            double unpermuted = PlaneActions.relMaxError(ro.toFloatArray(), PlaneActions.rot90(o.toFloatArray(), n));
            assertTrue(err < 1e-5, "orientation maps: error " + err);
            assertTrue(unpermuted > 1e-2, "the orientation maps are not rotation invariant one by one: " + unpermuted);
        }
    }

    @Test
    void timeReversalGCnnCamReversesWithTheSignal() {
        int len = 64;
        try (Scope s = Scope.open(); GCnn1d net = new GCnn1d(1, 4, 3, 2, 5, CPU, 3);
             org.symkern.models.Cnn1d plain = new org.symkern.models.Cnn1d(1, 6, 3, CPU, 3)) {
            float[] x = Fixtures.randn(13, len, 1.0);
            float[] both = new float[2 * len];
            System.arraycopy(x, 0, both, 0, len);
            System.arraycopy(PlaneActions.reverseTime(x, len), 0, both, len, len);
            Tensor in = Tensor.of(both, 2, 1, len), x1 = Tensor.of(x, 1, 1, len);
            GradCam gc = new GradCam(net, "encoder.6"), pcam = new GradCam(plain, "body.6");
            float[] cam = gc.explain(in, liveClass(gc, x1, 3)).toFloatArray();
            float[] a = java.util.Arrays.copyOfRange(cam, 0, len), b = java.util.Arrays.copyOfRange(cam, len, 2 * len);
            double err = PlaneActions.relMaxError(b, PlaneActions.reverseTime(a, len));
            float[] pc = pcam.explain(in, liveClass(pcam, x1, 3)).toFloatArray();
            double plainErr = PlaneActions.relMaxError(java.util.Arrays.copyOfRange(pc, len, 2 * len),
                    PlaneActions.reverseTime(java.util.Arrays.copyOfRange(pc, 0, len), len));
            System.out.printf("Grad-CAM time reversal: GCnn1d error %.3g, Cnn1d error %.3g%n", err, plainErr);
            assertTrue(err < 1e-5, "GCnn1d CAM reversal error " + err);
            assertTrue(plainErr > 1e-2, "negative control: the plain 1D CNN's CAM does not reverse, error " + plainErr);
        }
    }

    /** Folds (B, C, |G|, H, W) into (B, C |G|, H, W), channel c |G| + t. */
    static final class Fold extends org.symkern.nn.Module {
        Fold() {
            super("Fold");
        }

        @Override
        public Tensor forward(Tensor x) {
            return x.reshape(x.dim(0), x.dim(1) * x.dim(2), x.dim(3), x.dim(4));
        }
    }

    @Test
    void foldedGroupAxisGivesTheSameMapsWithGroupOrder() {
        try (Scope s = Scope.open(); GCnn p4 = new GCnn(GSpace.P4, 1, 3, 4, CPU, 5)) {
            Tensor x = Fixtures.randn(21, 1.0, 2, 1, 28, 28);
            org.symkern.nn.Sequential enc = (org.symkern.nn.Sequential) p4.module("encoder");
            GradCam.Maps unfolded = new GradCam(p4, "encoder.12").relu(false).compute(x, new int[] {0, 1});
            {
                // a model whose layer output is folded: Fold after encoder.12, unfold before the next layer
                org.symkern.nn.Module folded = new org.symkern.nn.Module("FoldedP4") {
                    final org.symkern.nn.Module fold = child("fold", new Fold());
                    final org.symkern.nn.Module net = child("net", p4);                   // guarded with it

                    @Override
                    public Tensor forward(Tensor in) {
                        Tensor h = in;
                        for (int i = 0; i < enc.size(); i++) {
                            h = enc.module(Integer.toString(i)).forward(h);
                            if (i == 12) {
                                long[] d = h.dims();
                                h = fold.call(h).reshape(d);
                            }
                        }
                        return p4.classifier().forward(p4.head().forward(h));
                    }
                };
                GradCam.Maps m = new GradCam(folded, "fold").relu(false).groupOrder(4).compute(x, new int[] {0, 1});
                assertArrayEquals(unfolded.cam().toFloatArray(), m.cam().toFloatArray(), 1e-6f);
                assertArrayEquals(unfolded.orientations().toFloatArray(), m.orientations().toFloatArray(), 1e-6f);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> new GradCam(folded, "fold").groupOrder(5).explain(x, 0));
                assertTrue(e.getMessage().contains("not a multiple of |G| = 5"), e.getMessage());
            }
        }
    }

    @Test
    void modelStateIsRestoredAndParametersUntouched() {
        try (Scope s = Scope.open(); GCnn p4 = new GCnn(GSpace.P4, 1, 2, 3, CPU, 5)) {
            p4.train(true);
            p4.module("encoder.1").train(false);
            float[] before = p4.parameters().get(0).toFloatArray();
            Tensor x = Fixtures.randn(3, 1.0, 2, 1, 28, 28);
            new GradCam(p4, "encoder.9").explain(x, 0);
            assertTrue(p4.isTraining());
            assertFalse(p4.module("encoder.1").isTraining());
            assertTrue(p4.module("encoder.4").isTraining());
            for (Tensor p : p4.parameters()) {
                assertNull(p.grad());
                assertTrue(p.requiresGrad());
            }
            assertArrayEquals(before, p4.parameters().get(0).toFloatArray(), 0f);
            // gradients a training step left behind stay as they were through every method
            p4.forward(x).sum().backward();
            java.util.List<float[]> grads = new java.util.ArrayList<>();
            for (Tensor p : p4.parameters()) grads.add(p.grad().toFloatArray());
            Tensor one = Fixtures.randn(4, 1.0, 1, 1, 28, 28);
            new GradCam(p4, "encoder").orientations(x, 1);
            new KernelShap().samples(64).explain(p4, one, 1, Output.PROBABILITY, Players.superpixels(7), Background.zeros());
            new IntegratedGradients().steps(2).explain(p4, one, 1);
            new GradientShap().samples(2).explain(p4, one, 1, x);
            for (int i = 0; i < grads.size(); i++) assertArrayEquals(grads.get(i), p4.parameters().get(i).grad().toFloatArray(), 0f);
            assertNull(x.grad());
            assertNull(one.grad());
        }
    }

    @Test
    void badInputGivesClearMessages() {
        try (Scope s = Scope.open(); Sequential net = handBuilt(false)) {
            Tensor x = Tensor.of(X, 1, 1, 4, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GradCam(net, "conv9"));
            assertTrue(e.getMessage().contains("no module named 'conv9'") && e.getMessage().contains("valid names: 0 (")
                    && e.getMessage().contains("3 ("), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new GradCam(net, "1").explain(x, 2));
            assertEquals("GradCam: class 2 is out of range [0, 2)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new GradCam(net, "1").orientations(x, 0));
            assertTrue(e.getMessage().contains("need a layer with a group axis"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new GradCam(net, "3").explain(x, 0));
            assertTrue(e.getMessage().contains("not a feature map"), e.getMessage());
        }
    }
}
