package org.symkern.ops;

import org.symkern.tensor.Tensor;

/** PLACEHOLDER (signature fixed): softmax / log-softmax over the last axis (catalog K3). */
public final class Softmax {
    static final String NOT_YET = "Softmax: not implemented yet";

    private Softmax() {}

    public static Tensor apply(Tensor x, boolean log) { throw new UnsupportedOperationException(NOT_YET); }
}
