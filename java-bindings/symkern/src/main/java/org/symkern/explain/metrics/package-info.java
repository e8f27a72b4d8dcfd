/**
 * Metrics of explanations: {@link org.symkern.explain.metrics.PointingGame}, deletion / insertion AUC
 * ({@link org.symkern.explain.metrics.DeletionInsertion}), {@link org.symkern.explain.metrics.Spearman} rank
 * correlation, explanation equivariance / invariance ({@link org.symkern.explain.metrics.ExplanationEquivariance}
 * over {@link org.symkern.explain.metrics.GroupAction}s such as {@link org.symkern.explain.metrics.GridActions}),
 * and the parameter-randomisation {@link org.symkern.explain.metrics.SanityCheck}.
 */
package org.symkern.explain.metrics;
