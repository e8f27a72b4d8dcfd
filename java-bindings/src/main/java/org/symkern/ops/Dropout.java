package org.symkern.ops;

import org.symkern.tensor.Tensor;

/** PLACEHOLDER (signature fixed): inverted dropout with a counter-based mask (catalog K6). */
public final class Dropout {
    static final String NOT_YET = "Dropout: not implemented yet";

    private Dropout() {}

    public static Tensor apply(Tensor x, float p, long seed, long offset) { throw new UnsupportedOperationException(NOT_YET); }
}
