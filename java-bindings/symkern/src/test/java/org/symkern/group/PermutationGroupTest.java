package org.symkern.group;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** 2-orbits (docs/groups.md, section Permutation groups and 2-orbits test vectors), node orbits, order / membership / elements of the ASEN task groups. */
class PermutationGroupTest {

    @Test
    void pairOrbitCountsMatchTheReferenceTable() {
        for (ReferenceGroups.Task t : ReferenceGroups.TASKS) {
            if (t.k10() >= 0) assertEquals(t.k10(), t.make().apply(10).pairOrbits().count(), t.name() + " n=10");
            if (t.k8() >= 0) assertEquals(t.k8(), t.make().apply(8).pairOrbits().count(), t.name() + " n=8");
        }
        assertEquals(113, PermutationGroups.alternating(8).generators().size(), "112 3-cycles plus id at n = 8");
    }

    @Test
    void reversalCategoryMatrixIsFlatIndexOnTheUpperHalfAndMirroredBelow() {
        PairOrbits c = PermutationGroups.reversalGroup(10).pairOrbits();
        for (int i = 0; i < 10; ++i)
            for (int j = 0; j < 10; ++j)
                assertEquals(i <= 4 ? i * 10 + j : c.category(9 - i, 9 - j), c.category(i, j), "(" + i + "," + j + ")");
        assertEquals(49, c.category(5, 0));
        assertEquals(0, c.category(9, 9));
    }

    @Test
    void dihedralCategoryIsTheCyclicDistance() {
        PairOrbits c = PermutationGroups.dihedral(10).pairOrbits();
        for (int i = 0; i < 10; ++i)
            for (int j = 0; j < 10; ++j) {
                int d = Math.floorMod(j - i, 10);
                assertEquals(Math.min(d, 10 - d), c.category(i, j), "(" + i + "," + j + ")");
            }
    }

    @Test
    void intersectCategoriesAreDiagonalSameHalfAndAcrossHalves() {
        PairOrbits c = PermutationGroups.wreathHalves(10).pairOrbits();
        for (int i = 0; i < 10; ++i)
            for (int j = 0; j < 10; ++j)
                assertEquals(i == j ? 0 : (i < 5) == (j < 5) ? 1 : 2, c.category(i, j), "(" + i + "," + j + ")");
    }

    @Test
    void detectCapitalCategoriesSeparatePointZero() {
        PairOrbits c = PermutationGroups.fixingFirst(8).pairOrbits();
        for (int i = 0; i < 8; ++i)
            for (int j = 0; j < 8; ++j) {
                int want = i == 0 ? (j == 0 ? 0 : 1) : j == 0 ? 2 : i == j ? 3 : 4;
                assertEquals(want, c.category(i, j), "(" + i + "," + j + ")");
            }
    }

    @Test
    void categoryMatrixIsInvariantUnderEveryGenerator() {
        for (ReferenceGroups.Task t : ReferenceGroups.TASKS)
            for (int n : new int[] {8, 10}) {
                PermutationGroup g = t.make().apply(n);
                PairOrbits c = g.pairOrbits();
                for (Permutation s : g.generators()) {
                    assertTrue(c.isInvariantUnder(s), t.name() + " n=" + n + " generator " + s);
                    for (int i = 0; i < n; ++i)
                        for (int j = 0; j < n; ++j) assertEquals(c.category(i, j), c.category(s.apply(i), s.apply(j)));
                }
            }
        assertFalse(PermutationGroups.reversalGroup(10).pairOrbits().isInvariantUnder(PermutationGroups.rotation(10, 1)),
                "a rotation is not in the 2-closure of the reversal group");
    }

    @Test
    void unionFindOrbitsEqualBreadthFirstOrbits() {
        Random r = new Random(7);
        for (ReferenceGroups.Task t : ReferenceGroups.TASKS) for (int n : new int[] {8, 10}) assertEquals(bfsPairOrbits(t.make().apply(n)), t.make().apply(n).pairOrbits(), t.name());
        for (int trial = 0; trial < 5; ++trial) {   // a product of random cycles on disjoint blocks: several orbits
            int n = 12;
            PermutationGroup g = PermutationGroup.of(n, Permutation.cycle(n, 0, 3, 5), Permutation.cycle(n, 6, 7), Permutation.cycle(n, 1 + r.nextInt(2), 9));
            assertEquals(bfsPairOrbits(g), g.pairOrbits());
        }
    }

    /** Independent reference: BFS over pairs following generator images; ids by first discovery in flat order. */
    static PairOrbits bfsPairOrbits(PermutationGroup g) {
        int n = g.degree();
        int[] ids = new int[n * n];
        Arrays.fill(ids, -1);
        int next = 0;
        for (int p0 = 0; p0 < n * n; ++p0) {
            if (ids[p0] >= 0) continue;
            ArrayDeque<Integer> q = new ArrayDeque<>(List.of(p0));
            ids[p0] = next;
            while (!q.isEmpty()) {
                int p = q.poll();
                for (Permutation s : g.generators()) {
                    int x = s.apply(p / n) * n + s.apply(p % n);
                    if (ids[x] < 0) {
                        ids[x] = next;
                        q.add(x);
                    }
                }
            }
            ++next;
        }
        return PairOrbits.fromCategories(n, ids, next);
    }

    @Test
    void trivialGroupHasOneCategoryPerPair() {
        PermutationGroup none = new PermutationGroup(4, List.of());
        PairOrbits c = none.pairOrbits();
        assertEquals(16, c.count());
        for (int p = 0; p < 16; ++p) assertEquals(p, c.categories()[p]);
        assertEquals(BigInteger.ONE, none.order());
        assertEquals(List.of(Permutation.identity(4)), none.elements(10));
    }

    @Test
    void nodeOrbitsAreNumberedBySmallestPoint() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 4, 3, 2, 1, 0}, PermutationGroups.reversalGroup(10).nodeOrbits().ids());
        assertEquals(1, PermutationGroups.dihedral(10).nodeOrbits().count());
        assertArrayEquals(new int[] {0, 1, 1, 1, 1, 1, 1, 1}, PermutationGroups.fixingFirst(8).nodeOrbits().ids());
        NodeOrbits mixed = PermutationGroup.of(7, Permutation.parse("(1 4)(2 5 6)", 7)).nodeOrbits();
        assertArrayEquals(new int[] {0, 1, 2, 3, 1, 2, 2}, mixed.ids());
        assertEquals(4, mixed.count());
    }

    @Test
    void alternatingGroupHasTheTwoOrbitsOfTheSymmetricGroup() {
        // docs/groups.md, section The alternating group: A_n (n >= 4) is 2-transitive, so K = 2 and its 2-closure is S_n.
        PermutationGroup a8 = PermutationGroups.alternating(8), s8 = PermutationGroups.symmetric(8);
        assertEquals(s8.pairOrbits(), a8.pairOrbits());
        assertEquals(2, a8.pairOrbits().count());
        Permutation odd = Permutation.transposition(8, 2, 5);
        assertFalse(a8.contains(odd), "an odd permutation is not in A_8");
        assertTrue(s8.contains(odd));
        assertTrue(a8.pairOrbits().isInvariantUnder(odd), "... but it preserves every 2-orbit of A_8");
        assertTrue(a8.contains(Permutation.parse("(0 1)(2 3)", 8)));
    }

    @Test
    void ordersOfTheTaskGroupsAreExact() {
        assertEquals(BigInteger.ONE, PermutationGroups.trivial(10).order());
        assertEquals(BigInteger.TWO, PermutationGroups.reversalGroup(10).order());
        assertEquals(BigInteger.valueOf(10), PermutationGroups.cyclic(10).order());
        assertEquals(BigInteger.valueOf(20), PermutationGroups.dihedral(10).order());
        assertEquals(BigInteger.valueOf(2 * 120 * 120), PermutationGroups.wreathHalves(10).order());
        assertEquals(BigInteger.valueOf(3628800), PermutationGroups.symmetric(10).order());
        assertEquals(BigInteger.valueOf(5040), PermutationGroups.fixingFirst(8).order());
        assertEquals(BigInteger.valueOf(20160), PermutationGroups.alternating(8).order());
        assertEquals(new BigInteger("265252859812191058636308480000000"), PermutationGroups.symmetric(30).order());
    }

    @Test
    void elementsAreTheClosureAndAgreeWithMembership() {
        PermutationGroup d6 = PermutationGroups.dihedral(6);
        List<Permutation> els = d6.elements(100);
        assertEquals(12, els.size());
        assertEquals(Permutation.identity(6), els.get(0));
        Set<Permutation> set = new HashSet<>(els);
        for (Permutation a : els) for (Permutation b : els) assertTrue(set.contains(a.compose(b)), "closed under products");
        for (Permutation p : PermutationTest.allPermutations(6)) assertEquals(set.contains(p), d6.contains(p), p.toCycleString());
        PermutationGroup a5 = PermutationGroups.alternating(5);
        for (Permutation p : PermutationTest.allPermutations(5)) assertEquals(p.sign() == 1, a5.contains(p));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PermutationGroups.symmetric(9).elements(1000));
        assertEquals("group of order 362880 exceeds the element cap 1000", e.getMessage());
    }

    @Test
    void generatorArraysAreValidatedNamingTheGenerator() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PermutationGroup.fromArrays(3, new int[][] {{0, 1, 2}, {1, 1, 0}}));
        assertEquals("generator 1 is not a permutation of 0..2: duplicate image 1 (points 0 and 1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PermutationGroup.fromArrays(3, new int[][] {{0, 1}}));
        assertEquals("generator 0 has 2 entries, the group acts on 3 points", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PermutationGroup.of(3, Permutation.identity(4)));
        assertEquals("generator 0 acts on 4 points, the group on 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PermutationGroup(0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> PermutationGroups.wreathHalves(7));
    }

    @Test
    void fromCategoriesRejectsNonCanonicalNumbering() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairOrbits.fromCategories(2, new int[] {0, 2, 1, 0}, 3));
        assertTrue(e.getMessage().contains("category 2 at pair 1 breaks the numbering"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PairOrbits.fromCategories(2, new int[] {0, 1, 1, 0}, 3));
        assertEquals("categories use 2 ids but K = 3", e.getMessage());
    }
}
