package org.symkern.group;

/**
 * C_N: rotations R^k by theta_k = 2 pi k / N, flat index k (so C4 has GrouPy's p4 index t = r).
 * Product (a, b) -> (a + b) mod N, inverse k -> -k mod N. R^k rotates counter-clockwise in (x right, y up)
 * coordinates; for k = N/4 this is numpy rot90 of an image, and GrouPy's R(r) acting on (row, col)
 * offsets is the same geometric rotation.
 */
public final class CyclicGroup implements FiniteGroup {
    private final int n;

    /** C_n, the rotations by multiples of 2 pi / n (n &gt;= 1). */
    public CyclicGroup(int n) {
        if (n < 1) throw new IllegalArgumentException("C_N needs N >= 1, got " + n);
        this.n = n;
    }

    /** The p4 stabiliser C4 (flat index t = r). */
    public static CyclicGroup c4() {
        return new CyclicGroup(4);
    }

    @Override
    public int order() {
        return n;
    }

    @Override
    public int multiply(int a, int b) {
        return Math.floorMod(a + b, n);
    }

    @Override
    public int inverse(int a) {
        return Math.floorMod(-a, n);
    }

    /** theta_k = 2 pi k / N. */
    public double angle(int k) {
        return 2 * Math.PI * k / n;
    }

    @Override
    public double[][] matrix(int a) {
        return FiniteGroup.rotationMatrix(angle(a));
    }

    @Override
    public boolean isReflection(int a) {
        return false;
    }

    @Override
    public String name() {
        return "C" + n;
    }

    @Override
    public String toString() {
        return name();
    }
}
