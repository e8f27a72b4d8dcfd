/**
 * Attribution methods for symkern models: {@link org.symkern.explain.GradCam} (plain, group-pooled and
 * orientation-resolved), {@link org.symkern.explain.KernelShap} over a {@link org.symkern.explain.CoalitionGame}
 * (tensor inputs: {@link org.symkern.explain.MaskedInputGame} with {@link org.symkern.explain.Players} and a
 * {@link org.symkern.explain.Background}), {@link org.symkern.explain.IntegratedGradients} and
 * {@link org.symkern.explain.GradientShap}. Every method runs the model in evaluation mode with its parameters
 * frozen ({@link org.symkern.explain.ModelGuard}) on the input's device. Metrics live in
 * {@code org.symkern.explain.metrics}; the mathematics is written in each class and in docs/explain.md.
 */
package org.symkern.explain;
