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

class MatMulTest {
    /** Batch layouts: both rank 2, equal batch axes, B shared (rank 2), A shared (rank 2). */
    enum Layout { PLAIN, BATCHED, SHARED_B, SHARED_A }

    static final long M = 3, K = 4, N = 5;
    static final long[] BATCH = {2, 3};

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> s = Stream.builder();
        for (Layout l : Layout.values())
            for (int t = 0; t < 4; t++) s.add(Arguments.of(l, (t & 1) != 0, (t & 2) != 0));
        return s.build();
    }

    static Stream<Arguments> sharedCases() {
        return cases().filter(a -> a.get()[0] == Layout.SHARED_A || a.get()[0] == Layout.SHARED_B);
    }

    static long[] dims(long[] batch, long r, long c) {
        long[] d = java.util.Arrays.copyOf(batch, batch.length + 2);
        d[batch.length] = r;
        d[batch.length + 1] = c;
        return d;
    }

    static long[] shapeA(Layout l, boolean ta) {
        long[] batch = l == Layout.BATCHED || l == Layout.SHARED_B ? BATCH : new long[0];
        return ta ? dims(batch, K, M) : dims(batch, M, K);
    }

    static long[] shapeB(Layout l, boolean tb) {
        long[] batch = l == Layout.BATCHED || l == Layout.SHARED_A ? BATCH : new long[0];
        return tb ? dims(batch, N, K) : dims(batch, K, N);
    }

    /** Plain-Java double reference of op(a) @ op(b) with the broadcasting rules of MatMul. */
    static double[] reference(float[] a, long[] da, float[] b, long[] db, boolean ta, boolean tb) {
        int m = (int) (ta ? da[da.length - 1] : da[da.length - 2]);
        int k = (int) (ta ? da[da.length - 2] : da[da.length - 1]);
        int n = (int) (tb ? db[db.length - 2] : db[db.length - 1]);
        int batch = Math.max(a.length / (m * k), b.length / (k * n));
        int strideA = da.length == 2 ? 0 : m * k, strideB = db.length == 2 ? 0 : k * n;
        double[] c = new double[batch * m * n];
        for (int p = 0; p < batch; p++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int q = 0; q < k; q++) {
                        double x = a[p * strideA + (ta ? q * m + i : i * k + q)];
                        double y = b[p * strideB + (tb ? j * k + q : q * n + j)];
                        s += x * y;
                    }
                    c[p * m * n + i * n + j] = s;
                }
        return c;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void forwardMatchesFloat64Reference(Layout layout, boolean ta, boolean tb) {
        try (Scope s = Scope.open()) {
            long[] da = shapeA(layout, ta), db = shapeB(layout, tb);
            Tensor a = Fixtures.randn(1, 1.0, da), b = Fixtures.randn(2, 1.0, db);
            Tensor c = MatMul.apply(a, b, ta, tb);
            long[] batch = layout == Layout.PLAIN ? new long[0] : BATCH;
            assertEquals(Shape.of(dims(batch, M, N)), c.shape());
            Fixtures.assertClose(reference(a.toFloatArray(), da, b.toFloatArray(), db, ta, tb), c.toFloatArray(), 1e-5, 1e-5);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void backwardMatchesFiniteDifferences(Layout layout, boolean ta, boolean tb) {
        try (Scope s = Scope.open()) {
            Tensor a = Fixtures.randn(3, 1.0, shapeA(layout, ta)).requiresGrad(true);
            Tensor b = Fixtures.randn(4, 1.0, shapeB(layout, tb)).requiresGrad(true);
            GradCheck.assertGradients(in -> MatMul.apply(in[0], in[1], ta, tb), new Tensor[] {a, b}, 1e-2, 2e-3, 2e-3);
        }
    }

    @ParameterizedTest
    @MethodSource("sharedCases")
    void sharedOperandGradientSumsOverTheBatch(Layout layout, boolean ta, boolean tb) {
        try (Scope s = Scope.open()) {
            long[] da = shapeA(layout, ta), db = shapeB(layout, tb);
            Tensor a = Fixtures.randn(5, 1.0, da).requiresGrad(true);
            Tensor b = Fixtures.randn(6, 1.0, db).requiresGrad(true);
            Tensor c = MatMul.apply(a, b, ta, tb);
            float[] seed = Fixtures.randn(7, (int) c.numel(), 1.0);
            c.backward(Tensor.of(seed, c.shape(), Device.CPU));
            /* the gradient of the shared operand, entry by entry from the batched one's values */
            float[] av = a.toFloatArray(), bv = b.toFloatArray();
            int batch = (int) Shape.of(BATCH).numel(), mn = (int) (M * N);
            double[] want = new double[(int) (M * K)];
            boolean sharedA = layout == Layout.SHARED_A;
            if (!sharedA) want = new double[(int) (K * N)];
            for (int p = 0; p < batch; p++)
                for (int i = 0; i < M; i++)
                    for (int j = 0; j < N; j++) {
                        double gij = seed[p * mn + i * (int) N + j];
                        for (int q = 0; q < K; q++) {
                            if (sharedA) {
                                double y = bv[(int) (p * K * N) + (tb ? j * (int) K + q : q * (int) N + j)];
                                want[ta ? q * (int) M + i : i * (int) K + q] += gij * y;
                            } else {
                                double x = av[(int) (p * M * K) + (ta ? q * (int) M + i : i * (int) K + q)];
                                want[tb ? j * (int) K + q : q * (int) N + j] += gij * x;
                            }
                        }
                    }
            Fixtures.assertClose(want, (sharedA ? a : b).grad().toFloatArray(), 1e-5, 1e-5);
        }
    }

    @Test
    void degenerateSizesGiveZerosOrEmptyResults() {
        try (Scope s = Scope.open()) {
            Tensor c = MatMul.apply(Tensor.zeros(3, 0), Tensor.zeros(0, 2), false, false);
            assertEquals(Shape.of(3, 2), c.shape());
            assertArrayEquals(new float[6], c.toFloatArray());
            assertEquals(Shape.of(0, 3, 2), MatMul.apply(Tensor.zeros(0, 3, 4), Tensor.zeros(4, 2), false, false).shape());
            Tensor one = MatMul.apply(Tensor.of(new float[] {2f}, 1, 1), Tensor.of(new float[] {-3f}, 1, 1), true, true);
            assertEquals(-6f, one.item());
        }
    }

    @Test
    void tensorMatmulIsTheUntransposedProduct() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), b = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
            assertArrayEquals(new float[] {4, 5, 10, 11}, a.matmul(b).toFloatArray());
        }
    }

    @Test
    void innerDimensionMismatchNamesBothShapes() {
        try (Scope s = Scope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MatMul.apply(Tensor.zeros(2, 3), Tensor.zeros(4, 5), false, false));
            assertTrue(e.getMessage().contains("matmul: inner dims differ: [2, 3] @ [4, 5]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> MatMul.apply(Tensor.zeros(2, 3), Tensor.zeros(3, 5), true, false));
            assertTrue(e.getMessage().contains("[2, 3] @ [3, 5]") && e.getMessage().contains("transA=true"), e.getMessage());
        }
    }

    @Test
    void batchMismatchNamesBothShapes() {
        try (Scope s = Scope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MatMul.apply(Tensor.zeros(2, 3, 4), Tensor.zeros(3, 4, 5), false, false));
            assertTrue(e.getMessage().contains("matmul: batch dims differ: [2, 3, 4] @ [3, 4, 5]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> MatMul.apply(Tensor.zeros(2, 3, 4), Tensor.zeros(1, 2, 4, 5), false, false));
            assertTrue(e.getMessage().contains("[2, 3, 4] @ [1, 2, 4, 5]"), e.getMessage());
        }
    }

    @Test
    void rankOneOperandsAreRejected() {
        try (Scope s = Scope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MatMul.apply(Tensor.zeros(3), Tensor.zeros(3, 2), false, false));
            assertTrue(e.getMessage().contains("rank >= 2") && e.getMessage().contains("[3] @ [3, 2]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> MatMul.apply(Tensor.zeros(2, 3), Tensor.zeros(3), false, false));
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        Device gpu = Device.cuda(0);
        for (Layout layout : Layout.values())
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                try (Scope s = Scope.open()) {
                    Tensor a = Fixtures.randn(8, 1.0, shapeA(layout, ta)).requiresGrad(true);
                    Tensor b = Fixtures.randn(9, 1.0, shapeB(layout, tb)).requiresGrad(true);
                    Tensor ag = a.to(gpu).detach().requiresGrad(true), bg = b.to(gpu).detach().requiresGrad(true);
                    Tensor c = MatMul.apply(a, b, ta, tb), cg = MatMul.apply(ag, bg, ta, tb);
                    float[] seed = Fixtures.randn(10, (int) c.numel(), 1.0);
                    c.backward(Tensor.of(seed, c.shape(), Device.CPU));
                    cg.backward(Tensor.of(seed, c.shape(), gpu));
                    assertClose(c.toFloatArray(), cg.to(Device.CPU).toFloatArray());
                    assertClose(a.grad().toFloatArray(), ag.grad().to(Device.CPU).toFloatArray());
                    assertClose(b.grad().toFloatArray(), bg.grad().to(Device.CPU).toFloatArray());
                }
            }
        try (Scope s = Scope.open()) {
            Tensor a = Fixtures.randn(11, 1.0, 4, 70, 130), b = Fixtures.randn(12, 1.0, 130, 90);
            assertClose(MatMul.apply(a, b, false, false).toFloatArray(),
                    MatMul.apply(a.to(gpu), b.to(gpu), false, false).to(Device.CPU).toFloatArray());
        }
    }

    static void assertClose(float[] want, float[] got) {
        double[] w = new double[want.length];
        for (int i = 0; i < w.length; i++) w[i] = want[i];
        Fixtures.assertClose(w, got, 1e-4, 1e-4);
    }
}
