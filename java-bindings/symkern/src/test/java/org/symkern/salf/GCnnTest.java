package org.symkern.salf;

import org.symkern.models.Z2Cnn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.symkern.nn.GSpace;
import org.symkern.nn.PlaneActions;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * GCnn and SalfCnn on 28x28 inputs: invariant logits of GCnn (and of SalfCnn built symmetric-only, which is the
 * same network) under rot90 and the mirrors, the equivariance of the encoder's map, SalfCnn's embedding (invariant
 * block unchanged, asymmetric block permuted like the group axis), gradients to gamma, and parameter counts against
 * Z2Cnn.
 */
class GCnnTest {
    static final Device CPU = Device.CPU;
    static final int N = 28;

    static UnaryOperator<float[]> plane(String action, int n) {
        return switch (action) {
            case "rot90" -> a -> PlaneActions.rot90(a, n);
            case "flipud" -> a -> PlaneActions.flipud(a, n);
            case "fliplr" -> a -> PlaneActions.fliplr(a, n);
            default -> throw new IllegalArgumentException(action);
        };
    }

    static int element(GSpace g, String action) {
        return action.equals("rot90") ? g.rot90Element() : g.mirrorElement();
    }

    static Tensor act(UnaryOperator<float[]> f, Tensor x) {
        return Tensor.of(f.apply(x.toFloatArray()), x.shape(), x.device());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"P4, rot90", "P4M, rot90", "P4M, flipud", "C8, rot90", "D8, fliplr"})
    void gCnnLogitsAreInvariantAndItsFeaturesEquivariant(GSpace g, String action) {
        try (Scope s = Scope.open(); GCnn net = new GCnn(g, 1, 3, 10, CPU, 5)) {
            Tensor x = Fixtures.randn(6, 1.0, 3, 1, N, N);
            Tensor xg = act(plane(action, N), x);
            Tensor y = net.forward(x);
            assertEquals(Shape.of(3, 10), y.shape());
            double err = PlaneActions.relMaxError(net.forward(xg).toFloatArray(), y.toFloatArray());
            // features (B, F, |G|, 4, 4): Phi(L_g x)[:, :, t] = L_g(Phi(x)[:, :, perm[t]])
            Tensor h = net.features(x);
            assertEquals(Shape.of(3, 3, g.order(), 4, 4), h.shape());
            int[] perm = g.group().groupAxisPermutation(element(g, action));
            float[] want = plane(action, 4).apply(PlaneActions.permuteAxis(h.toFloatArray(), h.dims(), 2, perm));
            double ferr = PlaneActions.relMaxError(net.features(xg).toFloatArray(), want);
            System.out.printf("GCnn(%s) %s: logits invariance error %.3g, features equivariance error %.3g%n", g, action, err, ferr);
            assertTrue(err < 1e-5, "invariance error " + err);
            assertTrue(ferr < 1e-5, "equivariance error " + ferr);
        }
    }

    @Test
    void symmetricOnlySalfCnnIsGCnnAndHasNoGamma() {
        try (Scope s = Scope.open(); GCnn g = new GCnn(GSpace.P4, 1, 4, 10, CPU, 9);
             SalfCnn sym = new SalfCnn(GSpace.P4, 1, 4, 10, 0.5f, true, CPU, 9)) {
            assertEquals(g.parameterCount(), sym.parameterCount());
            assertEquals(g.namedParameters().keySet(), sym.namedParameters().keySet());
            assertFalse(sym.namedParameters().containsKey("head.gamma"));
            Tensor x = Fixtures.randn(10, 1.0, 2, 1, N, N);
            assertArrayEquals(g.forward(x).toFloatArray(), sym.forward(x).toFloatArray());
            SalfModel.LogitsAndEmbedding out = sym.logitsAndEmbedding(x);
            assertEquals(Shape.of(2, 4), out.embedding().shape());
            double err = PlaneActions.relMaxError(sym.forward(act(plane("rot90", N), x)).toFloatArray(), out.logits().toFloatArray());
            assertTrue(err < 1e-5, "symmetric-only SalfCnn invariance error " + err);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"P4, rot90", "P4M, rot90", "P4M, flipud"})
    void salfEmbeddingHasAnInvariantBlockAndAnAsymmetricBlockPermutedLikeTheGroupAxis(GSpace g, String action) {
        int f = 3, order = g.order();
        try (Scope s = Scope.open(); SalfCnn net = new SalfCnn(g, 1, f, 10, 1.0f, false, CPU, 11)) {
            net.head().gamma().copyFrom(new float[] {1.0f, -0.7f, 1.6f});
            Tensor x = Fixtures.randn(12, 1.0, 3, 1, N, N);
            SalfModel.LogitsAndEmbedding out = net.logitsAndEmbedding(x), moved = net.logitsAndEmbedding(act(plane(action, N), x));
            long dim = f + (long) f * order;
            assertEquals(Shape.of(3, dim), out.embedding().shape());
            assertEquals(Shape.of(3, 10), out.logits().shape());
            float[] z = out.embedding().toFloatArray(), zg = moved.embedding().toFloatArray();
            int b = 3;
            float[] inv = new float[b * f], invg = new float[b * f], asym = new float[b * f * order], asymg = new float[b * f * order];
            for (int i = 0; i < b; i++) {
                System.arraycopy(z, (int) (i * dim), inv, i * f, f);
                System.arraycopy(zg, (int) (i * dim), invg, i * f, f);
                System.arraycopy(z, (int) (i * dim) + f, asym, i * f * order, f * order);
                System.arraycopy(zg, (int) (i * dim) + f, asymg, i * f * order, f * order);
            }
            int[] perm = g.group().groupAxisPermutation(element(g, action));
            if (g == GSpace.P4) assertArrayEquals(new int[] {3, 0, 1, 2}, perm);
            double invErr = PlaneActions.relMaxError(invg, inv);
            double asymErr = PlaneActions.relMaxError(asymg, PlaneActions.permuteAxis(asym, new long[] {b, f, order}, 2, perm));
            double asymUnmoved = PlaneActions.relMaxError(asymg, asym);
            double logitChange = PlaneActions.relMaxError(moved.logits().toFloatArray(), out.logits().toFloatArray());
            System.out.printf("SalfCnn(%s) %s: invariant block error %.3g, asymmetric block vs permuted %.3g (unpermuted %.3g); "
                    + "logits change %.3g%n", g, action, invErr, asymErr, asymUnmoved, logitChange);
            assertTrue(invErr < 1e-5, "invariant block error " + invErr);
            assertTrue(asymErr < 1e-5, "asymmetric block error " + asymErr);
            assertTrue(asymUnmoved > 1e-2, "negative control: the asymmetric block must move, " + asymUnmoved);
            assertTrue(logitChange > 1e-4, "with gamma != 0 the logits see the asymmetric block, change " + logitChange);
        }
    }

    @Test
    void crossEntropyGradientReachesGamma() {
        try (Scope s = Scope.open(); SalfCnn net = new SalfCnn(GSpace.P4, 1, 4, 10, CPU, 13)) {
            assertArrayEquals(new float[] {0.1f, 0.1f, 0.1f, 0.1f}, net.head().gamma().toFloatArray());
            assertSame(net.head().gamma(), net.namedParameters().get("head.gamma"));
            Tensor x = Fixtures.randn(14, 1.0, 4, 1, N, N);
            Tensor y = Tensor.ofInts(new int[] {0, 3, 6, 9}, Shape.of(4), CPU);
            net.forward(x).crossEntropy(y).backward();
            float[] grad = net.head().gamma().grad().toFloatArray();
            for (int c = 0; c < grad.length; c++) assertTrue(Math.abs(grad[c]) > 1e-7, "gamma[" + c + "] gradient " + grad[c]);
        }
    }

    @Test
    void parameterCountsAreWithinOneAndAHalfOfZ2Cnn() {
        try (Scope s = Scope.open(); Z2Cnn z2 = new Z2Cnn(1, 20, 10, 0.3f, CPU, 1); GCnn p4 = new GCnn(GSpace.P4, 1, 10, 10, CPU, 1);
             SalfCnn salf = new SalfCnn(GSpace.P4, 1, 10, 10, CPU, 1); GCnn p4m = new GCnn(GSpace.P4M, 1, 7, 10, CPU, 1);
             SalfCnn salfM = new SalfCnn(GSpace.P4M, 1, 7, 10, CPU, 1); GCnn c8 = new GCnn(GSpace.C8, 1, 9, 10, CPU, 1);
             SalfCnn salf8 = new SalfCnn(GSpace.C8, 1, 9, 10, CPU, 1)) {
            System.out.printf("parameters: Z2Cnn(20) %d; P4: GCnn(10) %d, SalfCnn(10) %d; P4M: GCnn(7) %d, SalfCnn(7) %d; "
                    + "C8: GCnn(9) %d, SalfCnn(9) %d%n", z2.parameterCount(), p4.parameterCount(), salf.parameterCount(),
                    p4m.parameterCount(), salfM.parameterCount(), c8.parameterCount(), salf8.parameterCount());
            // Z2Cnn: 200 + 5 (3600 + 20) + 6 * 40 + 3210; GCnn(P4, F): 180 F^2 + 37 F + 10 with 10 classes
            assertEquals(21_750, z2.parameterCount());
            assertEquals(180 * 100 + 37 * 10 + 10, p4.parameterCount());
            // SalfCnn adds gamma (F) and the classifier's weights on the asymmetric block (F |G| classes)
            assertEquals(p4.parameterCount() + 10 + 10 * 4 * 10, salf.parameterCount());
            assertEquals(p4m.parameterCount() + 7 + 7 * 8 * 10, salfM.parameterCount());
            assertEquals(c8.parameterCount() + 9 + 9 * 8 * 10, salf8.parameterCount());
            for (long n : new long[] {p4.parameterCount(), salf.parameterCount(), p4m.parameterCount(), salfM.parameterCount(),
                                      c8.parameterCount(), salf8.parameterCount()}) {
                double ratio = Math.max(n, z2.parameterCount()) / (double) Math.min(n, z2.parameterCount());
                assertTrue(ratio <= 1.5, n + " parameters vs Z2Cnn's " + z2.parameterCount());
            }
        }
    }
}
