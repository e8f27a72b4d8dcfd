package org.symkern.explain;

import org.symkern.tensor.Tensor;

/**
 * A graph neural network as the graph explainers see it: node features x (nodes, F) and directed edges src -&gt; dst
 * (int32, (edges)) with an optional weight per edge that multiplies that edge's message in every message-passing
 * layer (null: the plain model) -&gt; logits, (nodes, classes) for a node-level task or (1, classes) for a graph-level
 * task. The weight must reach the output differentiably (GNNExplainer learns it; gradient saliency differentiates at
 * w = 1). The layers of symkern's graph models take such weights ({@link org.symkern.nn.GcnConv},
 * {@link org.symkern.nn.GinConv}, {@link org.symkern.nn.EgnnLayer}); e.g. for a
 * {@link org.symkern.models.GcnNodeClassifier} m: {@code m::logits}.
 */
@FunctionalInterface
public interface MaskableGnn {
    Tensor logits(Tensor x, Tensor src, Tensor dst, Tensor edgeWeight);
}
