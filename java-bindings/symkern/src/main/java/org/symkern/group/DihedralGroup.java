package org.symkern.group;

/**
 * D_N, the symmetry group of the regular N-gon (order 2N), in one of two index conventions:
 * <ul>
 *   <li>{@link Convention#GROUPY} (p4m's stabiliser D4, docs/groups.md, section Rotations and reflections of the square): flat index t = N m + r for
 *       g = M^m R^r (rotate first, then mirror); M negates the ROW axis u (numpy flipud; y -> -y).
 *       Product (m1, r1) * (m2, r2) = ((m1 + m2) mod 2, ((-1)^{m2} r1 + r2) mod N);
 *       inverse (0, r) -> (0, -r), (1, r) -> (1, r).</li>
 *   <li>{@link Convention#ESCNN} (flipRot2dOnR2, docs/groups.md, section Regular fields): flat index f N + k for
 *       g = R^k F^f (flip first, then rotate); F is the reflection across the y axis, x -> -x (numpy fliplr).
 *       Product (b, a) * (d, c) = ((b + d) mod 2, (a + (-1)^b c) mod N);
 *       inverse (0, k) -> (0, -k), (1, k) -> (1, k).</li>
 * </ul>
 * In both, R^r is the counter-clockwise rotation by 2 pi r / N in (x right, y up) coordinates.
 */
public final class DihedralGroup implements FiniteGroup {
    /** Index and mirror convention; see the class comment. */
    public enum Convention {
        /** GrouPy (p4m): index N m + r, g = M^m R^r, M negates the row axis. */ GROUPY,
        /** escnn: index f N + k, g = R^k F^f, F = x -&gt; -x. */ ESCNN
    }

    private final int n;
    private final Convention convention;

    /** D_n (order 2n) with the given index convention. */
    public DihedralGroup(int n, Convention convention) {
        if (n < 1) throw new IllegalArgumentException("D_N needs N >= 1, got " + n);
        if (convention == null) throw new IllegalArgumentException("convention is null");
        this.n = n;
        this.convention = convention;
    }

    /** The p4m stabiliser D4 with GrouPy's indices t = 4m + r. */
    public static DihedralGroup p4m() {
        return new DihedralGroup(4, Convention.GROUPY);
    }

    /** D_N with escnn's indices f N + k (the D_N regular fields of docs/groups.md, section Regular fields). */
    public static DihedralGroup escnn(int n) {
        return new DihedralGroup(n, Convention.ESCNN);
    }

    /** N (the rotation order); the group has 2N elements. */
    public int rotations() {
        return n;
    }

    /** The index convention of this group. */
    public Convention convention() {
        return convention;
    }

    /** Flat index of the element with mirror/flip bit {@code m} and rotation {@code r}. */
    public int index(int m, int r) {
        if (m != 0 && m != 1) throw new IllegalArgumentException("mirror bit must be 0 or 1, got " + m);
        return m * n + Math.floorMod(r, n);
    }

    /** The mirror/flip bit of {@code t}. */
    public int mirror(int t) {
        check(t);
        return t / n;
    }

    /** The rotation part of {@code t}: r of M^m R^r (GrouPy) or k of R^k F^f (escnn). */
    public int rotation(int t) {
        check(t);
        return t % n;
    }

    /** The rotation angle 2 pi rotation(t) / N. */
    public double angle(int t) {
        return 2 * Math.PI * rotation(t) / n;
    }

    private void check(int t) {
        if (t < 0 || t >= 2 * n) throw new IllegalArgumentException("element " + t + " is outside [0, " + 2 * n + ")");
    }

    @Override
    public int order() {
        return 2 * n;
    }

    @Override
    public int multiply(int a, int b) {
        int m1 = mirror(a), r1 = rotation(a), m2 = mirror(b), r2 = rotation(b);
        if (convention == Convention.GROUPY) return index((m1 + m2) % 2, (m2 == 0 ? r1 : -r1) + r2);
        return index((m1 + m2) % 2, r1 + (m1 == 0 ? r2 : -r2));
    }

    @Override
    public int inverse(int a) {
        return mirror(a) == 0 ? index(0, -rotation(a)) : a;
    }

    @Override
    public double[][] matrix(int a) {
        double[][] rot = FiniteGroup.rotationMatrix(angle(a));
        if (mirror(a) == 0) return rot;
        if (convention == Convention.GROUPY) return FiniteGroup.times(new double[][] {{1, 0}, {0, -1}}, rot);   // M R^r, M: y -> -y
        return FiniteGroup.times(rot, new double[][] {{-1, 0}, {0, 1}});                                          // R^k F, F: x -> -x
    }

    @Override
    public boolean isReflection(int a) {
        return mirror(a) == 1;
    }

    @Override
    public String name() {
        return "D" + n + (convention == Convention.GROUPY ? " (GrouPy)" : " (escnn)");
    }

    @Override
    public String toString() {
        return name();
    }
}
