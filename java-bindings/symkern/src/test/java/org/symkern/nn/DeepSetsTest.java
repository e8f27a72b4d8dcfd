package org.symkern.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.symkern.autograd.GradCheck;
import org.symkern.ops.Reduce;
import org.symkern.ops.SegmentReduce;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

class DeepSetsTest {
    static final long[] SIZES = {5, 0, 1, 7, 3};   // an empty set and a singleton among them
    static final int IN = 4;

    /** A block-diagonal permutation: rows shuffled inside each set, sets kept in place. perm[new] = old. */
    static int[] permutationWithinSets(long seed, long[] sizes) {
        SplittableRandom r = new SplittableRandom(seed);
        int rows = 0;
        for (long s : sizes) rows += (int) s;
        int[] perm = new int[rows];
        int start = 0;
        for (long s : sizes) {
            for (int i = 0; i < s; i++) perm[start + i] = start + i;
            for (int i = (int) s - 1; i > 0; i--) {   // Fisher-Yates within the set
                int j = r.nextInt(i + 1), t = perm[start + i];
                perm[start + i] = perm[start + j];
                perm[start + j] = t;
            }
            start += (int) s;
        }
        return perm;
    }

    static float[] permuteRows(float[] x, int[] perm, int dim) {
        float[] out = new float[x.length];
        for (int i = 0; i < perm.length; i++) System.arraycopy(x, perm[i] * dim, out, i * dim, dim);
        return out;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    static DeepSets model(Reduce.Op pool, long seed) {
        List<Module> phi = List.of(new Linear(IN, 16, Device.CPU, seed), Activation.tanh(),
                new PermEquivariant(16, 16, Reduce.Op.MAX, Device.CPU, seed + 1), Activation.relu());
        Module rho = new Sequential(new Linear(16, 8, Device.CPU, seed + 2), Activation.tanh(), new Linear(8, 3, Device.CPU, seed + 3));
        return new DeepSets(phi, pool, rho);
    }

    @ParameterizedTest
    @EnumSource(Reduce.Op.class)
    void invariantUnderPermutationsWithinEachSet(Reduce.Op pool) {
        try (DeepSets f = model(pool, 10); Scope s = Scope.open()) {
            int rows = 16;
            float[] x = Fixtures.randn(3, rows * IN, 1.0);
            Tensor off = SegmentReduce.offsets(Device.CPU, SIZES);
            float[] y = f.forward(Tensor.of(x, rows, IN), off).toFloatArray();
            assertEquals(SIZES.length * 3, y.length);
            double worst = 0;
            for (long seed = 0; seed < 5; seed++) {
                float[] px = permuteRows(x, permutationWithinSets(seed, SIZES), IN);
                assertFalse(java.util.Arrays.equals(px, x), "the permutation must move rows");
                worst = Math.max(worst, maxAbsDiff(y, f.forward(Tensor.of(px, rows, IN), off).toFloatArray()));
            }
            System.out.printf("DeepSets(%s) invariance: max |f(PX) - f(X)| = %.3g over 5 permutations%n", pool, worst);
            assertTrue(worst <= 1e-5, "invariance error " + worst);
            // not vacuous: moving a row to another set changes the output
            float[] moved = x.clone();
            System.arraycopy(x, 0, moved, 5 * IN, IN);   // row 5 (the singleton set) := row 0
            assertTrue(maxAbsDiff(y, f.forward(Tensor.of(moved, rows, IN), off).toFloatArray()) > 1e-3);
        }
    }

    @Test
    void singleSetForwardEqualsRhoOfPooledPhi() {
        try (Linear phi = new Linear(3, 5, Device.CPU, 1); Linear rho = new Linear(5, 2, Device.CPU, 2);
             DeepSets f = new DeepSets(phi, Reduce.Op.SUM, rho); Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(4, 1.0, 6, 3);
            Tensor want = rho.forward(phi.forward(x).sum(0, true));
            Tensor got = f.forward(x);
            assertEquals(Shape.of(1, 2), got.shape());
            Fixtures.assertClose(toDouble(want.toFloatArray()), got.toFloatArray(), 1e-5, 1e-5);
            assertEquals(phi.parameterCount() + rho.parameterCount(), f.parameterCount());
        }
    }

    @Test
    void emptySetGivesRhoOfZero() {
        try (DeepSets f = model(Reduce.Op.MEAN, 4); Scope s = Scope.open()) {
            Tensor y = f.forward(Fixtures.randn(1, 1.0, 16, IN), SegmentReduce.offsets(Device.CPU, SIZES));
            float[] empty = java.util.Arrays.copyOfRange(y.toFloatArray(), 3, 6);   // set 1 is empty
            float[] rho0 = f.forward(Tensor.zeros(0, IN), SegmentReduce.offsets(Device.CPU, 0)).toFloatArray();
            assertArrayEquals(rho0, empty);
        }
    }

    @ParameterizedTest
    @EnumSource(Reduce.Op.class)
    void backwardMatchesFiniteDifferences(Reduce.Op pool) {
        try (Linear phi = new Linear(3, 4, Device.CPU, 5); Linear rho = new Linear(4, 2, Device.CPU, 6);
             DeepSets f = new DeepSets(List.of(phi, Activation.tanh()), pool, rho); Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(8, 1.0, 6, 3).requiresGrad(true);
            Tensor off = SegmentReduce.offsets(Device.CPU, 2, 0, 3, 1);
            Tensor[] in = {x, phi.weight(), phi.bias(), rho.weight()};
            GradCheck.assertGradients(t -> f.forward(t[0], off), in, 1e-2, 3e-3, 3e-3);
        }
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }
}
