package org.symkern.models;

import java.util.ArrayList;
import java.util.List;

import org.symkern.nn.GcnConv;
import org.symkern.nn.Linear;
import org.symkern.nn.Module;
import org.symkern.tensor.Device;
import org.symkern.tensor.Tensor;

/**
 * The node classifier of the GNNExplainer paper (Ying et al., NeurIPS 2019, used there on BA-Shapes): L graph
 * convolutions ({@link GcnConv}, symmetric normalisation with self-loops) of H units whose outputs are concatenated
 * and classified by one linear layer,
 * <pre>
 *   H^0 = x,   H^l = ReLU(GCN_l(H^{l-1}))  (l &lt; L),   H^L = GCN_L(H^{L-1})       (no ReLU after the last layer)
 *   logits_i = [H^1_i, ..., H^L_i] W + b = sum_l H^l_i W_l + b                       (nodes, classes)
 * </pre>
 * The paper uses L = 3 and H = 20 (60 concatenated features). The linear layer on the concatenation is computed as the
 * sum of its L column blocks W_l (children "out0" .. with the bias in "out0"), which is the same map without building
 * the concatenation; its init draws each block from U(+-1/sqrt(L H)), the range of the whole layer.
 *
 * <p><b>Aggregation.</b> {@link Aggregation#GCN} (the default) is the layer above. {@link Aggregation#SUM_L2} is the
 * layer of the GNNExplainer authors' code (their {@code GraphConv} with {@code normalize_embedding}): the plain sum ({@link GcnConv.Normalization#SUM})
 * over the in-neighbours, no self-loop and no degree normalisation, then each node's output scaled to unit length,
 * <pre>
 *   u_i = sum_{e: j -&gt; i} w_e h_j W + b,     GCN_l(h)_i = u_i / sqrt(||u_i||_2^2 + 1e-24)
 * </pre>
 * With constant input features (BA-Shapes) the first layer then sees each node's degree directly, and every layer's
 * output has norm 1, so the logits stay bounded.
 *
 * <p><b>Edge weights.</b> {@link #logits(Tensor, Tensor, Tensor, Tensor)} passes an optional weight per directed edge to
 * every layer (each message j -&gt; i multiplied by w_e, see {@link GcnConv}); GNNExplainer's soft mask and gradient
 * saliency act through it. The model is permutation-equivariant: relabelling nodes and edges permutes the rows of the
 * logits.
 */
public final class GcnNodeClassifier extends Module {
    /** How a layer aggregates its neighbours (see the class comment). */
    public enum Aggregation {
        /** Kipf and Welling's symmetric normalisation with self-loops ({@link GcnConv}). */
        GCN,
        /** The GNNExplainer authors' layer: unnormalised neighbour sum without self-loops, outputs L2-normalised per node. */
        SUM_L2;

        /** The name used in model files: "gcn" or "sum-l2". */
        public String key() {
            return this == GCN ? "gcn" : "sum-l2";
        }

        /** Parses {@link #key()}. */
        public static Aggregation of(String key) {
            for (Aggregation a : values()) if (a.key().equals(key)) return a;
            throw new IllegalArgumentException("unknown GCN aggregation '" + key + "' (expected gcn or sum-l2)");
        }
    }

    private final Aggregation aggregation;
    private final List<GcnConv> convs = new ArrayList<>();
    private final List<Linear> outs = new ArrayList<>();
    private final int in, hidden, classes;

    public GcnNodeClassifier(int in, int hidden, int layers, int classes, Device device, long seed) {
        this(in, hidden, layers, classes, Aggregation.GCN, device, seed);
    }

    /** A classifier whose layers aggregate as `aggregation`. */
    public GcnNodeClassifier(int in, int hidden, int layers, int classes, Aggregation aggregation, Device device, long seed) {
        super("GcnNodeClassifier(" + in + "->" + hidden + "x" + layers + "->" + classes + (aggregation == Aggregation.GCN ? "" : ", " + aggregation.key()) + ")");
        this.aggregation = java.util.Objects.requireNonNull(aggregation, "aggregation");
        if (in <= 0 || hidden <= 0 || layers <= 0 || classes <= 0)
            throw new IllegalArgumentException(name() + ": sizes and layer count must be positive");
        this.in = in;
        this.hidden = hidden;
        this.classes = classes;
        for (int l = 0; l < layers; l++)
            convs.add(child("conv" + l, new GcnConv(l == 0 ? in : hidden, hidden, device, seed * 1000 + l)));
        for (int l = 0; l < layers; l++) {
            Linear lin = child("out" + l, new Linear(hidden, classes, l == 0, device, seed * 1000 + 100 + l));
            float b = (float) (1.0 / Math.sqrt((double) layers * hidden));
            try (org.symkern.tensor.Scope s = org.symkern.tensor.Scope.open()) {
                lin.weight().copyFrom(org.symkern.ops.Random.uniform(lin.weight().shape(), device, -b, b, seed * 1000 + 200 + l, 0));
                if (lin.bias() != null)
                    lin.bias().copyFrom(org.symkern.ops.Random.uniform(lin.bias().shape(), device, -b, b, seed * 1000 + 300 + l, 0));
            }
            outs.add(lin);
        }
    }

    /** Use {@link #logits(Tensor, Tensor, Tensor, Tensor)}: the model needs the graph. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(name() + ": call logits(x, src, dst, edgeWeight), the model needs the graph");
    }

    /**
     * Node logits (nodes, classes) for features x (nodes, in) on the directed edges src[e] -&gt; dst[e] (int32), with
     * an optional per-edge weight (edges) (null: the plain model).
     */
    public Tensor logits(Tensor x, Tensor src, Tensor dst, Tensor edgeWeight) {
        if (x.rank() != 2 || x.dim(1) != in)
            throw new IllegalArgumentException(name() + ": input " + x.shape() + " must be (nodes, " + in + ")");
        GcnConv.Normalization norm = aggregation == Aggregation.GCN ? GcnConv.normalize(src, dst, x.dim(0)) : GcnConv.Normalization.SUM;
        Tensor h = x, out = null;
        for (int l = 0; l < convs.size(); l++) {
            h = convs.get(l).forward(h, src, dst, norm, edgeWeight);
            if (aggregation == Aggregation.SUM_L2) h = unitRows(h);
            if (l + 1 < convs.size()) h = h.relu();
            Tensor part = outs.get(l).forward(h);
            out = out == null ? part : out.add(part);
        }
        return out;
    }

    /**
     * Each row scaled to unit L2 norm, u / sqrt(||u||^2 + 1e-24): torch's F.normalize (u / max(||u||, 1e-12)) except
     * for rows of norm below ~1e-12, and with a finite gradient at u = 0.
     */
    private static Tensor unitRows(Tensor u) {
        return u.div(u.mul(u).sum(1, true).add(1e-24f).sqrt());
    }

    /** How the layers aggregate. */
    public Aggregation aggregation() {
        return aggregation;
    }

    /** Number of message-passing layers, the radius (in hops) of a node's computation graph. */
    public int layers() {
        return convs.size();
    }

    public int classes() {
        return classes;
    }

    public int hidden() {
        return hidden;
    }

    public int in() {
        return in;
    }
}
