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

    /** Number of classes, the width of the logits. */
    public abstract int classes();

    /** Unsupported: use {@link #logits(GraphBatch)}. */
    @Override
    public final Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(name() + ": call logits(batch), the model needs the graph");
    }
}
