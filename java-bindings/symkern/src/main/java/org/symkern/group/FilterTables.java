package org.symkern.group;

/**
 * The index tables of the "split" group convolution (GrouPy; docs/groups.md, section Filter tables): the transformed filter
 * bank is a pure gather from the learned filter,
 * <pre>
 *   TW[o, t, i, s, tap] = W[o, i, T[t, s], source[t][tap]]      (lifting layer: nti = 1, T[t, 0] = 0)
 * </pre>
 * with tap = y*k + x for 2D (y = row, x = column) and tap = x for 1D. For g_t in the stabiliser H:
 * <ul>
 *   <li>T[t, s] = flat(g_t^{-1} h_s) (p4: (s - t) mod 4; p4m: the D4 product of {@link DihedralGroup}).</li>
 *   <li>(U, V)[t, y, x] = c + g_t^{-1} (y - c, x - c), c = (k-1)/2, with g_t^{-1} = R^{-r} M^m: first, if
 *       m = 1, (u, v) -> (-u, v); then r times R^{-1}(u, v) = (v, -u). source[t][y*k + x] = U*k + V.
 *       For p4 this is numpy rot90(W, t); p4m t = 4: flipud, t = 5: transpose, t = 6: fliplr,
 *       t = 7: W[k-1-x, k-1-y].</li>
 *   <li>Even k (p4 only): the rotation is about the kernel centre c = (k-1)/2, a half-integer, which is
 *       GrouPy's C4_halfshift rule; for k = 2, t = 1 maps [[a, b], [c, d]] to [[b, d], [a, c]]. The
 *       arithmetic is done in doubled coordinates 2(y - c) = 2y - (k-1), so it stays integral. p4m needs odd k.</li>
 *   <li>1D time reversal (Z2 = {e, reverse}): T[t, s] = (t + s) mod 2 and source[1][x] = k-1-x, i.e. the
 *       filter and its reversal; the group convolution permutes the 2-element group axis ([1, 0]).</li>
 * </ul>
 * Because the planar action is [L_g f](p) = f(g^{-1} p), the same source table with k = H is the spatial
 * action L_g^spatial on an H x H image (see {@link #transform}); together with
 * {@link FiniteGroup#groupAxisPermutation} it states the equivariance law of docs/groups.md, section Equivariance laws.
 * Feature maps are [B, C, |H|, H, W] (1D: [B, C, 2, T]); the folded channel index is i*nti + s.
 */
public final class FilterTables {
    private final String name;
    private final FiniteGroup group;
    private final int k;
    private final int dims;
    private final int[][] stabiliser;   // [t][s]
    private final int[][] source;       // [t][tap]

    private FilterTables(String name, FiniteGroup group, int k, int dims, int[][] source) {
        this.name = name;
        this.group = group;
        this.k = k;
        this.dims = dims;
        this.source = source;
        int g = group.order();
        stabiliser = new int[g][g];
        for (int t = 0; t < g; ++t)
            for (int s = 0; s < g; ++s) stabiliser[t][s] = group.multiply(group.inverse(t), s);
    }

    /** p4 (stabiliser C4, t = r), kernel size k >= 1 (odd, or even by the half-shift rule). */
    public static FilterTables p4(int k) {
        checkSize(k);
        return new FilterTables("p4", CyclicGroup.c4(), k, 2, planeSources(4, k, t -> 0, t -> t));
    }

    /** p4m (stabiliser D4 with GrouPy indices t = 4m + r), odd kernel size k. */
    public static FilterTables p4m(int k) {
        checkSize(k);
        if (k % 2 == 0) throw new IllegalArgumentException("p4m needs an odd kernel size (the mirror of GrouPy's D4 is about a pixel centre), got " + k);
        DihedralGroup d4 = DihedralGroup.p4m();
        return new FilterTables("p4m", d4, k, 2, planeSources(8, k, d4::mirror, d4::rotation));
    }

    /** 1D time reversal Z2 = {e, reverse} (element 1 reverses), kernel length k >= 1. */
    public static FilterTables timeReversal(int k) {
        checkSize(k);
        int[][] src = new int[2][k];
        for (int x = 0; x < k; ++x) {
            src[0][x] = x;
            src[1][x] = k - 1 - x;
        }
        return new FilterTables("z2-time-reversal", new CyclicGroup(2), k, 1, src);
    }

    private static void checkSize(int k) {
        if (k < 1) throw new IllegalArgumentException("kernel size must be >= 1, got " + k);
    }

    private static int[][] planeSources(int order, int k, java.util.function.IntUnaryOperator mirror,
                                        java.util.function.IntUnaryOperator rotation) {
        int[][] src = new int[order][k * k];
        for (int t = 0; t < order; ++t)
            for (int y = 0; y < k; ++y)
                for (int x = 0; x < k; ++x) {
                    int u = 2 * y - (k - 1), v = 2 * x - (k - 1);   // doubled centred coordinates
                    if (mirror.applyAsInt(t) == 1) u = -u;
                    for (int q = 0; q < rotation.applyAsInt(t); ++q) {
                        int nu = v, nv = -u;
                        u = nu;
                        v = nv;
                    }
                    src[t][y * k + x] = ((u + k - 1) / 2) * k + (v + k - 1) / 2;
                }
        return src;
    }

    /** "p4", "p4m" or "z2-time-reversal". */
    public String name() {
        return name;
    }

    /** The stabiliser H whose flat indices label the group axis. */
    public FiniteGroup group() {
        return group;
    }

    /** |H| (nto, and nti of a group layer). */
    public int groupOrder() {
        return group.order();
    }

    /** The kernel size k. */
    public int kernelSize() {
        return k;
    }

    /** 2 for p4 / p4m, 1 for time reversal. */
    public int dims() {
        return dims;
    }

    /** Taps per filter: k*k (2D) or k (1D). */
    public int taps() {
        return source[0].length;
    }

    /** T[t, s] = flat(g_t^{-1} h_s). */
    public int stabiliser(int t, int s) {
        return stabiliser[t][s];
    }

    /** A copy of the table T, [|H|][|H|]. */
    public int[][] stabiliserTable() {
        int[][] c = new int[stabiliser.length][];
        for (int t = 0; t < c.length; ++t) c[t] = stabiliser[t].clone();
        return c;
    }

    /** The flat source tap of output tap {@code tap} of the filter for g_t. */
    public int sourceTap(int t, int tap) {
        return source[t][tap];
    }

    /** A copy of the flat gather table source[t][tap] (the K8 filter_expand table: one entry of weight 1 per tap). */
    public int[][] sourceTable() {
        int[][] c = new int[source.length][];
        for (int t = 0; t < c.length; ++t) c[t] = source[t].clone();
        return c;
    }

    /** U[t, y, x]: the source row (2D tables only). */
    public int u(int t, int y, int x) {
        require2d();
        return source[t][y * k + x] / k;
    }

    /** V[t, y, x]: the source column (2D tables only). */
    public int v(int t, int y, int x) {
        require2d();
        return source[t][y * k + x] % k;
    }

    private void require2d() {
        if (dims != 2) throw new IllegalStateException(name + " tables are 1D: there is no U/V split");
    }

    /** The spatial action of g_t on one k x k (or length-k) array: out[tap] = in[source[t][tap]]. */
    public float[] transform(int t, float[] in) {
        if (in.length != taps()) throw new IllegalArgumentException("array has " + in.length + " entries, expected " + taps());
        float[] out = new float[in.length];
        for (int p = 0; p < out.length; ++p) out[p] = in[source[t][p]];
        return out;
    }

    /**
     * Reference filter expansion (float, the K8 gather done on the host). Lifting: {@code w} is
     * [cOut, cIn, 1, taps] and the result [cOut, |H|, cIn, 1, taps]. Group layer: {@code w} is
     * [cOut, cIn, |H|, taps] and the result [cOut, |H|, cIn, |H|, taps].
     */
    public float[] expand(float[] w, int cOut, int cIn, boolean lifting) {
        int g = groupOrder(), nti = lifting ? 1 : g, taps = taps();
        long need = (long) cOut * cIn * nti * taps;
        if (cOut < 0 || cIn < 0 || w.length != need)
            throw new IllegalArgumentException("filter has " + w.length + " entries, [cOut, cIn, nti, taps] = ["
                    + cOut + ", " + cIn + ", " + nti + ", " + taps + "] needs " + need);
        float[] out = new float[cOut * g * cIn * nti * taps];
        int q = 0;
        for (int o = 0; o < cOut; ++o)
            for (int t = 0; t < g; ++t)
                for (int i = 0; i < cIn; ++i)
                    for (int s = 0; s < nti; ++s) {
                        int srcS = lifting ? 0 : stabiliser[t][s];
                        int base = ((o * cIn + i) * nti + srcS) * taps;
                        for (int p = 0; p < taps; ++p) out[q++] = w[base + source[t][p]];
                    }
        return out;
    }

    @Override
    public String toString() {
        return name + "(k=" + k + ")";
    }
}
