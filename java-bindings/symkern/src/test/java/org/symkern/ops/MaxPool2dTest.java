package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.symkern.autograd.GradCheck;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

class MaxPool2dTest {
    /** dims, then (kh, kw, sh, sw, ph, pw): plane pooling, overlapping windows, padding, rectangles, size 1. */
    static Stream<Arguments> geometries() {
        return Stream.of(
                Arguments.of(new long[] {2, 3, 8, 8}, new long[] {2, 2, 2, 2, 0, 0}),
                Arguments.of(new long[] {2, 2, 4, 6, 6}, new long[] {2, 2, 2, 2, 0, 0}),
                Arguments.of(new long[] {1, 2, 7, 5}, new long[] {3, 3, 1, 1, 1, 1}),
                Arguments.of(new long[] {2, 1, 7, 7}, new long[] {3, 3, 2, 2, 1, 1}),
                Arguments.of(new long[] {3, 5, 9}, new long[] {2, 3, 1, 2, 1, 1}),
                Arguments.of(new long[] {1, 1, 5, 5}, new long[] {2, 2, 1, 1, 0, 0}),
                Arguments.of(new long[] {2, 1, 1}, new long[] {1, 1, 1, 1, 0, 0}));
    }

    /** float64 reference of max (or average without padding) pooling over the last two axes. */
    static double[] reference(float[] x, long[] d, long[] g, boolean max) {
        int h = (int) d[d.length - 2], w = (int) d[d.length - 1];
        int kh = (int) g[0], kw = (int) g[1], sh = (int) g[2], sw = (int) g[3], ph = (int) g[4], pw = (int) g[5];
        int oh = (h + 2 * ph - kh) / sh + 1, ow = (w + 2 * pw - kw) / sw + 1, planes = x.length / (h * w);
        double[] y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    double best = Double.NEGATIVE_INFINITY, sum = 0;
                    int count = 0;
                    for (int r = i * sh - ph; r < i * sh - ph + kh; r++)
                        for (int c = j * sw - pw; c < j * sw - pw + kw; c++) {
                            if (r < 0 || r >= h || c < 0 || c >= w) continue;
                            double v = x[(p * h + r) * w + c];
                            best = Math.max(best, v);
                            sum += v;
                            count++;
                        }
                    y[(p * oh + i) * ow + j] = max ? best : sum / count;
                }
        return y;
    }

    static Tensor pool(Tensor x, long[] g) {
        return MaxPool2d.apply(x, g[0], g[1], g[2], g[3], g[4], g[5]);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void forwardMatchesFloat64Reference(long[] dims, long[] g) {
        try (Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(3, 1.0, dims);
            Tensor y = pool(x, g);
            long[] want = dims.clone();
            want[dims.length - 2] = (dims[dims.length - 2] + 2 * g[4] - g[0]) / g[2] + 1;
            want[dims.length - 1] = (dims[dims.length - 1] + 2 * g[5] - g[1]) / g[3] + 1;
            assertEquals(Shape.of(want), y.shape());
            Fixtures.assertClose(reference(x.toFloatArray(), dims, g, true), y.toFloatArray(), 0, 0);
        }
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void backwardMatchesFiniteDifferences(long[] dims, long[] g) {
        try (Scope s = Scope.open()) {
            int n = Math.toIntExact(Shape.of(dims).numel());
            Tensor x = Tensor.of(ReduceTest.distinct(17, n), dims).requiresGrad(true);   // no ties: max is differentiable
            GradCheck.assertGradients(in -> pool(in[0], g), new Tensor[] {x}, 1e-2, 1e-3, 1e-3);
        }
    }

    @Test
    void overlappingWindowsAddTheirGradientsAtASharedMaximum() {
        try (Scope s = Scope.open()) {
            // one row [0 1 9 2 3], windows of 3 with stride 1: all three windows pick the 9
            Tensor x = Tensor.of(new float[] {0, 1, 9, 2, 3}, 1, 1, 5).requiresGrad(true);
            Tensor y = MaxPool2d.apply(x, 1, 3, 1, 1, 0, 0);
            assertArrayEquals(new float[] {9, 9, 9}, y.toFloatArray());
            y.backward(Tensor.of(new float[] {1, 10, 100}, 1, 1, 3));
            assertArrayEquals(new float[] {0, 0, 111, 0, 0}, x.grad().toFloatArray());
        }
    }

    @Test
    void paddingNeverWinsAndTiesGoToTheFirstElement() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {-5, -4, -3, -6}, 1, 2, 2).requiresGrad(true);
            Tensor y = MaxPool2d.apply(x, 3, 1, 1);   // every window holds the whole plane plus padding
            assertArrayEquals(new float[] {-3, -3, -3, -3}, y.toFloatArray());
            Tensor t = Tensor.of(new float[] {2, 2, 2, 2}, 1, 2, 2).requiresGrad(true);
            MaxPool2d.apply(t, 2, 2, 0).sum().backward();
            assertArrayEquals(new float[] {1, 0, 0, 0}, t.grad().toFloatArray());
        }
    }

    @Test
    void invalidGeometryIsNamed() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(2, 3, 4, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaxPool2d.apply(x, 3, 1, 2));
            assertTrue(e.getMessage().contains("max_pool2d: padding must be in [0, kernel / 2] (kernel 3x3, stride 1x1, padding 2x2)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> MaxPool2d.apply(x, 5, 1, 0));
            assertTrue(e.getMessage().contains("kernel is larger than the padded plane of input [2, 3, 4, 4]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> MaxPool2d.apply(x, 2, 0, 0));
            assertTrue(e.getMessage().contains("kernel and stride must be positive"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> MaxPool2d.apply(Tensor.zeros(4), 1, 1, 0));
            assertTrue(e.getMessage().contains("input [4] needs at least 2 axes"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> MaxPool2d.apply(Tensor.zeros(2, 0, 3), 1, 1, 0));
            assertTrue(e.getMessage().contains("input [2, 0, 3] has an empty plane"), e.getMessage());
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        try (Scope s = Scope.open()) {
            for (long[] g : new long[][] {{2, 2, 2, 2, 0, 0}, {3, 3, 1, 1, 1, 1}, {3, 3, 2, 2, 1, 1}})
                References.assertCudaMatchesCpu(in -> pool(in[0], g), new Tensor[] {Fixtures.randn(9, 1.0, 4, 10, 4, 14, 14)},
                        0, 0);   // shared formulas: bit-identical
        }
    }
}
