package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.symkern.autograd.GradCheck;
import org.symkern.tensor.DType;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.SymkernException;
import org.symkern.tensor.Tensor;

class SegmentReduceTest {
    /** float64 reference over (rows, dim) rows; empty segments give 0. */
    static double[] reference(float[] x, long[] sizes, int dim, Reduce.Op op) {
        double[] y = new double[sizes.length * dim];
        int r0 = 0;
        for (int s = 0; s < sizes.length; s++) {
            int r1 = r0 + (int) sizes[s];
            for (int d = 0; d < dim; d++) {
                double sum = 0, best = Double.NEGATIVE_INFINITY;
                for (int r = r0; r < r1; r++) {
                    sum += x[r * dim + d];
                    best = Math.max(best, x[r * dim + d]);
                }
                y[s * dim + d] = r1 == r0 ? 0 : op == Reduce.Op.SUM ? sum : op == Reduce.Op.MEAN ? sum / (r1 - r0) : best;
            }
            r0 = r1;
        }
        return y;
    }

    @ParameterizedTest
    @EnumSource(Reduce.Op.class)
    void forwardMatchesFloat64Reference(Reduce.Op op) {
        try (Scope s = Scope.open()) {
            long[] sizes = {3, 0, 1, 5, 2, 0};   // empty and single-row segments; trailing dims (2, 3) -> D = 6
            float[] x = Fixtures.randn(5, 11 * 6, 1.0);
            Tensor y = SegmentReduce.apply(Tensor.of(x, 11, 2, 3), SegmentReduce.offsets(Device.CPU, sizes), op);
            assertEquals(Shape.of(6, 2, 3), y.shape());
            Fixtures.assertClose(reference(x, sizes, 6, op), y.toFloatArray(), 1e-6, 1e-6);
            // D = 1 (rank-1 x) and odd sizes
            long[] odd = {7, 1, 0, 13};
            float[] v = Fixtures.randn(6, 21, 1.0);
            Tensor w = SegmentReduce.apply(Tensor.of(v, 21), SegmentReduce.offsets(Device.CPU, odd), op);
            assertEquals(Shape.of(4), w.shape());
            Fixtures.assertClose(reference(v, odd, 1, op), w.toFloatArray(), 1e-6, 1e-6);
        }
    }

    @ParameterizedTest
    @EnumSource(Reduce.Op.class)
    void backwardMatchesFiniteDifferences(Reduce.Op op) {
        try (Scope s = Scope.open()) {
            float[] v = ReduceTest.distinct(9, 8 * 3);   // no ties: max is differentiable under +-h
            Tensor x = Tensor.of(v, 8, 3).requiresGrad(true);
            Tensor off = SegmentReduce.offsets(Device.CPU, 2, 0, 1, 5);
            GradCheck.assertGradients(t -> SegmentReduce.apply(t[0], off, op), new Tensor[] {x}, 1e-2, 2e-3, 2e-3);
        }
    }

    @Test
    void emptySegmentsGiveZeroAndPassNoGradient() {
        try (Scope s = Scope.open()) {
            // segment 0: rows 0..1, segment 1: empty, segment 2: row 2
            Tensor x = Tensor.of(new float[] {-3, 2, -1, 5, -7, -9}, 3, 2).requiresGrad(true);
            Tensor off = SegmentReduce.offsets(Device.CPU, 2, 0, 1);
            Tensor y = SegmentReduce.apply(x, off, Reduce.Op.MAX);
            assertArrayEquals(new float[] {-1, 5, 0, 0, -7, -9}, y.toFloatArray());
            y.backward(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
            // column 0 max at row 1, column 1 max at row 1; the empty segment's gradient (3, 4) goes nowhere
            assertArrayEquals(new float[] {0, 0, 1, 2, 5, 6}, x.grad().toFloatArray());
        }
    }

    @Test
    void offsetsHelperAndSegmentIds() {
        try (Scope s = Scope.open()) {
            Tensor off = SegmentReduce.offsets(Device.CPU, 2, 0, 3);
            assertArrayEquals(new long[] {0, 2, 2, 5}, off.toLongArray());
            assertArrayEquals(new int[] {0, 0, 2, 2, 2}, SegmentReduce.segmentIds(off).toIntArray());
            assertThrows(IllegalArgumentException.class, () -> SegmentReduce.offsets(Device.CPU, 1, -1));
        }
    }

    @Test
    void badOffsetsAreRejectedNamingTheSegment() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(6, 2);
            SymkernException e = assertThrows(SymkernException.class, () -> SegmentReduce.apply(x,
                    Tensor.ofLongs(new long[] {0, 4, 2, 6}, Shape.of(4), Device.CPU), Reduce.Op.SUM));
            assertEquals(SymkernException.Status.BAD_ARGUMENT, e.status());
            assertTrue(e.getMessage().contains("segment 1 has offsets[1] = 4 > offsets[2] = 2"), e.getMessage());
            e = assertThrows(SymkernException.class, () -> SegmentReduce.apply(x,
                    Tensor.ofLongs(new long[] {0, 2, 5}, Shape.of(3), Device.CPU), Reduce.Op.MAX));
            assertTrue(e.getMessage().contains("the last segment 1 ends at offsets[2] = 5, but rows = 6"), e.getMessage());
            e = assertThrows(SymkernException.class, () -> SegmentReduce.apply(x,
                    Tensor.ofLongs(new long[] {1, 6}, Shape.of(2), Device.CPU), Reduce.Op.MEAN));
            assertTrue(e.getMessage().contains("offsets[0] = 1, but segment 0 must start at row 0"), e.getMessage());
            IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                    () -> SegmentReduce.apply(x, Tensor.ofInts(new int[] {0, 6}, 2), Reduce.Op.SUM));
            assertTrue(a.getMessage().contains("offsets must be an int64 vector"), a.getMessage());
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        try (Scope s = Scope.open()) {
            Device gpu = Device.cuda(0);
            long[] sizes = new long[64];
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
            long rows = 0;
            for (int i = 0; i < sizes.length; i++) rows += sizes[i] = rnd.nextInt(0, 60);
            Tensor x = Fixtures.randn(4, 1.0, rows, 128);
            Tensor off = SegmentReduce.offsets(Device.CPU, sizes);
            for (Reduce.Op op : Reduce.Op.values()) {
                Tensor xc = x.copy().requiresGrad(true), xg = x.to(gpu).copy().requiresGrad(true);
                Tensor yc = SegmentReduce.apply(xc, off, op), yg = SegmentReduce.apply(xg, off.to(gpu), op);
                Fixtures.assertClose(toDouble(yc.toFloatArray()), yg.to(Device.CPU).toFloatArray(), 1e-5, 1e-5);
                Tensor seed = Fixtures.randn(8, 1.0, 64, 128);
                yc.backward(seed);
                yg.backward(seed.to(gpu));
                Fixtures.assertClose(toDouble(xc.grad().toFloatArray()), xg.grad().to(Device.CPU).toFloatArray(), 1e-6, 1e-6);
            }
            SymkernException e = assertThrows(SymkernException.class, () -> SegmentReduce.apply(Tensor.zeros(Shape.of(6, 2), gpu),
                    Tensor.ofLongs(new long[] {0, 4, 2, 6}, Shape.of(4), gpu), Reduce.Op.SUM));
            assertTrue(e.getMessage().contains("segment 1 has offsets[1] = 4 > offsets[2] = 2"), e.getMessage());
        }
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }
}
