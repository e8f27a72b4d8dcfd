package org.symkern.nn;

import org.symkern.group.CyclicGroup;
import org.symkern.group.DihedralGroup;
import org.symkern.group.FilterTables;
import org.symkern.group.FiniteGroup;
import org.symkern.group.SteerableBasis;
import org.symkern.tensor.Shape;

/**
 * The symmetry group of a planar group convolution ({@link LiftingConv2d}, {@link GroupConv2d}): its stabiliser
 * H (the group axis of the feature maps (B, C, |H|, H, W)) and how filters are transformed.
 * <ul>
 *   <li>{@link #P4}, {@link #P4M}: GrouPy (docs/groups.md, section Rotations and reflections of the square). The filter is a learned k x k pixel array per
 *       (out field, in field, source element), W (cOut, cIn, si, k, k); the filter for g_t is a pure
 *       permutation of its taps (rot90 / flips) and of its source elements, T[t, s] = idx(g_t^{-1} h_s).
 *       P4M uses GrouPy's D4 convention ({@link DihedralGroup#p4m()}: t = 4m + r, g = M^m R^r, M = flipud).
 *       P4 also accepts even k (GrouPy's half-shift rotation about the kernel centre); P4M needs odd k.</li>
 *   <li>{@link #C8}, {@link #C16}, {@link #D8}: escnn-style regular fields (docs/groups.md, section Regular fields) with the
 *       steerable basis of {@link SteerableBasis} (Gaussian rings x circular harmonics, nb images for a
 *       k x k kernel, odd k). The learned parameters are basis coefficients, W (cOut, cIn, si, nb); the filter
 *       for g_t is K(x)[t, s] = psi_{idx(g_t^{-1} h_s)}(g_t^{-1} . x), evaluated exactly as combinations of the
 *       basis images (no pixel interpolation). D8 uses escnn's convention ({@link DihedralGroup#escnn}:
 *       index f*8 + k for g = R^k F^f, F = fliplr, i.e. x -> -x).</li>
 * </ul>
 * In every case the group acts on a feature map by the regular representation on the group axis and by
 * [L_g f](p) = f(g^{-1} p) on the plane: Phi(L_g x)[:, :, t] = L_g^{spatial}(Phi(x)[:, :, idx(g^{-1} g_t)])
 * ({@link FiniteGroup#groupAxisPermutation}). Exact on the pixel grid for the elements that map it onto
 * itself: {@link #rot90Element()} (numpy rot90; a roll of the group axis by |C|/4 for the cyclic groups) and
 * {@link #mirrorElement()}; approximate (measured) for the other rotations of C8 / C16 / D8.
 */
public enum GSpace {
    /** Rotations by 90 degrees (GrouPy p4), pixel filters. */
    P4(CyclicGroup.c4(), false, 1, -1),
    /** Rotations by 90 degrees and mirrors (GrouPy p4m), pixel filters. */
    P4M(DihedralGroup.p4m(), false, 1, 4),
    /** Rotations by 45 degrees, steerable filters. */
    C8(new CyclicGroup(8), true, 2, -1),
    /** Rotations by 22.5 degrees, steerable filters. */
    C16(new CyclicGroup(16), true, 4, -1),
    /** C8 and mirrors (escnn convention), steerable filters. */
    D8(DihedralGroup.escnn(8), true, 2, 8);

    private final FiniteGroup group;
    private final boolean steerable;
    private final int rot90, mirror;

    GSpace(FiniteGroup group, boolean steerable, int rot90, int mirror) {
        this.group = group;
        this.steerable = steerable;
        this.rot90 = rot90;
        this.mirror = mirror;
    }

    /** The stabiliser H whose flat indices label the group axis. */
    public FiniteGroup group() {
        return group;
    }

    /** |H|: the size of the group axis. */
    public int order() {
        return group.order();
    }

    /** true for the steerable-basis spaces (C8, C16, D8), false for GrouPy's pixel filters (P4, P4M). */
    public boolean steerable() {
        return steerable;
    }

    /** The element acting on the plane as numpy rot90 (counter-clockwise quarter turn). */
    public int rot90Element() {
        return rot90;
    }

    /** The reflection acting on the plane as flipud (P4M) or fliplr (D8); -1 for the rotation groups. */
    public int mirrorElement() {
        return mirror;
    }

    /** The K8 table of a k x k layer: lifting (si = 1) or group (si = |H|). */
    GroupFilterTable table(int k, boolean lifting) {
        if (steerable) return GroupFilterTable.steerable(new SteerableBasis(group, k), lifting);
        return GroupFilterTable.gather(this == P4 ? FilterTables.p4(k) : FilterTables.p4m(k), lifting);
    }

    /** The learned filter's shape: (cOut, cIn, si, k, k) for P4 / P4M, (cOut, cIn, si, nb) for C_N / D_N. */
    Shape weightShape(long cOut, long cIn, GroupFilterTable t) {
        int k = (int) Math.round(Math.sqrt(t.taps()));
        return steerable ? Shape.of(cOut, cIn, t.si(), t.perPlane()) : Shape.of(cOut, cIn, t.si(), k, k);
    }

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
