package org.symkern.ops;

import org.symkern.tensor.Tensor;

/** PLACEHOLDER (signatures fixed): sum / mean / max over an axis (catalog K3). */
public final class Reduce {
    static final String NOT_YET = "Reduce: not implemented yet";

    /** Op codes of symkern.h (SK_REDUCE_*). */
    public enum Op {
        SUM(0), MEAN(1), MAX(2);

        public final int code;

        Op(int code) {
            this.code = code;
        }
    }

    private Reduce() {}

    public static Tensor apply(Tensor x, int axis, Op op, boolean keepDim) { throw new UnsupportedOperationException(NOT_YET); }

    /** Reduction over all elements; rank-0 result. */
    public static Tensor all(Tensor x, Op op) { throw new UnsupportedOperationException(NOT_YET); }
}
