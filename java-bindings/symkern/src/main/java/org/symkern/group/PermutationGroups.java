package org.symkern.group;

import java.util.ArrayList;
import java.util.List;

/**
 * Factories for the ASEN task groups on n points, with the generator lists of the reference code
 * (docs/groups.md, section Permutation groups and 2-orbits, table, and docs/asen.md, section Tasks), so that generator counts and orbit numbering match it. The
 * 2-orbit counts K at n = 10 / n = 8 are given for each.
 */
public final class PermutationGroups {
    private PermutationGroups() {}

    /** The rotation {@code i -> (i + s) mod n}. */
    public static Permutation rotation(int n, int s) {
        int[] g = new int[n];
        for (int i = 0; i < n; ++i) g[i] = Math.floorMod(i + s, n);
        return Permutation.of(g);
    }

    /** The reversal {@code i -> n-1-i}. */
    public static Permutation reversal(int n) {
        int[] g = new int[n];
        for (int i = 0; i < n; ++i) g[i] = n - 1 - i;
        return Permutation.of(g);
    }

    /** Non-equivariant baseline: generators {id}. K = n^2 (100 / 64). */
    public static PermutationGroup trivial(int n) {
        return PermutationGroup.of(n, Permutation.identity(n));
    }

    /** Z2 reversal: generators {id, i -> n-1-i}. K = 50 / 32. */
    public static PermutationGroup reversalGroup(int n) {
        return PermutationGroup.of(n, Permutation.identity(n), reversal(n));
    }

    /** C_n: generator {rotation by 1}. K = n (each pair class is an offset j - i mod n). */
    public static PermutationGroup cyclic(int n) {
        return PermutationGroup.of(n, rotation(n, 1));
    }

    /** D_n acting on a cycle: generators {id, reversal, rotations by 0..n-1}. K = 6 / 5 (floor(n/2) + 1). */
    public static PermutationGroup dihedral(int n) {
        List<Permutation> g = new ArrayList<>(List.of(Permutation.identity(n), reversal(n)));
        for (int s = 0; s < n; ++s) g.add(rotation(n, s));
        return new PermutationGroup(n, g);
    }

    /** S_n: all adjacent transpositions (i, i+1). K = 2. */
    public static PermutationGroup symmetric(int n) {
        List<Permutation> g = new ArrayList<>();
        for (int i = 0; i + 1 < n; ++i) g.add(Permutation.transposition(n, i, i + 1));
        return new PermutationGroup(n, g);
    }

    /**
     * A_n: id plus every 3-cycle (i j k) and (i k j) for i &lt; j &lt; k (112 3-cycles at n = 8). K = 2 for
     * n >= 4, the same as S_n: A_n is 2-transitive, so its 2-closure is S_n (docs/groups.md, section The alternating group).
     */
    public static PermutationGroup alternating(int n) {
        List<Permutation> g = new ArrayList<>(List.of(Permutation.identity(n)));
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j)
                for (int k = j + 1; k < n; ++k) {
                    g.add(Permutation.cycle(n, i, j, k));
                    g.add(Permutation.cycle(n, i, k, j));
                }
        return new PermutationGroup(n, g);
    }

    /**
     * The "intersect" group S_{n/2} wr S_2 (n even): adjacent swaps inside each half {0..n/2-1} and
     * {n/2..n-1}, plus the half swap i -> (i + n/2) mod n. K = 3 (diagonal, same half, across halves).
     */
    public static PermutationGroup wreathHalves(int n) {
        if (n < 2 || n % 2 != 0) throw new IllegalArgumentException("wreathHalves needs an even n >= 2, got " + n);
        int h = n / 2;
        List<Permutation> g = new ArrayList<>();
        for (int i = 0; i + 1 < h; ++i) g.add(Permutation.transposition(n, i, i + 1));
        for (int i = h; i + 1 < n; ++i) g.add(Permutation.transposition(n, i, i + 1));
        g.add(rotation(n, h));
        return new PermutationGroup(n, g);
    }

    /** The "detectcapital" group S_{n-1} on 1..n-1 fixing point 0: adjacent transpositions (i, i+1), i >= 1. K = 5 (n >= 3). */
    public static PermutationGroup fixingFirst(int n) {
        List<Permutation> g = new ArrayList<>();
        for (int i = 1; i + 1 < n; ++i) g.add(Permutation.transposition(n, i, i + 1));
        return new PermutationGroup(n, g);
    }
}
