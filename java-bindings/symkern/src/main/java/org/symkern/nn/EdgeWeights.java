package org.symkern.nn;

import org.symkern.tensor.DType;
import org.symkern.tensor.Tensor;

/**
 * Checks and shapes the optional per-edge weights of the message-passing layers ({@link GcnConv}, {@link GinConv},
 * {@link EgnnLayer}): a float tensor of one weight per edge, (edges) or (edges, 1), returned as a column (edges, 1)
 * that broadcasts over the message channels. The reshape is a view, so a weight that requires grad keeps its graph.
 */
final class EdgeWeights {
    private EdgeWeights() {}

    static Tensor column(Tensor w, long edges, String layer) {
        if (w.dtype() != DType.FLOAT32)
            throw new IllegalArgumentException(layer + ": edge weights must be float32, got " + w.describe());
        boolean ok = (w.rank() == 1 && w.dim(0) == edges) || (w.rank() == 2 && w.dim(0) == edges && w.dim(1) == 1);
        if (!ok) throw new IllegalArgumentException(layer + ": edge weights " + w.shape() + " must be (" + edges + ") or (" + edges + ", 1), one per edge");
        return w.rank() == 2 ? w : w.reshape(edges, 1);
    }
}
