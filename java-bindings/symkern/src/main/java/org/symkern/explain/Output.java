package org.symkern.explain;

/**
 * The scalar of a classifier that an attribution explains, for class c of a model with logits z (B, K):
 * {@link #LOGIT} f(x) = z_c (the pre-softmax score; Grad-CAM's y^c) or {@link #PROBABILITY} f(x) = softmax(z)_c.
 */
public enum Output {
    /** The pre-softmax score z_c. */
    LOGIT,
    /** softmax(z)_c. */
    PROBABILITY
}
