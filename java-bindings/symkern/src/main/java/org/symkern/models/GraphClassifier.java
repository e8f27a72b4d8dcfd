package org.symkern.models;

import org.symkern.data.GraphBatch;
import org.symkern.nn.Module;
import org.symkern.tensor.Tensor;

/**
 * A graph classifier over block-diagonal batches of whole graphs ({@link GraphBatch}): one row of logits per graph.
 * The graph models of symkern (GCN baseline, equivariant GNN, SALF) extend it, and {@link org.symkern.salf.GraphLearner} trains any of
 * them. Implementations are invariant: relabelling the nodes of each graph (and its edges with them) leaves the logits
 * unchanged. The plain {@link Module#forward(Tensor)} does not apply (a model needs the graph, not only features).
 */
public abstract class GraphClassifier extends Module {
    /** A graph classifier named {@code name}. */
    protected GraphClassifier(String name) {
        super(name);
    }

    /** Logits (graphs, classes) of the batch. */
    public abstract Tensor logits(GraphBatch batch);

    /**
     * Logits (1, classes) of one graph given as node features x (nodes, F) and directed edges src[e] -&gt; dst[e]
     * (int32), with every message of every message-passing layer multiplied by edgeWeight[e] ((edges) float; null =
     * none), the form graph explainers use (GNNExplainer's soft edge mask, gradient saliency at w = 1). With
     * edgeWeight null this is {@link #logits} of the batch holding that one graph. Models without per-edge weights
     * throw UnsupportedOperationException.
     */
    public Tensor graphLogits(Tensor x, Tensor src, Tensor dst, Tensor edgeWeight) {
        throw new UnsupportedOperationException(name() + ": per-edge weights are not supported by this model");
    }

    /** (graphs + 1) int64 node offsets and (nodes) int32 graph ids of a single graph of `nodes` nodes on x's device. */
    protected static Tensor[] singleGraph(Tensor x) {
        long n = x.dim(0);
        return new Tensor[] {Tensor.ofLongs(new long[] {0, n}, org.symkern.tensor.Shape.of(2), x.device()),
                Tensor.zeros(org.symkern.tensor.Shape.of(n), org.symkern.tensor.DType.INT32, x.device())};
    }

    /** Number of classes, the width of the logits. */
    public abstract int classes();

    /** Unsupported: use {@link #logits(GraphBatch)}. */
    @Override
    public final Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(name() + ": call logits(batch), the model needs the graph");
    }
}
