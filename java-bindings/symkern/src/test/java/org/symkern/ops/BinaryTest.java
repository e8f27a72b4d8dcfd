package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.function.DoubleBinaryOperator;

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
import org.symkern.tensor.Tensor;

class BinaryTest {
    static DoubleBinaryOperator reference(Binary.Op op) {
        switch (op) {
            case ADD: return (x, y) -> x + y;
            case SUB: return (x, y) -> x - y;
            case MUL: return (x, y) -> x * y;
            case DIV: return (x, y) -> x / y;
            default: throw new IllegalArgumentException();
        }
    }

    /** Broadcast patterns {a dims, b dims}. */
    static final long[][][] PATTERNS = {
        {{4, 5}, {4, 5}},           // equal
        {{4, 5}, {1, 5}},           // bias add
        {{4, 5}, {5}},              // lower rank b
        {{4, 1}, {1, 5}},           // outer
        {{4, 5}, {4, 1}},           // column
        {{2, 3, 1, 4}, {3, 5, 1}},  // rank 4 mixed, both broadcast
        {{}, {3, 2}},               // rank-0 a
        {{3, 2}, {}},               // rank-0 b
    };

    /** Operand values; divisors stay away from zero. */
    static Tensor operand(long seed, long[] dims, boolean divisor) {
        Shape s = Shape.of(dims);
        int n = Math.toIntExact(s.numel());
        float[] v = divisor ? Fixtures.awayFromZero(seed, n, 0.5, 2.0) : Fixtures.randn(seed, n, 1.0);
        return Tensor.of(v, s, Device.CPU);
    }

    /** out[i] = f(a[...], b[...]) by numpy broadcasting, in double, with index arithmetic written out. */
    static double[] referenceForward(float[] a, long[] ad, float[] b, long[] bd, Shape out, DoubleBinaryOperator f) {
        int r = out.rank();
        long[] od = out.dims();
        long[] pa = Shape.of(ad).padTo(r), pb = Shape.of(bd).padTo(r);
        double[] res = new double[Math.toIntExact(out.numel())];
        for (int i = 0; i < res.length; i++) {
            long rem = i, ia = 0, ib = 0, ka = 1, kb = 1;
            for (int d = r - 1; d >= 0; d--) {
                long c = rem % od[d];
                rem /= od[d];
                if (pa[d] != 1) ia += c * ka;
                if (pb[d] != 1) ib += c * kb;
                ka *= pa[d];
                kb *= pb[d];
            }
            res[i] = f.applyAsDouble(a[(int) ia], b[(int) ib]);
        }
        return res;
    }

    @ParameterizedTest
    @EnumSource(Binary.Op.class)
    void forwardMatchesFloat64Reference(Binary.Op op) {
        try (Scope s = Scope.open()) {
            for (long[][] p : PATTERNS) {
                Tensor a = operand(1, p[0], false), b = operand(2, p[1], op == Binary.Op.DIV);
                Tensor out = Binary.apply(a, b, op);
                Shape want = Shape.broadcast(a.shape(), b.shape());
                assertEquals(want, out.shape());
                double[] ref = referenceForward(a.toFloatArray(), p[0], b.toFloatArray(), p[1], want, reference(op));
                Fixtures.assertClose(ref, out.toFloatArray(), 1e-6, 2e-6);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Binary.Op.class)
    void backwardMatchesFiniteDifferences(Binary.Op op) {
        long[][][] cases = {{{3, 1, 4}, {2, 1}}, {{4, 5}, {1, 5}}, {{}, {2, 3}}, {{2, 3}, {1}}};
        try (Scope s = Scope.open()) {
            for (long[][] c : cases) {
                Tensor a = operand(3, c[0], false).requiresGrad(true);
                Tensor b = operand(4, c[1], op == Binary.Op.DIV).requiresGrad(true);
                GradCheck.assertGradients(in -> Binary.apply(in[0], in[1], op), new Tensor[] {a, b}, 2e-3, 2e-3, 2e-3);
                assertEquals(a.shape(), a.grad().shape());
                assertEquals(b.shape(), b.grad().shape());
            }
        }
    }

    @Test
    void broadcastGradientSumsOverExpandedAxes() {
        try (Scope s = Scope.open()) {
            // out (2, 3, 4) = x (2, 3, 4) * w (3, 1): dw[j] = sum over i, k of dout[i, j, k] * x[i, j, k]
            Tensor x = Fixtures.randn(5, 1.0, 2, 3, 4);
            Tensor w = Fixtures.randn(6, 1.0, 3, 1).requiresGrad(true);
            Tensor dout = Fixtures.randn(7, 1.0, 2, 3, 4);
            Binary.apply(x, w, Binary.Op.MUL).backward(dout);
            float[] xv = x.toFloatArray(), gv = dout.toFloatArray();
            double[] want = new double[3];
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 3; j++)
                    for (int k = 0; k < 4; k++) want[j] += (double) gv[(i * 3 + j) * 4 + k] * xv[(i * 3 + j) * 4 + k];
            assertEquals(Shape.of(3, 1), w.grad().shape());
            Fixtures.assertClose(want, w.grad().toFloatArray(), 1e-5, 1e-5);

            // bias: out (5, 3) = y (5, 3) + bias (3): dbias = column sums of dout; dy = dout
            Tensor y = Fixtures.randn(8, 1.0, 5, 3).requiresGrad(true);
            Tensor bias = Fixtures.randn(9, 1.0, 3).requiresGrad(true);
            Tensor g = Fixtures.randn(10, 1.0, 5, 3);
            Binary.apply(y, bias, Binary.Op.ADD).backward(g);
            float[] gd = g.toFloatArray();
            double[] colSums = new double[3];
            double[] gdd = new double[gd.length];
            for (int i = 0; i < gd.length; i++) {
                colSums[i % 3] += gd[i];
                gdd[i] = gd[i];
            }
            Fixtures.assertClose(colSums, bias.grad().toFloatArray(), 1e-6, 1e-6);
            Fixtures.assertClose(gdd, y.grad().toFloatArray(), 0, 0);

            // subtracting a scalar: d/dc of sum(r * (z - c)) = -sum(r)
            Tensor z = Fixtures.randn(11, 1.0, 4, 2);
            Tensor c = Tensor.scalar(0.5f).requiresGrad(true);
            Tensor r = Fixtures.randn(12, 1.0, 4, 2);
            Binary.apply(z, c, Binary.Op.SUB).backward(r);
            double sum = 0;
            for (float v : r.toFloatArray()) sum -= v;
            assertEquals(Shape.scalar(), c.grad().shape());
            assertEquals(sum, c.grad().item(), 1e-5);
        }
    }

    @Test
    void onlyInputsThatRequireGradReceiveOne() {
        try (Scope s = Scope.open()) {
            Tensor a = Fixtures.randn(13, 1.0, 3, 2).requiresGrad(true);
            Tensor b = Fixtures.randn(14, 1.0, 2);
            Tensor out = Binary.apply(a, b, Binary.Op.DIV);
            out.backward(Tensor.ones(out.shape(), Device.CPU));
            assertNull(b.grad());
            float[] bv = b.toFloatArray();
            double[] want = new double[6];
            for (int i = 0; i < 6; i++) want[i] = 1.0 / bv[i % 2];
            Fixtures.assertClose(want, a.grad().toFloatArray(), 1e-6, 1e-6);
        }
    }

    @Test
    void incompatibleShapesNameBothShapes() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.zeros(2, 3), b = Tensor.zeros(4, 3, 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Binary.apply(a, b, Binary.Op.MUL));
            assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 3, 2]"), e.getMessage());
            assertTrue(e.getMessage().startsWith("Binary(mul)"), e.getMessage());
        }
    }

    @Test
    void nonFloatInputIsRejected() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.zeros(3), labels = Tensor.ofInts(new int[] {1, 2, 3}, 3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Binary.apply(a, labels, Binary.Op.ADD));
            assertTrue(e.getMessage().contains("float32") && e.getMessage().contains(DType.INT32.toString()), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Binary.apply(a, null, Binary.Op.ADD));
            assertTrue(e.getMessage().contains("input 1 is null"), e.getMessage());
        }
    }

    @Test
    void rankZeroOperandsWork() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.scalar(3f).requiresGrad(true), y = Tensor.scalar(-2f).requiresGrad(true);
            Tensor z = Binary.apply(x, y, Binary.Op.MUL);
            assertEquals(Shape.scalar(), z.shape());
            assertEquals(-6f, z.item(), 0f);
            z.backward();
            assertEquals(-2f, x.grad().item(), 0f);
            assertEquals(3f, y.grad().item(), 0f);
            assertEquals(Shape.scalar(), x.grad().shape());

            Tensor v = Tensor.of(new float[] {1f, 2f, 4f}, 3);
            assertArrayEquals(new float[] {3f, 1.5f, 0.75f}, Binary.apply(x, v, Binary.Op.DIV).toFloatArray(), 0f);
        }
    }

    @Test
    void emptyOutputHasTheBroadcastShape() {
        try (Scope s = Scope.open()) {
            Tensor out = Binary.apply(Tensor.zeros(0, 3), Tensor.zeros(1, 3), Binary.Op.ADD);
            assertEquals(Shape.of(0, 3), out.shape());
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        Device gpu = Device.cuda(0);
        try (Scope s = Scope.open()) {
            for (Binary.Op op : Binary.Op.values()) {
                for (long[][] p : PATTERNS) {
                    Tensor a = operand(21, p[0], false), b = operand(22, p[1], op == Binary.Op.DIV);
                    float[] cpu = Binary.apply(a, b, op).toFloatArray();
                    float[] cuda = Binary.apply(a.to(gpu), b.to(gpu), op).toFloatArray();
                    assertArrayEquals(cpu, cuda, 1e-6f);
                }
                // gradients through sum_to_shape on the device
                Tensor a = operand(23, new long[] {64, 1, 33}, false), b = operand(24, new long[] {7, 33}, true);
                Tensor ac = a.to(gpu).requiresGrad(true), bc = b.to(gpu).requiresGrad(true);
                a.requiresGrad(true);
                b.requiresGrad(true);
                Tensor seed = Fixtures.randn(25, 1.0, 64, 7, 33);
                Binary.apply(a, b, op).backward(seed);
                Binary.apply(ac, bc, op).backward(seed.to(gpu));
                assertArrayEquals(a.grad().toFloatArray(), ac.grad().toFloatArray(), 1e-4f);
                assertArrayEquals(b.grad().toFloatArray(), bc.grad().toFloatArray(), 1e-4f);
            }
        }
    }
}
