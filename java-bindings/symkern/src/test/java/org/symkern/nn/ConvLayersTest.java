package org.symkern.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradCheck;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/** nn.Conv2d and nn.Conv1d: shapes, seeded PyTorch-style init, gradients through the layer, translation equivariance. */
class ConvLayersTest {
    @Test
    void outputShapesFollowTheConvolutionArithmetic() {
        try (Conv2d c2 = new Conv2d(3, 8, 3, 2, 1, Device.CPU, 1);
             Conv2d c2b = new Conv2d(3, 4, 3, 5, new int[] {1, 2}, new int[] {0, 2}, new int[] {2, 1}, false, Device.CPU, 1);
             Conv1d c1 = new Conv1d(2, 5, 7, 1, 3, Device.CPU, 1); Scope s = Scope.open()) {
            assertEquals(Shape.of(2, 8, 5, 5), c2.forward(Tensor.zeros(2, 3, 9, 9)).shape());
            // height (9 - 2*2 - 1)/1 + 1 = 5, width (10 + 4 - 4 - 1)/2 + 1 = 5
            assertEquals(Shape.of(1, 4, 5, 5), c2b.forward(Tensor.zeros(1, 3, 9, 10)).shape());
            assertNull(c2b.bias());
            assertEquals(Shape.of(3, 5, 40), c1.forward(Tensor.zeros(3, 2, 40)).shape());
        }
    }

    @Test
    void initialisationIsSeededAndBoundedByOneOverSqrtFanIn() {
        try (Conv2d a = new Conv2d(6, 10, 3, 1, 1, Device.CPU, 3); Conv2d b = new Conv2d(6, 10, 3, 1, 1, Device.CPU, 3);
             Conv2d c = new Conv2d(6, 10, 3, 1, 1, Device.CPU, 4); Conv1d d = new Conv1d(4, 3, 5, 1, 2, Device.CPU, 3)) {
            float[] wa = a.weight().toFloatArray();
            assertArrayEquals(wa, b.weight().toFloatArray());
            assertArrayEquals(a.bias().toFloatArray(), b.bias().toFloatArray());
            assertFalse(java.util.Arrays.equals(wa, c.weight().toFloatArray()));
            assertBounded(wa, 1 / Math.sqrt(6 * 9));
            assertBounded(a.bias().toFloatArray(), 1 / Math.sqrt(6 * 9));
            assertBounded(d.weight().toFloatArray(), 1 / Math.sqrt(4 * 5));
            assertEquals(10 * 6 * 9 + 10, a.parameterCount());
            assertEquals(3 * 4 * 5 + 3, d.parameterCount());
        }
    }

    private static void assertBounded(float[] v, double bound) {
        double max = 0;
        for (float f : v) max = Math.max(max, Math.abs(f));
        assertTrue(max <= bound, "value " + max + " outside +-" + bound);
        assertTrue(max > 0.5 * bound, "values " + max + " do not fill +-" + bound + " (not uniform on the PyTorch bound?)");
    }

    @Test
    void backwardMatchesFiniteDifferencesThroughTheLayer() {
        try (Conv2d c2 = new Conv2d(2, 3, 3, 2, new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 1}, true, Device.CPU, 11);
             Conv1d c1 = new Conv1d(2, 3, 3, 2, 2, 2, true, Device.CPU, 12); Scope s = Scope.open()) {
            Tensor x2 = Fixtures.randn(2, 1.0, 2, 2, 6, 5).requiresGrad(true);
            GradCheck.assertGradients(t -> c2.forward(t[0]), new Tensor[] {x2, c2.weight(), c2.bias()}, 0.05, 1e-3, 1e-3);
            Tensor x1 = Fixtures.randn(3, 1.0, 2, 2, 15).requiresGrad(true);
            GradCheck.assertGradients(t -> c1.forward(t[0]), new Tensor[] {x1, c1.weight(), c1.bias()}, 0.05, 1e-3, 1e-3);
        }
    }

    /**
     * (T_{u,v} x) * W = T_{u/s, v/s} (x * W) for shifts by multiples of the stride s. The input is supported in the
     * middle of the image, so neither side reads a zero-padded value that the other reads as data, and the identity
     * must hold at every output position that both sides define.
     */
    @Test
    void conv2dIsTranslationEquivariant() {
        int H = 14, W = 15;
        for (int stride : new int[] {1, 2}) {
            int u = 2, v = 2 * stride;
            try (Conv2d conv = new Conv2d(3, 4, 3, stride, 1, Device.CPU, 5); Scope s = Scope.open()) {
                float[] base = Fixtures.randn(6, 2 * 3 * H * W, 1.0), x = new float[base.length], xs = new float[base.length];
                for (int b = 0; b < 2 * 3; b++)
                    for (int i = 4; i < 9; i++)
                        for (int j = 4; j < 9; j++) {
                            x[(b * H + i) * W + j] = base[(b * H + i) * W + j];
                            xs[(b * H + i + u) * W + j + v] = base[(b * H + i) * W + j];
                        }
                Tensor y = conv.forward(Tensor.of(x, 2, 3, H, W)), ys = conv.forward(Tensor.of(xs, 2, 3, H, W));
                int ho = (int) y.dim(2), wo = (int) y.dim(3), du = u / stride, dv = v / stride;
                float[] a = y.toFloatArray(), bshift = ys.toFloatArray();
                double err = 0;
                for (int b = 0; b < 2 * 4; b++)
                    for (int i = du; i < ho; i++)
                        for (int j = dv; j < wo; j++)
                            err = Math.max(err, Math.abs(bshift[(b * ho + i) * wo + j] - a[(b * ho + i - du) * wo + j - dv]));
                System.out.printf("conv2d stride %d translation (%d, %d): max |conv(Tx) - T conv(x)| = %.3g%n", stride, u, v, err);
                assertTrue(err <= 1e-6, "translation equivariance error " + err);
            }
        }
    }

    @Test
    void conv1dIsShiftEquivariant() {
        int T = 40, shift = 5;
        try (Conv1d conv = new Conv1d(2, 3, 5, 1, 2, Device.CPU, 8); Scope s = Scope.open()) {
            float[] base = Fixtures.randn(9, 2 * T, 1.0), x = new float[2 * T], xs = new float[2 * T];
            for (int c = 0; c < 2; c++)
                for (int t = 10; t < 25; t++) {
                    x[c * T + t] = base[c * T + t];
                    xs[c * T + t + shift] = base[c * T + t];
                }
            float[] a = conv.forward(Tensor.of(x, 1, 2, T)).toFloatArray(), b = conv.forward(Tensor.of(xs, 1, 2, T)).toFloatArray();
            double err = 0;
            for (int o = 0; o < 3; o++)
                for (int t = shift; t < T; t++) err = Math.max(err, Math.abs(b[o * T + t] - a[o * T + t - shift]));
            System.out.printf("conv1d time shift %d: max |conv(Tx) - T conv(x)| = %.3g%n", shift, err);
            assertTrue(err <= 1e-6, "shift equivariance error " + err);
        }
    }
}
