package org.symkern.group;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** p4 / p4m / Z2 time-reversal index tables (docs/groups.md, sections Filter tables, Equivariance laws and Time reversal): closed forms, example rows, equivariance. */
class FilterTablesTest {
    @Test
    void p4StabiliserTableIsSMinusTModFour() {
        for (int k : new int[] {2, 3, 5}) {
            FilterTables p4 = FilterTables.p4(k);
            for (int t = 0; t < 4; ++t) for (int s = 0; s < 4; ++s) assertEquals(Math.floorMod(s - t, 4), p4.stabiliser(t, s));
        }
    }

    @Test
    void p4mStabiliserTableReproducesTheExampleRows() {
        int[][] tt = FilterTables.p4m(3).stabiliserTable();
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, tt[0]);
        assertArrayEquals(new int[] {3, 0, 1, 2, 5, 6, 7, 4}, tt[1]);
        assertArrayEquals(new int[] {4, 5, 6, 7, 0, 1, 2, 3}, tt[4]);
        assertArrayEquals(new int[] {5, 6, 7, 4, 3, 0, 1, 2}, tt[5]);
    }

    /** The closed forms of docs/groups.md, section Filter tables: source (row, col) of out[y, x] for t = 0..7. */
    static int[] closedForm(int t, int y, int x, int k) {
        int e = k - 1;
        return switch (t) {
            case 0 -> new int[] {y, x};
            case 1 -> new int[] {x, e - y};        // rot90
            case 2 -> new int[] {e - y, e - x};    // rot180
            case 3 -> new int[] {e - x, y};        // rot270
            case 4 -> new int[] {e - y, x};        // flipud
            case 5 -> new int[] {x, y};            // transpose
            case 6 -> new int[] {y, e - x};        // fliplr
            case 7 -> new int[] {e - x, e - y};    // anti-transpose
            default -> throw new IllegalArgumentException();
        };
    }

    @Test
    void spatialTablesMatchTheClosedFormsForK3AndK5() {
        for (int k : new int[] {3, 5}) {
            FilterTables p4 = FilterTables.p4(k), p4m = FilterTables.p4m(k);
            for (int t = 0; t < 8; ++t)
                for (int y = 0; y < k; ++y)
                    for (int x = 0; x < k; ++x) {
                        int[] want = closedForm(t, y, x, k);
                        String at = "k=" + k + " t=" + t + " (" + y + "," + x + ")";
                        assertEquals(want[0], p4m.u(t, y, x), "p4m U " + at);
                        assertEquals(want[1], p4m.v(t, y, x), "p4m V " + at);
                        if (t < 4) {
                            assertEquals(want[0], p4.u(t, y, x), "p4 U " + at);
                            assertEquals(want[1], p4.v(t, y, x), "p4 V " + at);
                        }
                    }
        }
    }

    @Test
    void evenKernelsRotateAboutTheHalfPixelCentre() {
        FilterTables p4 = FilterTables.p4(2);
        // [[a, b], [c, d]] -> [[b, d], [a, c]] for t = 1
        assertArrayEquals(new float[] {2, 4, 1, 3}, p4.transform(1, new float[] {1, 2, 3, 4}));
        FilterTables k4 = FilterTables.p4(4);
        for (int t = 0; t < 4; ++t)
            for (int y = 0; y < 4; ++y)
                for (int x = 0; x < 4; ++x) {
                    int[] want = closedForm(t, y, x, 4);
                    assertEquals(want[0] * 4 + want[1], k4.sourceTap(t, y * 4 + x), "k=4 t=" + t);
                }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FilterTables.p4m(4));
        assertTrue(e.getMessage().contains("p4m needs an odd kernel size"), e.getMessage());
    }

    @Test
    void spatialActionIsAHomomorphism() {
        // L_a L_b = L_{ab}: transform(a, transform(b, f)) = transform(a*b, f)
        for (FilterTables tab : new FilterTables[] {FilterTables.p4(3), FilterTables.p4(4), FilterTables.p4m(5), FilterTables.timeReversal(4)}) {
            FiniteGroup g = tab.group();
            float[] f = new float[tab.taps()];
            for (int p = 0; p < f.length; ++p) f[p] = p;
            for (int a = 0; a < g.order(); ++a)
                for (int b = 0; b < g.order(); ++b)
                    assertArrayEquals(tab.transform(g.multiply(a, b), f), tab.transform(a, tab.transform(b, f)), tab + " " + a + "*" + b);
        }
    }

    @Test
    void timeReversalUsesTheFilterAndItsReversal() {
        FilterTables z2 = FilterTables.timeReversal(4);
        assertArrayEquals(new int[][] {{0, 1}, {1, 0}}, z2.stabiliserTable());
        assertArrayEquals(new int[][] {{0, 1, 2, 3}, {3, 2, 1, 0}}, z2.sourceTable());
        assertArrayEquals(new int[] {1, 0}, z2.group().groupAxisPermutation(1));
        assertEquals(1, z2.dims());
        assertThrows(IllegalStateException.class, () -> z2.u(0, 0, 0));
    }

    @Test
    void expansionIsTheGatherOfTheIndexTables() {
        Random r = new Random(3);
        FilterTables p4m = FilterTables.p4m(3);
        int cOut = 2, cIn = 3, g = 8, taps = 9;
        float[] w = ConvReference.randomFloats(r, cOut * cIn * g * taps);
        float[] tw = p4m.expand(w, cOut, cIn, false);
        for (int o = 0; o < cOut; ++o)
            for (int t = 0; t < g; ++t)
                for (int i = 0; i < cIn; ++i)
                    for (int s = 0; s < g; ++s)
                        for (int y = 0; y < 3; ++y)
                            for (int x = 0; x < 3; ++x) {
                                float want = w[(((o * cIn + i) * g + p4m.stabiliser(t, s)) * 3 + p4m.u(t, y, x)) * 3 + p4m.v(t, y, x)];
                                assertEquals(want, tw[((((o * g + t) * cIn + i) * g + s) * 3 + y) * 3 + x]);
                            }
        float[] lift = ConvReference.randomFloats(r, cOut * cIn * taps);
        float[] tl = p4m.expand(lift, cOut, cIn, true);
        assertEquals(cOut * g * cIn * taps, tl.length);
        assertArrayEquals(p4m.transform(5, java.util.Arrays.copyOfRange(lift, 9, 18)), java.util.Arrays.copyOfRange(tl, (5 * cIn + 1) * 9, (5 * cIn + 2) * 9));
        assertThrows(IllegalArgumentException.class, () -> p4m.expand(lift, cOut, cIn, false));
    }

    /**
     * Lifting layer then group layer (valid correlations with the expanded banks), for every element g:
     * Phi(L_g x)[:, :, t] = L_g^spatial(Phi(x)[:, :, idx(g^{-1} g_t)]) (docs/groups.md, section Equivariance laws).
     */
    @Test
    void liftingAndGroupLayersAreEquivariantForEveryStabiliserElement() {
        Random r = new Random(11);
        for (FilterTables tab : new FilterTables[] {FilterTables.p4(3), FilterTables.p4m(3), FilterTables.p4m(5)}) {
            int k = tab.kernelSize(), g = tab.groupOrder(), h = 11, c0 = 2, c1 = 3, c2 = 2;
            double[] w1 = ConvReference.toDouble(tab.expand(ConvReference.randomFloats(r, c1 * c0 * k * k), c1, c0, true));
            double[] w2 = ConvReference.toDouble(tab.expand(ConvReference.randomFloats(r, c2 * c1 * g * k * k), c2, c1, false));
            double[] x = ConvReference.randomDoubles(r, c0 * h * h);
            int h2 = h - 2 * (k - 1);
            double[] y = phi(x, w1, w2, c0, c1, c2, g, h, k);
            FilterTables onInput = tab.name().equals("p4") ? FilterTables.p4(h) : FilterTables.p4m(h);
            FilterTables onOutput = tab.name().equals("p4") ? FilterTables.p4(h2) : FilterTables.p4m(h2);
            for (int e = 0; e < g; ++e) {
                double[] gx = ConvReference.act(x, c0, 1, onInput.sourceTable()[e], null);
                double[] want = ConvReference.act(y, c2, g, onOutput.sourceTable()[e], tab.group().groupAxisPermutation(e));
                double err = ConvReference.maxAbsDiff(phi(gx, w1, w2, c0, c1, c2, g, h, k), want);
                assertTrue(err < 1e-9 * ConvReference.maxAbs(y), tab + " element " + e + ": error " + err);
            }
            // negative control: without the group-axis permutation the law fails for rot90
            double[] gx = ConvReference.act(x, c0, 1, onInput.sourceTable()[1], null);
            double[] wrong = ConvReference.act(y, c2, g, onOutput.sourceTable()[1], null);
            assertTrue(ConvReference.maxAbsDiff(phi(gx, w1, w2, c0, c1, c2, g, h, k), wrong) > 1e-3, tab + " negative control");
        }
    }

    private static double[] phi(double[] x, double[] w1, double[] w2, int c0, int c1, int c2, int g, int h, int k) {
        double[] y1 = ConvReference.conv2d(x, c0, h, h, w1, c1 * g, k);            // [c1, g, h1, h1]
        int h1 = h - k + 1;
        return ConvReference.conv2d(y1, c1 * g, h1, h1, w2, c2 * g, k);           // [c2, g, h2, h2]
    }

    @Test
    void timeReversalLayersAreEquivariantUnderReversal() {
        Random r = new Random(5);
        FilterTables z2 = FilterTables.timeReversal(4);
        int k = 4, len = 17, c0 = 2, c1 = 3, c2 = 2;
        double[] w1 = ConvReference.toDouble(z2.expand(ConvReference.randomFloats(r, c1 * c0 * k), c1, c0, true));
        double[] w2 = ConvReference.toDouble(z2.expand(ConvReference.randomFloats(r, c2 * c1 * 2 * k), c2, c1, false));
        double[] x = ConvReference.randomDoubles(r, c0 * len);
        double[] y = ConvReference.conv1d(ConvReference.conv1d(x, c0, len, w1, c1 * 2, k), c1 * 2, len - k + 1, w2, c2 * 2, k);
        double[] xr = ConvReference.act(x, c0, 1, FilterTables.timeReversal(len).sourceTable()[1], null);
        double[] yr = ConvReference.conv1d(ConvReference.conv1d(xr, c0, len, w1, c1 * 2, k), c1 * 2, len - k + 1, w2, c2 * 2, k);
        int lo = len - 2 * (k - 1);
        double[] want = ConvReference.act(y, c2, 2, FilterTables.timeReversal(lo).sourceTable()[1], new int[] {1, 0});
        assertTrue(ConvReference.maxAbsDiff(yr, want) < 1e-9, "reversal law");
        assertTrue(ConvReference.maxAbsDiff(yr, ConvReference.act(y, c2, 2, FilterTables.timeReversal(lo).sourceTable()[1], null)) > 1e-3,
                "negative control: the group axis must be swapped");
    }
}
