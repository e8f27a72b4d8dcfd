package org.symkern.models;

import java.util.ArrayList;
import java.util.List;

import org.symkern.data.GraphBatch;
import org.symkern.nn.Dropout;
import org.symkern.nn.GcnConv;
import org.symkern.nn.Module;
import org.symkern.ops.Reduce;
import org.symkern.ops.SegmentReduce;
import org.symkern.tensor.Device;
import org.symkern.tensor.Tensor;

/**
 * The GCN baseline for graph classification (Kipf and Welling, ICLR 2017, with a global pooling read-out):
 * <pre>
 *   H^0 = x,   H^l = ReLU( D^-1/2 (A + I) D^-1/2 Dropout(H^{l-1}) W_l + b_l )     l = 1..L   ({@link GcnConv})
 *   a_g    = pool_{i in g} H^L_i                                               (graphs, H)   pool = mean or sum
 *   logits = Linear(H, H), ReLU, Dropout(p), Linear(H, C)
 * </pre>
 * Dropout (rate p) is applied to the input of every layer but the first, as in Kipf and Welling's code. The
 * propagation weights are computed once per batch from its edge lists ({@link GcnConv#normalize}); nothing is ever
 * a dense N x N matrix. Children "conv0", "conv1", ..., "head".
 *
 * <p><b>Invariance.</b> Each layer is permutation-equivariant and the pool invariant, so the logits do not depend on
 * the node order of a graph (up to the rounding of the sums, which are taken in double).
 */
public final class Gcn extends GraphClassifier {
    private final List<GcnConv> layers = new ArrayList<>();
    private final List<Dropout> dropouts = new ArrayList<>();
    private final Module head;
    private final Reduce.Op pool;
    private final int classes;

    /** A GCN of {@code layers} graph convolutions of width {@code hidden}, graph pooling {@code pool}, dropout and a linear classifier. */
    public Gcn(int in, int hidden, int layers, int classes, Reduce.Op pool, float dropout, Device device, long seed) {
        super("Gcn");
        if (layers <= 0) throw new IllegalArgumentException("Gcn: layer count " + layers + " must be positive");
        this.classes = classes;
        this.pool = pool;
        for (int l = 0; l < layers; l++) {
            this.layers.add(child("conv" + l, new GcnConv(l == 0 ? in : hidden, hidden, device, seed * 1000 + l)));
            if (l > 0 && dropout > 0) dropouts.add(child("dropout" + l, new Dropout(dropout, seed * 1000 + 100 + l)));
        }
        this.head = child("head", EquivariantGnn.rho(hidden, hidden, classes, dropout, device, seed + 1));
    }

    @Override
    public Tensor logits(GraphBatch b) {
        return logits(b.x, b.src, b.dst, b.nodeOffsets, null);
    }

    /** One graph, messages weighted per edge (see {@link GraphClassifier#graphLogits} and {@link GcnConv}). */
    @Override
    public Tensor graphLogits(Tensor x, Tensor src, Tensor dst, Tensor edgeWeight) {
        return logits(x, src, dst, singleGraph(x)[0], edgeWeight);
    }

    private Tensor logits(Tensor x, Tensor src, Tensor dst, Tensor nodeOffsets, Tensor edgeWeight) {
        GcnConv.Normalization norm = GcnConv.normalize(src, dst, x.dim(0));
        Tensor h = x;
        for (int l = 0; l < layers.size(); l++) {
            if (l > 0 && !dropouts.isEmpty()) h = dropouts.get(l - 1).forward(h);
            h = layers.get(l).forward(h, src, dst, norm, edgeWeight).relu();
        }
        return head.forward(SegmentReduce.apply(h, nodeOffsets, pool));
    }

    @Override
    public int classes() {
        return classes;
    }
}
