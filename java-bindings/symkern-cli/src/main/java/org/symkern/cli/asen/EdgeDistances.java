package org.symkern.cli.asen;

import org.symkern.group.PairOrbits;
import org.symkern.tensor.Tensor;

/**
 * Pairwise distances of learned ASEN edge embeddings (symmetry discovery, paper section 5.2): for an edge table E
 * (K, d) of 2-orbit categories,
 * <pre>
 *   D[a][b] = || E_a - E_b ||_2                                   (K x K, zero diagonal, symmetric)
 *   P[p][q] = D[c(p)][c(q)],  p = i n + j, q = k n + l           (n^2 x n^2: the distances between the features of
 *                                                                  edges (i, j) and (k, l); row-major pairs)
 * </pre>
 * and the tie ratio of an encoding that refines a task's true 2-orbits (encoded group H &lt;= true group G): over pairs of
 * distinct categories a != b, the mean D[a][b] over pairs that G merges (same G-category) divided by the mean over pairs
 * that G separates. About 1 for a random table; below 1 when training has pulled together the embeddings that the
 * larger group ties, i.e. when the model has learned the missing symmetry from data.
 */
public final class EdgeDistances {
    private EdgeDistances() {}

    /** D for a (K, d) table. */
    public static double[][] categories(Tensor table) {
        if (table.rank() != 2) throw new IllegalArgumentException("edge table must be (K, d), got " + table.describe());
        return categories(table.toFloatArray(), (int) table.dim(0), (int) table.dim(1));
    }

    /** D for a row-major (k, d) table. */
    public static double[][] categories(float[] table, int k, int d) {
        if (k < 1 || d < 1 || table.length != (long) k * d)
            throw new IllegalArgumentException("edge table of " + table.length + " values is not (" + k + ", " + d + ")");
        double[][] out = new double[k][k];
        for (int a = 0; a < k; ++a)
            for (int b = a + 1; b < k; ++b) {
                double s = 0;
                for (int c = 0; c < d; ++c) {
                    double x = (double) table[a * d + c] - table[b * d + c];
                    s += x * x;
                }
                out[a][b] = out[b][a] = Math.sqrt(s);
            }
        return out;
    }

    /** P: the category distances expanded to all ordered pairs of positions (n^2 x n^2, row-major pairs). */
    public static double[][] pairs(double[][] categoryDistances, PairOrbits orbits) {
        int n = orbits.degree();
        if (categoryDistances.length != orbits.count())
            throw new IllegalArgumentException(categoryDistances.length + " category distances for " + orbits.count() + " categories");
        int[] c = orbits.categories();
        double[][] out = new double[n * n][n * n];
        for (int p = 0; p < n * n; ++p)
            for (int q = 0; q < n * n; ++q) out[p][q] = categoryDistances[c[p]][c[q]];
        return out;
    }

    /**
     * The tie ratio (see the class comment) of distances D over the categories of {@code encoded}, judged by the
     * categories of {@code truth}; with {@code offDiagonalOnly} the categories of pairs (i, i) are left out (under the
     * reference's MEAN self-loop rule their embeddings are never used). NaN when no two categories are merged by truth.
     *
     * @throws IllegalArgumentException when an encoded category straddles two true categories (H is not below G)
     */
    public static double tieRatio(double[][] d, PairOrbits encoded, PairOrbits truth, boolean offDiagonalOnly) {
        int n = encoded.degree(), k = encoded.count();
        if (truth.degree() != n || d.length != k)
            throw new IllegalArgumentException("tie ratio: " + d.length + " distances, " + k + " encoded categories on " + n + " points, truth on "
                    + truth.degree());
        int[] trueOf = new int[k];
        boolean[] diagonal = new boolean[k];
        java.util.Arrays.fill(trueOf, -1);
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) {
                int a = encoded.category(i, j), t = truth.category(i, j);
                if (trueOf[a] >= 0 && trueOf[a] != t)
                    throw new IllegalArgumentException("encoded category " + a + " meets true categories " + trueOf[a] + " and " + t
                            + ": the encoded group is not a subgroup of the true one");
                trueOf[a] = t;
                diagonal[a] = i == j;
            }
        double merged = 0, separated = 0;
        int nm = 0, ns = 0;
        for (int a = 0; a < k; ++a)
            for (int b = a + 1; b < k; ++b) {
                if (offDiagonalOnly && (diagonal[a] || diagonal[b])) continue;
                if (trueOf[a] == trueOf[b]) {
                    merged += d[a][b];
                    ++nm;
                } else {
                    separated += d[a][b];
                    ++ns;
                }
            }
        return nm == 0 || ns == 0 ? Double.NaN : (merged / nm) / (separated / ns);
    }
}
