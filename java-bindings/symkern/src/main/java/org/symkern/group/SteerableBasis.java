package org.symkern.group;

import java.util.ArrayList;
import java.util.List;

/**
 * Steerable filters for regular fields of a finite planar group G (C_N, or D_N in escnn's convention),
 * following docs/groups.md, section Steerable basis ("equivalent formulation for a from-scratch implementation"). No pixel
 * filter is ever rotated or interpolated.
 *
 * <p><b>Basis.</b> On the k x k grid (odd k), pixel [row, col] sits at (x, y) = (col - c, c - row),
 * c = (k-1)/2, with polar coordinates (r, phi), phi = atan2(y, x). The basis images are
 * B(x) = G_i(r) h(phi) / norm with Gaussian rings G_i(r) = exp(-0.5 (r - r_i)^2 / sigma_i^2),
 * r_i = i for i = 0..(k-1)/2, sigma_i = 0.6 (0.4 for the last ring; 0.005 for r_i = 0), and circular
 * harmonics h in {1, cos(j phi), sin(j phi)} for 1 &lt;= j &lt;= maxfreq(r_i) (escnn's default "fco1" band
 * limit: 0 at r = 0, min(2r, 2) on the outermost ring R = k/2, otherwise min(2r, 2r - ((r+1) mod 2))).
 * Harmonics with j &gt; 0 are 0 at the origin (the only value consistent with every rotation). A cos/sin
 * pair shares one normaliser, sqrt((|B_cos|^2 + |B_sin|^2) / 2) on the grid (escnn's trace norm divided by
 * the irrep size), so that the pair still rotates exactly; j = 0 images have unit norm. Elements whose
 * (pair-)squared norm is below 1e-2 are discarded. Order: ring, then frequency, then cos before sin.
 * k = 3: 6 images, k = 5: 11, k = 7: 18.
 *
 * <p><b>Expansion.</b> With psi_d(x) = sum_b w[d, b] B_b(x) (|G| free scalar kernels per field pair), the
 * regular-to-regular kernel is K(x)[g, h] = psi_{idx(g^{-1} h)}(g^{-1} . x); for C_N this is
 * psi_{(s - t) mod N}(R_{-theta_t} x), the p4 rule generalised. A lifting kernel (trivial input field) is
 * K(x)[g] = psi(g^{-1} . x). For an orthogonal map A with A e_x at angle beta and sigma = det A, the
 * harmonics obey cos(j(beta + sigma phi)) = cos(j beta) cos(j phi) - sigma sin(j beta) sin(j phi) and
 * sin(j(beta + sigma phi)) = sin(j beta) cos(j phi) + sigma cos(j beta) sin(j phi), so B_b(A x) is an exact
 * combination of at most two basis images ({@link #transformTerms}); radial parts are invariant. Filters
 * for every group element are therefore combinations of the precomputed images. On the pixel grid this is
 * the true transformed filter for every element; it equals an exact pixel permutation (rot90, flips) only
 * for elements mapping the grid to itself.
 *
 * <p><b>Tables.</b> {@link #expansionTable()} is the dense K8 table M[t][tap][j] = B_j(g_t^{-1} . x_tap),
 * used as W_exp[o, t, i, s, tap] = sum_j M[t][tap][j] W[o, i, T[t, s], j] with T = {@link #stabiliserTable()};
 * it is dense because every rotated image mixes the cos/sin pair. {@link #expand} is the reference.
 */
public final class SteerableBasis {
    /** One term weight * B_index of a transformed basis image. */
    public record Term(int index, double weight) {}

    private final FiniteGroup group;
    private final int k;
    private final int[] ring, freq, kind;   // kind 0: radial only, 1: cos, 2: sin
    private final double[] norm;
    private final double[][] images;        // [b][tap]

    /**
     * @param group the group of the regular fields (e.g. {@code new CyclicGroup(8)},
     *     {@code DihedralGroup.escnn(16)}); its {@link FiniteGroup#matrix} fixes the action on the plane
     * @param k odd kernel size
     */
    public SteerableBasis(FiniteGroup group, int k) {
        if (group == null) throw new IllegalArgumentException("group is null");
        if (k < 1 || k % 2 == 0) throw new IllegalArgumentException("steerable basis needs an odd kernel size, got " + k);
        this.group = group;
        this.k = k;
        List<int[]> desc = new ArrayList<>();
        List<Double> norms = new ArrayList<>();
        List<double[]> imgs = new ArrayList<>();
        int rings = (k - 1) / 2 + 1;
        for (int i = 0; i < rings; ++i) {
            for (int j = 0; j <= maxFrequency(i, k); ++j) {
                if (j == 0) {
                    double[] a = sample(i, 0, 0, 1.0);
                    double n2 = dot(a, a);
                    if (n2 < 1e-2) continue;
                    desc.add(new int[] {i, 0, 0});
                    norms.add(Math.sqrt(n2));
                    imgs.add(a);
                } else {
                    double[] a = sample(i, j, 1, 1.0), b = sample(i, j, 2, 1.0);
                    double n2 = (dot(a, a) + dot(b, b)) / 2;
                    if (n2 < 1e-2) continue;
                    desc.add(new int[] {i, j, 1});
                    desc.add(new int[] {i, j, 2});
                    norms.add(Math.sqrt(n2));
                    norms.add(Math.sqrt(n2));
                    imgs.add(a);
                    imgs.add(b);
                }
            }
        }
        int nb = desc.size();
        ring = new int[nb];
        freq = new int[nb];
        kind = new int[nb];
        norm = new double[nb];
        images = new double[nb][];
        for (int b = 0; b < nb; ++b) {
            ring[b] = desc.get(b)[0];
            freq[b] = desc.get(b)[1];
            kind[b] = desc.get(b)[2];
            norm[b] = norms.get(b);
            images[b] = imgs.get(b);
            for (int p = 0; p < images[b].length; ++p) images[b][p] /= norm[b];
        }
    }

    /** escnn's "fco1" band limit for ring radius r on a k x k kernel (R = k / 2). */
    static int maxFrequency(int r, int k) {
        int big = k / 2;
        if (r == 0) return 0;
        if (r == big) return Math.min(2 * r, 2);
        return Math.min(2 * r, 2 * r - ((r + 1) % 2));
    }

    static double sigma(int i, int k) {
        if (i == 0) return 0.005;
        return i == (k - 1) / 2 ? 0.4 : 0.6;
    }

    /** The unnormalised harmonic basis function (ring i, frequency j, kind) at the plane point (x, y). */
    double evaluate(int i, int j, int kindOf, double x, double y) {
        double r = Math.hypot(x, y), s = sigma(i, k), d = r - i;
        double radial = Math.exp(-0.5 * d * d / (s * s));
        if (kindOf == 0) return radial;
        if (r < 1e-12) return 0.0;
        double phi = Math.atan2(y, x);
        return radial * (kindOf == 1 ? Math.cos(j * phi) : Math.sin(j * phi));
    }

    private double[] sample(int i, int j, int kindOf, double scale) {
        double c = (k - 1) / 2.0;
        double[] a = new double[k * k];
        for (int row = 0; row < k; ++row)
            for (int col = 0; col < k; ++col) a[row * k + col] = scale * evaluate(i, j, kindOf, col - c, c - row);
        return a;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int p = 0; p < a.length; ++p) s += a[p] * b[p];
        return s;
    }

    /** The group whose regular fields the basis serves. */
    public FiniteGroup group() {
        return group;
    }

    /** The kernel size k. */
    public int kernelSize() {
        return k;
    }

    /** Number of basis images (coefficients per scalar kernel psi_d). */
    public int size() {
        return images.length;
    }

    /** Ring index of basis image b. */
    public int ring(int b) {
        return ring[b];
    }

    /** Angular frequency of basis image b. */
    public int frequency(int b) {
        return freq[b];
    }

    /** "radial", "cos" or "sin". */
    public String harmonic(int b) {
        return kind[b] == 0 ? "radial" : kind[b] == 1 ? "cos" : "sin";
    }

    /** The grid normaliser of basis image b (shared by a cos/sin pair). */
    public double normaliser(int b) {
        return norm[b];
    }

    /** A copy of the basis images, [size()][k*k], row-major pixels. */
    public double[][] basisImages() {
        double[][] c = new double[images.length][];
        for (int b = 0; b < c.length; ++b) c[b] = images[b].clone();
        return c;
    }

    /** Basis image b evaluated analytically at an arbitrary plane point (x, y) (same normaliser). */
    public double evaluate(int b, double x, double y) {
        return evaluate(ring[b], freq[b], kind[b], x, y) / norm[b];
    }

    /**
     * For each basis image b, the terms of B_b(A x) = sum weight * B_index(x), where A is the matrix of
     * the element g^{-1}: the transformed images used for group element g. At most two terms each.
     */
    public Term[][] transformTerms(int g) {
        double[][] a = group.matrix(group.inverse(g));
        double det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
        double sg = det > 0 ? 1 : -1;
        double beta = Math.atan2(a[1][0], a[0][0]);
        Term[][] out = new Term[size()][];
        for (int b = 0; b < size(); ++b) {
            if (kind[b] == 0) {
                out[b] = new Term[] {new Term(b, 1.0)};
                continue;
            }
            int cosIdx = kind[b] == 1 ? b : b - 1, sinIdx = cosIdx + 1;
            double cb = Math.cos(freq[b] * beta), sb = Math.sin(freq[b] * beta);
            out[b] = kind[b] == 1
                    ? new Term[] {new Term(cosIdx, cb), new Term(sinIdx, -sg * sb)}
                    : new Term[] {new Term(cosIdx, sb), new Term(sinIdx, sg * cb)};
        }
        return out;
    }

    /** The transformed images B_b(g^{-1} . x) on the grid, [size()][k*k], as combinations of the basis images. */
    public double[][] transformedBasis(int g) {
        Term[][] terms = transformTerms(g);
        double[][] out = new double[size()][k * k];
        for (int b = 0; b < size(); ++b)
            for (Term t : terms[b])
                for (int p = 0; p < k * k; ++p) out[b][p] += t.weight() * images[t.index()][p];
        return out;
    }

    /** T[t][s] = idx(g_t^{-1} g_s): which scalar kernel psi feeds output t from input s. */
    public int[][] stabiliserTable() {
        int n = group.order();
        int[][] t = new int[n][n];
        for (int a = 0; a < n; ++a) for (int s = 0; s < n; ++s) t[a][s] = group.multiply(group.inverse(a), s);
        return t;
    }

    /** The dense K8 table M[t][tap][j] = B_j(g_t^{-1} . x_tap), flattened as [|G|][k*k][size()]. */
    public float[] expansionTable() {
        int n = group.order(), taps = k * k, nb = size();
        float[] m = new float[n * taps * nb];
        for (int t = 0; t < n; ++t) {
            double[][] tb = transformedBasis(t);
            for (int p = 0; p < taps; ++p)
                for (int j = 0; j < nb; ++j) m[(t * taps + p) * nb + j] = (float) tb[j][p];
        }
        return m;
    }

    /**
     * Reference expansion in double. Group layer: {@code w} is [cOut, cIn, |G|, size()] (the coefficients
     * of psi_d for every field pair) and the result [cOut, |G|, cIn, |G|, k*k] with
     * K[o, t, i, s] = sum_j w[o, i, T[t][s], j] B_j(g_t^{-1} . x). Lifting: {@code w} is [cOut, cIn, 1, size()]
     * and the result [cOut, |G|, cIn, 1, k*k] with K[o, t, i, 0] = psi_{o,i}(g_t^{-1} . x).
     */
    public double[] expand(double[] w, int cOut, int cIn, boolean lifting) {
        int n = group.order(), nti = lifting ? 1 : n, nb = size(), taps = k * k;
        long need = (long) cOut * cIn * nti * nb;
        if (cOut < 0 || cIn < 0 || w.length != need)
            throw new IllegalArgumentException("coefficients have " + w.length + " entries, [cOut, cIn, nti, basis] = ["
                    + cOut + ", " + cIn + ", " + nti + ", " + nb + "] needs " + need);
        int[][] tt = stabiliserTable();
        double[][][] tb = new double[n][][];
        for (int t = 0; t < n; ++t) tb[t] = transformedBasis(t);
        double[] out = new double[cOut * n * cIn * nti * taps];
        for (int o = 0; o < cOut; ++o)
            for (int t = 0; t < n; ++t)
                for (int i = 0; i < cIn; ++i)
                    for (int s = 0; s < nti; ++s) {
                        int d = lifting ? 0 : tt[t][s];
                        int wBase = ((o * cIn + i) * nti + d) * nb;
                        int oBase = (((o * n + t) * cIn + i) * nti + s) * taps;
                        for (int j = 0; j < nb; ++j) {
                            double c = w[wBase + j];
                            for (int p = 0; p < taps; ++p) out[oBase + p] += c * tb[t][j][p];
                        }
                    }
        return out;
    }

    @Override
    public String toString() {
        return "SteerableBasis(" + group.name() + ", k=" + k + ", " + size() + " images)";
    }
}
