package org.symkern.explain;

import org.symkern.tensor.Tensor;

/**
 * A per-feature attribution of one input x (1, *sample): {@code values} has x's shape and device and lives in
 * the caller's scope; {@code delta} is the completeness gap sum(values) - (f(x) - E f(baseline)) (Captum's
 * "convergence delta"): for integrated gradients the integration error, for GradientSHAP a Monte-Carlo estimate
 * of it.
 */
public record Attribution(Tensor values, double delta) {}
