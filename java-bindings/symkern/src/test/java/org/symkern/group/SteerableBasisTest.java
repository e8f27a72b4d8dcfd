package org.symkern.group;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Gaussian-ring x circular-harmonic basis and its exact transformation rule (docs/groups.md, sections Steerable basis and Regular fields). */
class SteerableBasisTest {
    static List<FiniteGroup> groups() {
        return List.of(CyclicGroup.c4(), new CyclicGroup(8), new CyclicGroup(16), DihedralGroup.escnn(8),
                DihedralGroup.escnn(16), DihedralGroup.p4m());
    }

    /** numpy rot90 of a k x k image: out[y, x] = in[x, k-1-y]. */
    static double[] rot90(double[] a, int k) {
        double[] o = new double[a.length];
        for (int y = 0; y < k; ++y) for (int x = 0; x < k; ++x) o[y * k + x] = a[x * k + k - 1 - y];
        return o;
    }

    static double[] fliplr(double[] a, int k) {
        double[] o = new double[a.length];
        for (int y = 0; y < k; ++y) for (int x = 0; x < k; ++x) o[y * k + x] = a[y * k + k - 1 - x];
        return o;
    }

    @Test
    void basisSizesFollowTheRingsAndTheBandLimit() {
        assertArrayEquals(new int[] {0, 2}, new int[] {SteerableBasis.maxFrequency(0, 3), SteerableBasis.maxFrequency(1, 3)});
        assertArrayEquals(new int[] {0, 2, 2}, new int[] {SteerableBasis.maxFrequency(0, 5), SteerableBasis.maxFrequency(1, 5), SteerableBasis.maxFrequency(2, 5)});
        assertArrayEquals(new int[] {0, 2, 3, 2}, new int[] {SteerableBasis.maxFrequency(0, 7), SteerableBasis.maxFrequency(1, 7),
                SteerableBasis.maxFrequency(2, 7), SteerableBasis.maxFrequency(3, 7)});
        // ring 0: radial only; other rings: radial + a cos/sin pair per frequency
        assertEquals(6, new SteerableBasis(new CyclicGroup(8), 3).size());
        assertEquals(11, new SteerableBasis(new CyclicGroup(8), 5).size());
        assertEquals(18, new SteerableBasis(new CyclicGroup(8), 7).size());
        SteerableBasis b = new SteerableBasis(new CyclicGroup(8), 5);
        assertEquals("radial", b.harmonic(0));
        assertEquals(0, b.ring(0));
        assertEquals(1, b.ring(1));
        assertEquals("radial", b.harmonic(1));
        assertEquals("cos", b.harmonic(2));
        assertEquals("sin", b.harmonic(3));
        assertEquals(1, b.frequency(3));
        assertEquals(2, b.frequency(4));
        assertEquals("cos", b.harmonic(4));
        assertEquals(2, b.ring(6));
        assertThrows(IllegalArgumentException.class, () -> new SteerableBasis(new CyclicGroup(8), 4));
    }

    @Test
    void basisImagesHaveUnitPairNormsAndAreLinearlyIndependent() {
        for (int k : new int[] {3, 5, 7}) {
            SteerableBasis b = new SteerableBasis(new CyclicGroup(8), k);
            double[][] im = b.basisImages();
            for (int j = 0; j < b.size(); ++j) {
                if (b.frequency(j) == 0) assertEquals(1.0, dot(im[j], im[j]), 1e-12, "radial image " + j);
                else if (b.harmonic(j).equals("cos")) {
                    assertEquals(2.0, dot(im[j], im[j]) + dot(im[j + 1], im[j + 1]), 1e-12, "pair norm " + j);
                    assertEquals(0.0, dot(im[j], im[j + 1]), 1e-12, "cos and sin of one pair are orthogonal");
                }
            }
            // Gram matrix positive definite: Cholesky pivots bounded away from 0
            int n = b.size();
            double[][] g = new double[n][n];
            for (int i = 0; i < n; ++i) for (int j = 0; j < n; ++j) g[i][j] = dot(im[i], im[j]);
            double minPivot = Double.MAX_VALUE;
            for (int j = 0; j < n; ++j) {
                double d = g[j][j];
                for (int q = 0; q < j; ++q) d -= g[j][q] * g[j][q];
                minPivot = Math.min(minPivot, d);
                double piv = Math.sqrt(Math.max(d, 1e-300));
                g[j][j] = piv;
                for (int i = j + 1; i < n; ++i) {
                    double s = g[i][j];
                    for (int q = 0; q < j; ++q) s -= g[i][q] * g[j][q];
                    g[i][j] = s / piv;
                }
            }
            assertTrue(minPivot > 1e-3, "k=" + k + ": basis images are nearly dependent (min Cholesky pivot " + minPivot + ")");
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int p = 0; p < a.length; ++p) s += a[p] * b[p];
        return s;
    }

    @Test
    void transformedImagesEqualTheBasisEvaluatedAtTransformedPoints() {
        // the at-most-two-term combinations are the analytic functions at g^{-1} x, for every element (45 degrees included)
        for (FiniteGroup grp : groups())
            for (int k : new int[] {3, 5, 7}) {
                SteerableBasis b = new SteerableBasis(grp, k);
                double c = (k - 1) / 2.0;
                for (int g = 0; g < grp.order(); ++g) {
                    SteerableBasis.Term[][] terms = b.transformTerms(g);
                    for (SteerableBasis.Term[] t : terms) assertTrue(t.length <= 2);
                    double[][] tb = b.transformedBasis(g);
                    double[][] a = grp.matrix(grp.inverse(g));
                    for (int j = 0; j < b.size(); ++j)
                        for (int row = 0; row < k; ++row)
                            for (int col = 0; col < k; ++col) {
                                double x = col - c, y = c - row;
                                double want = b.evaluate(j, a[0][0] * x + a[0][1] * y, a[1][0] * x + a[1][1] * y);
                                assertEquals(want, tb[j][row * k + col], 1e-12, grp + " k=" + k + " g=" + g + " basis " + j);
                            }
                }
            }
    }

    @Test
    void quarterTurnOfTheCyclicGroupIsAnExactRot90() {
        for (int n : new int[] {4, 8, 16}) {
            SteerableBasis b = new SteerableBasis(new CyclicGroup(n), 5);
            double worst = 0;
            for (int t = 0; t < n; ++t) {
                double[][] from = b.transformedBasis(t), to = b.transformedBasis((t + n / 4) % n);
                for (int j = 0; j < b.size(); ++j) worst = Math.max(worst, ConvReference.maxAbsDiff(rot90(from[j], 5), to[j]));
            }
            assertTrue(worst < 1e-12, "C" + n + " double error " + worst);
            // the float K8 table: M[t + N/4] = rot90(M[t]) per basis column
            float[] m = b.expansionTable();
            int nb = b.size();
            double fworst = 0;
            for (int t = 0; t < n; ++t)
                for (int j = 0; j < nb; ++j) {
                    double[] a = new double[25], r = new double[25];
                    for (int p = 0; p < 25; ++p) {
                        a[p] = m[(t * 25 + p) * nb + j];
                        r[p] = m[(((t + n / 4) % n) * 25 + p) * nb + j];
                    }
                    fworst = Math.max(fworst, ConvReference.maxAbsDiff(rot90(a, 5), r));
                }
            System.out.printf("C%d k=5: rot90 vs quarter-turn expansion, max error double %.2e, float table %.2e%n", n, worst, fworst);
            assertTrue(fworst < 1e-6, "C" + n + " float table error " + fworst);
        }
    }

    @Test
    void expansionTableHoldsTheTransformedBasis() {
        SteerableBasis b = new SteerableBasis(DihedralGroup.escnn(8), 3);
        float[] m = b.expansionTable();
        int nb = b.size();
        assertEquals(16 * 9 * nb, m.length);
        double[][] tb = b.transformedBasis(11);
        for (int p = 0; p < 9; ++p) for (int j = 0; j < nb; ++j) assertEquals((float) tb[j][p], m[(11 * 9 + p) * nb + j]);
    }

    @Test
    void expandedKernelsSatisfyTheSteerabilityConstraint() {
        // K(h . x)[g, s] = K(x)[h^{-1} g, h^{-1} s]; as images: L_h K[g, s] = K[h g, h s]
        Random r = new Random(2);
        int k = 5, cOut = 2, cIn = 2;
        for (FiniteGroup grp : List.of(new CyclicGroup(8), new CyclicGroup(16), DihedralGroup.escnn(8), DihedralGroup.escnn(16))) {
            SteerableBasis b = new SteerableBasis(grp, k);
            int n = grp.order(), quarter = grp instanceof DihedralGroup d ? d.index(0, d.rotations() / 4) : n / 4;
            double[] kern = b.expand(ConvReference.randomDoubles(r, cOut * cIn * n * b.size()), cOut, cIn, false);
            double worst = 0, worstFlip = 0;
            for (int o = 0; o < cOut; ++o)
                for (int i = 0; i < cIn; ++i)
                    for (int t = 0; t < n; ++t)
                        for (int s = 0; s < n; ++s) {
                            double[] ts = slice(kern, o, t, i, s, n, cIn, k);
                            worst = Math.max(worst, ConvReference.maxAbsDiff(rot90(ts, k),
                                    slice(kern, o, grp.multiply(quarter, t), i, grp.multiply(quarter, s), n, cIn, k)));
                            if (grp instanceof DihedralGroup d) {
                                int flip = d.index(1, 0);
                                worstFlip = Math.max(worstFlip, ConvReference.maxAbsDiff(fliplr(ts, k),
                                        slice(kern, o, grp.multiply(flip, t), i, grp.multiply(flip, s), n, cIn, k)));
                            }
                        }
            assertTrue(worst < 1e-12, grp + " rot90 constraint error " + worst);
            assertTrue(worstFlip < 1e-12, grp + " flip constraint error " + worstFlip);
        }
    }

    private static double[] slice(double[] kern, int o, int t, int i, int s, int n, int cIn, int k) {
        int base = (((o * n + t) * cIn + i) * n + s) * k * k;
        return java.util.Arrays.copyOfRange(kern, base, base + k * k);
    }

    /** docs/groups.md, section Regular fields: Phi(rot90^q x)[:, f, j] = rot90^q(Phi(x))[:, f, (j - q N/4) mod N]; D_N also under fliplr. */
    @Test
    void liftingAndGroupLayersAreEquivariantUnderGridSymmetries() {
        Random r = new Random(9);
        int k = 5, h = 13, c0 = 1, c1 = 2, c2 = 2;
        for (FiniteGroup grp : List.of(new CyclicGroup(8), new CyclicGroup(16), DihedralGroup.escnn(8))) {
            SteerableBasis b = new SteerableBasis(grp, k);
            int n = grp.order();
            double[] w1 = b.expand(ConvReference.randomDoubles(r, c1 * c0 * b.size()), c1, c0, true);
            double[] w2 = b.expand(ConvReference.randomDoubles(r, c2 * c1 * n * b.size()), c2, c1, false);
            double[] x = ConvReference.randomDoubles(r, c0 * h * h);
            int h1 = h - k + 1, h2 = h1 - k + 1;
            double[] y = ConvReference.conv2d(ConvReference.conv2d(x, c0, h, h, w1, c1 * n, k), c1 * n, h1, h1, w2, c2 * n, k);
            int quarter = grp instanceof DihedralGroup d ? d.index(0, d.rotations() / 4) : n / 4;
            int[][] elements = grp instanceof DihedralGroup d ? new int[][] {{quarter, 1}, {d.index(1, 0), 6}} : new int[][] {{quarter, 1}};
            for (int[] e : elements) {   // {group element, index of the same pixel map in FilterTables.p4m (1 = rot90, 6 = fliplr)}
                double[] gx = ConvReference.act(x, c0, 1, FilterTables.p4m(h).sourceTable()[e[1]], null);
                double[] gy = ConvReference.conv2d(ConvReference.conv2d(gx, c0, h, h, w1, c1 * n, k), c1 * n, h1, h1, w2, c2 * n, k);
                double[] want = ConvReference.act(y, c2, n, FilterTables.p4m(h2).sourceTable()[e[1]], grp.groupAxisPermutation(e[0]));
                double err = ConvReference.maxAbsDiff(gy, want);
                assertTrue(err < 1e-10 * ConvReference.maxAbs(y), grp + " element " + e[0] + ": error " + err);
                double wrong = ConvReference.maxAbsDiff(gy, ConvReference.act(y, c2, n, FilterTables.p4m(h2).sourceTable()[e[1]], null));
                assertTrue(wrong > 1e-3, grp + " negative control (no group-axis permutation)");
            }
        }
    }
}
