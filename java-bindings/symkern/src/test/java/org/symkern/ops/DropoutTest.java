package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradCheck;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

class DropoutTest {
    @Test
    void keptValuesAreScaledByInverseKeepProbabilityAndTheRestAreZero() {
        try (Scope s = Scope.open()) {
            float p = 0.3f, scale = 1f / (1f - p);
            float[] x = Fixtures.randn(3, 1000, 1.0);
            float[] y = Dropout.apply(Tensor.of(x, 10, 100), p, 42, 0).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                boolean kept = RandomTest.referenceUniform(42, 0, i) >= p;
                assertEquals(kept ? x[i] * scale : 0f, y[i], 0f, "element " + i);
            }
        }
    }

    @Test
    void keepRateIsOneMinusPWithinFiveStandardErrors() {
        try (Scope s = Scope.open()) {
            int n = 100_000;
            for (float p : new float[] {0.1f, 0.5f, 0.8f}) {
                float[] y = Dropout.apply(Tensor.ones(Shape.of(n), Device.CPU), p, 7, 0).toFloatArray();
                int kept = 0;
                for (float v : y) if (v != 0f) kept++;
                assertEquals(1.0 - p, (double) kept / n, 5 * Math.sqrt(p * (1.0 - p) / n), "p = " + p);
            }
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        try (Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(5, 1.0, 4, 9).requiresGrad(true);
            GradCheck.assertGradients(in -> Dropout.apply(in[0], 0.4f, 1234, 3), new Tensor[] {x}, 1e-2, 1e-3, 1e-3);
        }
    }

    @Test
    void backwardIsUpstreamGradientTimesTheMask() {
        try (Scope s = Scope.open()) {
            int n = 50;
            Tensor x = Tensor.ones(Shape.of(n), Device.CPU).requiresGrad(true);
            Tensor y = Dropout.apply(x, 0.5f, 9, 1);
            float[] mask = y.toFloatArray();   // x = 1: y is the mask
            float[] dy = Fixtures.randn(11, n, 1.0);
            y.backward(Tensor.of(dy, n));
            float[] dx = x.grad().toFloatArray();
            for (int i = 0; i < n; i++) assertEquals(dy[i] * mask[i], dx[i], 0f, "element " + i);
        }
    }

    @Test
    void zeroProbabilityIsTheIdentity() {
        try (Scope s = Scope.open()) {
            float[] data = Fixtures.randn(2, 12, 1.0);
            Tensor x = Tensor.of(data, 3, 4).requiresGrad(true);
            Tensor y = Dropout.apply(x, 0f, 1, 0);
            assertNotSame(x, y);
            assertArrayEquals(data, y.toFloatArray());
            float[] dy = Fixtures.randn(4, 12, 1.0);
            y.backward(Tensor.of(dy, 3, 4));
            assertArrayEquals(dy, x.grad().toFloatArray());
            GradCheck.assertGradients(in -> Dropout.apply(in[0], 0f, 1, 0), new Tensor[] {x}, 1e-2, 1e-3, 1e-3);
        }
    }

    @Test
    void maskDependsOnlyOnSeedAndOffset() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.ones(Shape.of(256), Device.CPU);
            float[] a = Dropout.apply(x, 0.5f, 3, 0).toFloatArray();
            assertArrayEquals(a, x.dropout(0.5f, 3, 0).toFloatArray());
            assertFalse(Arrays.equals(a, Dropout.apply(x, 0.5f, 3, 1).toFloatArray()), "other offset");
            assertFalse(Arrays.equals(a, Dropout.apply(x, 0.5f, 4, 0).toFloatArray()), "other seed");
        }
    }

    @Test
    void probabilityOutsideZeroOneIsRejected() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(4);
            for (float p : new float[] {1f, -0.1f, Float.NaN}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dropout.apply(x, p, 0, 0));
                assertTrue(e.getMessage().contains("dropout: p = " + p + " is outside [0, 1)"), e.getMessage());
            }
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        try (Scope s = Scope.open()) {
            float[] data = Fixtures.randn(8, 3001, 1.0);
            float[] dy = Fixtures.randn(9, 3001, 1.0);
            float[][] results = new float[2][];
            float[][] grads = new float[2][];
            Device[] devices = {Device.CPU, Device.cuda(0)};
            for (int d = 0; d < 2; d++) {
                Tensor x = Tensor.of(data, Shape.of(3001), devices[d]).requiresGrad(true);
                Tensor y = Dropout.apply(x, 0.25f, 99, 5);
                y.backward(Tensor.of(dy, Shape.of(3001), devices[d]));
                results[d] = y.toFloatArray();
                grads[d] = x.grad().toFloatArray();
            }
            assertArrayEquals(results[0], results[1]);
            assertArrayEquals(grads[0], grads[1]);
        }
    }
}
