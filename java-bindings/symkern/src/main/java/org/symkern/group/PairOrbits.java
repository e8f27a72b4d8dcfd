package org.symkern.group;

import java.util.Arrays;

/**
 * The 2-orbits of a permutation group G on n points: the orbits of the diagonal action
 * {@code g.(i, j) = (g(i), g(j))} on ordered pairs, as the n x n category matrix {@code c(i, j)}
 * (docs/groups.md, section Permutation groups and 2-orbits; ASEN "Algorithm 1"). Pair (i, j) has flat index {@code i*n + j}; categories are
 * numbered {@code 0..K-1} by the rank of each orbit's smallest flat index (sympy's order), so the matrix
 * is canonical: two groups with the same 2-orbits give equal {@code PairOrbits}. Self-pairs (i, i) lie in
 * their own "diagonal" orbits. K counts all categories, self-loops included.
 *
 * <p>Produced by {@link PermutationGroup#pairOrbits()} (Java union-find) and by
 * {@code org.symkern.tensor.Orbits.pairOrbits} (the native routine); both must agree exactly.
 */
public final class PairOrbits {
    private final int n;
    private final int count;
    private final int[] categories;

    private PairOrbits(int n, int count, int[] categories) {
        this.n = n;
        this.count = count;
        this.categories = categories;
    }

    /**
     * Wraps a category array (row-major, length n*n), checking that it is canonically numbered: scanning
     * flat indices upwards, each category first appears in the order 0, 1, 2, ...
     *
     * @param count the number of categories K the producer reported; must match the array
     */
    public static PairOrbits fromCategories(int n, int[] categories, long count) {
        if (n < 1) throw new IllegalArgumentException("n = " + n + ", need at least one point");
        if (categories == null || categories.length != (long) n * n)
            throw new IllegalArgumentException("categories must have n*n = " + (long) n * n + " entries, got "
                    + (categories == null ? "null" : categories.length));
        int next = canonicalCount(categories, "category", "pair");
        if (next != count) throw new IllegalArgumentException("categories use " + next + " ids but K = " + count);
        return new PairOrbits(n, next, categories.clone());
    }

    /** Checks the first-appearance numbering and returns the number of ids. */
    static int canonicalCount(int[] ids, String what, String element) {
        int next = 0;
        for (int p = 0; p < ids.length; ++p) {
            int c = ids[p];
            if (c < 0 || c > next)
                throw new IllegalArgumentException(what + " " + c + " at " + element + " " + p
                        + " breaks the numbering by smallest element (expected an id in [0, " + next + "])");
            if (c == next) ++next;
        }
        return next;
    }

    static PairOrbits trusted(int n, int count, int[] categories) {
        return new PairOrbits(n, count, categories);
    }

    /** Number of points n. */
    public int degree() {
        return n;
    }

    /** Number of categories K (self-loop categories included). */
    public int count() {
        return count;
    }

    /** The category c(i, j) of the ordered pair (i, j). */
    public int category(int i, int j) {
        if (i < 0 || i >= n || j < 0 || j >= n)
            throw new IndexOutOfBoundsException("pair (" + i + ", " + j + ") outside [0, " + n + ")^2");
        return categories[i * n + j];
    }

    /** A copy of the row-major category array, length n*n (the edge_index order of the complete graph). */
    public int[] categories() {
        return categories.clone();
    }

    /** The category matrix as rows. */
    public int[][] matrix() {
        int[][] m = new int[n][];
        for (int i = 0; i < n; ++i) m[i] = Arrays.copyOfRange(categories, i * n, (i + 1) * n);
        return m;
    }

    /** Number of pairs in each category. */
    public int[] sizes() {
        int[] s = new int[count];
        for (int c : categories) ++s[c];
        return s;
    }

    /** Whether {@code c(g(i), g(j)) = c(i, j)} for all i, j. */
    public boolean isInvariantUnder(Permutation g) {
        if (g.size() != n) return false;
        int[] a = g.raw();
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j)
                if (categories[a[i] * n + a[j]] != categories[i * n + j]) return false;
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PairOrbits p && p.n == n && Arrays.equals(p.categories, categories);
    }

    @Override
    public int hashCode() {
        return 31 * n + Arrays.hashCode(categories);
    }

    @Override
    public String toString() {
        return "PairOrbits(n=" + n + ", K=" + count + ")";
    }
}
