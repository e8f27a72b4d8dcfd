package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradCheck;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.SymkernException;
import org.symkern.tensor.Tensor;

class EmbeddingTest {
    /** A (num, dim) table whose rows have the given norms (random directions). */
    static float[] tableWithNorms(long seed, double[] norms, int dim) {
        float[] t = Fixtures.randn(seed, norms.length * dim, 1.0);
        for (int k = 0; k < norms.length; k++) {
            double s = 0;
            for (int d = 0; d < dim; d++) s += (double) t[k * dim + d] * t[k * dim + d];
            for (int d = 0; d < dim; d++) t[k * dim + d] = (float) (t[k * dim + d] * norms[k] / Math.sqrt(s));
        }
        return t;
    }

    @Test
    void forwardMatchesFloat64ReferenceWithAndWithoutMaxNorm() {
        try (Scope s = Scope.open()) {
            int dim = 5;
            double[] norms = {0.5, 3.0, 1.0, 8.0};
            float[] t = tableWithNorms(1, norms, dim);
            int[] idx = {3, 1, 1, 0, 2, 3};
            Tensor table = Tensor.of(t, 4, dim), ix = Tensor.ofInts(idx, 2, 3);
            for (float m : new float[] {0f, -1f, Float.POSITIVE_INFINITY, Float.NaN, 2.0f}) {
                Tensor y = Embedding.apply(table, ix, m);
                assertEquals(Shape.of(2, 3, dim), y.shape());
                double[] want = new double[idx.length * dim];
                for (int i = 0; i < idx.length; i++) {
                    double c = m > 0 && Float.isFinite(m) ? Math.min(1.0, m / norms[idx[i]]) : 1.0;
                    for (int d = 0; d < dim; d++) want[i * dim + d] = c * t[idx[i] * dim + d];
                }
                Fixtures.assertClose(want, y.toFloatArray(), 1e-6, 1e-5);
            }
            assertArrayEquals(t, table.toFloatArray(), "the table is not renormalized in place");
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        try (Scope s = Scope.open()) {
            // norms far from maxNorm = 1.5 on both sides (the kink at ||e|| = 1.5 is not crossed by +-h)
            float[] t = tableWithNorms(2, new double[] {0.4, 2.5, 1.0, 4.0, 0.0}, 3);
            Tensor idx = Tensor.ofInts(new int[] {1, 3, 1, 0, 2, 3, 3}, 7);
            for (float m : new float[] {0f, 1.5f}) {
                Tensor table = Tensor.of(t, 5, 3).requiresGrad(true);
                GradCheck.assertGradients(in -> Embedding.apply(in[0], idx, m), new Tensor[] {table}, 1e-3, 2e-3, 2e-3);
            }
        }
    }

    @Test
    void gradientAccumulatesOnlyIntoLookedUpRows() {
        try (Scope s = Scope.open()) {
            Tensor table = Tensor.of(new float[] {3, 4, 1, 1, 0.3f, 0.4f}, 3, 2).requiresGrad(true);
            Tensor y = Embedding.apply(table, Tensor.ofInts(new int[] {0, 2, 0}, 3), 1.0f);
            y.backward(Tensor.of(new float[] {1, 0, 1, 0, 1, 0}, 3, 2));
            // row 0: e = (3, 4), G = (2, 0): (1/5)(G - e (e.G)/25) = (0.256, -0.192); row 1 untouched; row 2 unclipped
            Fixtures.assertClose(new double[] {0.256, -0.192, 0, 0, 1, 0}, table.grad().toFloatArray(), 1e-6, 1e-5);
        }
    }

    @Test
    void badIndicesAndTablesAreRejected() {
        try (Scope s = Scope.open()) {
            Tensor table = Tensor.zeros(4, 2);
            SymkernException e = assertThrows(SymkernException.class,
                    () -> Embedding.apply(table, Tensor.ofInts(new int[] {1, 7}, 2), 1f));
            assertTrue(e.getMessage().contains("embedding_forward: idx[1] = 7 is outside [0, 4)"), e.getMessage());
            IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                    () -> Embedding.apply(Tensor.zeros(4, 2, 2), Tensor.ofInts(new int[] {1}, 1), 0f));
            assertTrue(a.getMessage().contains("the table must be (num, dim)"), a.getMessage());
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        try (Scope s = Scope.open()) {
            Device gpu = Device.cuda(0);
            double[] norms = new double[81];
            for (int k = 0; k < norms.length; k++) norms[k] = 0.25 * (k % 9);
            float[] t = tableWithNorms(5, norms, 64);
            Tensor idx = Tensor.ofInts(GatherScatterTest.randomIdx(9, 4000, 81), 4000);
            Tensor seed = Fixtures.randn(10, 1.0, 4000, 64);
            for (float m : new float[] {0f, 1.0f}) {
                Tensor tc = Tensor.of(t, 81, 64).requiresGrad(true), tg = Tensor.of(t, 81, 64).to(gpu).copy().requiresGrad(true);
                Tensor yc = Embedding.apply(tc, idx, m), yg = Embedding.apply(tg, idx.to(gpu), m);
                Fixtures.assertClose(SegmentReduceTest.toDouble(yc.toFloatArray()), yg.to(Device.CPU).toFloatArray(), 1e-6, 1e-5);
                yc.backward(seed);
                yg.backward(seed.to(gpu));
                Fixtures.assertClose(SegmentReduceTest.toDouble(tc.grad().toFloatArray()), tg.grad().to(Device.CPU).toFloatArray(),
                        1e-4, 1e-5);
            }
        }
    }
}
