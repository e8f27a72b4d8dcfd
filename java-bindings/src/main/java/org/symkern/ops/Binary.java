package org.symkern.ops;

import org.symkern.tensor.Tensor;

/** PLACEHOLDER (signatures fixed): out = a (op) b with numpy broadcasting (catalog K2). */
public final class Binary {
    static final String NOT_YET = "Binary: not implemented yet";

    /** Op codes of symkern.h (SK_BINARY_*). */
    public enum Op {
        ADD(0), SUB(1), MUL(2), DIV(3);

        public final int code;

        Op(int code) {
            this.code = code;
        }
    }

    private Binary() {}

    public static Tensor apply(Tensor a, Tensor b, Op op) { throw new UnsupportedOperationException(NOT_YET); }
}
