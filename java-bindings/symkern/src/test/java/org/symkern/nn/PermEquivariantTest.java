package org.symkern.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.symkern.autograd.GradCheck;
import org.symkern.ops.Reduce;
import org.symkern.ops.SegmentReduce;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

class PermEquivariantTest {
    static final long[] SIZES = {4, 1, 0, 6};
    static final int ROWS = 11, IN = 3, OUT = 5;

    static Stream<Arguments> poolsAndTying() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (Reduce.Op op : Reduce.Op.values())
            for (boolean tied : new boolean[] {false, true}) b.add(Arguments.of(op, tied));
        return b.build();
    }

    /** f(X)_i = x_i L^T + b - pool(X) G^T (untied) or (x_i - pool(X)) L^T + b (tied), in float64. */
    static double[] reference(float[] x, PermEquivariant layer, Reduce.Op pool) {
        float[] lw = layer.lambda().weight().toFloatArray(), lb = layer.lambda().bias().toFloatArray();
        float[] gw = layer.gamma() == null ? lw : layer.gamma().weight().toFloatArray();
        boolean tied = layer.gamma() == null;
        double[] y = new double[ROWS * OUT];
        int r0 = 0;
        for (long size : SIZES) {
            int r1 = r0 + (int) size;
            double[] p = new double[IN];
            for (int c = 0; c < IN; c++) {
                double sum = 0, best = Double.NEGATIVE_INFINITY;
                for (int r = r0; r < r1; r++) {
                    sum += x[r * IN + c];
                    best = Math.max(best, x[r * IN + c]);
                }
                p[c] = pool == Reduce.Op.SUM ? sum : pool == Reduce.Op.MEAN ? sum / size : best;
            }
            for (int r = r0; r < r1; r++)
                for (int o = 0; o < OUT; o++) {
                    double acc = lb[o];
                    for (int c = 0; c < IN; c++)
                        acc += tied ? (x[r * IN + c] - p[c]) * lw[o * IN + c] : x[r * IN + c] * lw[o * IN + c] - p[c] * gw[o * IN + c];
                    y[r * OUT + o] = acc;
                }
            r0 = r1;
        }
        return y;
    }

    @ParameterizedTest
    @MethodSource("poolsAndTying")
    void forwardMatchesFloat64Reference(Reduce.Op pool, boolean tied) {
        try (PermEquivariant f = new PermEquivariant(IN, OUT, pool, tied, Device.CPU, 3); Scope s = Scope.open()) {
            float[] x = Fixtures.randn(1, ROWS * IN, 1.0);
            Tensor y = f.forward(Tensor.of(x, ROWS, IN), SegmentReduce.offsets(Device.CPU, SIZES));
            Fixtures.assertClose(reference(x, f, pool), y.toFloatArray(), 1e-5, 1e-5);
            assertEquals(tied ? IN * OUT + OUT : 2 * IN * OUT + OUT, f.parameterCount());
        }
    }

    @ParameterizedTest
    @MethodSource("poolsAndTying")
    void equivariantUnderPermutationsWithinEachSet(Reduce.Op pool, boolean tied) {
        try (PermEquivariant f = new PermEquivariant(IN, OUT, pool, tied, Device.CPU, 7); Scope s = Scope.open()) {
            float[] x = Fixtures.randn(2, ROWS * IN, 1.0);
            Tensor off = SegmentReduce.offsets(Device.CPU, SIZES);
            float[] y = f.forward(Tensor.of(x, ROWS, IN), off).toFloatArray();
            double worst = 0;
            for (long seed = 0; seed < 5; seed++) {
                int[] perm = DeepSetsTest.permutationWithinSets(seed, SIZES);
                float[] fpx = f.forward(Tensor.of(DeepSetsTest.permuteRows(x, perm, IN), ROWS, IN), off).toFloatArray();
                worst = Math.max(worst, DeepSetsTest.maxAbsDiff(DeepSetsTest.permuteRows(y, perm, OUT), fpx));   // f(PX) vs P f(X)
            }
            System.out.printf("PermEquivariant(%s, tied=%b) equivariance: max |f(PX) - P f(X)| = %.3g over 5 permutations%n",
                    pool, tied, worst);
            assertTrue(worst <= 1e-5, "equivariance error " + worst);
            // not vacuous: the pool term couples the rows of a set (changing one row moves the others)
            float[] changed = x.clone();
            changed[0] += 1.0f;
            float[] yc = f.forward(Tensor.of(changed, ROWS, IN), off).toFloatArray();
            double otherRow = 0;
            for (int o = 0; o < OUT; o++) otherRow = Math.max(otherRow, Math.abs(yc[OUT + o] - y[OUT + o]));
            if (pool != Reduce.Op.MAX) assertTrue(otherRow > 1e-4, "row 1 should see row 0 through the pool");
        }
    }

    @ParameterizedTest
    @MethodSource("poolsAndTying")
    void backwardMatchesFiniteDifferences(Reduce.Op pool, boolean tied) {
        try (PermEquivariant f = new PermEquivariant(IN, OUT, pool, tied, Device.CPU, 9); Scope s = Scope.open()) {
            // distinct values so that max pooling does not switch rows under +-h
            float[] v = new float[ROWS * IN];
            for (int i = 0; i < v.length; i++) v[i] = 0.07f * (((i * 13) % v.length) - v.length / 2f);
            Tensor x = Tensor.of(v, ROWS, IN).requiresGrad(true);
            Tensor off = SegmentReduce.offsets(Device.CPU, SIZES);
            Tensor[] in = tied ? new Tensor[] {x, f.lambda().weight(), f.lambda().bias()}
                    : new Tensor[] {x, f.lambda().weight(), f.lambda().bias(), f.gamma().weight()};
            GradCheck.assertGradients(t -> f.forward(t[0], off), in, 1e-2, 3e-3, 3e-3);
        }
    }
}
