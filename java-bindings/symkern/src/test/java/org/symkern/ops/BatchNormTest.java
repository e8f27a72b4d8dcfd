package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.symkern.autograd.GradCheck;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

class BatchNormTest {
    static final float EPS = References.BN_EPS, MOMENTUM = 0.1f;

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 5})
    void trainingForwardMatchesFloat64Reference(int rank) {
        try (Scope s = Scope.open()) {
            long[] dims = rank == 2 ? new long[] {7, 3} : rank == 4 ? new long[] {3, 2, 5, 5} : new long[] {2, 3, 4, 3, 3};
            long b = dims[0], c = dims[1], r = Shape.of(dims).prod(2, rank);
            Tensor x = Fixtures.randn(1, 2.0, dims);
            float[] gamma = Fixtures.randn(2, (int) c, 1.0), beta = Fixtures.randn(3, (int) c, 1.0);
            Tensor rm = Tensor.zeros(c), rv = Tensor.ones(Shape.of(c), Device.CPU);
            Tensor y = BatchNorm.apply(x, Tensor.of(gamma, c), Tensor.of(beta, c), rm, rv, true, MOMENTUM, EPS);
            double[][] mv = References.moments(x.toFloatArray(), b, c, r);
            Fixtures.assertClose(References.normalize(x.toFloatArray(), b, c, r, mv[0], mv[1], gamma, beta), y.toFloatArray(), 1e-5, 1e-5);
        }
    }

    @Test
    void runningStatisticsFollowMomentumWithTheUnbiasedVariance() {
        try (Scope s = Scope.open()) {
            long b = 4, c = 3, r = 6;
            float[] rm0 = {0.5f, -1f, 2f}, rv0 = {1f, 2f, 0.5f};
            Tensor rm = Tensor.of(rm0, c), rv = Tensor.of(rv0, c);
            Tensor x = Fixtures.randn(7, 1.5, b, c, r);
            BatchNorm.apply(x, null, null, rm, rv, true, MOMENTUM, EPS);
            double[][] mv = References.moments(x.toFloatArray(), b, c, r);
            double n = b * r;
            double[] wantMean = new double[3], wantVar = new double[3];
            for (int ch = 0; ch < c; ch++) {
                wantMean[ch] = (1 - MOMENTUM) * rm0[ch] + MOMENTUM * mv[0][ch];
                wantVar[ch] = (1 - MOMENTUM) * rv0[ch] + MOMENTUM * mv[1][ch] * n / (n - 1);
            }
            Fixtures.assertClose(wantMean, rm.toFloatArray(), 1e-6, 1e-6);
            Fixtures.assertClose(wantVar, rv.toFloatArray(), 1e-6, 1e-6);
        }
    }

    @Test
    void evalModeNormalizesWithTheRunningStatisticsAndLeavesThemAlone() {
        try (Scope s = Scope.open()) {
            float[] rm0 = {0.5f, -1f}, rv0 = {4f, 0.25f}, gamma = {2f, 3f}, beta = {-1f, 1f};
            Tensor rm = Tensor.of(rm0, 2), rv = Tensor.of(rv0, 2);
            Tensor x = Fixtures.randn(8, 1.0, 3, 2, 5);
            Tensor y = BatchNorm.apply(x, Tensor.of(gamma, 2), Tensor.of(beta, 2), rm, rv, false, MOMENTUM, EPS);
            double[] mean = {rm0[0], rm0[1]}, var = {rv0[0], rv0[1]};
            Fixtures.assertClose(References.normalize(x.toFloatArray(), 3, 2, 5, mean, var, gamma, beta), y.toFloatArray(), 1e-5, 1e-5);
            assertArrayEquals(rm0, rm.toFloatArray());
            assertArrayEquals(rv0, rv.toFloatArray());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void backwardMatchesFiniteDifferences(boolean training) {
        try (Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(11, 1.0, 3, 2, 2, 2).requiresGrad(true);
            Tensor gamma = Tensor.of(new float[] {1.5f, 0.7f}, 2).requiresGrad(true);
            Tensor beta = Tensor.of(new float[] {0.2f, -0.4f}, 2).requiresGrad(true);
            Tensor rm = Tensor.of(new float[] {0.1f, -0.2f}, 2), rv = Tensor.of(new float[] {0.8f, 1.3f}, 2);
            // training: the gradient flows through the batch mean and variance as well
            GradCheck.assertGradients(in -> BatchNorm.apply(in[0], in[1], in[2], rm, rv, training, MOMENTUM, EPS),
                    new Tensor[] {x, gamma, beta}, 1e-2, 2e-3, 2e-3);
            Tensor x1 = Fixtures.randn(12, 1.0, 6, 3).requiresGrad(true);   // BatchNorm1d, no affine, no running stats
            if (training)
                GradCheck.assertGradients(in -> BatchNorm.apply(in[0], null, null, null, null, true, MOMENTUM, EPS),
                        new Tensor[] {x1}, 1e-2, 2e-3, 2e-3);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(2, 3, 4), c3 = Tensor.zeros(3), c2 = Tensor.zeros(2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BatchNorm.apply(x, c2, null, null, null, true, 0.1f, 1e-5f));
            assertTrue(e.getMessage().contains("per-channel tensor [2] does not match the 3 channels of input [2, 3, 4]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> BatchNorm.apply(x, c3, c3, null, null, false, 0.1f, 1e-5f));
            assertTrue(e.getMessage().contains("evaluation mode needs running statistics"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> BatchNorm.apply(x, c3, c3, c3, null, true, 0.1f, 1e-5f));
            assertTrue(e.getMessage().contains("must both be given or both be null"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> BatchNorm.apply(x, null, null, null, null, true, 1.5f, 1e-5f));
            assertTrue(e.getMessage().contains("momentum 1.5 is outside [0, 1]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> BatchNorm.apply(Tensor.zeros(1, 3), null, null, null, null, true, 0.1f, 1e-5f));
            assertTrue(e.getMessage().contains("training needs more than one value per channel, input [1, 3]"), e.getMessage());
            Tensor grad = Tensor.zeros(3).requiresGrad(true);
            e = assertThrows(IllegalArgumentException.class, () -> BatchNorm.apply(x, null, null, grad, c3, true, 0.1f, 1e-5f));
            assertTrue(e.getMessage().contains("running statistics must live on cpu and not require gradients"), e.getMessage());
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        try (Scope s = Scope.open()) {
            Device gpu = Device.cuda(0);
            for (boolean training : new boolean[] {true, false}) {
                Tensor rmc = Fixtures.randn(16, 0.3, 10), rvc = Tensor.ones(Shape.of(10), Device.CPU);
                Tensor rmg = rmc.to(gpu), rvg = rvc.to(gpu);
                Tensor[] in = {Fixtures.randn(13, 2.0, 16, 10, 4, 9, 9), Fixtures.randn(14, 1.0, 10), Fixtures.randn(15, 1.0, 10)};
                References.assertCudaMatchesCpu(t -> BatchNorm.apply(t[0], t[1], t[2], t[0].device().isCpu() ? rmc : rmg,
                        t[0].device().isCpu() ? rvc : rvg, training, MOMENTUM, EPS), in, 1e-5, 1e-4);
                References.assertClose(rmc, rmg, 1e-6);
                References.assertClose(rvc, rvg, 1e-6);
            }
        }
    }
}
