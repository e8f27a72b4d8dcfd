package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.symkern.autograd.GradCheck;
import org.symkern.group.PairOrbits;
import org.symkern.group.PermutationGroups;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.SymkernException;
import org.symkern.tensor.Tensor;

class OrbitLinearTest {
    static int[] randomIds(long seed, int count, int limit) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] v = new int[count];
        for (int i = 0; i < count; i++) v[i] = r.nextInt(limit);
        return v;
    }

    /** float64 reference of either variant; alpha null = full (w (K, din, dout)), else w (din, dout). */
    static double[] reference(float[] x, float[] alpha, float[] w, float[] bias, int[] cat, int[] orbit, int batch, int n,
                              int din, int dout) {
        double[] y = new double[batch * n * dout];
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < n; i++)
                for (int o = 0; o < dout; o++) {
                    double acc = bias == null ? 0 : bias[orbit[i] * dout + o];
                    for (int j = 0; j < n; j++) {
                        int k = cat[i * n + j];
                        for (int d = 0; d < din; d++) {
                            double xv = x[(b * n + j) * din + d];
                            acc += alpha == null ? xv * w[(k * din + d) * dout + o] : alpha[k] * xv * w[d * dout + o];
                        }
                    }
                    y[(b * n + i) * dout + o] = acc;
                }
        return y;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void forwardMatchesFloat64Reference(boolean separable) {
        try (Scope s = Scope.open()) {
            int batch = 3, n = 7, din = 5, dout = 4, k = 9;
            int[] cat = randomIds(1, n * n, k), orbit = randomIds(2, n, 3);
            float[] x = Fixtures.randn(3, batch * n * din, 1.0), alpha = Fixtures.randn(4, k, 1.0);
            float[] w = Fixtures.randn(5, separable ? din * dout : k * din * dout, 0.5), bias = Fixtures.randn(6, 3 * dout, 1.0);
            Tensor xt = Tensor.of(x, 3, n, din), wt = separable ? Tensor.of(w, din, dout) : Tensor.of(w, k, din, dout);
            Tensor ct = Tensor.ofInts(cat, n, n), ot = Tensor.ofInts(orbit, n), bt = Tensor.of(bias, 3, dout);
            Tensor y = separable ? OrbitLinear.separable(xt, Tensor.of(alpha, k), wt, bt, ct, ot) : OrbitLinear.full(xt, wt, bt, ct, ot);
            assertEquals(Shape.of(batch, n, dout), y.shape());
            Fixtures.assertClose(reference(x, separable ? alpha : null, w, bias, cat, orbit, batch, n, din, dout), y.toFloatArray(),
                    1e-4, 1e-4);
            /* without bias, and with extra leading axes (2, 3 batch entries) */
            Tensor x4 = Tensor.of(x, 1, 3, n, din);
            Tensor y2 = separable ? OrbitLinear.separable(x4, Tensor.of(alpha, k), wt, null, ct, null) : OrbitLinear.full(x4, wt, null, ct, null);
            assertEquals(Shape.of(1, 3, n, dout), y2.shape());
            Fixtures.assertClose(reference(x, separable ? alpha : null, w, null, cat, orbit, batch, n, din, dout), y2.toFloatArray(),
                    1e-4, 1e-4);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void backwardMatchesFiniteDifferences(boolean separable) {
        try (Scope s = Scope.open()) {
            int n = 5, din = 3, dout = 2, k = 4;
            Tensor x = Fixtures.randn(7, 1.0, 2, n, din).requiresGrad(true);
            Tensor w = (separable ? Fixtures.randn(8, 0.5, din, dout) : Fixtures.randn(8, 0.5, k, din, dout)).requiresGrad(true);
            Tensor alpha = Fixtures.randn(9, 1.0, k).requiresGrad(true);
            Tensor bias = Fixtures.randn(10, 1.0, 2, dout).requiresGrad(true);
            Tensor cat = Tensor.ofInts(randomIds(11, n * n, k), n, n), orbit = Tensor.ofInts(randomIds(12, n, 2), n);
            Tensor[] in = separable ? new Tensor[] {x, alpha, w, bias} : new Tensor[] {x, w, bias};
            GradCheck.assertGradients(t -> separable ? OrbitLinear.separable(t[0], t[1], t[2], t[3], cat, orbit)
                    : OrbitLinear.full(t[0], t[1], t[2], cat, orbit), in, 1e-2, 2e-3, 2e-3);
        }
    }

    @Test
    void onlyInputsThatRequireGradReceiveOne() {
        try (Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(1, 1.0, 4, 3), w = Fixtures.randn(2, 1.0, 2, 3, 2).requiresGrad(true);
            Tensor cat = Tensor.ofInts(randomIds(3, 16, 2), 4, 4);
            OrbitLinear.full(x, w, null, cat, null).sum().backward();
            assertNull(x.grad());
            assertNotNull(w.grad());
        }
    }

    @Test
    void categoryOutOfRangeAndBadShapesAreNamed() {
        try (Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(1, 1.0, 2, 4, 3), w = Fixtures.randn(2, 1.0, 5, 3, 2);
            int[] ids = randomIds(3, 16, 5);
            ids[6] = 5;
            SymkernException e = assertThrows(SymkernException.class, () -> OrbitLinear.full(x, w, null, Tensor.ofInts(ids, 4, 4), null));
            assertTrue(e.getMessage().contains("cat[6] = 5 is outside [0, 5)"), e.getMessage());
            Tensor cat = Tensor.ofInts(randomIds(3, 16, 5), 4, 4);
            IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                    () -> OrbitLinear.full(x, Fixtures.randn(2, 1.0, 5, 4, 2), null, cat, null));
            assertTrue(a.getMessage().contains("w must be [K, 3, dout] for x [2, 4, 3], got [5, 4, 2]"), a.getMessage());
            a = assertThrows(IllegalArgumentException.class, () -> OrbitLinear.full(x, w, null, Tensor.ofInts(ids, 2, 8), null));
            assertTrue(a.getMessage().contains("cat must be int32 [4, 4]"), a.getMessage());
            a = assertThrows(IllegalArgumentException.class, () -> OrbitLinear.full(x, w, Tensor.zeros(1, 2), cat, null));
            assertTrue(a.getMessage().contains("a bias needs nodeOrbit"), a.getMessage());
        }
    }

    @Test
    void dihedralCategoriesGiveARotationEquivariantMap() {
        try (Scope s = Scope.open()) {
            PairOrbits orbits = PermutationGroups.dihedral(6).pairOrbits();
            Tensor cat = Tensor.ofInts(orbits.categories(), 6, 6), w = Fixtures.randn(1, 1.0, orbits.count(), 2, 2);
            float[] x = Fixtures.randn(2, 12, 1.0), xr = new float[12];
            for (int i = 0; i < 6; i++) System.arraycopy(x, i * 2, xr, ((i + 1) % 6) * 2, 2);   // (g.x)_{g(i)} = x_i
            float[] y = OrbitLinear.full(Tensor.of(x, 6, 2), w, null, cat, null).toFloatArray();
            float[] yr = OrbitLinear.full(Tensor.of(xr, 6, 2), w, null, cat, null).toFloatArray();
            for (int i = 0; i < 6; i++)
                for (int c = 0; c < 2; c++) assertEquals(y[i * 2 + c], yr[((i + 1) % 6) * 2 + c], 1e-5);
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        Device gpu = Device.cuda(0);
        try (Scope s = Scope.open()) {
            for (boolean separable : new boolean[] {false, true}) {
                int n = 10, k = 6;
                Tensor cat = Tensor.ofInts(randomIds(1, n * n, k), n, n), orbit = Tensor.ofInts(randomIds(2, n, 3), n);
                Tensor x = Fixtures.randn(3, 1.0, 4, n, 16).requiresGrad(true);
                Tensor w = (separable ? Fixtures.randn(4, 0.3, 16, 8) : Fixtures.randn(4, 0.3, k, 16, 8)).requiresGrad(true);
                Tensor alpha = Fixtures.randn(5, 1.0, k).requiresGrad(true), bias = Fixtures.randn(6, 1.0, 3, 8).requiresGrad(true);
                Tensor[] cpu = {x, alpha, w, bias};
                Tensor[] dev = new Tensor[4];
                for (int i = 0; i < 4; i++) dev[i] = cpu[i].to(gpu).detach().requiresGrad(true);
                Tensor catG = cat.to(gpu), orbitG = orbit.to(gpu);
                Tensor yc = separable ? OrbitLinear.separable(x, alpha, w, bias, cat, orbit) : OrbitLinear.full(x, w, bias, cat, orbit);
                Tensor yg = separable ? OrbitLinear.separable(dev[0], dev[1], dev[2], dev[3], catG, orbitG)
                        : OrbitLinear.full(dev[0], dev[2], dev[3], catG, orbitG);
                assertClose(yc, yg, 1e-4);
                Tensor seed = Fixtures.randn(7, 1.0, 4, n, 8);
                yc.backward(seed);
                yg.backward(seed.to(gpu));
                for (int i = 0; i < 4; i++)
                    if (separable || i != 1) assertClose(cpu[i].grad(), dev[i].grad(), 1e-4);
            }
        }
    }

    static void assertClose(Tensor cpu, Tensor gpu, double tol) {
        float[] want = cpu.toFloatArray();
        double[] w = new double[want.length];
        for (int i = 0; i < w.length; i++) w[i] = want[i];
        Fixtures.assertClose(w, gpu.to(Device.CPU).toFloatArray(), tol, tol);
    }
}
