package org.symkern.nn;

import org.symkern.ops.Gather;
import org.symkern.ops.ScatterAdd;
import org.symkern.tensor.Tensor;

/**
 * Graph isomorphism layer (Xu, Hu, Leskovec, Jegelka, ICLR 2019; docs/kernels.md, section GIN), sum aggregation:
 * <pre>
 *   h'_i = MLP( (1 + eps) h_i + sum_{j in N(i)} h_j )
 * </pre>
 * over a sparse (block-diagonal) graph given as directed edges j -&gt; i (int32 src[e] = j, dst[e] = i). The neighbour
 * sum is a {@link Gather} of the source rows and a deterministic {@link ScatterAdd} onto the destinations; eps is
 * a fixed constant (eps = 0 is GIN-0, the paper's best PROTEINS row). The MLP is any row-wise module (Linear,
 * ReLU, and batch norm over the node axis, e.g. {@link InnerBatchNorm} with group size 1), child "mlp".
 *
 * <p><b>Edge weights (masks).</b> {@link #forward(Tensor, Tensor, Tensor, Tensor)} takes an optional weight w_e per
 * directed edge e: j -&gt; i multiplying its message, h'_i = MLP((1 + eps) h_i + sum_e w_e h_j), so that
 * d(input of the MLP)_i / d w_e = h_j (PyG's explainer mask semantics). Without weights the layer is unchanged.
 *
 * <p><b>Equivariance.</b> For every permutation P of the nodes (with the edges relabelled), h'(P h) = P h'(h): the
 * sum over N(i) is a symmetric function of the neighbours, and the MLP acts on each row with parameters (and, for
 * batch norm, statistics over all nodes) that do not depend on the order. The scatter sums each row in double, so
 * the neighbour sums do not depend on the order of the edges up to the final float cast.
 */
public final class GinConv extends Module {
    private final Module mlp;
    private final float eps;

    /** A GIN layer applying {@code mlp} to (1 + eps) h_i + sum of the neighbours. */
    public GinConv(Module mlp, float eps) {
        super("GinConv(eps=" + eps + ")");
        this.mlp = child("mlp", mlp);
        this.eps = eps;
    }

    /** Use {@link #forward(Tensor, Tensor, Tensor)}: the layer needs the graph. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(name() + ": call forward(h, src, dst), the layer needs the graph");
    }

    /** h (nodes, in) and the edges -&gt; MLP output (nodes, out). */
    public Tensor forward(Tensor h, Tensor src, Tensor dst) {
        return forward(h, src, dst, null);
    }

    /** As {@link #forward(Tensor, Tensor, Tensor)} with message e scaled by edgeWeight[e] ((edges) or (edges, 1); null = none). */
    public Tensor forward(Tensor h, Tensor src, Tensor dst, Tensor edgeWeight) {
        if (h.rank() != 2)
            throw new IllegalArgumentException(name() + ": input " + h.shape() + " must be (nodes, features)");
        if (src.rank() != 1 || dst.rank() != 1 || src.dim(0) != dst.dim(0))
            throw new IllegalArgumentException(name() + ": src " + src.shape() + " and dst " + dst.shape() + " must be equal-length edge vectors");
        Tensor messages = Gather.apply(h, src);
        if (edgeWeight != null) messages = messages.mul(EdgeWeights.column(edgeWeight, dst.dim(0), name()));
        Tensor neighbours = ScatterAdd.apply(messages, dst, h.dim(0));
        return mlp.forward((eps == 0f ? h : h.mul(1f + eps)).add(neighbours));
    }

    /** The self weight eps. */
    public float eps() {
        return eps;
    }
}
