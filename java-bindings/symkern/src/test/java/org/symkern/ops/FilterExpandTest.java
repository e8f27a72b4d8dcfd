package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.symkern.autograd.GradCheck;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.SymkernException;
import org.symkern.tensor.Tensor;

class FilterExpandTest {
    /** The p4 / p4m bank by the explicit numpy formulas of docs/groups.md, section Filter tables, independent of the table. */
    static double[] rotatedBank(float[] w, int co, int ci, int order, int k, boolean lifting) {
        int si = lifting ? 1 : order, K = k - 1;
        double[] out = new double[co * order * ci * si * k * k];
        int n = 0;
        for (int o = 0; o < co; o++)
            for (int t = 0; t < order; t++)
                for (int i = 0; i < ci; i++)
                    for (int s = 0; s < si; s++)
                        for (int y = 0; y < k; y++)
                            for (int x = 0; x < k; x++) {
                                int[][] uv = {{y, x}, {x, K - y}, {K - y, K - x}, {K - x, y},
                                              {K - y, x}, {x, y}, {y, K - x}, {K - x, K - y}};
                                int slice = lifting ? 0 : order == 4 ? Math.floorMod(s - t, 4)
                                        : GroupConvTables.d4Mul(GroupConvTables.d4Inv(t), s);
                                out[n++] = w[(((o * ci + i) * si + slice) * k + uv[t][0]) * k + uv[t][1]];
                            }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"4, 3, true", "4, 3, false", "4, 5, false", "8, 3, true", "8, 3, false"})
    void p4AndP4mBanksAreTheRotatedAndFlippedFilters(int order, int k, boolean lifting) {
        try (Scope s = Scope.open()) {
            int co = 3, ci = 2, si = lifting ? 1 : order;
            Tensor w = Fixtures.randn(11, 1.0, co, ci, si, k, k);
            Tensor idx = Tensor.ofInts(GroupConvTables.d4Table(order, k, lifting), order, si, k * k, 1);
            Tensor out = FilterExpand.apply(w, idx, null);
            assertEquals(Shape.of(co, order, ci, si, k * k), out.shape());
            Fixtures.assertClose(rotatedBank(w.toFloatArray(), co, ci, order, k, lifting), out.toFloatArray(), 0, 0);
        }
    }

    @Test
    void denseCoefficientTableMatchesFloat64Reference() {
        try (Scope s = Scope.open()) {
            int co = 2, ci = 3, q = 7, to = 3, si = 2, p = 5, e = 3, n = to * si * p * e;
            float[] w = Fixtures.randn(3, co * ci * q, 1.0), coef = Fixtures.randn(4, n, 1.0);
            int[] idx = GroupConvTables.randomIdx(5, n, q);
            Tensor out = FilterExpand.apply(Tensor.of(w, co, ci, q), Tensor.ofInts(idx, to, si, p, e), Tensor.of(coef, to, si, p, e));
            Fixtures.assertClose(GroupConvTables.expand(w, co, ci, q, idx, coef, to, si, p, e), out.toFloatArray(), 1e-6, 1e-6);
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        try (Scope s = Scope.open()) {
            Tensor w = Fixtures.randn(6, 1.0, 2, 2, 8, 3, 3).requiresGrad(true);
            Tensor idx = Tensor.ofInts(GroupConvTables.d4Table(8, 3, false), 8, 8, 9, 1);
            GradCheck.assertGradients(in -> FilterExpand.apply(in[0], idx, null), new Tensor[] {w}, 1e-2, 1e-3, 1e-3);

            int q = 5, n = 2 * 3 * 4 * 3;
            Tensor w2 = Fixtures.randn(7, 1.0, 3, 2, q).requiresGrad(true);
            Tensor idx2 = Tensor.ofInts(GroupConvTables.randomIdx(8, n, q), 2, 3, 4, 3);
            Tensor coef = Tensor.of(Fixtures.randn(9, n, 1.0), 2, 3, 4, 3);
            GradCheck.assertGradients(in -> FilterExpand.apply(in[0], idx2, coef), new Tensor[] {w2}, 1e-2, 1e-3, 1e-3);
        }
    }

    @Test
    void indexOutsideTheBankIsReportedWithTheEntry() {
        try (Scope s = Scope.open()) {
            int[] table = GroupConvTables.d4Table(4, 3, false);
            table[((2 * 4 + 1) * 9 + 5)] = 36;
            Tensor w = Tensor.zeros(2, 2, 4, 3, 3);
            SymkernException ex = assertThrows(SymkernException.class,
                    () -> FilterExpand.apply(w, Tensor.ofInts(table, 4, 4, 9, 1), null));
            assertEquals(SymkernException.Status.BAD_ARGUMENT, ex.status());
            assertTrue(ex.getMessage().contains("idx[t=2, s=1, x=5, m=0] = 36 is outside [0, 36)"), ex.getMessage());
        }
    }

    @Test
    void badTableShapesAndTypesAreRejected() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.zeros(2, 2, 9);
            Tensor idx = Tensor.ofInts(new int[4 * 9], 4, 1, 9, 1);
            IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                    () -> FilterExpand.apply(w, idx, Tensor.zeros(4, 1, 9, 2)));
            assertTrue(a.getMessage().contains("coef shape [4, 1, 9, 2] differs from idx shape [4, 1, 9, 1]"), a.getMessage());
            IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                    () -> FilterExpand.apply(w, Tensor.zeros(4, 1, 9, 1), null));
            assertTrue(b.getMessage().contains("idx must be int32"), b.getMessage());
            IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                    () -> FilterExpand.apply(w, Tensor.ofInts(new int[9], 1, 9), null));
            assertTrue(c.getMessage().contains("idx must have rank 4 (to, si, p, e), got shape [1, 9]"), c.getMessage());
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        try (Scope s = Scope.open()) {
            int q = 6, n = 4 * 3 * 9 * 2;
            float[] w = Fixtures.randn(1, 5 * 4 * q, 1.0), coef = Fixtures.randn(2, n, 1.0), g = Fixtures.randn(3, 5 * 4 * 4 * 3 * 9, 1.0);
            int[] idx = GroupConvTables.randomIdx(4, n, q);
            float[][] grads = new float[2][];
            float[][] outs = new float[2][];
            Device[] devs = {Device.CPU, Device.cuda(0)};
            for (int d = 0; d < 2; d++) {
                Tensor wt = Tensor.of(w, Shape.of(5, 4, q), devs[d]).requiresGrad(true);
                Tensor out = FilterExpand.apply(wt, Tensor.ofInts(idx, Shape.of(4, 3, 9, 2), devs[d]), Tensor.of(coef, Shape.of(4, 3, 9, 2), devs[d]));
                out.backward(Tensor.of(g, out.shape(), devs[d]));
                outs[d] = out.toFloatArray();
                grads[d] = wt.grad().toFloatArray();
            }
            double[] ref = new double[outs[0].length];
            for (int i = 0; i < ref.length; i++) ref[i] = outs[0][i];
            Fixtures.assertClose(ref, outs[1], 1e-6, 1e-5);
            double[] gref = new double[grads[0].length];
            for (int i = 0; i < gref.length; i++) gref[i] = grads[0][i];
            Fixtures.assertClose(gref, grads[1], 1e-5, 1e-5);
        }
    }
}
