package org.symkern.models;

import java.util.ArrayList;
import java.util.List;

import org.symkern.data.GraphBatch;
import org.symkern.nn.Activation;
import org.symkern.nn.GinConv;
import org.symkern.nn.InnerBatchNorm;
import org.symkern.nn.Linear;
import org.symkern.nn.Module;
import org.symkern.nn.Sequential;
import org.symkern.tensor.Device;
import org.symkern.tensor.Tensor;

/**
 * The permutation-equivariant node encoder of {@link EquivariantGnn} and {@link org.symkern.salf.SalfGnn}: L GIN-0 layers
 * ({@link GinConv}, eps = 0) as in the GIN reference code,
 * <pre>
 *   h^0 = x,   h^l = ReLU(BN(Linear(ReLU(BN(Linear( h^{l-1}_i + sum_{j in N(i)} h^{l-1}_j ))))))     l = 1..L
 * </pre>
 * with hidden width H throughout (the first Linear maps the input features to H) and BN a batch norm over all nodes
 * of the batch ({@link InnerBatchNorm}, group size 1: one mean / variance per channel; running statistics in
 * evaluation mode). Output: h^L (nodes, H). Children "conv0", "conv1", ...
 *
 * <p><b>Equivariance.</b> Every layer is equivariant under relabelling the nodes (see {@link GinConv}), so
 * h^L(P G) = P h^L(G). (The E(n) part of an EGNN does not apply: the TU graphs carry no coordinates, so only the
 * S_n symmetry of the node order is built in.)
 */
public final class GinEncoder extends Module {
    private final List<GinConv> layers = new ArrayList<>();
    private final int in, hidden;

    /** {@code layers} GIN-0 layers of width {@code hidden} on {@code in} input features. */
    public GinEncoder(int in, int hidden, int layers, Device device, long seed) {
        super("GinEncoder(" + in + "->" + hidden + " x" + layers + ")");
        if (in <= 0 || hidden <= 0 || layers <= 0)
            throw new IllegalArgumentException(name() + ": input width, hidden width and layer count must be positive");
        this.in = in;
        this.hidden = hidden;
        for (int l = 0; l < layers; l++) {
            long s = seed * 1000 + 10L * l;
            Module mlp = new Sequential(new Linear(l == 0 ? in : hidden, hidden, device, s), new InnerBatchNorm(hidden, 1, device),
                    Activation.relu(), new Linear(hidden, hidden, device, s + 1), new InnerBatchNorm(hidden, 1, device), Activation.relu());
            this.layers.add(child("conv" + l, new GinConv(mlp, 0f)));
        }
    }

    /** Use {@link #forward(GraphBatch)}: the encoder needs the graph. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(name() + ": call forward(batch), the encoder needs the graph");
    }

    /** Node features h^L (nodes, hidden) of the batch. */
    public Tensor forward(GraphBatch b) {
        return forward(b.x, b.src, b.dst, null);
    }

    /**
     * Node features h^L (nodes, hidden) for features x on the edges src -&gt; dst, every layer's messages multiplied by
     * edgeWeight (edges) (null = none; see {@link GinConv}).
     */
    public Tensor forward(Tensor x, Tensor src, Tensor dst, Tensor edgeWeight) {
        if (x.dim(1) != in)
            throw new IllegalArgumentException(name() + ": batch has " + x.dim(1) + " node features, expected " + in);
        Tensor h = x;
        for (GinConv layer : layers) h = layer.forward(h, src, dst, edgeWeight);
        return h;
    }

    /** The width of every layer. */
    public int hidden() {
        return hidden;
    }
}
