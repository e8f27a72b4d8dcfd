/**
 * Point clouds: E(3)-equivariant dynamics and symmetry breaking.
 *
 * <p>Data: {@link org.symkern.pointcloud.ChargedNBody} (the charged 5-body benchmark of Satorras, Hoogeboom &amp;
 * Welling 2021, optionally in a uniform external field) producing {@link org.symkern.pointcloud.NBodySet}s, and
 * {@link org.symkern.pointcloud.ShapeClouds} (synthetic shapes whose classes depend on the up direction) producing
 * {@link org.symkern.pointcloud.ShapeSet}s. Models: {@link org.symkern.pointcloud.EgnnDynamics} (EGNN with the
 * velocity term; plain, externally or internally symmetry-broken), {@link org.symkern.pointcloud.GnnDynamics},
 * {@link org.symkern.pointcloud.RadialField}, {@link org.symkern.pointcloud.LinearDynamics} and
 * the shape classifiers ({@link org.symkern.pointcloud.CloudClassifier}): {@link org.symkern.pointcloud.ShapeClassifier}
 * (DeepSets on invariant, framed, absolute or raw point features) and {@link org.symkern.pointcloud.EgnnShapeClassifier}
 * (EGNN, plain, externally or internally broken);
 * trainers {@link org.symkern.pointcloud.DynamicsTrainer} and {@link org.symkern.pointcloud.ShapeTrainer}.
 * "External" breaking gives the model a geometric reference vector (field or up direction) that transforms with the
 * system; "internal" breaking makes the architecture itself non-equivariant (Vadgama et al. 2025).
 */
package org.symkern.pointcloud;
