package org.symkern.pointcloud;

import org.symkern.nn.Module;
import org.symkern.tensor.Tensor;

/**
 * A classifier of variable-size point clouds with an up vector ({@link ShapeSet}), trained by {@link ShapeTrainer}:
 * {@link ShapeClassifier} (DeepSets on per-point features) and {@link EgnnShapeClassifier} (EGNN message passing).
 */
public abstract class CloudClassifier extends Module {
    protected CloudClassifier(String name) {
        super(name);
    }

    /** Logits (clouds, classes) of the clouds of {@code b}. */
    public abstract Tensor logits(ShapeSet b);

    /** Use {@link #logits(ShapeSet)}. */
    @Override
    public final Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(name() + ": call logits(ShapeSet)");
    }
}
