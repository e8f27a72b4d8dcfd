package org.symkern.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradCheck;
import org.symkern.ops.Reduce;
import org.symkern.ops.References;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/** GroupPool, PlaneMaxPool and GlobalPool: values, shapes, gradients and the p4 symmetry of docs/groups.md, section Equivariance laws. */
class PoolingLayersTest {
    @Test
    void groupPoolReducesTheGroupAxis() {
        try (Scope s = Scope.open()) {
            long[] d = {2, 3, 4, 5, 5};
            float[] x = Fixtures.randn(1, 150 * 4, 1.0);
            Tensor t = Tensor.of(x, d);
            float[] max = GroupPool.max().forward(t).toFloatArray(), mean = GroupPool.mean().forward(t).toFloatArray();
            assertEquals(Shape.of(2, 3, 5, 5), GroupPool.max().forward(t).shape());
            double[] wantMax = new double[150], wantMean = new double[150];
            for (int bc = 0; bc < 6; bc++)
                for (int p = 0; p < 25; p++) {
                    double m = Double.NEGATIVE_INFINITY, sum = 0;
                    for (int g = 0; g < 4; g++) {
                        m = Math.max(m, x[(bc * 4 + g) * 25 + p]);
                        sum += x[(bc * 4 + g) * 25 + p];
                    }
                    wantMax[bc * 25 + p] = m;
                    wantMean[bc * 25 + p] = sum / 4;
                }
            Fixtures.assertClose(wantMax, max, 0, 0);
            Fixtures.assertClose(wantMean, mean, 1e-6, 1e-6);
            // 1D group signals (B, C, |G|, T) -> (B, C, T)
            assertEquals(Shape.of(2, 3, 7), GroupPool.max().forward(Tensor.zeros(2, 3, 2, 7)).shape());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GroupPool.max().forward(Tensor.zeros(2, 3)));
            assertTrue(e.getMessage().contains("input [2, 3] must be (B, C, |G|, ...)"), e.getMessage());
        }
    }

    @Test
    void groupPoolIsInvariantUnderCyclicShiftsOfTheGroupAxis() {
        try (Scope s = Scope.open()) {
            long[] d = {2, 3, 4, 6, 6};
            float[] x = Fixtures.randn(2, 2 * 3 * 4 * 36, 1.0);
            for (GroupPool pool : new GroupPool[] {GroupPool.max(), GroupPool.mean()}) {
                float[] y = pool.forward(Tensor.of(x, d)).toFloatArray();
                for (int shift = 1; shift < 4; shift++) {
                    float[] yr = pool.forward(Tensor.of(GroupMaps.roll(x, d, 2, shift), d)).toFloatArray();
                    double err = GroupMaps.maxAbsDiff(y, yr);
                    System.out.printf("%s invariance under group roll %d: max abs err %.3g%n", pool.name(), shift, err);
                    assertTrue(err <= 1e-6, pool.name() + " changed by " + err);
                }
                // and the pooled map rotates with the input under the p4 generator
                float[] yp = pool.forward(Tensor.of(GroupMaps.p4(x, d), d)).toFloatArray();
                double err = GroupMaps.maxAbsDiff(yp, GroupMaps.rot90(y, new long[] {2, 3, 6, 6}));
                System.out.printf("%s under rot90 + roll: max abs err %.3g%n", pool.name(), err);
                assertTrue(err <= 1e-6, pool.name() + " p4 error " + err);
            }
        }
    }

    @Test
    void planeMaxPoolCommutesWithRot90AndAGroupRoll() {
        try (Scope s = Scope.open()) {
            // k = 2, s = 2 on an even size, and the symmetric tilings k = 3, s = 1, p = 1 and k = 3, s = 2, p = 1 on 7x7
            long[][] cases = {{8, 2, 2, 0}, {7, 3, 1, 1}, {7, 3, 2, 1}};
            for (long[] c : cases) {
                long[] d = {2, 3, 4, c[0], c[0]};
                float[] x = Fixtures.randn(3 + c[0], Math.toIntExact(Shape.of(d).numel()), 1.0);
                PlaneMaxPool pool = new PlaneMaxPool(c[1], c[2], c[3]);
                Tensor y = pool.forward(Tensor.of(x, d));
                float[] lhs = pool.forward(Tensor.of(GroupMaps.p4(x, d), d)).toFloatArray();
                float[] rhs = GroupMaps.p4(y.toFloatArray(), y.dims());
                double err = GroupMaps.maxAbsDiff(lhs, rhs);
                System.out.printf("%s: pool(p4 x) vs p4 pool(x): max abs err %.3g%n", pool.name(), err);
                assertEquals(0.0, err, pool.name() + " is not exactly p4-equivariant");
            }
        }
    }

    @Test
    void planeMaxPoolHandlesPlainAndGroupMaps() {
        try (Scope s = Scope.open()) {
            PlaneMaxPool pool = new PlaneMaxPool();
            assertEquals(Shape.of(2, 3, 4, 3), pool.forward(Tensor.zeros(2, 3, 8, 7)).shape());
            assertEquals(Shape.of(2, 3, 4, 4, 3), pool.forward(Tensor.zeros(2, 3, 4, 8, 7)).shape());
            // the group map pools each (c, g) plane exactly as the folded (B, C |G|, H, W) map does
            float[] x = Fixtures.randn(4, 2 * 3 * 4 * 36, 1.0);
            assertArrayEquals(pool.forward(Tensor.of(x, 2, 12, 6, 6)).toFloatArray(),
                    pool.forward(Tensor.of(x, 2, 3, 4, 6, 6)).toFloatArray());
            Tensor xg = Tensor.of(References.distinct(5, 2 * 2 * 2 * 16), 2, 2, 2, 4, 4).requiresGrad(true);
            GradCheck.assertGradients(in -> pool.forward(in[0]), new Tensor[] {xg}, 1e-2, 1e-3, 1e-3);
        }
    }

    @Test
    void globalPoolOfTheGroupPoolIsP4Invariant() {
        try (Scope s = Scope.open()) {
            long[] d = {3, 5, 4, 7, 7};
            float[] x = Fixtures.randn(6, Math.toIntExact(Shape.of(d).numel()), 1.0);
            Tensor y = GlobalPool.max().forward(GroupPool.max().forward(Tensor.of(x, d)));
            assertEquals(Shape.of(3, 5), y.shape());
            float[] xt = x;
            for (int q = 1; q < 4; q++) {
                xt = GroupMaps.p4(xt, d);
                float[] yt = GlobalPool.max().forward(GroupPool.max().forward(Tensor.of(xt, d))).toFloatArray();
                double err = GroupMaps.maxAbsDiff(y.toFloatArray(), yt);
                System.out.printf("GlobalPool(GroupPool) under (rot90 + roll)^%d: max abs err %.3g%n", q, err);
                assertEquals(0.0, err);
            }
        }
    }

    @Test
    void globalPoolReducesTheSpatialAxes() {
        try (Scope s = Scope.open()) {
            float[] x = Fixtures.randn(7, 2 * 3 * 4 * 5, 1.0);
            Tensor t = Tensor.of(x, 2, 3, 4, 5);
            Tensor mean = GlobalPool.mean().forward(t);
            assertEquals(Shape.of(2, 3), mean.shape());
            double[] want = new double[6];
            for (int k = 0; k < 6; k++) {
                for (int p = 0; p < 20; p++) want[k] += x[k * 20 + p];
                want[k] /= 20;
            }
            Fixtures.assertClose(want, mean.toFloatArray(), 1e-6, 1e-6);
            assertEquals(Shape.of(2, 3), new GlobalPool(Reduce.Op.MAX, 1).forward(Tensor.zeros(2, 3, 9)).shape());
            assertEquals(Shape.of(2, 3, 4), GlobalPool.max().forward(Tensor.zeros(2, 3, 4, 5, 5)).shape());
            Tensor xg = Fixtures.randn(8, 1.0, 2, 2, 3, 3).requiresGrad(true);
            GradCheck.assertGradients(in -> GlobalPool.mean().forward(in[0]), new Tensor[] {xg}, 1e-2, 1e-3, 1e-3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GlobalPool.max().forward(Tensor.zeros(4, 4)));
            assertTrue(e.getMessage().contains("input [4, 4] needs leading axes before its 2 spatial axes"), e.getMessage());
        }
    }
}
