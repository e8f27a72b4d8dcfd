package org.symkern.explain;

import org.symkern.explain.GraphExplanation.FeatureMaskType;
import org.symkern.nn.Module;
import org.symkern.ops.CrossEntropy;
import org.symkern.ops.Gather;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Gradient saliency of the edges, the "Grad" baseline of the GNNExplainer paper (Ying et al. 2019): the score of edge
 * e is the magnitude of the gradient of the model's loss on the explained prediction with respect to the edge's
 * weight, at weight 1 (the unmasked graph),
 * <pre>
 *   s_e = | d/dw_e ( - log p_model(c | X, edges weighted by w)[index] ) |   at w = 1,
 * </pre>
 * c the model's own prediction (or a given class). One forward and one backward pass; node level on the node's
 * computation subgraph (as {@link GnnExplainer}), graph level on the whole graph. Model parameters and gradients stay
 * untouched, the model runs in evaluation mode.
 */
public final class EdgeGradientSaliency {
    private final Module model;
    private final MaskableGnn fn;
    private final Device device;

    public EdgeGradientSaliency(Module model, MaskableGnn fn) {
        if (model == null || fn == null) throw new IllegalArgumentException("EdgeGradientSaliency: model and forward must not be null");
        this.model = model;
        this.fn = fn;
        this.device = GnnExplainer.deviceOf(model);
    }

    /** Edge saliency for the prediction at `node` (class: the model's prediction). */
    public GraphExplanation explainNode(GraphInstance g, int node, int hops) {
        ComputationSubgraph sub = ComputationSubgraph.of(g, node, hops);
        int c = Predictions.predictedClass(model, fn, g, node, device);
        return new GraphExplanation(node, c, sub.toFullEdges(saliency(sub.graph, sub.center, c), g.edges()), null, FeatureMaskType.NONE, sub);
    }

    /** Edge saliency for a graph-level prediction. */
    public GraphExplanation explainGraph(GraphInstance g) {
        return explainGraph(g, -1);
    }

    /** As {@link #explainGraph(GraphInstance)} for class `target` (target &lt; 0: the model's prediction). */
    public GraphExplanation explainGraph(GraphInstance g, int target) {
        int c = target >= 0 ? target : Predictions.predictedClass(model, fn, g, 0, device);
        if (target >= 0) {
            int classes = Predictions.classes(model, fn, g, device);
            if (target >= classes) throw new IllegalArgumentException("EdgeGradientSaliency: class " + target + " is out of range [0, " + classes + ")");
        }
        return new GraphExplanation(-1, c, saliency(g, 0, c), null, FeatureMaskType.NONE, null);
    }

    private float[] saliency(GraphInstance g, int row, int c) {
        if (g.edges() == 0) return new float[0];
        try (ModelGuard f = ModelGuard.eval(model); Scope s = Scope.open()) {
            Tensor w = Tensor.ones(Shape.of(g.edges()), device).requiresGrad(true);
            Tensor logits = fn.logits(g.features(device), g.srcTensor(device), g.dstTensor(device), w);
            Tensor loss = CrossEntropy.apply(Gather.apply(logits, Tensor.ofInts(new int[] {row}, Shape.of(1), device)),
                    Tensor.ofInts(new int[] {c}, Shape.of(1), device), null, 0f);
            loss.backward();
            float[] grad = w.grad() == null ? new float[g.edges()] : w.grad().toFloatArray();
            for (int e = 0; e < grad.length; e++) grad[e] = Math.abs(grad[e]);
            return grad;
        }
    }
}
