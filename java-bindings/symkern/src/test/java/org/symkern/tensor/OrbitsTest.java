package org.symkern.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.symkern.group.NodeOrbits;
import org.symkern.group.PairOrbits;
import org.symkern.group.Permutation;
import org.symkern.group.PermutationGroup;
import org.symkern.group.PermutationGroups;
import org.symkern.group.ReferenceGroups;

/** The native orbit routine (sk_pair_orbits / sk_node_orbits) agrees exactly with the Java union-find. */
class OrbitsTest {

    @Test
    void nativeAndJavaPairOrbitsAgreeOnEveryTaskGroup() {
        for (ReferenceGroups.Task t : ReferenceGroups.TASKS)
            for (int n : new int[] {8, 10}) {
                PermutationGroup g = t.make().apply(n);
                PairOrbits nat = Orbits.pairOrbits(g), java = g.pairOrbits();
                assertEquals(java, nat, t.name() + " n=" + n);
                int want = n == 10 ? t.k10() : t.k8();
                if (want >= 0) assertEquals(want, nat.count(), t.name() + " n=" + n + " K");
                assertEquals(g.nodeOrbits(), Orbits.nodeOrbits(g), t.name() + " node orbits n=" + n);
            }
    }

    @Test
    void nativeCategoryMatricesMatchReferenceNotes() {
        PairOrbits rev = Orbits.pairOrbits(PermutationGroups.reversalGroup(10));
        PairOrbits dih = Orbits.pairOrbits(PermutationGroups.dihedral(10));
        PairOrbits wr = Orbits.pairOrbits(PermutationGroups.wreathHalves(10));
        for (int i = 0; i < 10; ++i)
            for (int j = 0; j < 10; ++j) {
                assertEquals(i <= 4 ? i * 10 + j : (9 - i) * 10 + 9 - j, rev.category(i, j));
                int d = Math.floorMod(j - i, 10);
                assertEquals(Math.min(d, 10 - d), dih.category(i, j));
                assertEquals(i == j ? 0 : (i < 5) == (j < 5) ? 1 : 2, wr.category(i, j));
            }
        PairOrbits dc = Orbits.pairOrbits(PermutationGroups.fixingFirst(8));
        for (int i = 0; i < 8; ++i)
            for (int j = 0; j < 8; ++j)
                assertEquals(i == 0 ? (j == 0 ? 0 : 1) : j == 0 ? 2 : i == j ? 3 : 4, dc.category(i, j));
    }

    @Test
    void emptyGeneratorListIsTheTrivialGroup() {
        PairOrbits c = Orbits.pairOrbits(5, new int[0][]);
        assertEquals(25, c.count());
        NodeOrbits o = Orbits.nodeOrbits(5, new int[0][]);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, o.ids());
    }

    /** n = 1000, m = 10: random permutations, and a randomly relabelled dihedral group (K = 501). */
    @Test
    void largeGroupsAgreeWithTheJavaUnionFind() {
        Random r = new Random(1000);
        int n = 1000, m = 10;
        List<Integer> shuffled = new ArrayList<>();
        for (int i = 0; i < n; ++i) shuffled.add(i);
        Collections.shuffle(shuffled, r);
        Permutation sigma = Permutation.of(shuffled.stream().mapToInt(Integer::intValue).toArray());
        List<Permutation> randomGens = new ArrayList<>(), dihedralGens = new ArrayList<>();
        for (int a = 0; a < m; ++a) {
            Collections.shuffle(shuffled, r);
            randomGens.add(Permutation.of(shuffled.stream().mapToInt(Integer::intValue).toArray()));
            Permutation base = a < m - 1 ? PermutationGroups.rotation(n, 1 + 6 * a) : PermutationGroups.reversal(n);
            dihedralGens.add(sigma.compose(base).compose(sigma.inverse()));
        }
        for (PermutationGroup g : List.of(new PermutationGroup(n, randomGens), new PermutationGroup(n, dihedralGens))) {
            Orbits.pairOrbits(g);   // warm-up
            long t0 = System.nanoTime();
            PairOrbits nat = Orbits.pairOrbits(g);
            long t1 = System.nanoTime();
            PairOrbits java = g.pairOrbits();
            long t2 = System.nanoTime();
            System.out.printf("pair orbits n=%d m=%d K=%d: native %.1f ms (incl. JNI copies), Java %.1f ms%n", n, m, nat.count(),
                    (t1 - t0) / 1e6, (t2 - t1) / 1e6);
            assertEquals(java, nat);
        }
        assertEquals(501, Orbits.pairOrbits(new PermutationGroup(n, dihedralGens)).count(), "relabelled D_1000");
    }

    @Test
    void nonPermutationGeneratorsAreReportedWithTheirIndex() {
        SymkernException e = assertThrows(SymkernException.class,
                () -> Orbits.pairOrbits(4, new int[][] {{0, 1, 2, 3}, {1, 0, 3, 3}}));
        assertEquals(SymkernException.Status.BAD_ARGUMENT, e.status());
        assertTrue(e.getMessage().contains("generator 1 is not a permutation of 0..3: points 2 and 3 both map to 3"), e.getMessage());
        e = assertThrows(SymkernException.class, () -> Orbits.nodeOrbits(3, new int[][] {{0, 7, 1}}));
        assertTrue(e.getMessage().contains("generator 0 is not a permutation of 0..2: point 1 maps to 7, outside [0, 3)"), e.getMessage());
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class, () -> Orbits.pairOrbits(3, new int[][] {{0, 1}}));
        assertEquals("generator 0 has 2 entries, expected n = 3", len.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Orbits.pairOrbits(0, new int[0][]));
        assertThrows(IllegalArgumentException.class, () -> Orbits.pairOrbits(50000, new int[0][]));
    }
}
