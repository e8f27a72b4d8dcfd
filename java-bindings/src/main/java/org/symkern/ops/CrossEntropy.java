package org.symkern.ops;

import org.symkern.tensor.Tensor;

/** PLACEHOLDER (signature fixed): fused log-softmax + NLL, mean reduction (catalog K4). */
public final class CrossEntropy {
    static final String NOT_YET = "CrossEntropy: not implemented yet";

    private CrossEntropy() {}

    /** logits (rows, classes), labels int32 (rows), weights (classes) or null, smoothing in [0, 1). */
    public static Tensor apply(Tensor logits, Tensor labels, Tensor weights, float smoothing) { throw new UnsupportedOperationException(NOT_YET); }
}
