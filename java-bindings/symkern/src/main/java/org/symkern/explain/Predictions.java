package org.symkern.explain;

import org.symkern.autograd.GradMode;
import org.symkern.nn.Module;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Forward passes of a {@link MaskableGnn} without gradients, in evaluation mode, optionally under soft masks: the node
 * features multiplied by a feature mask and every message by an edge weight (PyG's get_masked_prediction).
 */
public final class Predictions {
    private Predictions() {}

    /**
     * The logits (rows x classes, row-major) of the model on g with optional masks: featureMask of length featureDim
     * (shared by all nodes), nodes x featureDim, or nodes (one weight per node); edgeWeight (edges); null = none.
     */
    public static float[] logits(Module model, MaskableGnn fn, GraphInstance g, float[] featureMask, float[] edgeWeight, Device device) {
        try (ModelGuard f = ModelGuard.eval(model); Scope s = Scope.open(); GradMode.Guard ng = GradMode.disable()) {
            Tensor x = g.features(device);
            if (featureMask != null) {
                Shape shape;
                if (featureMask.length == g.featureDim()) shape = Shape.of(1, g.featureDim());
                else if (featureMask.length == (long) g.nodes() * g.featureDim()) shape = Shape.of(g.nodes(), g.featureDim());
                else if (featureMask.length == g.nodes()) shape = Shape.of(g.nodes(), 1);
                else throw new IllegalArgumentException("feature mask of " + featureMask.length + " values fits neither " + g.featureDim()
                        + " features, " + g.nodes() + " x " + g.featureDim() + " nor " + g.nodes() + " nodes");
                x = x.mul(Tensor.of(featureMask, shape, device));
            }
            Tensor w = null;
            if (edgeWeight != null) {
                if (edgeWeight.length != g.edges())
                    throw new IllegalArgumentException("edge weights: " + edgeWeight.length + " values for " + g.edges() + " edges");
                w = Tensor.of(edgeWeight, Shape.of(g.edges()), device);
            }
            return fn.logits(x, g.srcTensor(device), g.dstTensor(device), w).toFloatArray();
        }
    }

    /** Number of classes (columns of the logits) of the model on g. */
    static int classes(Module model, MaskableGnn fn, GraphInstance g, Device device) {
        try (ModelGuard f = ModelGuard.eval(model); Scope s = Scope.open(); GradMode.Guard ng = GradMode.disable()) {
            return (int) fn.logits(g.features(device), g.srcTensor(device), g.dstTensor(device), null).dim(1);
        }
    }

    /** argmax of every row of a logits array with `classes` columns. */
    public static int[] argmax(float[] logits, int classes) {
        int[] out = new int[logits.length / classes];
        for (int r = 0; r < out.length; r++) {
            int best = 0;
            for (int k = 1; k < classes; k++) if (logits[r * classes + k] > logits[r * classes + best]) best = k;
            out[r] = best;
        }
        return out;
    }

    /** The model's predicted class at output row `row` on g, unmasked. */
    public static int predictedClass(Module model, MaskableGnn fn, GraphInstance g, int row, Device device) {
        int classes = classes(model, fn, g, device);
        float[] l = logits(model, fn, g, null, null, device);
        if (row < 0 || row >= l.length / classes)
            throw new IllegalArgumentException("prediction: row " + row + " is out of range [0, " + l.length / classes + ")");
        return argmax(l, classes)[row];
    }
}
