package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.symkern.autograd.GradCheck;
import org.symkern.ops.EdgeAttention.SelfLoops;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.SymkernException;
import org.symkern.tensor.Tensor;

class EdgeAttentionTest {
    static final float SLOPE = 0.2f;

    /** A CSR graph: incoming edges grouped by target. */
    record Csr(int[] offsets, int[] sources, int[] cat) {
        int nodes() {
            return offsets.length - 1;
        }
    }

    /** All n^2 pairs of `batch` graphs, category c(j, i) = cat[j*n + i] for j -> i. */
    static Csr complete(int[] cat, int n, int batch) {
        int[] off = new int[batch * n + 1], src = new int[batch * n * n], ec = new int[batch * n * n];
        int e = 0;
        for (int t = 0; t < batch * n; t++) {
            for (int j = 0; j < n; j++) {
                src[e] = (t / n) * n + j;
                ec[e++] = cat[j * n + t % n];
            }
            off[t + 1] = e;
        }
        return new Csr(off, src, ec);
    }

    /** Random in-degrees 0..maxDeg, random sources (self edges and duplicates included), random categories. */
    static Csr random(long seed, int nodes, int maxDeg, int k) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] off = new int[nodes + 1];
        List<Integer> src = new ArrayList<>(), ec = new ArrayList<>();
        for (int t = 0; t < nodes; t++) {
            int d = r.nextInt(maxDeg + 1);
            for (int e = 0; e < d; e++) {
                src.add(r.nextInt(nodes));
                ec.add(r.nextInt(k));
            }
            off[t + 1] = src.size();
        }
        return new Csr(off, src.stream().mapToInt(Integer::intValue).toArray(), ec.stream().mapToInt(Integer::intValue).toArray());
    }

    /** float64 reference on a CSR graph (the dense graph is its complete CSR). */
    static double[] reference(Csr g, float[] xl, float[] xr, float[] ep, float[] att, int heads, int ch, SelfLoops mode) {
        int hc = heads * ch;
        double[] out = new double[g.nodes() * hc];
        for (int t = 0; t < g.nodes(); t++) {
            List<Integer> src = new ArrayList<>();
            List<double[]> feat = new ArrayList<>();
            for (int e = g.offsets[t]; e < g.offsets[t + 1]; e++) {
                if (g.sources[e] == t && mode != SelfLoops.CATEGORY) continue;
                src.add(g.sources[e]);
                double[] f = new double[hc];
                for (int w = 0; w < hc; w++) f[w] = ep[g.cat[e] * hc + w];
                feat.add(f);
            }
            if (mode == SelfLoops.MEAN) {
                double[] m = new double[hc];
                for (double[] f : feat)
                    for (int w = 0; w < hc; w++) m[w] += f[w] / feat.size();
                src.add(t);
                feat.add(m);
            }
            for (int h = 0; h < heads; h++) {
                double[] s = new double[src.size()];
                double mx = Double.NEGATIVE_INFINITY, sum = 0;
                for (int e = 0; e < s.length; e++) {
                    for (int c = 0; c < ch; c++) {
                        int w = h * ch + c;
                        double z = (double) xr[t * hc + w] + xl[src.get(e) * hc + w] + feat.get(e)[w];
                        s[e] += att[w] * (z > 0 ? z : SLOPE * z);
                    }
                    mx = Math.max(mx, s[e]);
                }
                for (double v : s) sum += Math.exp(v - mx);
                for (int e = 0; e < s.length; e++)
                    for (int c = 0; c < ch; c++)
                        out[t * hc + h * ch + c] += Math.exp(s[e] - mx) / sum * xl[src.get(e) * hc + h * ch + c];
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(SelfLoops.class)
    void forwardMatchesFloat64Reference(SelfLoops mode) {
        try (Scope s = Scope.open()) {
            int n = 7, batch = 3, heads = 2, ch = 3, k = 6, hc = heads * ch;
            int[] cat = OrbitLinearTest.randomIds(1, n * n, k);
            float[] xl = Fixtures.randn(2, batch * n * hc, 1.0), xr = Fixtures.randn(3, batch * n * hc, 1.0);
            float[] ep = Fixtures.randn(4, k * hc, 1.0), att = Fixtures.randn(5, hc, 1.0);
            Tensor out = EdgeAttention.dense(Tensor.of(xl, batch, n, hc), Tensor.of(xr, batch, n, hc), Tensor.of(ep, k, hc),
                    Tensor.of(att, heads, ch), Tensor.ofInts(cat, n, n), mode, SLOPE);
            assertEquals(Shape.of(batch, n, hc), out.shape());
            Fixtures.assertClose(reference(complete(cat, n, batch), xl, xr, ep, att, heads, ch, mode), out.toFloatArray(), 2e-5, 2e-5);

            Csr g = random(6, 11, 5, k);
            float[] yl = Fixtures.randn(7, 11 * hc, 1.0), yr = Fixtures.randn(8, 11 * hc, 1.0);
            Tensor o2 = csr(g, Tensor.of(yl, 11, hc), Tensor.of(yr, 11, hc), Tensor.of(ep, k, hc), Tensor.of(att, heads, ch), mode);
            Fixtures.assertClose(reference(g, yl, yr, ep, att, heads, ch, mode), o2.toFloatArray(), 2e-5, 2e-5);
        }
    }

    static Tensor csr(Csr g, Tensor xl, Tensor xr, Tensor ep, Tensor att, SelfLoops mode) {
        Device d = xl.device();
        return EdgeAttention.csr(xl, xr, ep, att, Tensor.ofInts(g.offsets, Shape.of(g.offsets.length), d),
                Tensor.ofInts(g.sources, Shape.of(g.sources.length), d), Tensor.ofInts(g.cat, Shape.of(g.cat.length), d), mode, SLOPE);
    }

    /** Values whose sign depends only on the channel, so xr + xl + ep never crosses LeakyReLU's kink under +-h. */
    static Tensor kinkFree(long seed, int rows, int heads, int ch, float[] sign) {
        int hc = heads * ch;
        float[] v = Fixtures.awayFromZero(seed, rows * hc, 0.1, 1.0);
        for (int i = 0; i < v.length; i++) v[i] = Math.abs(v[i]) * sign[i % hc];
        return Tensor.of(v, rows, hc);
    }

    @ParameterizedTest
    @EnumSource(SelfLoops.class)
    void backwardMatchesFiniteDifferences(SelfLoops mode) {
        try (Scope s = Scope.open()) {
            int n = 5, heads = 2, ch = 3, k = 4, hc = heads * ch;
            float[] sign = Fixtures.awayFromZero(9, hc, 1, 1);
            Tensor xl = kinkFree(1, 2 * n, heads, ch, sign).reshape(2, n, hc).detach().requiresGrad(true);
            Tensor xr = kinkFree(2, 2 * n, heads, ch, sign).reshape(2, n, hc).detach().requiresGrad(true);
            Tensor ep = kinkFree(3, k, heads, ch, sign).requiresGrad(true);
            Tensor att = Fixtures.randn(4, 1.0, heads, ch).requiresGrad(true);
            Tensor cat = Tensor.ofInts(OrbitLinearTest.randomIds(5, n * n, k), n, n);
            GradCheck.assertGradients(t -> EdgeAttention.dense(t[0], t[1], t[2], t[3], cat, mode, SLOPE),
                    new Tensor[] {xl, xr, ep, att}, 5e-3, 2e-3, 5e-3);

            Csr g = random(6, 8, 4, k);
            Tensor yl = kinkFree(7, 8, heads, ch, sign).requiresGrad(true), yr = kinkFree(8, 8, heads, ch, sign).requiresGrad(true);
            GradCheck.assertGradients(t -> csr(g, t[0], t[1], t[2], t[3], mode), new Tensor[] {yl, yr, ep, att}, 5e-3, 2e-3, 5e-3);
        }
    }

    @ParameterizedTest
    @EnumSource(SelfLoops.class)
    void denseEqualsCsrOnCompleteGraphs(SelfLoops mode) {
        try (Scope s = Scope.open()) {
            int n = 6, batch = 2, heads = 2, ch = 4, k = 5, hc = heads * ch;
            int[] cat = OrbitLinearTest.randomIds(1, n * n, k);
            Tensor xl = Fixtures.randn(2, 1.0, batch * n, hc).requiresGrad(true), xr = Fixtures.randn(3, 1.0, batch * n, hc).requiresGrad(true);
            Tensor ep = Fixtures.randn(4, 1.0, k, hc).requiresGrad(true), att = Fixtures.randn(5, 1.0, heads, ch).requiresGrad(true);
            Tensor seed = Fixtures.randn(6, 1.0, batch * n, hc);
            Tensor d = EdgeAttention.dense(xl.reshape(batch, n, hc), xr.reshape(batch, n, hc), ep, att, Tensor.ofInts(cat, n, n), mode, SLOPE);
            d.reshape(batch * n, hc).backward(seed);
            float[][] gd = {xl.grad().toFloatArray(), xr.grad().toFloatArray(), ep.grad().toFloatArray(), att.grad().toFloatArray()};
            for (Tensor t : new Tensor[] {xl, xr, ep, att}) t.zeroGrad();
            Tensor c = csr(complete(cat, n, batch), xl, xr, ep, att, mode);
            assertArrayEquals(d.toFloatArray(), c.toFloatArray(), 1e-6f);
            c.backward(seed);
            Tensor[] ins = {xl, xr, ep, att};
            for (int i = 0; i < 4; i++) assertArrayEquals(gd[i], ins[i].grad().toFloatArray(), 1e-5f, "gradient " + i);
        }
    }

    @Test
    void badTablesAndShapesAreNamed() {
        try (Scope s = Scope.open()) {
            Tensor xl = Fixtures.randn(1, 1.0, 4, 6), ep = Fixtures.randn(2, 1.0, 3, 6), att = Fixtures.randn(3, 1.0, 2, 3);
            Csr bad = new Csr(new int[] {0, 2, 1, 3, 3}, new int[] {1, 2, 3}, new int[] {0, 1, 2});
            SymkernException e = assertThrows(SymkernException.class, () -> csr(bad, xl, xl, ep, att, SelfLoops.MEAN));
            assertTrue(e.getMessage().contains("offsets decrease at 2"), e.getMessage());
            Csr badCat = new Csr(new int[] {0, 1, 2, 3, 3}, new int[] {1, 2, 3}, new int[] {0, 3, 2});
            e = assertThrows(SymkernException.class, () -> csr(badCat, xl, xl, ep, att, SelfLoops.NONE));
            assertTrue(e.getMessage().contains("edge_cat[1] = 3 is outside [0, 3)"), e.getMessage());
            IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                    () -> EdgeAttention.dense(xl, xl, ep, Fixtures.randn(3, 1.0, 2, 2), Tensor.ofInts(new int[16], 4, 4), SelfLoops.MEAN, SLOPE));
            assertTrue(a.getMessage().contains("ep must be (K, 4) for att [2, 2], got [3, 6]"), a.getMessage());
            a = assertThrows(IllegalArgumentException.class,
                    () -> EdgeAttention.dense(xl, xl, ep, att, Tensor.ofInts(new int[9], 3, 3), SelfLoops.MEAN, SLOPE));
            assertTrue(a.getMessage().contains("cat must be int32 [4, 4]"), a.getMessage());
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        Device gpu = Device.cuda(0);
        try (Scope s = Scope.open()) {
            for (SelfLoops mode : SelfLoops.values()) {
                int n = 10, batch = 4, heads = 8, ch = 16, k = 6, hc = heads * ch;
                int[] cat = OrbitLinearTest.randomIds(1, n * n, k);
                Tensor[] cpu = {Fixtures.randn(2, 1.0, batch, n, hc), Fixtures.randn(3, 1.0, batch, n, hc), Fixtures.randn(4, 1.0, k, hc),
                        Fixtures.randn(5, 1.0, heads, ch)};
                Tensor[] dev = new Tensor[4];
                for (int i = 0; i < 4; i++) {
                    cpu[i].requiresGrad(true);
                    dev[i] = cpu[i].to(gpu).detach().requiresGrad(true);
                }
                Tensor yc = EdgeAttention.dense(cpu[0], cpu[1], cpu[2], cpu[3], Tensor.ofInts(cat, n, n), mode, SLOPE);
                Tensor yg = EdgeAttention.dense(dev[0], dev[1], dev[2], dev[3], Tensor.ofInts(cat, Shape.of(n, n), gpu), mode, SLOPE);
                OrbitLinearTest.assertClose(yc, yg, 1e-4);
                Tensor seed = Fixtures.randn(6, 1.0, batch, n, hc);
                yc.backward(seed);
                yg.backward(seed.to(gpu));
                for (int i = 0; i < 4; i++) OrbitLinearTest.assertClose(cpu[i].grad(), dev[i].grad(), 1e-3);
            }
        }
    }
}
