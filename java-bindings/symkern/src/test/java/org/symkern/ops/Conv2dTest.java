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
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

class Conv2dTest {
    /** Float64 direct cross-correlation: x (B, Ci, H, W), w (Co, Ci, kh, kw), b (Co) or null. */
    static double[] reference(float[] x, long[] xd, float[] w, long[] wd, float[] b, int[] s, int[] p, int[] d) {
        int B = (int) xd[0], Ci = (int) xd[1], H = (int) xd[2], W = (int) xd[3];
        int Co = (int) wd[0], kh = (int) wd[2], kw = (int) wd[3];
        int Ho = (int) Conv2d.outputSize(H, kh, s[0], p[0], d[0]), Wo = (int) Conv2d.outputSize(W, kw, s[1], p[1], d[1]);
        double[] y = new double[B * Co * Ho * Wo];
        for (int bb = 0; bb < B; bb++)
            for (int o = 0; o < Co; o++)
                for (int i = 0; i < Ho; i++)
                    for (int j = 0; j < Wo; j++) {
                        double acc = b == null ? 0 : b[o];
                        for (int c = 0; c < Ci; c++)
                            for (int u = 0; u < kh; u++)
                                for (int v = 0; v < kw; v++) {
                                    int ih = i * s[0] - p[0] + u * d[0], iw = j * s[1] - p[1] + v * d[1];
                                    if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                                    acc += (double) x[((bb * Ci + c) * H + ih) * W + iw] * w[((o * Ci + c) * kh + u) * kw + v];
                                }
                        y[((bb * Co + o) * Ho + i) * Wo + j] = acc;
                    }
        return y;
    }

    /** {x dims, w dims, stride, padding, dilation, bias?} */
    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of(new long[] {2, 3, 7, 9}, new long[] {4, 3, 3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, true),
                Arguments.of(new long[] {1, 1, 5, 5}, new long[] {1, 1, 3, 3}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, true),
                Arguments.of(new long[] {3, 2, 8, 7}, new long[] {5, 2, 2, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, false),
                Arguments.of(new long[] {2, 4, 11, 10}, new long[] {3, 4, 3, 2}, new int[] {3, 2}, new int[] {2, 0}, new int[] {1, 1}, true),
                Arguments.of(new long[] {2, 3, 9, 9}, new long[] {2, 3, 3, 3}, new int[] {1, 1}, new int[] {2, 2}, new int[] {2, 2}, true),
                Arguments.of(new long[] {2, 3, 4, 4}, new long[] {2, 3, 4, 4}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, true),
                Arguments.of(new long[] {3, 5, 6, 7}, new long[] {4, 5, 1, 1}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, true));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void forwardMatchesFloat64Reference(long[] xd, long[] wd, int[] s, int[] p, int[] d, boolean hasBias) {
        try (Scope sc = Scope.open()) {
            Tensor x = Fixtures.randn(1, 1.0, xd), w = Fixtures.randn(2, 0.5, wd);
            Tensor b = hasBias ? Fixtures.randn(3, 1.0, wd[0]) : null;
            Tensor y = Conv2d.apply(x, w, b, s, p, d);
            long ho = Conv2d.outputSize(xd[2], wd[2], s[0], p[0], d[0]), wo = Conv2d.outputSize(xd[3], wd[3], s[1], p[1], d[1]);
            assertEquals(Shape.of(xd[0], wd[0], ho, wo), y.shape());
            double[] want = reference(x.toFloatArray(), xd, w.toFloatArray(), wd, hasBias ? b.toFloatArray() : null, s, p, d);
            Fixtures.assertClose(want, y.toFloatArray(), 1e-5, 1e-5);
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void backwardMatchesFiniteDifferences(long[] xd, long[] wd, int[] s, int[] p, int[] d, boolean hasBias) {
        try (Scope sc = Scope.open()) {
            Tensor x = Fixtures.randn(4, 1.0, xd).requiresGrad(true), w = Fixtures.randn(5, 0.5, wd).requiresGrad(true);
            Tensor[] in = hasBias ? new Tensor[] {x, w, Fixtures.randn(6, 1.0, wd[0]).requiresGrad(true)} : new Tensor[] {x, w};
            // linear in every input: a large step has no truncation error and little rounding error
            GradCheck.assertGradients(t -> Conv2d.apply(t[0], t[1], t.length > 2 ? t[2] : null, s, p, d), in, 0.05, 1e-3, 1e-3);
        }
    }

    @Test
    void onlyTheGradientsOfInputsThatNeedThemAreComputed() {
        try (Scope sc = Scope.open()) {
            Tensor x = Fixtures.randn(7, 1.0, 2, 3, 6, 6), w = Fixtures.randn(8, 0.5, 4, 3, 3, 3).requiresGrad(true);
            Tensor b = Fixtures.randn(9, 1.0, 4);
            Conv2d.apply(x, w, b, 1, 1).sum().backward();
            assertNull(x.grad());
            assertNull(b.grad());
            // dw of sum(y) is the sum of every input value that each tap reads
            double[] want = new double[4 * 3 * 3 * 3];
            float[] xv = x.toFloatArray();
            for (int o = 0; o < 4; o++)
                for (int c = 0; c < 3; c++)
                    for (int u = 0; u < 3; u++)
                        for (int v = 0; v < 3; v++)
                            for (int bb = 0; bb < 2; bb++)
                                for (int i = 0; i < 6; i++)
                                    for (int j = 0; j < 6; j++) {
                                        int ih = i - 1 + u, iw = j - 1 + v;
                                        if (ih >= 0 && ih < 6 && iw >= 0 && iw < 6)
                                            want[((o * 3 + c) * 3 + u) * 3 + v] += xv[((bb * 3 + c) * 6 + ih) * 6 + iw];
                                    }
            Fixtures.assertClose(want, w.grad().toFloatArray(), 1e-4, 1e-5);
        }
    }

    @Test
    void shapeErrorsNameTheShapes() {
        try (Scope sc = Scope.open()) {
            Tensor x = Tensor.zeros(2, 3, 5, 5), w = Tensor.zeros(4, 3, 3, 3);
            assertMessage("conv2d: channels differ: x [2, 3, 5, 5] has c_in = 3 but weight [4, 2, 3, 3] expects 2",
                    () -> Conv2d.apply(x, Tensor.zeros(4, 2, 3, 3), null, 1, 0));
            assertMessage("conv2d: bias [3] must be [4] (one value per output channel of weight [4, 3, 3, 3])",
                    () -> Conv2d.apply(x, w, Tensor.zeros(3), 1, 0));
            assertMessage("conv2d: output height (5 + 2*0 - 1*(7 - 1) - 1) / 1 + 1 < 1: x [2, 3, 5, 5] is too small for weight [4, 3, 7, 3]",
                    () -> Conv2d.apply(x, Tensor.zeros(4, 3, 7, 3), null, 1, 0));
            assertMessage("conv2d: output width (5 + 2*0 - 3*(3 - 1) - 1) / 1 + 1 < 1",
                    () -> Conv2d.apply(x, w, null, new int[] {1, 1}, new int[] {1, 0}, new int[] {1, 3}));
            assertMessage("conv2d: x must be (batch, c_in, height, width), got [3, 5, 5]",
                    () -> Conv2d.apply(Tensor.zeros(3, 5, 5), w, null, 1, 0));
            assertMessage("conv2d: weight must be (c_out, c_in, kernel_h, kernel_w), got [4, 3, 3]",
                    () -> Conv2d.apply(x, Tensor.zeros(4, 3, 3), null, 1, 0));
            assertMessage("conv2d: stride must be >= 1, got [0, 0]", () -> Conv2d.apply(x, w, null, 0, 0));
            assertMessage("conv2d: padding must be >= 0, got [-1, -1]", () -> Conv2d.apply(x, w, null, 1, -1));
            assertMessage("conv2d: dilation needs 2 value(s), got [1]",
                    () -> Conv2d.apply(x, w, null, new int[] {1, 1}, new int[] {0, 0}, new int[] {1}));
        }
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** Runs f(x, w, b) and its backward (seeded) on the CPU and on CUDA and compares outputs and gradients. */
    static void assertCudaMatchesCpu(java.util.function.Function<Tensor[], Tensor> f, Tensor x, Tensor w, Tensor b) {
        Device gpu = Device.cuda(0);
        Tensor[] cpu = {x.requiresGrad(true), w.requiresGrad(true), b.requiresGrad(true)};
        Tensor[] cuda = new Tensor[3];
        for (int i = 0; i < 3; i++) cuda[i] = cpu[i].to(gpu).detach().requiresGrad(true);
        Tensor y = f.apply(cpu), yc = f.apply(cuda);
        Fixtures.assertClose(toDouble(y.toFloatArray()), yc.toFloatArray(), 1e-4, 1e-4);
        Tensor seed = Fixtures.randn(14, 1.0, y.dims());
        y.backward(seed);
        yc.backward(seed.to(gpu));
        // different summation orders over up to B * Ho * Wo terms (50,176 for the P4CNN layer): an element that
        // cancels to ~0.3 out of terms summing to ~10^2 keeps rounding errors of ~10^-4 (seen on the CUDA
        // emulator), so the bound also scales with the largest element
        String[] names = {"dx", "dweight", "dbias"};
        for (int i = 0; i < 3; i++)
            Fixtures.assertCloseToScale(names[i], toDouble(cpu[i].grad().toFloatArray()), cuda[i].grad().toFloatArray(),
                    1e-4, 1e-4, 1e-6);
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        try (Scope sc = Scope.open()) {
            int[] s = {2, 1}, p = {1, 2}, d = {1, 2};
            assertCudaMatchesCpu(t -> Conv2d.apply(t[0], t[1], t[2], s, p, d), Fixtures.randn(11, 1.0, 3, 5, 13, 12),
                    Fixtures.randn(12, 0.5, 6, 5, 3, 2), Fixtures.randn(13, 1.0, 6));
            // the P4CNN-sized layer: grouped and tiled CPU paths against the chunked CUDA path
            assertCudaMatchesCpu(t -> Conv2d.apply(t[0], t[1], t[2], 1, 1), Fixtures.randn(15, 1.0, 64, 40, 28, 28),
                    Fixtures.randn(16, 0.1, 40, 40, 3, 3), Fixtures.randn(17, 1.0, 40));
        }
    }
}
