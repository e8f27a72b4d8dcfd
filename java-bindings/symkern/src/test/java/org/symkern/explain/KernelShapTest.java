package org.symkern.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.symkern.nn.Activation;
import org.symkern.nn.Conv2d;
import org.symkern.nn.GlobalPool;
import org.symkern.nn.Linear;
import org.symkern.nn.Sequential;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * Kernel SHAP: exact on linear models (enumerated and sampled), equal to brute-force Shapley values with full
 * enumeration, efficiency when sampled, identical values for every batch size, seeded determinism, one game call
 * per batch, and the error messages.
 */
class KernelShapTest {
    static final Device CPU = Device.CPU;

    static Sequential linear(int in, int out, long seed) {
        return new Sequential(new Linear(in, out, CPU, seed));
    }

    static Sequential mlp(int in, long seed) {
        return new Sequential(new Linear(in, 6, CPU, seed), Activation.tanh(), new Linear(6, 3, CPU, seed + 1));
    }

    static Sequential cnn(long seed) {
        return new Sequential(new Conv2d(1, 3, 3, 1, 1, CPU, seed), Activation.relu(), GlobalPool.max(), new Linear(3, 3, CPU, seed + 1));
    }

    @Test
    void linearModelGivesWeightTimesCentredInputExactlyEnumeratedAndSampled() {
        for (int m : new int[] {6, 24}) {
            try (Scope s = Scope.open(); Sequential net = linear(m, 2, 3)) {
                Tensor x = Fixtures.randn(1, 1.0, 1, m), bg = Fixtures.randn(2, 1.0, 5, m);
                float[] w = net.namedParameters().get("0.weight").toFloatArray(), xs = x.toFloatArray(), b = bg.toFloatArray();
                KernelShap.Result r = new KernelShap().samples(300).seed(4)
                        .explain(net, x, 1, Output.LOGIT, Players.features(), Background.samples(bg));
                assertEquals(m == 6, r.exact());
                double[] want = new double[m];
                for (int i = 0; i < m; i++) {
                    double mean = 0;
                    for (int k = 0; k < 5; k++) mean += b[k * m + i] / 5.0;
                    want[i] = w[m + i] * (xs[i] - mean);
                }
                assertArrayEquals(want, r.phi(), 2e-5, "M = " + m);
            }
        }
    }

    /** (B, ...) -> (B, prod ...). */
    static final class Flatten extends org.symkern.nn.Module {
        Flatten() {
            super("Flatten");
        }

        @Override
        public Tensor forward(Tensor x) {
            return x.reshape(x.dim(0), x.numel() / x.dim(0));
        }
    }

    @Test
    void signalWindowsAndDataMeanOnLinearModelSumTheirElementsContributions() {
        try (Scope s = Scope.open(); Sequential net = new Sequential(new Flatten(), new Linear(24, 2, CPU, 4))) {
            Tensor x = Fixtures.randn(1, 1.0, 1, 2, 12), data = Fixtures.randn(2, 1.0, 7, 2, 12);
            float[] w = net.namedParameters().get("1.weight").toFloatArray(), xs = x.toFloatArray(), ds = data.toFloatArray();
            KernelShap.Result r = new KernelShap().explain(net, x, 0, Output.LOGIT, Players.windows(4), Background.mean(data));
            assertEquals(3, r.phi().length);
            assertTrue(r.exact());
            double[] want = new double[3];
            for (int e = 0; e < 24; e++) {
                double mean = 0;
                for (int k = 0; k < 7; k++) mean += ds[k * 24 + e] / 7.0;
                want[(e % 12) / 4] += w[e] * (xs[e] - mean);       // both channels of a window form one player
            }
            assertArrayEquals(want, r.phi(), 2e-5);
            KernelShap.Result z = new KernelShap().explain(net, x, 0, Output.LOGIT, Players.windows(4), Background.zeros());
            double[] wz = new double[3];
            for (int e = 0; e < 24; e++) wz[(e % 12) / 4] += w[e] * xs[e];
            assertArrayEquals(wz, z.phi(), 2e-5);
        }
    }

    @Test
    void fullEnumerationEqualsBruteForceShapleyValues() {
        int m = 10;
        try (Scope s = Scope.open(); Sequential net = mlp(m, 5)) {
            Tensor x = Fixtures.randn(6, 1.5, 1, m), bg = Fixtures.randn(7, 1.0, 3, m);
            MaskedInputGame game = new MaskedInputGame(net, x, 2, Output.PROBABILITY, Players.features(), Background.samples(bg));
            KernelShap.Result r = new KernelShap().batch(128).explain(game);
            assertTrue(r.exact());
            assertEquals(1 << m, r.coalitions());
            boolean[][] all = new boolean[1 << m][m];
            for (int c = 0; c < 1 << m; c++)
                for (int j = 0; j < m; j++) all[c][j] = (c >> j & 1) == 1;
            double[] v = game.values(all);
            double[] fact = new double[m + 1];
            fact[0] = 1;
            for (int i = 1; i <= m; i++) fact[i] = fact[i - 1] * i;
            double[] want = new double[m];
            double scale = 0;
            for (int i = 0; i < m; i++) {
                for (int c = 0; c < 1 << m; c++) {
                    if ((c >> i & 1) == 1) continue;
                    int size = Integer.bitCount(c);
                    want[i] += fact[size] * fact[m - size - 1] / fact[m] * (v[c | 1 << i] - v[c]);
                }
                scale = Math.max(scale, Math.abs(want[i]));
            }
            for (int i = 0; i < m; i++) assertEquals(want[i], r.phi()[i], 1e-9 * Math.max(1, scale) + 1e-7 * scale, "player " + i);
            assertEquals(v[0], r.base(), 0);
            assertEquals(v[(1 << m) - 1], r.full(), 0);
        }
    }

    @Test
    void efficiencyHoldsWhenSampledAndSameSeedGivesSameValues() {
        try (Scope s = Scope.open(); Sequential net = cnn(8)) {
            Tensor x = Fixtures.randn(9, 1.0, 1, 1, 8, 8);
            KernelShap.Result a = new KernelShap().samples(120).seed(1)
                    .explain(net, x, 0, Output.PROBABILITY, Players.superpixels(2), Background.zeros());
            assertFalse(a.exact());
            assertEquals(16, a.phi().length);
            assertEquals(122, a.coalitions());
            double rel = Math.abs(a.efficiencyGap()) / Math.abs(a.full() - a.base());
            assertTrue(rel < 1e-4, "efficiency relative gap " + rel);
            KernelShap.Result b = new KernelShap().samples(120).seed(1)
                    .explain(net, x, 0, Output.PROBABILITY, Players.superpixels(2), Background.zeros());
            assertArrayEquals(a.phi(), b.phi(), 0);
            KernelShap.Result c = new KernelShap().samples(120).seed(2)
                    .explain(net, x, 0, Output.PROBABILITY, Players.superpixels(2), Background.zeros());
            assertFalse(java.util.Arrays.equals(a.phi(), c.phi()), "another seed draws other coalitions");
            float[] map = a.map(Players.superpixels(2).assign(new long[] {1, 8, 8}));
            double sum = 0;
            for (float f : map) sum += f;
            assertEquals(a.full() - a.base(), sum, 1e-5);
        }
    }

    @Test
    void batchOneAndBatch64GiveIdenticalValuesInOneCallPerBatch() {
        try (Scope s = Scope.open(); Sequential net = cnn(10)) {
            Tensor x = Fixtures.randn(11, 1.0, 1, 1, 8, 8), bg = Fixtures.randn(12, 0.5, 2, 1, 8, 8);
            KernelShap.Result one = new KernelShap().samples(70).seed(3).batch(1)
                    .explain(net, x, 1, Output.LOGIT, Players.superpixels(4), Background.samples(bg));
            KernelShap.Result many = new KernelShap().samples(70).seed(3).batch(64)
                    .explain(net, x, 1, Output.LOGIT, Players.superpixels(4), Background.samples(bg));
            assertTrue(one.exact(), "4 players: every coalition fits the budget");
            assertEquals(16, one.calls());
            assertEquals(1, many.calls());
            assertArrayEquals(one.phi(), many.phi(), 0);
            int[] counted = new int[2];
            CoalitionGame counting = new CoalitionGame() {
                final MaskedInputGame g = new MaskedInputGame(net, x, 1, Output.LOGIT, Players.superpixels(2), Background.samples(bg));

                @Override
                public int players() {
                    return g.players();
                }

                @Override
                public double[] values(boolean[][] z) {
                    counted[0]++;
                    counted[1] += z.length;
                    return g.values(z);
                }
            };
            KernelShap.Result r = new KernelShap().samples(100).batch(32).explain(counting);
            assertEquals(102, counted[1]);
            assertEquals(4, counted[0]);
            assertEquals(4, r.calls());
        }
    }

    @Test
    void sizesThatFitTheBudgetAreEnumeratedAndTheRestSampledInComplementPairs() {
        int m = 10;
        java.util.List<boolean[]> seen = new java.util.ArrayList<>();
        CoalitionGame recorder = new CoalitionGame() {
            @Override
            public int players() {
                return m;
            }

            @Override
            public double[] values(boolean[][] z) {
                double[] v = new double[z.length];
                for (int i = 0; i < z.length; i++) {
                    seen.add(z[i].clone());
                    for (int j = 0; j < m; j++) if (z[i][j]) v[i] += (j + 1) * (j % 3 == 0 ? -1 : 1) + 0.1 * j * j;
                }
                return v;
            }
        };
        // budget 300 for M = 10: the size weights (M-1)/(s(M-s)), doubled for s != M-s, normalised, cover every
        // coalition of sizes 1 and 9 (20) and 2 and 8 (90); sizes 3..7 (the remaining 190) are sampled
        KernelShap.Result r = new KernelShap().samples(300).seed(7).explain(recorder);
        assertEquals(302, seen.size());
        assertFalse(r.exact());
        java.util.Set<String> first = new java.util.HashSet<>();
        for (int i = 2; i < 112; i++) {
            int size = count(seen.get(i));
            assertTrue(size == 1 || size == 9 || size == 2 || size == 8, "enumerated coalition " + i + " has size " + size);
            first.add(java.util.Arrays.toString(seen.get(i)));
        }
        assertEquals(110, first.size(), "all 20 + 90 distinct");
        for (int i = 112; i < seen.size(); i += 2) {
            int size = count(seen.get(i));
            assertTrue(size >= 3 && size <= 7, "sampled size " + size);
            if (size != 5 && i + 1 < seen.size()) {
                boolean[] a = seen.get(i), b = seen.get(i + 1);
                for (int j = 0; j < m; j++) assertTrue(a[j] != b[j], "sampled coalition " + i + " is followed by its complement");
            } else {
                i--;                                              // size M/2 is drawn unpaired
            }
        }
        // this game is additive (v(S) = sum of per-player terms), so even the sampled fit is exact
        for (int j = 0; j < m; j++) assertEquals((j + 1) * (j % 3 == 0 ? -1 : 1) + 0.1 * j * j, r.phi()[j], 1e-9);
    }

    static int count(boolean[] z) {
        int c = 0;
        for (boolean b : z) if (b) c++;
        return c;
    }

    @Test
    void badInputGivesClearMessages() {
        try (Scope s = Scope.open(); Sequential net = cnn(8)) {
            Tensor x = Fixtures.randn(9, 1.0, 1, 1, 8, 8);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new KernelShap().explain(net, x, 3, Output.LOGIT, Players.superpixels(2), Background.zeros()));
            assertEquals("MaskedInputGame: class 3 is out of range [0, 3)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> new KernelShap().explain(net, x, 0, Output.LOGIT, Players.windows(2), Background.zeros()));
            assertTrue(e.getMessage().startsWith("windows need signal samples (C, L)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> new KernelShap().explain(net, Fixtures.randn(9, 1.0, 2, 1, 8, 8), 0, Output.LOGIT, Players.superpixels(2), Background.zeros()));
            assertTrue(e.getMessage().contains("explains one input (1, ...) at a time"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new KernelShap().explain(net, x, 0, Output.LOGIT,
                    Players.superpixels(2), Background.samples(Fixtures.randn(1, 1.0, 2, 1, 7, 7))).phi());
            assertTrue(e.getMessage().contains("does not fit input"), e.getMessage());
        }
    }
}
