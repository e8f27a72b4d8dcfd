package org.symkern.group;

/**
 * A small finite group whose elements are the flat indices {@code 0..order()-1}, index 0 being the
 * identity, acting on the plane by orthogonal 2x2 matrices. Implemented by {@link CyclicGroup} and
 * {@link DihedralGroup} (the stabilisers H of p4 / p4m and of the C_N / D_N regular fields).
 */
public interface FiniteGroup {
    /** |G|. */
    int order();

    /** Flat index of {@code a * b}. */
    int multiply(int a, int b);

    /** Flat index of {@code a^{-1}}. */
    int inverse(int a);

    /**
     * The 2x2 matrix of element {@code a} acting on the plane in (x right, y up) coordinates, where the
     * pixel at array index [row, col] of a k x k grid sits at (x, y) = (col - c, c - row), c = (k-1)/2.
     * A homomorphism: {@code matrix(multiply(a, b)) = matrix(a) * matrix(b)}.
     */
    double[][] matrix(int a);

    /** Whether {@code a} is a reflection (determinant -1). */
    boolean isReflection(int a);

    /** A short name such as "C4" or "D4 (GrouPy)". */
    String name();

    /** The Cayley table {@code table[a][b] = multiply(a, b)}. */
    default int[][] cayleyTable() {
        int n = order();
        int[][] t = new int[n][n];
        for (int a = 0; a < n; ++a) for (int b = 0; b < n; ++b) t[a][b] = multiply(a, b);
        return t;
    }

    /**
     * The regular-representation permutation of the group axis of a feature map under element g:
     * {@code perm[t] = idx(g^{-1} * g_t)}, so that {@code Phi(L_g x)[:, :, t] = L_g^spatial(Phi(x)[:, :, perm[t]])}
     * (docs/groups.md, section Equivariance laws; equivalently rho(g) e_h = e_{g h}).
     */
    default int[] groupAxisPermutation(int g) {
        int n = order(), gi = inverse(g);
        int[] perm = new int[n];
        for (int t = 0; t < n; ++t) perm[t] = multiply(gi, t);
        return perm;
    }

    /** 2x2 rotation matrix by angle theta (counter-clockwise in (x right, y up) coordinates). */
    static double[][] rotationMatrix(double theta) {
        double c = Math.cos(theta), s = Math.sin(theta);
        return new double[][] {{c, -s}, {s, c}};
    }

    /** 2x2 matrix product a * b. */
    static double[][] times(double[][] a, double[][] b) {
        double[][] r = new double[2][2];
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 2; ++j) r[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j];
        return r;
    }
}
