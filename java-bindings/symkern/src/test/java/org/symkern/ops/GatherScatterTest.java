package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.symkern.autograd.GradCheck;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.SymkernException;
import org.symkern.tensor.Tensor;

/** Gather (index_select rows) and ScatterAdd (its adjoint), both modes. */
class GatherScatterTest {
    static int[] randomIdx(long seed, int n, int rows) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = r.nextInt(rows);
        return idx;
    }

    @Test
    void gatherForwardMatchesReference() {
        try (Scope s = Scope.open()) {
            float[] x = Fixtures.randn(1, 5 * 2 * 3, 1.0);
            int[] idx = {4, 0, 0, 2, 4, 4};   // repeats, skips, out of order; idx shape (2, 3)
            Tensor y = Gather.apply(Tensor.of(x, 5, 2, 3), Tensor.ofInts(idx, 2, 3));
            assertEquals(Shape.of(2, 3, 2, 3), y.shape());
            double[] want = new double[6 * 6];
            for (int i = 0; i < 6; i++)
                for (int d = 0; d < 6; d++) want[i * 6 + d] = x[idx[i] * 6 + d];
            Fixtures.assertClose(want, y.toFloatArray(), 0, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(ScatterAdd.Mode.class)
    void scatterAddForwardMatchesReference(ScatterAdd.Mode mode) {
        try (Scope s = Scope.open()) {
            int n = 50, rows = 7, dim = 3;
            float[] x = Fixtures.randn(2, n * dim, 1.0);
            int[] idx = randomIdx(3, n, rows);
            Tensor y = ScatterAdd.apply(Tensor.of(x, n, dim), Tensor.ofInts(idx, n), rows + 2, mode);
            assertEquals(Shape.of(rows + 2, dim), y.shape());
            double[] want = new double[(rows + 2) * dim];   // rows 7 and 8 receive nothing: 0
            for (int i = 0; i < n; i++)
                for (int d = 0; d < dim; d++) want[idx[i] * dim + d] += x[i * dim + d];
            Fixtures.assertClose(want, y.toFloatArray(), 1e-5, 1e-5);
        }
    }

    @Test
    void deterministicScatterIsBitIdenticalAndAtomicAgrees() {
        try (Scope s = Scope.open()) {
            int n = 20000, rows = 37, dim = 16;
            Tensor x = Fixtures.randn(4, 100.0, n, dim), idx = Tensor.ofInts(randomIdx(5, n, rows), n);
            float[] a = ScatterAdd.apply(x, idx, rows).toFloatArray();
            float[] b = ScatterAdd.apply(x, idx, rows).toFloatArray();
            assertArrayEquals(a, b, "deterministic path must repeat bit for bit");
            float[] c = ScatterAdd.apply(x, idx, rows, ScatterAdd.Mode.ATOMIC).toFloatArray();
            Fixtures.assertClose(SegmentReduceTest.toDouble(a), c, 1e-2, 1e-4);
        }
    }

    @Test
    void gatherBackwardMatchesFiniteDifferences() {
        try (Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(6, 1.0, 4, 3).requiresGrad(true);
            Tensor idx = Tensor.ofInts(new int[] {3, 1, 3, 3, 0, 1, 2}, 7);
            GradCheck.assertGradients(t -> Gather.apply(t[0], idx), new Tensor[] {x}, 1e-2, 1e-3, 1e-3);
        }
    }

    @ParameterizedTest
    @EnumSource(ScatterAdd.Mode.class)
    void scatterAddBackwardMatchesFiniteDifferences(ScatterAdd.Mode mode) {
        try (Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(7, 1.0, 2, 4, 2).requiresGrad(true);   // idx shape (2, 4), trailing (2)
            Tensor idx = Tensor.ofInts(new int[] {0, 4, 4, 1, 0, 0, 2, 4}, 2, 4);
            GradCheck.assertGradients(t -> ScatterAdd.apply(t[0], idx, 5, mode), new Tensor[] {x}, 1e-2, 1e-3, 1e-3);
        }
    }

    @Test
    void outOfRangeIndicesAreNamed() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(4, 2);
            SymkernException e = assertThrows(SymkernException.class,
                    () -> Gather.apply(x, Tensor.ofInts(new int[] {0, 3, 4}, 3)));
            assertEquals(SymkernException.Status.BAD_ARGUMENT, e.status());
            assertTrue(e.getMessage().contains("gather_rows: idx[2] = 4 is outside [0, 4)"), e.getMessage());
            e = assertThrows(SymkernException.class,
                    () -> ScatterAdd.apply(Tensor.zeros(3, 2), Tensor.ofInts(new int[] {0, -1, 1}, 3), 4));
            assertTrue(e.getMessage().contains("scatter_add_rows: idx[1] = -1 is outside [0, 4)"), e.getMessage());
            IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                    () -> ScatterAdd.apply(Tensor.zeros(3, 2), Tensor.ofInts(new int[] {0, 1}, 2), 4));
            assertTrue(a.getMessage().contains("x [3, 2] must start with the index shape [2]"), a.getMessage());
            a = assertThrows(IllegalArgumentException.class, () -> Gather.apply(x, Tensor.zeros(3)));
            assertTrue(a.getMessage().contains("indices must be int32"), a.getMessage());
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        try (Scope s = Scope.open()) {
            Device gpu = Device.cuda(0);
            int n = 5000, rows = 300, dim = 33;
            Tensor table = Fixtures.randn(1, 1.0, rows, dim), idx = Tensor.ofInts(randomIdx(2, n, rows), n);
            Tensor tc = table.copy().requiresGrad(true), tg = table.to(gpu).copy().requiresGrad(true);
            Tensor yc = Gather.apply(tc, idx), yg = Gather.apply(tg, idx.to(gpu));
            assertArrayEquals(yc.toFloatArray(), yg.to(Device.CPU).toFloatArray());
            Tensor seed = Fixtures.randn(3, 1.0, n, dim);
            yc.backward(seed);
            yg.backward(seed.to(gpu));
            // same destination order and double sums on both devices
            Fixtures.assertClose(SegmentReduceTest.toDouble(tc.grad().toFloatArray()), tg.grad().to(Device.CPU).toFloatArray(),
                    1e-6, 1e-6);
            for (ScatterAdd.Mode mode : ScatterAdd.Mode.values()) {
                float[] c = ScatterAdd.apply(seed, idx, rows, mode).toFloatArray();
                float[] g = ScatterAdd.apply(seed.to(gpu), idx.to(gpu), rows, mode).to(Device.CPU).toFloatArray();
                Fixtures.assertClose(SegmentReduceTest.toDouble(c), g, 1e-4, 1e-5);
            }
            float[] g1 = ScatterAdd.apply(seed.to(gpu), idx.to(gpu), rows).to(Device.CPU).toFloatArray();
            float[] g2 = ScatterAdd.apply(seed.to(gpu), idx.to(gpu), rows).to(Device.CPU).toFloatArray();
            assertArrayEquals(g1, g2, "deterministic CUDA scatter repeats bit for bit");
        }
    }
}
