package org.symkern.pointcloud;

import java.util.ArrayList;
import java.util.List;

import org.symkern.nn.Linear;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * The non-equivariant GNN baseline of the EGNN N-body table: raw coordinates and velocities are node features,
 * <pre>
 *   h_i^0 = Linear([x_i, v_i (, q_i) (, e)])        a_ij = q_i q_j
 *   h^{l+1} = GnnLayer(h^l, a)                      (the feature-only {@link EgnnVelocityLayer})
 *   x_i'  = x_i + Linear(SiLU(Linear(h_i^L)))        (nf -> nf -> 3)
 * </pre>
 * Only permutation-equivariant: rotating or translating the input does not rotate the output. Rotation
 * equivariance can only be learned, e.g. from randomly rotated training batches ({@link DynamicsTrainer}'s
 * augmentation).
 */
public final class GnnDynamics extends DynamicsModel {
    private final boolean charges, field;
    private final int[] widths;
    private final Linear embed, dec0, dec1;
    private final List<EgnnVelocityLayer> layers = new ArrayList<>();

    /** @param field whether the field vector e is a node input (field tasks) */
    public GnnDynamics(int hidden, int nLayers, boolean charges, boolean field, Device device, long seed) {
        super("GnnDynamics", device);
        this.charges = charges;
        this.field = field;
        List<Integer> w = new ArrayList<>(List.of(3, 3));
        if (charges) w.add(1);
        if (field) w.add(3);
        widths = w.stream().mapToInt(Integer::intValue).toArray();
        embed = child("embedding", new Linear(sum(widths), hidden, device, seed * 7919 + 1));
        for (int l = 0; l < nLayers; l++)
            layers.add(child("layer" + l, new EgnnVelocityLayer(hidden, 1, 0, false, device, seed * 7919 + 10 + l)));
        dec0 = child("decoder.0", new Linear(hidden, hidden, device, seed * 7919 + 2));
        dec1 = child("decoder.2", new Linear(hidden, 3, device, seed * 7919 + 3));
    }

    @Override
    public Tensor predict(NBodySet b) {
        int n = b.n(), rows = b.count() * n;
        List<float[]> cols = new ArrayList<>(List.of(b.x(), b.v()));
        if (charges) cols.add(b.q());
        if (field) {
            float[] e = new float[rows * 3];
            for (int r = 0; r < rows; r++) System.arraycopy(b.field(), 3 * (r / n), e, 3 * r, 3);
            cols.add(e);
        }
        Tensor h = embed.forward(Tensor.of(columns(rows, cols.toArray(new float[0][]), widths), Shape.of(b.count(), n, sum(widths)), device()));
        float[] a = new float[b.count() * n * n];
        for (int s = 0; s < b.count(); s++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) a[(s * n + i) * n + j] = b.q()[s * n + i] * b.q()[s * n + j];
        Tensor edges = Tensor.of(a, Shape.of(b.count(), n, n, 1), device());
        Tensor x = points(b, b.x());
        for (EgnnVelocityLayer layer : layers) h = layer.forward(h, x, null, edges, List.of()).h();
        return x.add(dec1.forward(dec0.forward(h).silu()));
    }
}
