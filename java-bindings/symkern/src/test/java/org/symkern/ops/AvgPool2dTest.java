package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.symkern.autograd.GradCheck;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

class AvgPool2dTest {
    static Tensor pool(Tensor x, long[] g) {
        return AvgPool2d.apply(x, g[0], g[1], g[2], g[3], g[4], g[5]);
    }

    @ParameterizedTest
    @MethodSource("org.symkern.ops.MaxPool2dTest#geometries")
    void forwardMatchesFloat64Reference(long[] dims, long[] g) {
        try (Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(4, 1.0, dims);
            Fixtures.assertClose(MaxPool2dTest.reference(x.toFloatArray(), dims, g, false), pool(x, g).toFloatArray(),
                    1e-6, 1e-6);
        }
    }

    @ParameterizedTest
    @MethodSource("org.symkern.ops.MaxPool2dTest#geometries")
    void backwardMatchesFiniteDifferences(long[] dims, long[] g) {
        try (Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(6, 1.0, dims).requiresGrad(true);
            GradCheck.assertGradients(in -> pool(in[0], g), new Tensor[] {x}, 1e-2, 1e-3, 1e-3);
        }
    }

    @Test
    void paddingIsNotCounted() {
        try (Scope s = Scope.open()) {
            // 2x2 plane, 3x3 windows with padding 1: every window holds the 4 elements and 5 padding cells
            Tensor y = AvgPool2d.apply(Tensor.of(new float[] {1, 2, 3, 6}, 1, 2, 2), 3, 1, 1);
            assertArrayEquals(new float[] {3, 3, 3, 3}, y.toFloatArray());
        }
    }

    @Test
    void invalidGeometryIsNamed() {
        try (Scope s = Scope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AvgPool2d.apply(Tensor.zeros(1, 3, 3), 2, 2, -1));
            assertTrue(e.getMessage().contains("avg_pool2d: padding must be in [0, kernel / 2]"), e.getMessage());
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        try (Scope s = Scope.open()) {
            for (long[] g : new long[][] {{2, 2, 2, 2, 0, 0}, {3, 3, 2, 2, 1, 1}})
                References.assertCudaMatchesCpu(in -> pool(in[0], g), new Tensor[] {Fixtures.randn(8, 1.0, 3, 5, 4, 13, 13)},
                        0, 0);   // shared formulas: bit-identical
        }
    }
}
