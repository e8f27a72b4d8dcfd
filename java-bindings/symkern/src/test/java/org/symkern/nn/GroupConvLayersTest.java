package org.symkern.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.symkern.autograd.GradCheck;
import org.symkern.group.FiniteGroup;
import org.symkern.ops.Conv2d;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * LiftingConv2d / GroupConv2d (P4, P4M, C8, C16, D8) and GroupConv1d: the fused layer against the K8 expansion
 * plus a plain conv on the folded channels, the exact equivariance laws of docs/groups.md, sections Equivariance laws and Regular fields through
 * several layers (with the measured error printed), the approximate 45-degree law of the steerable spaces, time
 * reversal in 1D, and finite-difference gradients.
 */
class GroupConvLayersTest {
    static final Device CPU = Device.CPU;

    static GroupConvLayer layer(GSpace g, boolean lifting, int cIn, int cOut, int k, int stride, int pad, long seed) {
        return lifting ? new LiftingConv2d(g, cIn, cOut, k, stride, pad, true, CPU, seed)
                       : new GroupConv2d(g, cIn, cOut, k, stride, pad, true, CPU, seed);
    }

    /** Random bias so that the shared-bias path is exercised (layers start with bias 0). */
    static void randomizeBias(GroupConvLayer l, long seed) {
        l.bias().copyFrom(Fixtures.randn(seed, (int) l.outFields(), 0.5));
    }

    // ------------------------------------------------------------------------------------------------
    // fused == FilterExpand + conv2d on the folded channels

    @ParameterizedTest(name = "{0} lifting={1} k={2} stride={3} pad={4}")
    @CsvSource({
        "P4, true, 3, 1, 0", "P4, false, 3, 1, 1", "P4, false, 4, 2, 0",
        "P4M, true, 3, 1, 1", "P4M, false, 3, 2, 1",
        "C8, true, 5, 1, 2", "C8, false, 3, 1, 0", "C8, false, 5, 2, 1",
    })
    void fusedLayerEqualsFilterExpandPlusConv2dOnFoldedChannels(GSpace g, boolean lifting, int k, int stride, int pad) {
        try (Scope s = Scope.open(); GroupConvLayer l = layer(g, lifting, 3, 2, k, stride, pad, 7)) {
            randomizeBias(l, 8);
            int n = g.order(), si = lifting ? 1 : n, batch = 2, h = 9, w = 8;
            Shape xs = lifting ? Shape.of(batch, 3, h, w) : Shape.of(batch, 3, n, h, w);
            Tensor x = Fixtures.randn(9, 1.0, xs.dims()).requiresGrad(true);
            Tensor y = l.forward(x);
            int ho = (h + 2 * pad - k) / stride + 1, wo = (w + 2 * pad - k) / stride + 1;
            assertEquals(Shape.of(batch, 2, n, ho, wo), y.shape());
            Tensor dy = Fixtures.randn(10, 1.0, y.dims());
            y.backward(dy);
            float[][] fused = {y.toFloatArray(), x.grad().toFloatArray(), l.weight().grad().toFloatArray(),
                               l.bias().grad().toFloatArray()};
            x.zeroGrad();
            l.zeroGrad();
            // reference: W_exp (2n, 3 si, k, k) by K8, plain K7 conv2d of x folded to (B, 3 si, H, W), bias per field
            Tensor bank = l.expandedFilters();
            assertEquals(Shape.of(2L * n, 3L * si, k, k), bank.shape());
            Tensor yr = Conv2d.apply(x.reshape(batch, 3L * si, h, w), bank, null, stride, pad)
                    .reshape(batch, 2, n, ho, wo).add(l.bias().reshape(2, 1, 1, 1));
            yr.backward(dy);
            float[][] ref = {yr.toFloatArray(), x.grad().toFloatArray(), l.weight().grad().toFloatArray(),
                             l.bias().grad().toFloatArray()};
            String[] what = {"y", "dx", "dW", "dbias"};
            for (int i = 0; i < 4; i++) {
                double err = PlaneActions.relMaxError(fused[i], ref[i]);
                System.out.printf("%s %s: fused vs expand + conv2d, %s relative error %.3g%n", g, lifting ? "lifting" : "group",
                        what[i], err);
                assertTrue(err < 2e-5, g + " " + what[i] + " differs: " + err);
            }
        }
    }

    @Test
    void weightShapesTablesAndInitFollowTheGroup() {
        try (Scope s = Scope.open()) {
            try (GroupConvLayer a = new GroupConv2d(GSpace.P4M, 3, 5, 3, CPU, 1);
                 GroupConvLayer b = new LiftingConv2d(GSpace.C16, 2, 4, 5, CPU, 1);
                 GroupConvLayer c = new GroupConv2d(GSpace.D8, 3, 2, 3, CPU, 1)) {
                assertEquals(Shape.of(5, 3, 8, 3, 3), a.weight().shape());
                assertNull(a.tableCoef());
                assertEquals(Shape.of(8, 8, 9, 1), a.tableIndex().shape());
                assertEquals(Shape.of(4, 2, 1, 11), b.weight().shape());        // 11 basis images for k = 5
                assertEquals(Shape.of(16, 1, 25, 11), b.tableCoef().shape());
                assertEquals(Shape.of(2, 3, 16, 6), c.weight().shape());        // 6 basis images for k = 3
                // He-style init: the expanded filters have variance about 2 / fan_in, fan_in = cIn si k^2
                for (GroupConvLayer l : new GroupConvLayer[] {a, b, c}) {
                    float[] bank = l.expandedFilters().toFloatArray();
                    double sq = 0;
                    for (float v : bank) sq += v * v;
                    long fanIn = l.inFields() * (l.lifting() ? 1 : l.gspace().order()) * l.kernelSize() * l.kernelSize();
                    double ratio = sq / bank.length / (2.0 / fanIn);
                    System.out.printf("%s: expanded-filter variance / (2 / fan_in) = %.3f%n", l.name(), ratio);
                    assertTrue(ratio > 0.5 && ratio < 2.0, l.name() + " init variance ratio " + ratio);
                }
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.forward(Tensor.zeros(1, 3, 4, 7, 7)));
                assertTrue(e.getMessage().contains("input [1, 3, 4, 7, 7] must be (B, 3, 8, H, W)"), e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> new GroupConv2d(GSpace.P4M, 2, 2, 4, CPU, 1));   // p4m: odd k
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // exact equivariance through several layers (docs/groups.md, section Equivariance laws)

    /**
     * A P4CNN-like stack on a 14x14 input: lifting 3x3 (valid) - BN - ReLU - group 3x3 (same) - BN - ReLU -
     * plane max-pool 2/2 (12 -> 6) - group 3x3 (valid) - ReLU - group 3x3 (same): (B, 3, |H|, 4, 4).
     */
    static Sequential stack(GSpace g, long seed) {
        return new Sequential(
                new LiftingConv2d(g, 2, 4, 3, 1, 0, true, CPU, seed), new InnerBatchNorm(4, g.order(), CPU), Activation.relu(),
                new GroupConv2d(g, 4, 4, 3, 1, 1, true, CPU, seed + 1), new InnerBatchNorm(4, g.order(), CPU), Activation.relu(),
                new PlaneMaxPool(2, 2, 0),
                new GroupConv2d(g, 4, 4, 3, 1, 0, true, CPU, seed + 2), Activation.relu(),
                new GroupConv2d(g, 4, 3, 3, 1, 1, true, CPU, seed + 3));
    }

    /** Phi(L_g x) against L_g^spatial(Phi(x)) with the group axis permuted by perm: the relative max error. */
    static double equivarianceError(UnaryOperator<Tensor> phi, Tensor x, UnaryOperator<float[]> spatialIn,
                                    UnaryOperator<float[]> spatialOut, int[] perm) {
        try (Scope s = Scope.open()) {
            Tensor y = phi.apply(x);
            float[] lhs = phi.apply(Tensor.of(spatialIn.apply(x.toFloatArray()), x.shape(), CPU)).toFloatArray();
            float[] rhs = spatialOut.apply(perm == null ? y.toFloatArray() : PlaneActions.permuteAxis(y.toFloatArray(), y.dims(), 2, perm));
            return PlaneActions.relMaxError(lhs, rhs);
        }
    }

    @Test
    void p4StackIsRot90EquivariantWithARollOfTheGroupAxis() {
        try (Scope s = Scope.open(); Sequential net = stack(GSpace.P4, 20)) {
            Tensor x = Fixtures.randn(21, 1.0, 3, 2, 14, 14);
            int[] perm = GSpace.P4.group().groupAxisPermutation(GSpace.P4.rot90Element());
            assertArrayEquals(new int[] {3, 0, 1, 2}, perm);   // Phi(rot90 x)[:, :, t] = rot90(Phi(x)[:, :, (t - 1) mod 4])
            UnaryOperator<float[]> r14 = a -> PlaneActions.rot90(a, 14), r4 = a -> PlaneActions.rot90(a, 4);
            double err = equivarianceError(net::forward, x, r14, r4, perm);
            double wrong = equivarianceError(net::forward, x, r14, r4, null);
            System.out.printf("p4 stack (lifting + 3 group convs, BN, ReLU, pool): rot90 + roll relative error %.3g "
                    + "(without the roll: %.3g)%n", err, wrong);
            assertTrue(err < 1e-5, "p4 equivariance error " + err);
            assertTrue(wrong > 1e-2, "negative control: without the roll the law should fail, error " + wrong);
            // rotating twice and three times: rolls by 2 and 3
            for (int q = 2; q <= 3; q++) {
                int qq = q;
                UnaryOperator<float[]> in = a -> { for (int i = 0; i < qq; i++) a = PlaneActions.rot90(a, 14); return a; };
                UnaryOperator<float[]> out = a -> { for (int i = 0; i < qq; i++) a = PlaneActions.rot90(a, 4); return a; };
                double e = equivarianceError(net::forward, x, in, out, GSpace.P4.group().groupAxisPermutation(q));
                System.out.printf("p4 stack: rot90^%d relative error %.3g%n", q, e);
                assertTrue(e < 1e-5, "p4 rot90^" + q + " error " + e);
            }
        }
    }

    @Test
    void p4mStackIsEquivariantToRot90AndFlipudWithTheD4Permutations() {
        try (Scope s = Scope.open(); Sequential net = stack(GSpace.P4M, 30)) {
            Tensor x = Fixtures.randn(31, 1.0, 3, 2, 14, 14);
            FiniteGroup d4 = GSpace.P4M.group();
            int[] rot = d4.groupAxisPermutation(GSpace.P4M.rot90Element()), flip = d4.groupAxisPermutation(GSpace.P4M.mirrorElement());
            assertArrayEquals(new int[] {3, 0, 1, 2, 5, 6, 7, 4}, rot);    // docs/groups.md, section Equivariance laws
            assertArrayEquals(new int[] {4, 5, 6, 7, 0, 1, 2, 3}, flip);
            double r = equivarianceError(net::forward, x, a -> PlaneActions.rot90(a, 14), a -> PlaneActions.rot90(a, 4), rot);
            double f = equivarianceError(net::forward, x, a -> PlaneActions.flipud(a, 14), a -> PlaneActions.flipud(a, 4), flip);
            double fWrong = equivarianceError(net::forward, x, a -> PlaneActions.flipud(a, 14), a -> PlaneActions.flipud(a, 4), null);
            System.out.printf("p4m stack: rot90 relative error %.3g, flipud relative error %.3g (flipud unpermuted: %.3g)%n", r, f, fWrong);
            assertTrue(r < 1e-5, "p4m rot90 error " + r);
            assertTrue(f < 1e-5, "p4m flipud error " + f);
            assertTrue(fWrong > 1e-2, "negative control: unpermuted flip should fail, error " + fWrong);
        }
    }

    @Test
    void invariantHeadIsInvariantUnderTheGridSymmetries() {
        try (Scope s = Scope.open(); Sequential p4 = stack(GSpace.P4, 40); Sequential p4m = stack(GSpace.P4M, 50)) {
            Tensor x = Fixtures.randn(41, 1.0, 3, 2, 14, 14);
            GroupPool gp = GroupPool.max();
            GlobalPool sp = GlobalPool.max();
            UnaryOperator<Tensor> head4 = t -> sp.forward(gp.forward(p4.forward(t)));
            UnaryOperator<Tensor> head8 = t -> sp.forward(gp.forward(p4m.forward(t)));
            UnaryOperator<float[]> id = a -> a;
            double r4 = equivarianceError(head4, x, a -> PlaneActions.rot90(a, 14), id, null);
            double r8 = equivarianceError(head8, x, a -> PlaneActions.rot90(a, 14), id, null);
            double f8 = equivarianceError(head8, x, a -> PlaneActions.flipud(a, 14), id, null);
            double l8 = equivarianceError(head8, x, a -> PlaneActions.fliplr(a, 14), id, null);
            System.out.printf("invariant head (GroupPool + GlobalPool): p4 rot90 %.3g; p4m rot90 %.3g, flipud %.3g, fliplr %.3g%n",
                    r4, r8, f8, l8);
            for (double e : new double[] {r4, r8, f8, l8}) assertTrue(e < 1e-5, "invariance error " + e);
            // the coset-pooled map (GroupPool only) rotates with the input
            double pooled = equivarianceError(t -> gp.forward(p4.forward(t)), x, a -> PlaneActions.rot90(a, 14),
                    a -> PlaneActions.rot90(a, 4), null);
            System.out.printf("GroupPool(p4 stack): rot90 relative error %.3g%n", pooled);
            assertTrue(pooled < 1e-5, "group-pooled map error " + pooled);
        }
    }

    @Test
    void p4CnnLogitsAreRot90Invariant() {
        try (Scope s = Scope.open(); org.symkern.models.P4Cnn net = new org.symkern.models.P4Cnn(CPU, 3)) {
            Tensor x = Fixtures.randn(61, 1.0, 4, 1, 28, 28);
            Tensor y = net.forward(x);
            assertEquals(Shape.of(4, 10), y.shape());
            double err = equivarianceError(net::forward, x, a -> PlaneActions.rot90(a, 28), a -> a, null);
            System.out.printf("P4Cnn logits: rot90 invariance relative error %.3g%n", err);
            assertTrue(err < 1e-5, "P4Cnn rot90 invariance error " + err);
            // 4.45 GFLOP of convolutions per training step at batch 64 (fwd + dgrad (not layer 1) + wgrad)
            double gflop = net.trainStepConvFlops(64, 28, 28) / 1e9;
            System.out.printf("P4Cnn training step at batch 64, 28x28: %.4f GFLOP of convolutions%n", gflop);
            assertEquals(4.45, gflop, 0.01);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // C_N / D_N regular fields via the steerable basis (docs/groups.md, section Regular fields)

    /** Lifting 5x5 (valid) - ReLU - group 5x5 (same) - ReLU - group 3x3 (valid): (B, 2, |G|, n - 6, n - 6). */
    static Sequential steerableStack(GSpace g, long seed) {
        return new Sequential(new LiftingConv2d(g, 1, 3, 5, 1, 0, true, CPU, seed), Activation.relu(),
                new GroupConv2d(g, 3, 3, 5, 1, 2, true, CPU, seed + 1), Activation.relu(),
                new GroupConv2d(g, 3, 2, 3, 1, 0, true, CPU, seed + 2));
    }

    @ParameterizedTest
    @CsvSource({"C8", "C16", "D8"})
    void steerableStackIsExactlyRot90EquivariantWithAShiftByAQuarter(GSpace g) {
        try (Scope s = Scope.open(); Sequential net = steerableStack(g, 70)) {
            Tensor x = Fixtures.randn(71, 1.0, 2, 1, 13, 13);
            // Phi(rot90 x)[:, f, j] = rot90(Phi(x))[:, f, (j - N/4) mod N] (for D8 within each flip half)
            int rotations = g == GSpace.D8 ? 8 : g.order(), quarter = rotations / 4;
            int[] perm = g.group().groupAxisPermutation(g.rot90Element());
            for (int j = 0; j < g.order(); j++)
                assertEquals((j / rotations) * rotations + Math.floorMod(j - quarter, rotations), perm[j], g + " permutation");
            double err = equivarianceError(net::forward, x, a -> PlaneActions.rot90(a, 13), a -> PlaneActions.rot90(a, 7), perm);
            double wrong = equivarianceError(net::forward, x, a -> PlaneActions.rot90(a, 13), a -> PlaneActions.rot90(a, 7), null);
            System.out.printf("%s stack: rot90 + shift by %d relative error %.3g (unshifted: %.3g)%n", g, quarter, err, wrong);
            assertTrue(err < 1e-5, g + " rot90 error " + err);
            assertTrue(wrong > 1e-2, g + " negative control " + wrong);
            if (g.mirrorElement() >= 0) {
                double f = equivarianceError(net::forward, x, a -> PlaneActions.fliplr(a, 13), a -> PlaneActions.fliplr(a, 7),
                        g.group().groupAxisPermutation(g.mirrorElement()));
                System.out.printf("%s stack: fliplr relative error %.3g%n", g, f);
                assertTrue(f < 1e-5, g + " fliplr error " + f);
            }
        }
    }

    /** A smooth n x n image: random Gaussian blobs (sigma 2.5..4.5 px) inside the disc of radius n/3. */
    static float[] smoothImage(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double c = (n - 1) / 2.0;
        float[] img = new float[n * n];
        for (int b = 0; b < 12; b++) {
            double rad = n / 3.0 * Math.sqrt(r.nextDouble()), ang = 2 * Math.PI * r.nextDouble();
            double bx = c + rad * Math.cos(ang), by = c + rad * Math.sin(ang), sg = 2.5 + 2 * r.nextDouble();
            double amp = r.nextDouble() * 2 - 1;
            for (int row = 0; row < n; row++)
                for (int col = 0; col < n; col++)
                    img[row * n + col] += (float) (amp * Math.exp(-((row - by) * (row - by) + (col - bx) * (col - bx)) / (2 * sg * sg)));
        }
        return img;
    }

    @ParameterizedTest
    @CsvSource({"C8, 1", "C16, 2", "C16, 1", "D8, 1"})
    void steerableStackIsApproximatelyEquivariantTo45DegreeRotations(GSpace g, int steps) {
        int n = 49, out = n - 8;   // two 5x5 valid convs
        try (Scope s = Scope.open();
             Sequential net = new Sequential(new LiftingConv2d(g, 1, 3, 5, 1, 0, true, CPU, 80), Activation.relu(),
                     new GroupConv2d(g, 3, 2, 5, 1, 0, true, CPU, 81))) {
            int rotations = g == GSpace.D8 ? 8 : g.order();
            double theta = 2 * Math.PI * steps / rotations;
            Tensor x = Tensor.of(smoothImage(82, n), Shape.of(1, 1, n, n), CPU);
            // the interpolation helper reproduces rot90 exactly (sanity check of its orientation)
            float[] probe = x.toFloatArray();
            assertArrayEquals(PlaneActions.rot90(probe, n), PlaneActions.rotate(probe, n, Math.PI / 2), 1e-5f);
            float[] y = net.forward(x).toFloatArray();
            float[] lhs = net.forward(Tensor.of(PlaneActions.rotate(probe, n, theta), x.shape(), CPU)).toFloatArray();
            long[] d = {1, 2, g.order(), out, out};
            float[] rhs = PlaneActions.rotate(PlaneActions.permuteAxis(y, d, 2, g.group().groupAxisPermutation(steps)), out, theta);
            float[] unshifted = PlaneActions.rotate(y, out, theta);
            double radius = out / 4.0;
            double err = PlaneActions.relDiscError(lhs, rhs, out, radius);
            double wrong = PlaneActions.relDiscError(lhs, unshifted, out, radius);
            System.out.printf("%s: rotation by %.1f degrees (group shift %d), bilinear, disc radius %.1f of %dx%d: relative L2 error "
                    + "%.3f (without the group shift: %.3f)%n", g, Math.toDegrees(theta), steps, radius, out, out, err, wrong);
            assertTrue(err < 0.5, g + " " + Math.toDegrees(theta) + "-degree error " + err);
            assertTrue(err < wrong / 2, g + ": the group shift should matter (" + err + " vs " + wrong + ")");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // GroupConv1d: time reversal

    @ParameterizedTest(name = "stride={0} pad={1} len={2}")
    @CsvSource({"1, 0, 17", "1, 2, 16", "2, 1, 19"})
    void groupConv1dIsTimeReversalEquivariant(int stride, int pad, int len) {
        try (Scope s = Scope.open();
             GroupConv1d lift = GroupConv1d.lifting(2, 3, 5, stride, pad, true, CPU, 90);
             GroupConv1d grp = GroupConv1d.group(3, 2, 3, 1, 1, true, CPU, 91)) {
            lift.bias().copyFrom(Fixtures.randn(92, 3, 0.5));
            grp.bias().copyFrom(Fixtures.randn(93, 2, 0.5));
            UnaryOperator<Tensor> phi = t -> grp.forward(lift.forward(t).relu());
            Tensor x = Fixtures.randn(94, 1.0, 2, 2, len);
            Tensor y = phi.apply(x);
            int to = (int) y.dim(3);
            assertEquals(Shape.of(2, 2, 2, (len + 2 * pad - 5) / stride + 1), y.shape());
            float[] lhs = phi.apply(Tensor.of(PlaneActions.reverseTime(x.toFloatArray(), len), x.shape(), CPU)).toFloatArray();
            float[] swapped = PlaneActions.permuteAxis(y.toFloatArray(), y.dims(), 2, new int[] {1, 0});
            double err = PlaneActions.relMaxError(lhs, PlaneActions.reverseTime(swapped, to));
            double wrong = PlaneActions.relMaxError(lhs, PlaneActions.reverseTime(y.toFloatArray(), to));
            System.out.printf("GroupConv1d (stride %d, pad %d, T %d): time reversal + swap relative error %.3g (no swap: %.3g)%n",
                    stride, pad, len, err, wrong);
            assertTrue(err < 1e-6, "time-reversal equivariance error " + err);
            assertTrue(wrong > 1e-2, "negative control " + wrong);
            // the group layer alone: reversing time and swapping the input's group axis does the same to the output
            Tensor h = lift.forward(x);
            float[] hv = h.toFloatArray();
            float[] hMoved = PlaneActions.reverseTime(PlaneActions.permuteAxis(hv, h.dims(), 2, new int[] {1, 0}), (int) h.dim(3));
            float[] g1 = grp.forward(Tensor.of(hMoved, h.shape(), CPU)).toFloatArray();
            Tensor g0 = grp.forward(h);
            float[] want = PlaneActions.reverseTime(PlaneActions.permuteAxis(g0.toFloatArray(), g0.dims(), 2, new int[] {1, 0}), (int) g0.dim(3));
            assertTrue(PlaneActions.relMaxError(g1, want) < 1e-6, "group layer time-reversal error");
        }
    }

    @Test
    void groupConv1dExpandsTheFilterAndItsReversal() {
        try (Scope s = Scope.open(); GroupConv1d lift = GroupConv1d.lifting(1, 1, 3, 1, 0, false, CPU, 1);
             GroupConv1d grp = GroupConv1d.group(1, 1, 2, 1, 0, false, CPU, 2)) {
            lift.weight().copyFrom(new float[] {1, 2, 3});
            assertArrayEquals(new float[] {1, 2, 3, 3, 2, 1}, lift.expandedFilters().toFloatArray());
            grp.weight().copyFrom(new float[] {1, 2, 3, 4});   // W[0, 0, s, q]: s = 0 -> [1, 2], s = 1 -> [3, 4]
            // t = 0: [W_0, W_1]; t = 1: [rev W_1, rev W_0] (T[1, s] = (1 + s) mod 2)
            assertArrayEquals(new float[] {1, 2, 3, 4, 4, 3, 2, 1}, grp.expandedFilters().toFloatArray());
            Tensor y = lift.forward(Tensor.of(new float[] {1, 0, 0, 1}, 1, 1, 4));
            assertArrayEquals(new float[] {1, 3, 3, 1}, y.toFloatArray());   // [x * w](p) = sum_q x[p+q] w[q]
        }
    }

    // ------------------------------------------------------------------------------------------------
    // gradients against finite differences

    @ParameterizedTest(name = "{0} lifting={1}")
    @CsvSource({"P4, true", "P4, false", "P4M, true", "P4M, false", "C8, true", "C8, false", "D8, true", "C16, false"})
    void layerBackwardMatchesFiniteDifferences(GSpace g, boolean lifting) {
        try (Scope s = Scope.open(); GroupConvLayer l = layer(g, lifting, 2, 2, 3, 2, 1, 100)) {
            randomizeBias(l, 101);
            Shape xs = lifting ? Shape.of(1, 2, 5, 5) : Shape.of(1, 2, g.order(), 4, 4);
            Tensor x = Fixtures.randn(102, 1.0, xs.dims()).requiresGrad(true);
            GradCheck.Result r = GradCheck.run(in -> l.forward(in[0]), new Tensor[] {x, l.weight(), l.bias()}, 1e-2, 2e-3, 2e-3, 42);
            System.out.printf("%s: gradient check worst abs error %.3g%n", l.name(), r.maxAbsError);
            assertEquals(0, r.failures, l.name() + ": " + r);
        }
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void groupConv1dBackwardMatchesFiniteDifferences(boolean lifting) {
        try (Scope s = Scope.open(); GroupConv1d l = new GroupConv1d(lifting, 2, 3, 3, 2, 1, true, CPU, 110)) {
            l.bias().copyFrom(Fixtures.randn(111, 3, 0.5));
            Tensor x = (lifting ? Fixtures.randn(112, 1.0, 2, 2, 7) : Fixtures.randn(112, 1.0, 2, 2, 2, 7)).requiresGrad(true);
            GradCheck.Result r = GradCheck.run(in -> l.forward(in[0]), new Tensor[] {x, l.weight(), l.bias()}, 1e-2, 2e-3, 2e-3, 42);
            System.out.printf("%s: gradient check worst abs error %.3g%n", l.name(), r.maxAbsError);
            assertEquals(0, r.failures, l.name() + ": " + r);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // CUDA

    /** y, dx, dW, dbias of a fresh layer (same seed) on `dev`; the layer factory picks the device. */
    static float[][] run(java.util.function.Function<Device, Module> make, float[] xs, Shape xShape, float[] dys, Device dev) {
        try (Scope s = Scope.open(); Module l = make.apply(dev)) {
            Tensor x = Tensor.of(xs, xShape, dev).requiresGrad(true);
            Tensor y = l.forward(x);
            y.backward(Tensor.of(dys, y.shape(), dev));
            float[][] out = new float[2 + l.parameters().size()][];
            out[0] = y.toFloatArray();
            out[1] = x.grad().toFloatArray();
            for (int i = 0; i < l.parameters().size(); i++) out[2 + i] = l.parameters().get(i).grad().toFloatArray();
            return out;
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        java.util.List<java.util.function.Function<Device, Module>> makers = java.util.List.of(
                d -> new LiftingConv2d(GSpace.P4M, 3, 4, 3, 1, 1, true, d, 5),
                d -> new GroupConv2d(GSpace.P4M, 3, 4, 3, 2, 1, true, d, 6),
                d -> new LiftingConv2d(GSpace.C8, 3, 4, 5, 1, 2, true, d, 7),
                d -> new GroupConv2d(GSpace.C16, 2, 3, 3, 1, 0, true, d, 8),
                d -> GroupConv1d.lifting(3, 4, 5, 1, 2, true, d, 9),
                d -> GroupConv1d.group(3, 4, 3, 2, 1, true, d, 10));
        Shape[] shapes = {Shape.of(2, 3, 11, 11), Shape.of(2, 3, 8, 11, 11), Shape.of(2, 3, 11, 11), Shape.of(2, 2, 16, 9, 9),
                          Shape.of(2, 3, 40), Shape.of(2, 3, 2, 41)};
        for (int c = 0; c < makers.size(); c++) {
            float[] xs = Fixtures.randn(200 + c, (int) shapes[c].numel(), 1.0);
            float[] dys;
            try (Scope s = Scope.open(); Module l = makers.get(c).apply(CPU)) {
                dys = Fixtures.randn(300 + c, (int) l.forward(Tensor.of(xs, shapes[c], CPU)).numel(), 1.0);
            }
            float[][] cpu = run(makers.get(c), xs, shapes[c], dys, CPU), gpu = run(makers.get(c), xs, shapes[c], dys, Device.cuda(0));
            for (int i = 0; i < cpu.length; i++) {
                double err = PlaneActions.relMaxError(gpu[i], cpu[i]);
                System.out.printf("layer %d output/gradient %d: cuda vs cpu relative error %.3g%n", c, i, err);
                assertTrue(err < 1e-4, "layer " + c + " tensor " + i + " differs: " + err);
            }
        }
    }
}
