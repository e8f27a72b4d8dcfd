package org.symkern.models;

import org.symkern.data.GraphBatch;
import org.symkern.nn.Activation;
import org.symkern.nn.DeepSets;
import org.symkern.nn.Dropout;
import org.symkern.nn.Linear;
import org.symkern.nn.Module;
import org.symkern.nn.Sequential;
import org.symkern.ops.Reduce;
import org.symkern.tensor.Device;
import org.symkern.tensor.Tensor;

/**
 * Permutation-equivariant GNN with a DeepSets read-out, the "symmetry only" graph model of SALF's ablation (seed
 * paper: "GNNs implemented with permutation-equivariant message passing"):
 * <pre>
 *   h      = GinEncoder(x, A)                                  (nodes, H)   L GIN-0 layers, equivariant
 *   a_g    = pool_{i in g} phi(h_i),  phi = ReLU(Linear(H, H))  (graphs, H)  pool = sum (DeepSets) or mean
 *   logits = rho(a_g),  rho = Linear(H, H), ReLU, Dropout(p), Linear(H, C)
 * </pre>
 * The read-out is {@link DeepSets} (f(X) = rho(pool phi(x))) applied to each graph's set of node features, with the
 * graphs of a block-diagonal batch as its CSR segments. EGNN's coordinate part does not apply: the TU graphs have no
 * geometry, so the built-in symmetry is S_n acting on the node order.
 *
 * <p><b>Invariance.</b> The encoder is equivariant and the pooled read-out invariant under permutations of each
 * graph's nodes, so logits(P G) = logits(G) (up to the rounding of the sums; the sums are taken in double).
 */
public final class EquivariantGnn extends GraphClassifier {
    private final GinEncoder encoder;
    private final DeepSets readout;
    private final int classes;

    /**
     * @param in       node feature width (TuDataset.featureDim)
     * @param hidden   H, the width of every layer
     * @param layers   number of GIN layers L
     * @param pool     the read-out pool (SUM as in DeepSets and GIN, or MEAN)
     * @param dropout  dropout before rho's last layer
     */
    public EquivariantGnn(int in, int hidden, int layers, int classes, Reduce.Op pool, float dropout, Device device, long seed) {
        super("EquivariantGnn");
        this.classes = classes;
        this.encoder = child("encoder", new GinEncoder(in, hidden, layers, device, seed));
        this.readout = child("readout", new DeepSets(phi(hidden, device, seed), pool, rho(hidden, hidden, classes, dropout, device, seed)));
    }

    /** phi = ReLU(Linear(H, H)), the per-node map of the DeepSets read-out (shared with {@link org.symkern.salf.SalfGnn}). */
    public static Module phi(int hidden, Device device, long seed) {
        return new Sequential(new Linear(hidden, hidden, device, seed * 1000 + 501), Activation.relu());
    }

    /** rho = Linear(in, H), ReLU, Dropout(p), Linear(H, C), the graph-level classifier (shared with {@link org.symkern.salf.SalfGnn}). */
    public static Module rho(int in, int hidden, int classes, float dropout, Device device, long seed) {
        Sequential s = new Sequential(new Linear(in, hidden, device, seed * 1000 + 502), Activation.relu());
        if (dropout > 0) s.add(new Dropout(dropout, seed * 1000 + 503));
        return s.add(new Linear(hidden, classes, device, seed * 1000 + 504));
    }

    @Override
    public Tensor logits(GraphBatch b) {
        return readout.forward(encoder.forward(b), b.nodeOffsets);
    }

    /** One graph, messages weighted per edge (see {@link GraphClassifier#graphLogits}). */
    @Override
    public Tensor graphLogits(Tensor x, Tensor src, Tensor dst, Tensor edgeWeight) {
        return readout.forward(encoder.forward(x, src, dst, edgeWeight), singleGraph(x)[0]);
    }

    /** The equivariant node features h (nodes, H). */
    public Tensor nodeFeatures(GraphBatch b) {
        return encoder.forward(b);
    }

    @Override
    public int classes() {
        return classes;
    }
}
