package org.symkern.explain.metrics;

/**
 * One group element g acting on a model's inputs (x -> g x) and on explanations (e -> g e), for the
 * explanation-equivariance metrics. X is the input type: a {@link org.symkern.tensor.Tensor} for images and
 * signals ({@link GridActions}), a graph batch for node permutations (supplied by the graph code).
 */
public interface GroupAction<X> {
    /** A short name ("rot90", "flipud o rot90", "perm#3"). */
    String name();

    /** g x. */
    X onInput(X x);

    /** g e for an explanation e of x (a flat array in the explanation's own layout). */
    float[] onExplanation(float[] e);
}
