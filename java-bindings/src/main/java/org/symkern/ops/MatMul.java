package org.symkern.ops;

import org.symkern.tensor.Tensor;

/** PLACEHOLDER (signature fixed): batched matrix product over the last two axes (catalog K1). */
public final class MatMul {
    static final String NOT_YET = "MatMul: not implemented yet";

    private MatMul() {}

    /** op(a) @ op(b), op = transpose of the last two axes when the flag is set. */
    public static Tensor apply(Tensor a, Tensor b, boolean transA, boolean transB) { throw new UnsupportedOperationException(NOT_YET); }
}
