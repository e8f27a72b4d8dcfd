package org.symkern.nn;

import org.symkern.ops.Gather;
import org.symkern.ops.ScatterAdd;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Graph convolution of Kipf and Welling (ICLR 2017): with self-loops added and the symmetric normalization,
 * <pre>
 *   H' = D^-1/2 (A + I) D^-1/2 H W + b,     d_i = 1 + deg(i),
 *   h'_i = (1/d_i) h_i W + sum_{j in N(i)} (1/sqrt(d_i d_j)) h_j W + b
 * </pre>
 * over a sparse (block-diagonal) graph given as directed edges j -&gt; i (int32 src[e] = j, dst[e] = i, each undirected
 * edge stored in both directions), never as a dense N x N matrix: H W is one matmul, the neighbour sum a
 * {@link Gather} of the source rows, scaled by the edge weight, and a deterministic {@link ScatterAdd} onto the
 * destinations. deg(i) counts the edges into i. No nonlinearity is applied (follow with an {@link Activation}).
 * W is a bias-free {@link Linear} child "linear" (uniform +-1/sqrt(in) init) and b a parameter "bias" added after
 * the propagation (starting at 0, as in PyG's GCNConv), so that it is not scaled by the row sums of the propagation.
 *
 * <p><b>Edge weights (masks).</b> {@link #forward(Tensor, Tensor, Tensor, Normalization, Tensor)} takes an optional
 * weight w_e per directed edge that multiplies that edge's message,
 * <pre>
 *   h'_i = (1/d_i) h_i W + sum_{e: j -&gt; i} w_e (1/sqrt(d_i d_j)) h_j W + b,
 *   d h'_i / d w_e = (1/sqrt(d_i d_j)) h_j W      (the gradient reaches w through the same Gather / ScatterAdd)
 * </pre>
 * with the degrees d of the unweighted graph and the self-loops unweighted: this is how PyG's explainers inject a
 * soft edge mask into message passing (GNNExplainer's mask, gradient saliency at w = 1), not PyG's GCNConv
 * edge_weight (which also reweights the degrees). Without weights the layer computes exactly what it computed before.
 *
 * <p><b>Equivariance.</b> Relabelling the nodes by a permutation P (and the edges with them) permutes the rows of
 * H', P H' : the degrees move with their nodes and the neighbour sum does not see the order of the edges (the
 * scatter sums each row in double, so even the rounding is order-independent up to the final float cast).
 */
public final class GcnConv extends Module {
    /**
     * The constant propagation weights of one graph: (edges, 1) for the edges and (nodes, 1) for the self-loops.
     * {@link #SUM} (both null) is the plain neighbour sum without self-loops, h'_i = sum_{j -&gt; i} w_e h_j W + b.
     */
    public record Normalization(Tensor edge, Tensor self) {
        /** No degree weights and no self-loop: the unnormalised neighbour sum (nothing is multiplied by 1 or 0). */
        public static final Normalization SUM = new Normalization(null, null);

        public Normalization {
            if ((edge == null) != (self == null))
                throw new IllegalArgumentException("GcnConv.Normalization: edge and self weights must be given together (or both null for SUM)");
        }
    }

    private final Linear linear;
    private final Tensor bias;
    private final long in;

    /** A graph convolution from {@code in} to {@code out} features. */
    public GcnConv(long in, long out, Device device, long seed) {
        super("GcnConv(" + in + "->" + out + ")");
        this.in = in;
        this.linear = child("linear", new Linear(in, out, false, device, seed));
        this.bias = parameter("bias", Shape.of(out), device, () -> Tensor.zeros(Shape.of(out), device));
    }

    /**
     * The weights 1/sqrt(d_i d_j) of the edges j -&gt; i and 1/d_i of the self-loops, d_i = 1 + (number of e with
     * dst[e] = i), computed with tensor ops on dst's device (they carry no gradient).
     */
    public static Normalization normalize(Tensor src, Tensor dst, long nodes) {
        if (src.rank() != 1 || dst.rank() != 1 || src.dim(0) != dst.dim(0))
            throw new IllegalArgumentException("GcnConv: src " + src.shape() + " and dst " + dst.shape() + " must be equal-length edge vectors");
        Device device = dst.device();
        Tensor degree = ScatterAdd.apply(Tensor.ones(Shape.of(dst.dim(0), 1), device), dst, nodes).add(1f);   // (nodes, 1)
        Tensor invSqrt = degree.pow(-0.5f);
        return new Normalization(Gather.apply(invSqrt, dst).mul(Gather.apply(invSqrt, src)), invSqrt.mul(invSqrt));
    }

    /** Use {@link #forward(Tensor, Tensor, Tensor, Normalization)}: the layer needs the graph. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(name() + ": call forward(h, src, dst, normalization), the layer needs the graph");
    }

    /** h (nodes, in), the edges and their {@link #normalize} weights -&gt; (nodes, out). */
    public Tensor forward(Tensor h, Tensor src, Tensor dst, Normalization norm) {
        return forward(h, src, dst, norm, null);
    }

    /**
     * As {@link #forward(Tensor, Tensor, Tensor, Normalization)} with every message j -&gt; i multiplied by
     * edgeWeight[e] ((edges) or (edges, 1) float; null = no weights, the plain layer). The weight may require grad.
     */
    public Tensor forward(Tensor h, Tensor src, Tensor dst, Normalization norm, Tensor edgeWeight) {
        if (h.rank() != 2 || h.dim(1) != in)
            throw new IllegalArgumentException(name() + ": input " + h.shape() + " must be (nodes, " + in + ")");
        boolean sum = norm == Normalization.SUM;
        if (!sum && (norm.self().dim(0) != h.dim(0) || norm.edge().dim(0) != dst.dim(0)))
            throw new IllegalArgumentException(name() + ": normalization for " + norm.self().dim(0) + " nodes and " + norm.edge().dim(0)
                    + " edges, but h has " + h.dim(0) + " nodes and the graph " + dst.dim(0) + " edges");
        Tensor hw = linear.forward(h);
        Tensor messages = Gather.apply(hw, src);
        if (!sum) messages = messages.mul(norm.edge());
        if (edgeWeight != null) messages = messages.mul(EdgeWeights.column(edgeWeight, dst.dim(0), name()));
        Tensor agg = ScatterAdd.apply(messages, dst, h.dim(0));
        return (sum ? agg : hw.mul(norm.self()).add(agg)).add(bias);
    }

    /** The feature transform. */
    public Linear linear() {
        return linear;
    }

    /** The bias. */
    public Tensor bias() {
        return bias;
    }
}
