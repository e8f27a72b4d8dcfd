package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.symkern.autograd.GradCheck;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.SymkernException;
import org.symkern.tensor.Tensor;

class GroupConv2dTest {
    /** A table: idx (to, si, p, e) and coef (same) or null, over q parameters per (o, i). */
    record Table(int[] idx, float[] coef, int to, int si, int p, int e, int q) {
        Tensor idxTensor(Device d) {
            return Tensor.ofInts(idx, Shape.of(to, si, p, e), d);
        }

        Tensor coefTensor(Device d) {
            return coef == null ? null : Tensor.of(coef, Shape.of(to, si, p, e), d);
        }
    }

    static Table d4(int order, int k, boolean lifting) {
        int si = lifting ? 1 : order;
        return new Table(GroupConvTables.d4Table(order, k, lifting), null, order, si, k * k, 1, si * k * k);
    }

    static Table dense(int to, int si, int k, int e, int q) {
        int n = to * si * k * k * e;
        return new Table(GroupConvTables.randomIdx(31, n, q), Fixtures.randn(32, n, 1.0), to, si, k * k, e, q);
    }

    static Tensor conv(Tensor x, Tensor w, Tensor b, Table t, int stride, int pad) {
        return GroupConv2d.apply(x, w, b, t.idxTensor(x.device()), t.coefTensor(x.device()), stride, pad);
    }

    @ParameterizedTest(name = "{0} order={1} k={2} lifting={3} stride={4} pad={5}")
    @CsvSource({
        "d4, 4, 3, true, 1, 0, 2, 3, 9, 9, 4",     // p4 lifting
        "d4, 4, 3, false, 1, 1, 2, 2, 7, 7, 3",    // p4 group, same padding
        "d4, 4, 3, false, 2, 1, 1, 2, 8, 7, 2",    // stride 2, non-square input
        "d4, 8, 3, false, 1, 0, 1, 2, 6, 5, 2",    // p4m group
        "d4, 8, 5, true, 2, 2, 2, 1, 9, 9, 2",     // p4m lifting, k = 5
        "dense, 3, 3, false, 1, 1, 2, 2, 5, 6, 3", // dense table with coefficients (e = 3)
    })
    void forwardMatchesExpandPlusPlainConvolution(String kind, int order, int k, boolean lifting, int stride, int pad,
                                                  int batch, int ci, int h, int w, int co) {
        try (Scope s = Scope.open()) {
            Table t = kind.equals("d4") ? d4(order, k, lifting) : dense(order, 2, k, 3, 13);
            Tensor x = Fixtures.randn(1, 1.0, batch, ci, t.si(), h, w);
            Tensor wt = Fixtures.randn(2, 0.5, co, ci, t.q());
            Tensor bias = Fixtures.randn(3, 1.0, co);
            Tensor y = conv(x, wt, bias, t, stride, pad);
            int ho = (h + 2 * pad - k) / stride + 1, wo = (w + 2 * pad - k) / stride + 1;
            assertEquals(Shape.of(batch, co, t.to(), ho, wo), y.shape());
            // reference: the K8 expansion, folded to (co*to, ci*si, k, k), and a plain float64 convolution
            float[] bank = FilterExpand.apply(wt, t.idxTensor(Device.CPU), t.coefTensor(Device.CPU)).toFloatArray();
            double[] want = GroupConvTables.conv(x.toFloatArray(), batch, ci * t.si(), h, w, bank, co * t.to(), k, stride,
                    pad, bias.toFloatArray(), t.to());
            Fixtures.assertClose(want, y.toFloatArray(), 1e-5, 1e-5);
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        try (Scope s = Scope.open()) {
            Table p4 = d4(4, 3, false);
            Tensor x = Fixtures.randn(4, 1.0, 2, 2, 4, 5, 5).requiresGrad(true);
            Tensor w = Fixtures.randn(5, 0.5, 2, 2, p4.q()).requiresGrad(true);
            Tensor b = Fixtures.randn(6, 1.0, 2).requiresGrad(true);
            GradCheck.assertGradients(in -> conv(in[0], in[1], in[2], p4, 2, 1), new Tensor[] {x, w, b}, 1e-2, 2e-3, 2e-3);

            Table dense = dense(3, 1, 3, 3, 7);   // lifting-shaped dense table, no bias, x without gradient
            Tensor x2 = Fixtures.randn(7, 1.0, 1, 2, 1, 6, 5);
            Tensor w2 = Fixtures.randn(8, 0.5, 3, 2, dense.q()).requiresGrad(true);
            GradCheck.assertGradients(in -> conv(x2, in[0], null, dense, 1, 1), new Tensor[] {w2}, 1e-2, 2e-3, 2e-3);
            assertNull(x2.grad());
        }
    }

    /** Phi: lifting layer (si = 1) then two group layers, ReLU between, stride 1, odd k, valid or same padding. */
    static Tensor phi(Tensor x, int order, Tensor[] params) {
        Table lift = d4(order, 3, true), group = d4(order, 3, false);
        Tensor h = conv(x, params[0], params[1], lift, 1, 0).relu();
        h = conv(h, params[2], params[3], group, 1, 1).relu();
        return conv(h, params[4], params[5], group, 1, 0);
    }

    static Tensor[] params(int order) {
        int g = order;
        return new Tensor[] {Fixtures.randn(41, 0.5, 3, 2, 1 * 9), Fixtures.randn(42, 0.1, 3),
                             Fixtures.randn(43, 0.3, 3, 3, g * 9), Fixtures.randn(44, 0.1, 3),
                             Fixtures.randn(45, 0.3, 2, 3, g * 9), Fixtures.randn(46, 0.1, 2)};
    }

    /** Relative error of Phi(L x) against L^spatial(Phi(x)) with the group axis permuted by perm. */
    static double equivarianceError(int order, boolean rotate, int[] perm) {
        int n = 11, out = 7;
        Tensor x = Fixtures.randn(40, 1.0, 2, 2, 1, n, n);
        Tensor[] p = params(order);
        float[] xs = x.toFloatArray();
        float[] moved = rotate ? GroupConvTables.rot90(xs, n) : GroupConvTables.flipud(xs, n);
        float[] lhs = phi(Tensor.of(moved, x.shape(), Device.CPU), order, p).toFloatArray();
        float[] base = GroupConvTables.permuteGroupAxis(phi(x, order, p).toFloatArray(), order, out * out, perm);
        float[] rhs = rotate ? GroupConvTables.rot90(base, out) : GroupConvTables.flipud(base, out);
        return GroupConvTables.relativeError(lhs, rhs);
    }

    @Test
    void p4NetworkIsRotationEquivariant() {
        try (Scope s = Scope.open()) {
            // Phi(rot90 x)[:, :, t] = rot90(Phi(x)[:, :, (t - 1) mod 4])
            double err = equivarianceError(4, true, new int[] {3, 0, 1, 2});
            System.out.printf("p4 rot90 equivariance: relative error %.3g%n", err);
            assertTrue(err < 1e-5, "p4 rot90 equivariance error " + err);
            // the law is not vacuous: without the cyclic shift of the group axis it fails
            double wrong = equivarianceError(4, true, new int[] {0, 1, 2, 3});
            assertTrue(wrong > 1e-2, "unshifted comparison should fail, error " + wrong);
        }
    }

    @Test
    void p4mNetworkIsEquivariantToRotationAndFlip() {
        try (Scope s = Scope.open()) {
            double rot = equivarianceError(8, true, new int[] {3, 0, 1, 2, 5, 6, 7, 4});
            double flip = equivarianceError(8, false, new int[] {4, 5, 6, 7, 0, 1, 2, 3});
            System.out.printf("p4m equivariance: rot90 relative error %.3g, flipud relative error %.3g%n", rot, flip);
            assertTrue(rot < 1e-5, "p4m rot90 equivariance error " + rot);
            assertTrue(flip < 1e-5, "p4m flipud equivariance error " + flip);
            assertTrue(equivarianceError(8, false, new int[] {0, 1, 2, 3, 4, 5, 6, 7}) > 1e-2, "unpermuted flip should fail");
        }
    }

    @Test
    void badShapesAndTablesAreRejected() {
        try (Scope s = Scope.open()) {
            Table p4 = d4(4, 3, false);
            Tensor x = Tensor.zeros(1, 2, 4, 5, 5), w = Tensor.zeros(3, 2, p4.q());
            Tensor idx = p4.idxTensor(Device.CPU);
            IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                    () -> GroupConv2d.apply(Tensor.zeros(1, 2, 1, 5, 5), w, null, idx, null, 1, 0));
            assertTrue(a.getMessage().contains("idx [4, 4, 9, 1] has si = 4 but x [1, 2, 1, 5, 5] has 1 group elements"), a.getMessage());
            IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                    () -> GroupConv2d.apply(x, Tensor.zeros(3, 1, p4.q()), null, idx, null, 1, 0));
            assertTrue(b.getMessage().contains("has ci = 1 but x [1, 2, 4, 5, 5] has 2 input fields"), b.getMessage());
            IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                    () -> GroupConv2d.apply(x, w, null, Tensor.ofInts(new int[4 * 4 * 8], 4, 4, 8, 1), null, 1, 0));
            assertTrue(c.getMessage().contains("p = 8 taps, which is not k*k"), c.getMessage());
            IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
                    () -> GroupConv2d.apply(x, w, Tensor.zeros(2), idx, null, 1, 0));
            assertTrue(d.getMessage().contains("bias must have shape [3]"), d.getMessage());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GroupConv2d.apply(Tensor.zeros(1, 2, 4, 2, 2), w, null, idx, null, 1, 0));
            assertTrue(e.getMessage().contains("the 3x3 kernel does not fit x [1, 2, 4, 2, 2] with padding 0"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> GroupConv2d.apply(x, w, null, idx, null, 0, 0));

            int[] bad = GroupConvTables.d4Table(4, 3, false);
            bad[((3 * 4 + 2) * 9 + 1)] = -1;
            SymkernException ex = assertThrows(SymkernException.class,
                    () -> GroupConv2d.apply(x, w, null, Tensor.ofInts(bad, 4, 4, 9, 1), null, 1, 0));
            assertEquals(SymkernException.Status.BAD_ARGUMENT, ex.status());
            assertTrue(ex.getMessage().contains("group_conv2d_forward: idx[t=3, s=2, x=1, m=0] = -1 is outside [0, 36)"),
                    ex.getMessage());
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        try (Scope s = Scope.open()) {
            for (Table t : new Table[] {d4(8, 3, false), dense(4, 4, 3, 3, 11)}) {
                float[] x = Fixtures.randn(51, 3 * 5 * t.si() * 13 * 12, 1.0), w = Fixtures.randn(52, 6 * 5 * t.q(), 0.5);
                float[] b = Fixtures.randn(53, 6, 1.0);
                float[][] res = new float[2][];
                float[][][] grads = new float[2][][];
                Device[] devs = {Device.CPU, Device.cuda(0)};
                for (int d = 0; d < 2; d++) {
                    Tensor xt = Tensor.of(x, Shape.of(3, 5, t.si(), 13, 12), devs[d]).requiresGrad(true);
                    Tensor wt = Tensor.of(w, Shape.of(6, 5, t.q()), devs[d]).requiresGrad(true);
                    Tensor bt = Tensor.of(b, Shape.of(6), devs[d]).requiresGrad(true);
                    Tensor y = conv(xt, wt, bt, t, 2, 1);
                    y.sum().backward();
                    res[d] = y.toFloatArray();
                    grads[d] = new float[][] {xt.grad().toFloatArray(), wt.grad().toFloatArray(), bt.grad().toFloatArray()};
                }
                assertClose(res[0], res[1], 1e-4);
                for (int g = 0; g < 3; g++) assertClose(grads[0][g], grads[1][g], 1e-3);
            }
        }
    }

    private static void assertClose(float[] cpu, float[] cuda, double tol) {
        double[] ref = new double[cpu.length];
        for (int i = 0; i < ref.length; i++) ref[i] = cpu[i];
        Fixtures.assertClose(ref, cuda, tol, tol);
    }
}
