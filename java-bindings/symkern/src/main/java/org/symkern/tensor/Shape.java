package org.symkern.tensor;

import java.util.Arrays;

/** An immutable row-major shape; rank 0 (no dimensions) is a scalar with one element. */
public final class Shape {
    private final long[] dims;
    private final long numel;

    private Shape(long[] dims) {
        this.dims = dims;
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0)
                throw new IllegalArgumentException("negative size " + dims[i] + " at dim " + i + " in shape " + Arrays.toString(dims));
            n = Math.multiplyExact(n, dims[i]);
        }
        this.numel = n;
    }

    /** The shape with these dimensions (each &gt;= 0). */
    public static Shape of(long... dims) {
        if (dims == null) throw new IllegalArgumentException("shape dims are null");
        return new Shape(dims.clone());
    }

    /** The shape of a scalar (rank 0). */
    public static Shape scalar() {
        return new Shape(new long[0]);
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Size of dimension i; negative i counts from the end. */
    public long dim(int i) {
        return dims[axis(i)];
    }

    /** Normalizes an axis that may be negative; throws for an axis out of range. */
    public int axis(int i) {
        int a = i < 0 ? i + dims.length : i;
        if (a < 0 || a >= dims.length)
            throw new IllegalArgumentException("axis " + i + " is out of range for shape " + this);
        return a;
    }

    /** Number of elements (1 for a scalar). */
    public long numel() {
        return numel;
    }

    /** A copy of the dimensions. */
    public long[] dims() {
        return dims.clone();
    }

    /** Product of dims[from, to). */
    public long prod(int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) p *= dims[i];
        return p;
    }

    /** The same dims left-padded with 1s to `rank` entries. */
    public long[] padTo(int rank) {
        if (rank < dims.length) throw new IllegalArgumentException("cannot pad " + this + " to rank " + rank);
        long[] out = new long[rank];
        Arrays.fill(out, 1);
        System.arraycopy(dims, 0, out, rank - dims.length, dims.length);
        return out;
    }

    /** The numpy broadcast of two shapes; throws naming both shapes when they are incompatible. */
    public static Shape broadcast(Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        long[] pa = a.padTo(r), pb = b.padTo(r), out = new long[r];
        for (int i = 0; i < r; i++) {
            if (pa[i] == pb[i] || pb[i] == 1) out[i] = pa[i];
            else if (pa[i] == 1) out[i] = pb[i];
            else throw new IllegalArgumentException("shapes " + a + " and " + b + " cannot be broadcast (dim " + i + ")");
        }
        return new Shape(out);
    }

    /** This shape with dimension `axis` removed (keepDim false) or set to 1 (keepDim true). */
    public Shape reduce(int axis, boolean keepDim) {
        int a = axis(axis);
        long[] out;
        if (keepDim) {
            out = dims.clone();
            out[a] = 1;
        } else {
            out = new long[dims.length - 1];
            for (int i = 0, j = 0; i < dims.length; i++) if (i != a) out[j++] = dims[i];
        }
        return new Shape(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
