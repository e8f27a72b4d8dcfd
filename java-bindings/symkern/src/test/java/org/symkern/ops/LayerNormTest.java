package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradCheck;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

class LayerNormTest {
    /** gamma (x - mean) / sqrt(var + eps) + beta over the last axis of size d, in float64 (null: 1 / 0). */
    static double[] reference(float[] x, int d, float[] gamma, float[] beta, float eps) {
        double[] y = new double[x.length];
        for (int r = 0; r < x.length / d; r++) {
            double s = 0, q = 0;
            for (int j = 0; j < d; j++) s += x[r * d + j];
            double m = s / d;
            for (int j = 0; j < d; j++) q += (x[r * d + j] - m) * (x[r * d + j] - m);
            double rs = 1 / Math.sqrt(q / d + eps);
            for (int j = 0; j < d; j++)
                y[r * d + j] = (gamma == null ? 1 : gamma[j]) * (x[r * d + j] - m) * rs + (beta == null ? 0 : beta[j]);
        }
        return y;
    }

    @Test
    void forwardMatchesFloat64Reference() {
        try (Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(1, 3.0, 2, 3, 7);
            float[] gamma = Fixtures.randn(2, 7, 1.0), beta = Fixtures.randn(3, 7, 1.0);
            Tensor y = LayerNorm.apply(x, Tensor.of(gamma, 7), Tensor.of(beta, 7), 1e-5f);
            assertEquals(x.shape(), y.shape());
            Fixtures.assertClose(reference(x.toFloatArray(), 7, gamma, beta, 1e-5f), y.toFloatArray(), 1e-5, 1e-5);
            Tensor plain = LayerNorm.apply(x, null, null, 1e-3f);
            Fixtures.assertClose(reference(x.toFloatArray(), 7, null, null, 1e-3f), plain.toFloatArray(), 1e-5, 1e-5);
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        try (Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(4, 1.0, 3, 5).requiresGrad(true);
            Tensor gamma = Fixtures.randn(5, 1.0, 5).requiresGrad(true), beta = Fixtures.randn(6, 1.0, 5).requiresGrad(true);
            GradCheck.assertGradients(in -> LayerNorm.apply(in[0], in[1], in[2], 1e-5f), new Tensor[] {x, gamma, beta},
                    1e-2, 2e-3, 2e-3);
            Tensor x2 = Fixtures.randn(7, 1.0, 2, 2, 4).requiresGrad(true);
            GradCheck.assertGradients(in -> LayerNorm.apply(in[0], null, null, 1e-5f), new Tensor[] {x2}, 1e-2, 2e-3, 2e-3);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        try (Scope s = Scope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LayerNorm.apply(Tensor.zeros(2, 3), Tensor.zeros(4), null, 1e-5f));
            assertTrue(e.getMessage().contains("gamma / beta [4] do not match the last axis of input [2, 3]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> LayerNorm.apply(Tensor.zeros(2, 0), null, null, 1e-5f));
            assertTrue(e.getMessage().contains("input [2, 0] needs a non-empty last axis"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> LayerNorm.apply(Tensor.zeros(2, 3), null, null, -1f));
            assertTrue(e.getMessage().contains("eps -1.0 must be finite and >= 0"), e.getMessage());
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        try (Scope s = Scope.open()) {
            for (long d : new long[] {64, 1500}) {
                Tensor[] in = {Fixtures.randn(8, 2.0, 300, d), Fixtures.randn(9, 1.0, d), Fixtures.randn(10, 1.0, d)};
                References.assertCudaMatchesCpu(t -> LayerNorm.apply(t[0], t[1], t[2], 1e-5f), in, 1e-5, 1e-4);
            }
        }
    }
}
