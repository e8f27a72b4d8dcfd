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

class SoftmaxTest {
    /** float64 softmax / log-softmax over rows of length cols. */
    static double[] reference(float[] x, int cols, boolean log) {
        double[] y = new double[x.length];
        for (int r = 0; r < x.length / cols; r++) {
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int j = 0; j < cols; j++) m = Math.max(m, x[r * cols + j]);
            for (int j = 0; j < cols; j++) s += Math.exp(x[r * cols + j] - m);
            for (int j = 0; j < cols; j++) {
                double v = x[r * cols + j] - m;
                y[r * cols + j] = log ? v - Math.log(s) : Math.exp(v) / s;
            }
        }
        return y;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void forwardMatchesFloat64Reference(boolean log) {
        try (Scope s = Scope.open()) {
            float[] x = Fixtures.randn(4, 2 * 3 * 7, 3.0);
            Tensor y = Softmax.apply(Tensor.of(x, 2, 3, 7), log);
            assertEquals(Shape.of(2, 3, 7), y.shape());
            Fixtures.assertClose(reference(x, 7, log), y.toFloatArray(), 1e-6, 2e-6);
            float[] one = Fixtures.randn(5, 9, 1.0);
            Fixtures.assertClose(reference(one, 9, log), Softmax.apply(Tensor.of(one, 9), log).toFloatArray(), 1e-6, 2e-6);
        }
    }

    @Test
    void softmaxRowsSumToOne() {
        try (Scope s = Scope.open()) {
            float[] y = Tensor.of(Fixtures.randn(8, 40, 5.0), 4, 10).softmax().toFloatArray();
            for (int r = 0; r < 4; r++) {
                double sum = 0;
                for (int j = 0; j < 10; j++) sum += y[r * 10 + j];
                assertEquals(1.0, sum, 1e-6);
            }
        }
    }

    @Test
    void largeLogitsStayFinite() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {1000, -1000, 0, -1000, -1000, -1000}, 2, 3);
            Fixtures.assertClose(new double[] {1, 0, 0, 1 / 3.0, 1 / 3.0, 1 / 3.0}, x.softmax().toFloatArray(), 1e-7, 1e-6);
            Fixtures.assertClose(new double[] {0, -2000, -1000, -Math.log(3), -Math.log(3), -Math.log(3)},
                    x.logSoftmax().toFloatArray(), 1e-6, 1e-6);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void backwardMatchesFiniteDifferences(boolean log) {
        try (Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(6, 1.5, 3, 5).requiresGrad(true);
            GradCheck.assertGradients(in -> Softmax.apply(in[0], log), new Tensor[] {x}, 1e-2, 1e-3, 2e-3);
            Tensor v = Fixtures.randn(7, 1.0, 2, 2, 3).requiresGrad(true);
            GradCheck.assertGradients(in -> Softmax.apply(in[0], log), new Tensor[] {v}, 1e-2, 1e-3, 2e-3);
        }
    }

    @Test
    void rank0IsRejectedAndEmptyRowsAreFine() {
        try (Scope s = Scope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1f).softmax());
            assertTrue(e.getMessage().contains("rank >= 1"), e.getMessage());
            assertEquals(Shape.of(0, 4), Tensor.zeros(Shape.of(0, 4), Device.CPU).logSoftmax().shape());
            assertEquals(Shape.of(3, 0), Tensor.zeros(Shape.of(3, 0), Device.CPU).softmax().shape());
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        try (Scope s = Scope.open()) {
            for (long[] dims : new long[][] {{33, 17}, {4, 3000}, {2, 3, 1025}}) {
                for (boolean log : new boolean[] {false, true}) {
                    Tensor xc = Fixtures.randn(3, 3.0, dims).requiresGrad(true);
                    Tensor xg = xc.to(Device.cuda(0)).detach().requiresGrad(true);
                    Tensor yc = Softmax.apply(xc, log), yg = Softmax.apply(xg, log);
                    float[] want = yc.toFloatArray();
                    double[] w = new double[want.length];
                    for (int i = 0; i < w.length; i++) w[i] = want[i];
                    Fixtures.assertClose(w, yg.to(Device.CPU).toFloatArray(), 1e-6, 1e-5);
                    Tensor seed = Fixtures.randn(4, 1.0, dims);
                    yc.backward(seed);
                    yg.backward(seed.to(Device.cuda(0)));
                    float[] gc = xc.grad().toFloatArray();
                    double[] g = new double[gc.length];
                    for (int i = 0; i < g.length; i++) g[i] = gc[i];
                    Fixtures.assertClose(g, xg.grad().to(Device.CPU).toFloatArray(), 1e-6, 1e-5);
                }
            }
        }
    }
}
