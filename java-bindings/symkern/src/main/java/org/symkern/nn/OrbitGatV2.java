package org.symkern.nn;

import org.symkern.group.PairOrbits;
import org.symkern.ops.EdgeAttention;
import org.symkern.ops.Random;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * GATv2Conv with orbit edge embeddings (ASEN backbone layer, docs/asen.md, section Model, and docs/kernels.md, section GATv2 attention), H heads of C
 * channels, concatenated: for node features x (in), edge embedding table E (K, edgeDim) and the edge j -> i of
 * category k,
 * <pre>
 *   xl = lin_l(x), xr = lin_r(x), ep = lin_edge(E)          (lin_edge has no bias; ep is computed for the K rows only)
 *   z_ij = xr_i + xl_j + ep_k,   alpha_ij = softmax_j(att_h . LeakyReLU_0.2(z_ij)),
 *   out_i = [sum_j alpha_ij xl_j]_{h = 1..H} + bias
 * </pre>
 * on {@link EdgeAttention} (one fused kernel for scores, the per-target softmax and the aggregation).
 * Graphs: dense ({@link #dense}: x (..., n, in), the complete graph on n points with the 2-orbit categories
 * c(source, target) of a permutation group) or CSR ({@link #csr}: x (nodes, in), e.g. several graphs of a batch
 * as one block-diagonal graph, see {@link #completeGraphCsr}). Self loops follow {@link EdgeAttention.SelfLoops}:
 * MEAN reproduces the ASEN reference code (PyG add_self_loops(fill_value="mean")), CATEGORY keeps the diagonal
 * orbit embeddings.
 * Initialisation as PyG: lin_l, lin_r, lin_edge weights glorot-uniform U(+-sqrt(6/(fan_in + fan_out))), lin_l /
 * lin_r biases U(+-1/sqrt(in)), att glorot over (H, C): U(+-sqrt(6/(H + C))), output bias 0, and an own edge
 * table (when none is shared) N(0, 1). The edge table may be shared by several layers (ASEN reuses one per task).
 *
 * <p>Edge weights (GNNExplainer masks): {@link #forward(Tensor, Tensor)} scales each message after the attention,
 * out_i = sum_j alpha_ij w_ij xl_j + bias with alpha unchanged, dL/dw_ij = alpha_ij &lt;dL/dout_i, xl_j&gt;
 * (computed by {@link OrbitGatEdgeWeights} on top of the fused kernel; without weights only the kernel runs).
 *
 * <p>Equivariance: for every permutation g of the nodes with c(g j, g i) = c(j, i) (g in the 2-closure of the
 * group), out(g.x) = g.out(x), with either self-loop mode: g preserves every node's multiset of incoming
 * categories, hence the MEAN self-loop features. For g outside it (e.g. a rotation when G is the reversal
 * group) the output generically changes.
 */
public final class OrbitGatV2 extends Module {
    private final Linear linL, linR, linEdge;
    private final Tensor att, bias, edgeTable;
    private final Scope tables;
    private final Tensor cat, offsets, sources, edgeCat;
    private final EdgeAttention.SelfLoops selfLoops;
    private final OrbitGatEdgeWeights edgeWeights;
    private final long in, nodes;
    private final int heads, channels;

    private OrbitGatV2(String kind, long in, int heads, int channels, long edgeDim, long numCat, Tensor sharedEdges,
                       EdgeAttention.SelfLoops selfLoops, Device device, long seed, int[] cat, long n, int[][] csr) {
        super("OrbitGatV2(" + kind + ", " + in + "->" + heads + "x" + channels + ", K=" + numCat + ")");
        if (in <= 0 || heads <= 0 || channels <= 0 || edgeDim <= 0)
            throw new IllegalArgumentException(name() + ": sizes must be positive (edgeDim = " + edgeDim + ")");
        this.in = in;
        this.heads = heads;
        this.channels = channels;
        this.selfLoops = selfLoops;
        final long hc = (long) heads * channels;
        this.linL = child("lin_l", glorot(new Linear(in, hc, true, device, mix(seed, 1)), mix(seed, 11)));
        this.linR = child("lin_r", glorot(new Linear(in, hc, true, device, mix(seed, 2)), mix(seed, 12)));
        this.linEdge = child("lin_edge", glorot(new Linear(edgeDim, hc, false, device, mix(seed, 3)), mix(seed, 13)));
        float ab = (float) Math.sqrt(6.0 / (heads + channels));
        this.att = parameter("att", Shape.of(heads, channels), device,
                () -> Random.uniform(Shape.of(heads, channels), device, -ab, ab, mix(seed, 4), 0));
        this.bias = parameter("bias", Shape.of(hc), device, () -> Tensor.zeros(Shape.of(hc), device));
        if (sharedEdges != null) {
            if (!sharedEdges.shape().equals(Shape.of(numCat, edgeDim)) || !sharedEdges.device().equals(device))
                throw new IllegalArgumentException(name() + ": the shared edge table must be [" + numCat + ", " + edgeDim
                        + "] on " + device + ", got " + sharedEdges.describe());
            this.edgeTable = sharedEdges;
        } else {
            this.edgeTable = parameter("edge", Shape.of(numCat, edgeDim), device,
                    () -> Random.normal(Shape.of(numCat, edgeDim), device, 0f, 1f, mix(seed, 5), 0));
        }
        this.tables = Scope.standalone(name() + " tables");
        try (Scope.Activation a = tables.activate()) {
            this.cat = cat == null ? null : Tensor.ofInts(cat, Shape.of(n, n), device);
            this.offsets = csr == null ? null : Tensor.ofInts(csr[0], Shape.of(csr[0].length), device);
            this.sources = csr == null ? null : Tensor.ofInts(csr[1], Shape.of(csr[1].length), device);
            this.edgeCat = csr == null ? null : Tensor.ofInts(csr[2], Shape.of(csr[2].length), device);
        }
        this.nodes = cat != null ? n : csr[0].length - 1;
        this.edgeWeights = new OrbitGatEdgeWeights(cat == null ? null : cat.clone(), (int) n, csr, selfLoops, SLOPE);
    }

    private static final float SLOPE = 0.2f;

    /** On the complete graph of the 2-orbits' n points; sharedEdges (K, edgeDim) may be null (own table). */
    public static OrbitGatV2 dense(PairOrbits orbits, long in, int heads, int channels, long edgeDim, Tensor sharedEdges,
                                   EdgeAttention.SelfLoops selfLoops, Device device, long seed) {
        return new OrbitGatV2("dense", in, heads, channels, edgeDim, orbits.count(), sharedEdges, selfLoops, device, seed,
                orbits.categories(), orbits.degree(), null);
    }

    /**
     * On a CSR graph: offsets (nodes + 1), sources and edgeCat (E) as for {@link EdgeAttention#csr}, categories in
     * [0, numCat); sharedEdges (numCat, edgeDim) may be null (own table).
     */
    public static OrbitGatV2 csr(int[] offsets, int[] sources, int[] edgeCat, long numCat, long in, int heads, int channels,
                                 long edgeDim, Tensor sharedEdges, EdgeAttention.SelfLoops selfLoops, Device device, long seed) {
        if (offsets == null || offsets.length < 1 || sources == null || edgeCat == null || sources.length != edgeCat.length)
            throw new IllegalArgumentException("OrbitGatV2.csr: need offsets (nodes + 1) and sources / edgeCat of equal length");
        return new OrbitGatV2("csr", in, heads, channels, edgeDim, numCat, sharedEdges, selfLoops, device, seed, null, 0,
                new int[][] {offsets.clone(), sources.clone(), edgeCat.clone()});
    }

    /**
     * The block-diagonal CSR of `batch` copies of the complete graph on the 2-orbits' points, all n^2 pairs
     * (self pairs included) in the dense kernel's order: target b*n + i receives from b*n + j, j = 0..n-1,
     * with category c(j, i). Returns {offsets, sources, edgeCat}.
     */
    public static int[][] completeGraphCsr(PairOrbits orbits, int batch) {
        int n = orbits.degree();
        int[] off = new int[batch * n + 1], src = new int[batch * n * n], ec = new int[batch * n * n];
        int e = 0;
        for (int t = 0; t < batch * n; ++t) {
            int b = t / n, i = t % n;
            for (int j = 0; j < n; ++j) {
                src[e] = b * n + j;
                ec[e++] = orbits.category(j, i);
            }
            off[t + 1] = e;
        }
        return new int[][] {off, src, ec};
    }

    private static long mix(long seed, int k) {
        return seed * 1_000_003L + k;
    }

    /** Replaces a Linear's weight (out, in) by glorot-uniform values (PyG's Linear init). */
    private static Linear glorot(Linear l, long seed) {
        Tensor w = l.weight();
        float b = (float) Math.sqrt(6.0 / (w.dim(0) + w.dim(1)));
        try (Scope s = Scope.open()) {
            w.copyFrom(Random.uniform(w.shape(), w.device(), -b, b, seed, 0));
        }
        return l;
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null);
    }

    /**
     * As {@link #forward(Tensor)} with every message scaled by an edge weight w_ij &gt;= 0 after the attention
     * (GNNExplainer's edge mask; PyG's explainer injects its mask the same way): out_i = sum_j alpha_ij w_ij xl_j
     * + bias, alpha_ij unchanged. Dense layers: edgeWeight (n, n) shared by the batch, or (..., n, n) with x's
     * leading axes; w[..., i, j] weights the message j -&gt; i (as {@link EgnnLayer}). CSR layers: (E) or (E, 1) in
     * the order of the edge list. Self edges dropped by the self-loop mode ignore their weight; MEAN's added self
     * loops have weight 1. null = no weights (the fused kernel alone). The weights may require grad:
     * dL/dw_ij = alpha_ij &lt;dL/dout_i, xl_j&gt;. Weights of one give the unweighted output; weight 0 removes the
     * message (not the edge from the softmax). See {@link OrbitGatEdgeWeights} for how it is computed.
     */
    public Tensor forward(Tensor x, Tensor edgeWeight) {
        if (cat != null ? x.rank() < 2 || x.dim(-2) != nodes || x.dim(-1) != in : x.rank() != 2 || x.dim(0) != nodes || x.dim(1) != in)
            throw new IllegalArgumentException(name() + ": input " + x.shape() + " must be " + (cat != null ? "(..., " : "(")
                    + nodes + ", " + in + ")");
        Tensor w = edgeWeight == null ? null : edgeWeights.flatten(edgeWeight, x.shape(), name());
        Tensor xl = linL.forward(x), xr = linR.forward(x), ep = linEdge.forward(edgeTable);
        Tensor out = cat != null ? EdgeAttention.dense(xl, xr, ep, att, cat, selfLoops, SLOPE)
                : EdgeAttention.csr(xl, xr, ep, att, offsets, sources, edgeCat, selfLoops, SLOPE);
        if (w != null) out = out.add(edgeWeights.correction(xl, xr, ep, att, w));
        return out.add(bias);
    }

    /** The edge embedding table used by this layer (its own parameter, or the shared one). */
    public Tensor edgeTable() {
        return edgeTable;
    }

    /** Number of attention heads. */
    public int heads() {
        return heads;
    }

    /** Channels per head. */
    public int channels() {
        return channels;
    }

    @Override
    public void close() {
        tables.close();
        super.close();
    }
}
