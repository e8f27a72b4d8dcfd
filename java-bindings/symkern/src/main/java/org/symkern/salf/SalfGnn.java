package org.symkern.salf;

import org.symkern.models.EquivariantGnn;
import org.symkern.models.GinEncoder;

import org.symkern.data.GraphBatch;
import org.symkern.nn.Module;
import org.symkern.ops.Gather;
import org.symkern.ops.MatMul;
import org.symkern.ops.Reduce;
import org.symkern.ops.SegmentReduce;
import org.symkern.models.GraphClassifier;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * SALF for graphs: the {@link EquivariantGnn} encoder and DeepSets read-out plus the gated asymmetric part of the
 * SALF head. docs/salf.md, section symkern's reading gives the head as z = [GroupPool(h), gamma * (h - mean_over_group(h)) pooled
 * over space]; for S_n acting on the nodes of a graph the group axis and the "space" are the same nodes, so
 * <b>symkern's reading</b> for graphs is
 * <pre>
 *   h      = GinEncoder(x, A)                                      (nodes, H)   equivariant
 *   a_g    = pool_{i in g} phi(h_i)                                (graphs, H)  invariant part (DeepSets read-out)
 *   s_g    = mean_{i in g} | h_i - mean_{j in g} h_j |             (graphs, H)  per-channel mean absolute deviation
 *   z_g    = [ a_g , gamma * s_g ]                                 (graphs, 2H) gamma learned, per channel
 *   logits = rho(z_g),  rho = Linear(2H, H), ReLU, Dropout(p), Linear(H, C)
 * </pre>
 * The deviation h - mean_nodes(h) is the part of h that is not constant over the nodes. Pooled as it is, it sums to
 * zero, so it is pooled through |.|: s_g is zero exactly when every node of g carries the same feature, which is
 * what an equivariant encoder must output on a graph whose automorphisms act transitively on its nodes (a cycle, a
 * complete graph with equal node labels); s_g measures how far the graph is from that symmetric case. Because s_g is
 * itself pooled over the nodes, the logits stay invariant under node permutations with or without the asymmetric
 * part; what gamma gates is whether the head sees this asymmetry cue.
 *
 * <p><b>symmetricOnly</b>: gamma = 0 and there is no gamma parameter; z = a_g and rho starts with Linear(H, H), so
 * the model is the {@link EquivariantGnn} (with the same seed it has the same weights and the same logits). gamma
 * starts at {@code gammaInit} otherwise. {@link #logitsAndEmbedding} returns z for the asymmetry loss.
 */
public final class SalfGnn extends GraphClassifier implements SalfGraphModel {
    private final GinEncoder encoder;
    private final Module phi, rho;
    private final Reduce.Op pool;
    private final Tensor gamma;
    private final int classes, hidden;

    /**
     * @param symmetricOnly drop the asymmetric part (gamma = 0, no parameter)
     * @param gammaInit     initial value of every gamma channel (ignored when symmetricOnly)
     * @see EquivariantGnn#EquivariantGnn the other parameters
     */
    public SalfGnn(int in, int hidden, int layers, int classes, Reduce.Op pool, float dropout, boolean symmetricOnly, float gammaInit,
            Device device, long seed) {
        super("SalfGnn" + (symmetricOnly ? "(symmetric only)" : ""));
        this.classes = classes;
        this.hidden = hidden;
        this.pool = pool;
        this.encoder = child("encoder", new GinEncoder(in, hidden, layers, device, seed));
        this.phi = child("phi", EquivariantGnn.phi(hidden, device, seed));
        this.rho = child("rho", EquivariantGnn.rho(symmetricOnly ? hidden : 2 * hidden, hidden, classes, dropout, device, seed));
        this.gamma = symmetricOnly ? null : parameter("gamma", Shape.of(hidden), device, () -> Tensor.full(Shape.of(hidden), gammaInit, device));
    }

    @Override
    public Tensor logits(GraphBatch b) {
        return logitsAndEmbedding(b).logits();
    }

    @Override
    public Output logitsAndEmbedding(GraphBatch b) {
        return logitsAndEmbedding(encoder.forward(b), b.nodeOffsets, b.graphIds);
    }

    /**
     * One graph, every GIN layer's messages weighted per edge (see {@link GraphClassifier#graphLogits}); the head is
     * unchanged (it reads node features, not edges).
     */
    @Override
    public Tensor graphLogits(Tensor x, Tensor src, Tensor dst, Tensor edgeWeight) {
        Tensor[] one = singleGraph(x);
        return logitsAndEmbedding(encoder.forward(x, src, dst, edgeWeight), one[0], one[1]).logits();
    }

    private Output logitsAndEmbedding(Tensor h, Tensor nodeOffsets, Tensor graphIds) {
        Tensor a = SegmentReduce.apply(phi.forward(h), nodeOffsets, pool);
        Tensor z = gamma == null ? a : concatColumns(a, asymmetry(h, nodeOffsets, graphIds).mul(gamma));
        return new Output(rho.forward(z), z);
    }

    /** s_g = mean_{i in g} |h_i - mean_{j in g} h_j| per channel: (graphs, H) for node features h (nodes, H). */
    public static Tensor asymmetry(Tensor h, GraphBatch b) {
        return asymmetry(h, b.nodeOffsets, b.graphIds);
    }

    private static Tensor asymmetry(Tensor h, Tensor nodeOffsets, Tensor graphIds) {
        Tensor centre = Gather.apply(SegmentReduce.apply(h, nodeOffsets, Reduce.Op.MEAN), graphIds);
        return SegmentReduce.apply(h.sub(centre).abs(), nodeOffsets, Reduce.Op.MEAN);
    }

    /** [a, c] along the columns, a (B, p) and c (B, q): a [I 0] + c [0 I] with constant 0/1 matrices (no concat op). */
    static Tensor concatColumns(Tensor a, Tensor c) {
        int p = (int) a.dim(1), q = (int) c.dim(1);
        float[] left = new float[p * (p + q)], right = new float[q * (p + q)];
        for (int i = 0; i < p; i++) left[i * (p + q) + i] = 1f;
        for (int i = 0; i < q; i++) right[i * (p + q) + p + i] = 1f;
        return MatMul.apply(a, Tensor.of(left, Shape.of(p, p + q), a.device()), false, false)
                .add(MatMul.apply(c, Tensor.of(right, Shape.of(q, p + q), c.device()), false, false));
    }

    /** The equivariant node encoder (its output is h). */
    public GinEncoder encoder() {
        return encoder;
    }

    /** The per-channel gate gamma (H), or null when symmetric-only. */
    public Tensor gamma() {
        return gamma;
    }

    /** true when the asymmetric block is dropped. */
    public boolean symmetricOnly() {
        return gamma == null;
    }

    @Override
    public int classes() {
        return classes;
    }

    /** The hidden width. */
    public int hidden() {
        return hidden;
    }
}
