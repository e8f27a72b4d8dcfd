package org.symkern.group;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

/** C_N and D_N (GrouPy and escnn conventions): product rules, Cayley tables, plane matrices, group-axis permutations. */
class PlaneGroupsTest {
    static List<FiniteGroup> groups() {
        return List.of(CyclicGroup.c4(), new CyclicGroup(8), new CyclicGroup(16), DihedralGroup.p4m(),
                new DihedralGroup(8, DihedralGroup.Convention.GROUPY), DihedralGroup.escnn(4), DihedralGroup.escnn(8),
                DihedralGroup.escnn(16));
    }

    @Test
    void cayleyTablesAreAssociativeWithIdentityZeroAndInverses() {
        for (FiniteGroup g : groups()) {
            int n = g.order();
            int[][] t = g.cayleyTable();
            for (int a = 0; a < n; ++a) {
                assertEquals(a, t[0][a], g.name() + " left identity");
                assertEquals(a, t[a][0], g.name() + " right identity");
                assertEquals(0, t[a][g.inverse(a)], g.name() + " a a^-1");
                assertEquals(0, t[g.inverse(a)][a], g.name() + " a^-1 a");
                boolean[] seen = new boolean[n];
                for (int b = 0; b < n; ++b) seen[t[a][b]] = true;
                for (boolean s : seen) assertTrue(s, g.name() + " row " + a + " is a permutation");
                for (int b = 0; b < n; ++b)
                    for (int c = 0; c < n; ++c) assertEquals(t[t[a][b]][c], t[a][t[b][c]], g.name() + " associativity");
            }
        }
    }

    @Test
    void d4ProductRuleMatchesTheDocumentedRows() {
        DihedralGroup d4 = DihedralGroup.p4m();
        // (m1, r1) * (m2, r2) = ((m1 + m2) mod 2, ((-1)^{m2} r1 + r2) mod 4), flat 4m + r
        assertEquals(d4.index(1, 3), d4.multiply(d4.index(0, 1), d4.index(1, 0)));
        assertEquals(d4.index(1, 1), d4.multiply(d4.index(1, 0), d4.index(0, 1)));
        assertArrayEquals(new int[] {1, 2, 3, 0, 7, 4, 5, 6}, d4.cayleyTable()[1]);
        assertArrayEquals(new int[] {4, 5, 6, 7, 0, 1, 2, 3}, d4.cayleyTable()[4]);
        assertArrayEquals(new int[] {0, 3, 2, 1, 4, 5, 6, 7}, inverses(d4), "(0,r)^-1 = (0,-r); (1,r) self-inverse");
        // rows of g_t^{-1} h_s (docs/groups.md, section Filter tables example rows)
        int[][] rows = {{3, 0, 1, 2, 5, 6, 7, 4}, {4, 5, 6, 7, 0, 1, 2, 3}, {5, 6, 7, 4, 3, 0, 1, 2}};
        int[] ts = {1, 4, 5};
        for (int q = 0; q < 3; ++q) {
            int[] row = new int[8];
            for (int s = 0; s < 8; ++s) row[s] = d4.multiply(d4.inverse(ts[q]), s);
            assertArrayEquals(rows[q], row, "t = " + ts[q]);
        }
    }

    @Test
    void escnnProductRuleFlipsTheRotationOfTheRightFactor() {
        DihedralGroup d8 = DihedralGroup.escnn(8);
        // (b, a) * (d, c) = ((b + d) mod 2, (a + (-1)^b c) mod N), flat f N + k
        assertEquals(d8.index(1, 5), d8.multiply(d8.index(0, 3), d8.index(1, 2)));
        assertEquals(d8.index(1, 1), d8.multiply(d8.index(1, 3), d8.index(0, 2)));
        assertEquals(d8.index(0, 6), d8.multiply(d8.index(1, 3), d8.index(1, 5)));
        assertEquals(d8.index(1, 3), d8.inverse(d8.index(1, 3)));
        assertEquals(d8.index(0, 5), d8.inverse(d8.index(0, 3)));
    }

    private static int[] inverses(FiniteGroup g) {
        int[] r = new int[g.order()];
        for (int a = 0; a < r.length; ++a) r[a] = g.inverse(a);
        return r;
    }

    @Test
    void planeMatricesAreAHomomorphismIntoO2() {
        for (FiniteGroup g : groups()) {
            int n = g.order();
            for (int a = 0; a < n; ++a) {
                double[][] m = g.matrix(a);
                double det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
                assertEquals(g.isReflection(a) ? -1 : 1, det, 1e-12, g.name() + " det of " + a);
                assertMatrix(identity(), FiniteGroup.times(m, g.matrix(g.inverse(a))), g.name() + " inverse " + a);
                for (int b = 0; b < n; ++b)
                    assertMatrix(FiniteGroup.times(m, g.matrix(b)), g.matrix(g.multiply(a, b)), g.name() + " " + a + "*" + b);
            }
        }
    }

    @Test
    void rotationsAreCounterClockwiseAndMirrorsFollowTheirConvention() {
        assertMatrix(new double[][] {{0, -1}, {1, 0}}, CyclicGroup.c4().matrix(1), "C4 r=1: (x, y) -> (-y, x)");
        assertMatrix(new double[][] {{0, -1}, {1, 0}}, new CyclicGroup(16).matrix(4), "C16 k=4 is 90 degrees");
        assertEquals(Math.PI / 8, new CyclicGroup(16).angle(1), 1e-15);
        assertMatrix(new double[][] {{1, 0}, {0, -1}}, DihedralGroup.p4m().matrix(4), "GrouPy M negates the row axis: y -> -y");
        assertMatrix(new double[][] {{-1, 0}, {0, 1}}, DihedralGroup.escnn(8).matrix(8), "escnn F: x -> -x");
    }

    @Test
    void groupAxisPermutationsOfRot90AndFlipudMatchReferenceNotes() {
        DihedralGroup d4 = DihedralGroup.p4m();
        assertArrayEquals(new int[] {3, 0, 1, 2, 5, 6, 7, 4}, d4.groupAxisPermutation(d4.index(0, 1)), "p4m rot90");
        assertArrayEquals(new int[] {4, 5, 6, 7, 0, 1, 2, 3}, d4.groupAxisPermutation(d4.index(1, 0)), "p4m flipud");
        assertArrayEquals(new int[] {3, 0, 1, 2}, CyclicGroup.c4().groupAxisPermutation(1), "p4 rot90: roll +1");
        assertArrayEquals(new int[] {6, 7, 0, 1, 2, 3, 4, 5}, new CyclicGroup(8).groupAxisPermutation(2), "C8 rot90: roll +N/4");
    }

    private static double[][] identity() {
        return new double[][] {{1, 0}, {0, 1}};
    }

    static void assertMatrix(double[][] want, double[][] got, String what) {
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 2; ++j) assertEquals(want[i][j], got[i][j], 1e-12, what + " [" + i + "][" + j + "]");
    }
}
