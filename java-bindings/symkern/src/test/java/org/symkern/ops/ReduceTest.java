package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.symkern.autograd.GradCheck;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.DType;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

class ReduceTest {
    static Stream<Arguments> opsAndAxes() {
        List<Arguments> out = new ArrayList<>();
        for (Reduce.Op op : Reduce.Op.values())
            for (int axis : new int[] {0, 1, 2, -1}) out.add(Arguments.of(op, axis));
        return out.stream();
    }

    /** float64 reference over `axis` of a row-major tensor with dims `d`; output in (outer, inner) order. */
    static double[] reference(float[] x, long[] d, int axis, Reduce.Op op) {
        int outer = 1, inner = 1, len = (int) d[axis];
        for (int i = 0; i < axis; i++) outer *= d[i];
        for (int i = axis + 1; i < d.length; i++) inner *= d[i];
        double[] y = new double[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++) {
                double s = 0, best = Double.NEGATIVE_INFINITY;
                for (int l = 0; l < len; l++) {
                    double v = x[(o * len + l) * inner + i];
                    s += v;
                    best = Math.max(best, v);
                }
                y[o * inner + i] = op == Reduce.Op.SUM ? s : op == Reduce.Op.MEAN ? s / len : best;
            }
        return y;
    }

    /** Distinct values 0.05 apart in random order: no ties, so max is differentiable under +-h perturbation. */
    static float[] distinct(long seed, int n) {
        List<Float> v = new ArrayList<>();
        for (int k = 0; k < n; k++) v.add(0.05f * (k - n / 2));
        Collections.shuffle(v, new Random(seed));
        float[] out = new float[n];
        for (int k = 0; k < n; k++) out[k] = v.get(k);
        return out;
    }

    @ParameterizedTest
    @MethodSource("opsAndAxes")
    void forwardMatchesFloat64Reference(Reduce.Op op, int axis) {
        try (Scope s = Scope.open()) {
            long[] dims = {3, 4, 5};
            float[] x = Fixtures.randn(11, 60, 2.0);
            int a = axis < 0 ? axis + 3 : axis;
            for (boolean keep : new boolean[] {false, true}) {
                Tensor y = Reduce.apply(Tensor.of(x, dims), axis, op, keep);
                assertEquals(Shape.of(dims).reduce(axis, keep), y.shape());
                Fixtures.assertClose(reference(x, dims, a, op), y.toFloatArray(), 1e-6, 1e-6);
            }
        }
    }

    @Test
    void allReducesEveryElementToARank0Tensor() {
        try (Scope s = Scope.open()) {
            float[] x = Fixtures.randn(3, 105, 1.0);
            Tensor t = Tensor.of(x, 3, 5, 7);
            for (Reduce.Op op : Reduce.Op.values()) {
                Tensor y = Reduce.all(t, op);
                assertEquals(Shape.scalar(), y.shape());
                assertEquals(0, y.rank());
                Fixtures.assertClose(reference(x, new long[] {105}, 0, op), y.toFloatArray(), 1e-6, 1e-6);
            }
            assertEquals(Reduce.all(t, Reduce.Op.SUM).item(), t.sum().item());
            assertEquals(Reduce.all(t, Reduce.Op.MEAN).item(), t.mean().item());
        }
    }

    @Test
    void keepDimShapes() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(2, 3, 4);
            assertEquals(Shape.of(2, 1, 4), x.sum(1, true).shape());
            assertEquals(Shape.of(2, 4), x.sum(1, false).shape());
            assertEquals(Shape.of(2, 3, 1), x.mean(-1, true).shape());
            assertEquals(Shape.of(2, 3), x.max(-1, false).shape());
            assertEquals(Shape.of(1, 3, 4), x.max(0, true).shape());
            assertEquals(Shape.scalar(), Tensor.zeros(5).sum(0, false).shape());
            assertEquals(Shape.of(1), Tensor.zeros(5).sum(-1, true).shape());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.sum(3, false));
            assertTrue(e.getMessage().contains("axis 3 is out of range for shape [2, 3, 4]"), e.getMessage());
        }
    }

    @Test
    void argmaxTiesGoToTheFirstIndex() {
        try (Scope s = Scope.open()) {
            // rows: [1 3 3] -> index 1; [2 2 1] -> index 0; [5 5 5] -> index 0
            Tensor x = Tensor.of(new float[] {1, 3, 3, 2, 2, 1, 5, 5, 5}, 3, 3);
            Tensor y = Tensor.zeros(3), am = Tensor.zeros(Shape.of(3), DType.INT32, Device.CPU);
            Native.check(SymkernNative.sk_reduce_forward(y.buffer(), am.buffer(), x.buffer(), 3, 3, 1, Reduce.Op.MAX.code));
            assertArrayEquals(new int[] {1, 0, 0}, am.toIntArray());
            assertArrayEquals(new float[] {3, 2, 5}, y.toFloatArray());

            // the gradient goes to the first maximum only
            x.requiresGrad(true);
            Tensor m = x.max(1, false);
            m.backward(Tensor.of(new float[] {1, 2, 3}, 3));
            assertArrayEquals(new float[] {0, 1, 0, 2, 0, 0, 3, 0, 0}, x.grad().toFloatArray());

            // over axis 0 (inner > 1): columns [4 4 0] [3 2 3] [3 1 3] -> index 0 each
            Tensor z = Tensor.of(new float[] {4, 3, 3, 4, 2, 1, 0, 3, 3}, 3, 3);
            Tensor y0 = Tensor.zeros(3), am0 = Tensor.zeros(Shape.of(3), DType.INT32, Device.CPU);
            Native.check(SymkernNative.sk_reduce_forward(y0.buffer(), am0.buffer(), z.buffer(), 1, 3, 3, Reduce.Op.MAX.code));
            assertArrayEquals(new int[] {0, 0, 0}, am0.toIntArray());
            assertArrayEquals(new float[] {4, 3, 3}, y0.toFloatArray());
        }
    }

    @ParameterizedTest
    @MethodSource("opsAndAxes")
    void backwardMatchesFiniteDifferences(Reduce.Op op, int axis) {
        try (Scope s = Scope.open()) {
            for (boolean keep : new boolean[] {false, true}) {
                Tensor x = Tensor.of(distinct(5 + axis, 24), 2, 3, 4).requiresGrad(true);
                GradCheck.assertGradients(in -> Reduce.apply(in[0], axis, op, keep), new Tensor[] {x}, 1e-2, 1e-3, 1e-3);
            }
            Tensor x = Tensor.of(distinct(9, 10), 10).requiresGrad(true);
            GradCheck.assertGradients(in -> Reduce.all(in[0], op), new Tensor[] {x}, 1e-2, 1e-3, 1e-3);
        }
    }

    @Test
    void emptyAxisSumsToZeroAndMeanOrMaxIsAClearError() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(Shape.of(3, 0), Device.CPU);
            assertArrayEquals(new float[] {0, 0, 0}, x.sum(1, false).toFloatArray());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.mean(1, false));
            assertTrue(e.getMessage().contains("empty axis of [3, 0]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> x.max(-1, true));
        }
    }

    @Test
    void intTensorsAreRejected() {
        try (Scope s = Scope.open()) {
            Tensor labels = Tensor.ofInts(new int[] {1, 2}, 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> labels.sum());
            assertTrue(e.getMessage().contains("float32"), e.getMessage());
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        try (Scope s = Scope.open()) {
            Device gpu = Device.cuda(0);
            long[][] shapes = {{7, 300, 5}, {3, 100000}, {1, 70000, 3}, {1000, 3}};
            for (long[] dims : shapes) {
                Tensor cpu = Fixtures.randn(21, 1.0, dims);
                Tensor dev = cpu.to(gpu);
                for (Reduce.Op op : Reduce.Op.values()) {
                    for (int axis = 0; axis < dims.length; axis++) {
                        float[] want = Reduce.apply(cpu, axis, op, false).toFloatArray();
                        float[] got = Reduce.apply(dev, axis, op, false).to(Device.CPU).toFloatArray();
                        double[] w = new double[want.length];
                        for (int i = 0; i < w.length; i++) w[i] = want[i];
                        Fixtures.assertClose(w, got, 1e-5, 1e-5);
                    }
                    assertEquals(Reduce.all(cpu, op).item(), Reduce.all(dev, op).to(Device.CPU).item(), 1e-3);
                }
                // backward on the device
                Tensor xc = cpu.copy().requiresGrad(true), xg = dev.copy().requiresGrad(true);
                xc.max(-1, false).sum().backward();
                xg.max(-1, false).sum().backward();
                assertArrayEquals(xc.grad().toFloatArray(), xg.grad().to(Device.CPU).toFloatArray());
            }
        }
    }
}
