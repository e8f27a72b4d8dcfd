package org.symkern.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradCheck;
import org.symkern.ops.References;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/** InnerBatchNorm and LayerNorm modules: math, buffers, train / eval, gradients and equivariance. */
class NormalizationLayersTest {
    @Test
    void innerBatchNormIsEquivariantUnderRot90AndGroupRoll() {
        long[] d = {4, 3, 4, 6, 6};
        float[] x = Fixtures.randn(1, Math.toIntExact(Shape.of(d).numel()), 2.0);
        for (int i = 0; i < x.length; i += 5) x[i] += 1.5f;   // a non-zero, non-symmetric mean
        try (InnerBatchNorm bn = new InnerBatchNorm(3, 4, Device.CPU); InnerBatchNorm bt = new InnerBatchNorm(3, 4, Device.CPU);
             Scope s = Scope.open()) {
            bn.gamma().copyFrom(new float[] {1.5f, 0.5f, -1f});
            bt.gamma().copyFrom(new float[] {1.5f, 0.5f, -1f});
            bn.beta().copyFrom(new float[] {0.1f, -0.2f, 0.3f});
            bt.beta().copyFrom(new float[] {0.1f, -0.2f, 0.3f});
            for (boolean training : new boolean[] {true, false}) {
                bn.train(training);
                bt.train(training);
                float[] y = bn.forward(Tensor.of(x, d)).toFloatArray();
                float[] yt = bt.forward(Tensor.of(GroupMaps.p4(x, d), d)).toFloatArray();
                double err = GroupMaps.maxAbsDiff(yt, GroupMaps.p4(y, d));
                System.out.printf("InnerBatchNorm (%s) BN(p4 x) vs p4 BN(x): max abs err %.3g%n", training ? "train" : "eval", err);
                assertTrue(err <= 1e-5, "equivariance error " + err);
                // the statistics of x and of its transform agree, so both modules tracked the same running stats
                Fixtures.assertClose(toDouble(bn.runningMean()), bt.runningMean().toFloatArray(), 1e-6, 1e-6);
                Fixtures.assertClose(toDouble(bn.runningVar()), bt.runningVar().toFloatArray(), 1e-6, 1e-6);
            }
        }
    }

    @Test
    void innerBatchNormWithGroupSize1IsBatchNorm2d() {
        try (InnerBatchNorm bn = new InnerBatchNorm(2, 1, Device.CPU); Scope s = Scope.open()) {
            float[] x = Fixtures.randn(2, 3 * 2 * 5 * 5, 1.0);
            Tensor y = bn.forward(Tensor.of(x, 3, 2, 5, 5));
            double[][] mv = References.moments(x, 3, 2, 25);
            Fixtures.assertClose(References.normalize(x, 3, 2, 25, mv[0], mv[1], new float[] {1, 1}, new float[] {0, 0}),
                    y.toFloatArray(), 1e-5, 1e-5);
            // BatchNorm1d on (B, C)
            try (InnerBatchNorm bn1 = new InnerBatchNorm(3, 1, Device.CPU)) {
                float[] x1 = Fixtures.randn(3, 18, 1.0);
                double[][] m1 = References.moments(x1, 6, 3, 1);
                Fixtures.assertClose(References.normalize(x1, 6, 3, 1, m1[0], m1[1], new float[] {1, 1, 1}, new float[] {0, 0, 0}),
                        bn1.forward(Tensor.of(x1, 6, 3)).toFloatArray(), 1e-5, 1e-5);
            }
        }
    }

    @Test
    void runningStatisticsAreBuffersUpdatedInTrainingAndUsedInEval() {
        long base = Native.memoryInUse(Device.CPU);
        InnerBatchNorm bn = new InnerBatchNorm(2, 4, Device.CPU, 0.5f, 1e-5f, true);
        assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()));
        assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"), List.copyOf(bn.namedBuffers().keySet()));
        assertFalse(bn.runningMean().requiresGrad());
        assertArrayEquals(new float[] {0, 0}, bn.runningMean().toFloatArray());
        assertArrayEquals(new float[] {1, 1}, bn.runningVar().toFloatArray());
        try (Scope s = Scope.open()) {
            float[] x = Fixtures.randn(4, 3 * 2 * 4 * 9, 1.0);
            bn.forward(Tensor.of(x, 3, 2, 4, 3, 3));
            double[][] mv = References.moments(x, 3, 2, 36);
            double n = 3 * 36;
            Fixtures.assertClose(new double[] {0.5 * mv[0][0], 0.5 * mv[0][1]}, bn.runningMean().toFloatArray(), 1e-6, 1e-6);
            Fixtures.assertClose(new double[] {0.5 + 0.5 * mv[1][0] * n / (n - 1), 0.5 + 0.5 * mv[1][1] * n / (n - 1)},
                    bn.runningVar().toFloatArray(), 1e-6, 1e-6);

            bn.train(false);
            float[] rm = bn.runningMean().toFloatArray(), rv = bn.runningVar().toFloatArray();
            float[] z = Fixtures.randn(5, 2 * 2 * 4 * 4, 1.0);
            Tensor y = bn.forward(Tensor.of(z, 2, 2, 4, 2, 2));
            Fixtures.assertClose(References.normalize(z, 2, 2, 16, new double[] {rm[0], rm[1]}, new double[] {rv[0], rv[1]},
                    new float[] {1, 1}, new float[] {0, 0}), y.toFloatArray(), 1e-5, 1e-5);
            assertArrayEquals(rm, bn.runningMean().toFloatArray(), "eval must not move the running mean");
        }
        bn.close();
        assertEquals(base, Native.memoryInUse(Device.CPU), "close() frees parameters and buffers");
    }

    @Test
    void innerBatchNormBackwardMatchesFiniteDifferences() {
        for (boolean training : new boolean[] {true, false})
            try (InnerBatchNorm bn = new InnerBatchNorm(2, 3, Device.CPU); Scope s = Scope.open()) {
                bn.gamma().copyFrom(new float[] {1.2f, 0.8f});
                bn.train(training);
                if (!training) bn.runningVar().copyFrom(new float[] {0.7f, 1.4f});
                Tensor x = Fixtures.randn(6, 1.0, 2, 2, 3, 2, 2).requiresGrad(true);
                GradCheck.assertGradients(in -> bn.forward(in[0]), new Tensor[] {x, bn.gamma(), bn.beta()}, 1e-2, 2e-3, 2e-3);
            }
    }

    @Test
    void innerBatchNormNamesAWrongShape() {
        try (InnerBatchNorm bn = new InnerBatchNorm(3, 4, Device.CPU); Scope s = Scope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(2, 3, 8, 5, 5)));
            assertTrue(e.getMessage().contains("input [2, 3, 8, 5, 5] must be (B, 3, 4, ...)"), e.getMessage());
        }
    }

    @Test
    void layerNormModuleNormalizesRowsAndCommutesWithRowPermutations() {
        try (LayerNorm ln = new LayerNorm(6, Device.CPU); Scope s = Scope.open()) {
            ln.gamma().copyFrom(Fixtures.randn(1, 6, 1.0));
            ln.beta().copyFrom(Fixtures.randn(2, 6, 1.0));
            float[] x = Fixtures.randn(3, 5 * 6, 2.0);
            float[] y = ln.forward(Tensor.of(x, 5, 6)).toFloatArray();
            // rows permuted by a cyclic shift: the outputs are permuted the same way
            float[] yr = ln.forward(Tensor.of(GroupMaps.roll(x, new long[] {5, 6}, 0, 2), 5, 6)).toFloatArray();
            double err = GroupMaps.maxAbsDiff(yr, GroupMaps.roll(y, new long[] {5, 6}, 0, 2));
            System.out.printf("LayerNorm row-permutation equivariance: max abs err %.3g%n", err);
            assertEquals(0.0, err);
            Tensor xg = Fixtures.randn(4, 1.0, 2, 3, 6).requiresGrad(true);
            GradCheck.assertGradients(in -> ln.forward(in[0]), new Tensor[] {xg, ln.gamma(), ln.beta()}, 1e-2, 2e-3, 2e-3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ln.forward(Tensor.zeros(2, 5)));
            assertTrue(e.getMessage().contains("input [2, 5] must end in 6"), e.getMessage());
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        Device gpu = Device.cuda(0);
        try (InnerBatchNorm c = new InnerBatchNorm(4, 4, Device.CPU); InnerBatchNorm g = new InnerBatchNorm(4, 4, gpu);
             Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(9, 1.0, 8, 4, 4, 10, 10);
            References.assertClose(c.forward(x), g.forward(x.to(gpu)), 1e-5);
            References.assertClose(c.runningVar(), g.runningVar(), 1e-6);
        }
    }

    static double[] toDouble(Tensor t) {
        float[] f = t.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
