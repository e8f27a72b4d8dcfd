package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.symkern.autograd.GradCheck;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

class Conv1dTest {
    /** The float64 conv2d reference on (B, C, 1, T). */
    static double[] reference(float[] x, long[] xd, float[] w, long[] wd, float[] b, int s, int p, int d) {
        return Conv2dTest.reference(x, new long[] {xd[0], xd[1], 1, xd[2]}, w, new long[] {wd[0], wd[1], 1, wd[2]}, b,
                new int[] {1, s}, new int[] {0, p}, new int[] {1, d});
    }

    @ParameterizedTest
    @CsvSource({"2,3,17,4,3,1,1,1,true", "1,1,5,1,5,1,0,1,true", "3,2,20,3,4,3,2,2,false", "2,4,9,5,1,1,0,1,true",
                "2,2,12,3,3,2,1,1,true"})
    void forwardMatchesFloat64Reference(int B, int C, int T, int Co, int k, int s, int p, int d, boolean hasBias) {
        try (Scope sc = Scope.open()) {
            Tensor x = Fixtures.randn(1, 1.0, B, C, T), w = Fixtures.randn(2, 0.5, Co, C, k);
            Tensor b = hasBias ? Fixtures.randn(3, 1.0, Co) : null;
            Tensor y = Conv1d.apply(x, w, b, s, p, d);
            assertEquals(Shape.of(B, Co, Conv2d.outputSize(T, k, s, p, d)), y.shape());
            double[] want = reference(x.toFloatArray(), x.dims(), w.toFloatArray(), w.dims(), hasBias ? b.toFloatArray() : null, s, p, d);
            Fixtures.assertClose(want, y.toFloatArray(), 1e-5, 1e-5);
        }
    }

    @ParameterizedTest
    @CsvSource({"2,3,11,4,3,1,1,1", "2,2,13,3,3,2,2,2", "1,2,6,2,6,1,0,1"})
    void backwardMatchesFiniteDifferences(int B, int C, int T, int Co, int k, int s, int p, int d) {
        try (Scope sc = Scope.open()) {
            Tensor x = Fixtures.randn(4, 1.0, B, C, T).requiresGrad(true), w = Fixtures.randn(5, 0.5, Co, C, k).requiresGrad(true);
            Tensor b = Fixtures.randn(6, 1.0, Co).requiresGrad(true);
            GradCheck.assertGradients(t -> Conv1d.apply(t[0], t[1], t[2], s, p, d), new Tensor[] {x, w, b}, 0.05, 1e-3, 1e-3);
        }
    }

    @Test
    void shapeErrorsNameTheShapes() {
        try (Scope sc = Scope.open()) {
            Tensor x = Tensor.zeros(2, 3, 5), w = Tensor.zeros(4, 3, 3);
            Conv2dTest.assertMessage("conv1d: output length (5 + 2*1 - 1*(9 - 1) - 1) / 1 + 1 < 1: x [2, 3, 5] is too small for weight [4, 3, 9]",
                    () -> Conv1d.apply(x, Tensor.zeros(4, 3, 9), null, 1, 1));
            Conv2dTest.assertMessage("conv1d: channels differ: x [2, 3, 5] has c_in = 3 but weight [4, 2, 3] expects 2",
                    () -> Conv1d.apply(x, Tensor.zeros(4, 2, 3), null, 1, 0));
            Conv2dTest.assertMessage("conv1d: x must be (batch, c_in, length), got [2, 3, 5, 1]",
                    () -> Conv1d.apply(Tensor.zeros(2, 3, 5, 1), w, null, 1, 0));
            Conv2dTest.assertMessage("conv1d: dilation must be >= 1, got [0]", () -> Conv1d.apply(x, w, null, 1, 0, 0));
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        try (Scope sc = Scope.open()) {
            Conv2dTest.assertCudaMatchesCpu(t -> Conv1d.apply(t[0], t[1], t[2], 2, 3, 2), Fixtures.randn(11, 1.0, 4, 6, 300),
                    Fixtures.randn(12, 0.5, 5, 6, 7), Fixtures.randn(13, 1.0, 5));
        }
    }
}
