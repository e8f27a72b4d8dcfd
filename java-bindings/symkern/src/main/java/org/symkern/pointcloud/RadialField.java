package org.symkern.pointcloud;

import java.util.ArrayList;
import java.util.List;

import org.symkern.nn.Linear;
import org.symkern.ops.EgnnEdge;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * The Radial Field baseline (Köhler, Klein &amp; Noé 2019, in the velocity form of the EGNN N-body table): no node
 * features, only coordinates, L layers of
 * <pre>
 *   x_i' = x_i + 1/(n-1) sum_{j != i} (x_i - x_j) tanh(phi(|x_i - x_j|^2, q_i q_j)) + psi(|v_i|) v_i
 *   phi = Linear(2 -> nf), SiLU, Linear(nf -> nf), SiLU, Linear(nf -> 1);   psi = Linear(1 -> nf), SiLU, Linear(nf -> 1)
 * </pre>
 * E(3)- and permutation-equivariant like EGNN, but the pair weights see only the pair, not messages. The tanh bounds the
 * pair weights: without it, a weight growing with |x_i - x_j|^2 made the update grow like the cube of the distance
 * and diverged on the rare far-apart test systems.
 */
public final class RadialField extends DynamicsModel {
    private final List<Linear[]> layers = new ArrayList<>();

    public RadialField(int hidden, int nLayers, Device device, long seed) {
        super("RadialField", device);
        double first = 1.0 / Math.sqrt(2);
        for (int l = 0; l < nLayers; l++) {
            long s = seed * 7919 + 100L * l;
            Linear[] p = {child("layer" + l + ".phi.0.d2", new Linear(1, hidden, device, s + 1)),
                child("layer" + l + ".phi.0.qq", new Linear(1, hidden, false, device, s + 7)),
                child("layer" + l + ".phi.2", new Linear(hidden, hidden, device, s + 2)),
                child("layer" + l + ".phi.4", new Linear(hidden, 1, false, device, s + 3)),
                child("layer" + l + ".psi.0", new Linear(1, hidden, device, s + 4)),
                child("layer" + l + ".psi.2", new Linear(hidden, 1, device, s + 5))};
            Init.uniform(p[0], first, s + 8);
            Init.uniform(p[1], first, s + 9);
            Init.uniform(p[3], 0.001 * Math.sqrt(6.0 / (hidden + 1)), s + 6);
            layers.add(p);
        }
    }

    @Override
    public Tensor predict(NBodySet b) {
        int n = b.n();
        float[] qq = new float[b.count() * n * n];
        for (int s = 0; s < b.count(); s++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) qq[(s * n + i) * n + j] = b.q()[s * n + i] * b.q()[s * n + j];
        Tensor q = Tensor.of(qq, Shape.of(b.count(), n, n, 1), device());
        Tensor speed = Tensor.of(speeds(b), Shape.of(b.count(), n, 1), device());
        Tensor x = points(b, b.x()), v = points(b, b.v());
        for (Linear[] p : layers) {
            Tensor d2 = EgnnEdge.squaredDistances(x).reshape(b.count(), n, n, 1);
            Tensor hid = p[2].forward(p[0].forward(d2).add(p[1].forward(q)).silu()).silu();
            Tensor phi = p[3].forward(hid).tanh().reshape(b.count(), n, n);
            x = EgnnEdge.coordUpdate(x, phi, n > 1 ? 1.0f / (n - 1) : 0f);
            x = x.add(p[5].forward(p[4].forward(speed).silu()).mul(v));
        }
        return x;
    }
}
