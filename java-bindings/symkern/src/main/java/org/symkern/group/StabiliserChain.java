package org.symkern.group;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A base and strong generating set of a permutation group by the deterministic incremental
 * Schreier-Sims algorithm (Sims 1970; Seress, "Permutation Group Algorithms", 4.2). Level {@code i} holds
 * a base point b_i, generators S_i of G_i (the pointwise stabiliser of b_0..b_{i-1}) and a transversal
 * u_p with u_p(b_i) = p for every p in the orbit b_i^{G_i}. Then |G| = prod_i |orbit_i| and g is in G iff
 * sifting g through the levels ends at the identity.
 *
 * <p>{@code extend(i, g)}: if g does not sift to the identity from level i, add g to S_i, close the orbit
 * of b_i, and extend level i+1 with every Schreier generator u_{s(p)}^{-1} s u_p (p in the orbit, s in S_i).
 * By Schreier's lemma these generate the stabiliser of b_i in G_i, so on return levels i.. form a BSGS of
 * &lt;S_i&gt;. Meant for small degrees (the ASEN task groups, n up to a few dozen); cost grows like n^5.
 */
final class StabiliserChain {
    private static final class Level {
        final int base;
        final List<int[]> generators = new ArrayList<>();
        final int[][] transversal;   // transversal[p] maps base to p, or null when p is not in the orbit
        final List<Integer> orbit = new ArrayList<>();

        Level(int base, int n) {
            this.base = base;
            transversal = new int[n][];
            transversal[base] = identity(n);
            orbit.add(base);
        }
    }

    private final int n;
    private final List<Level> levels = new ArrayList<>();

    StabiliserChain(int n, List<Permutation> generators) {
        this.n = n;
        for (Permutation g : generators) extend(0, g.raw().clone());
    }

    BigInteger order() {
        BigInteger o = BigInteger.ONE;
        for (Level l : levels) o = o.multiply(BigInteger.valueOf(l.orbit.size()));
        return o;
    }

    boolean contains(int[] g) {
        return isIdentity(sift(0, g));
    }

    /** Base points b_0, b_1, ... */
    int[] base() {
        return levels.stream().mapToInt(l -> l.base).toArray();
    }

    private int[] sift(int from, int[] g) {
        int[] h = g;
        for (int i = from; i < levels.size(); ++i) {
            Level l = levels.get(i);
            int[] u = l.transversal[h[l.base]];
            if (u == null) return h;
            h = compose(inverse(u), h);
        }
        return h;
    }

    private void extend(int i, int[] g) {
        if (isIdentity(sift(i, g))) return;
        if (i == levels.size()) levels.add(new Level(firstMovedPoint(g), n));
        Level l = levels.get(i);
        l.generators.add(g);
        for (int k = 0; k < l.orbit.size(); ++k) {   // close the orbit under all generators of the level
            int p = l.orbit.get(k);
            for (int[] s : l.generators) {
                int q = s[p];
                if (l.transversal[q] == null) {
                    l.transversal[q] = compose(s, l.transversal[p]);
                    l.orbit.add(q);
                }
            }
        }
        List<int[]> gens = new ArrayList<>(l.generators);
        for (int k = 0; k < l.orbit.size(); ++k) {
            int p = l.orbit.get(k);
            for (int[] s : gens) {
                int[] schreier = compose(inverse(l.transversal[s[p]]), compose(s, l.transversal[p]));
                if (!isIdentity(schreier)) extend(i + 1, schreier);
            }
        }
    }

    private static int firstMovedPoint(int[] g) {
        for (int i = 0; i < g.length; ++i) if (g[i] != i) return i;
        throw new IllegalStateException("identity has no moved point");
    }

    static int[] identity(int n) {
        int[] id = new int[n];
        for (int i = 0; i < n; ++i) id[i] = i;
        return id;
    }

    /** a ∘ b: first b, then a. */
    static int[] compose(int[] a, int[] b) {
        int[] r = new int[b.length];
        for (int i = 0; i < r.length; ++i) r[i] = a[b[i]];
        return r;
    }

    static int[] inverse(int[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < r.length; ++i) r[a[i]] = i;
        return r;
    }

    static boolean isIdentity(int[] g) {
        for (int i = 0; i < g.length; ++i) if (g[i] != i) return false;
        return true;
    }
}
