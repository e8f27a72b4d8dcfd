package org.symkern.pointcloud;

import java.util.ArrayList;
import java.util.List;

import org.symkern.nn.Linear;
import org.symkern.nn.Module;
import org.symkern.ops.EgnnEdge;
import org.symkern.ops.Reduce;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * One message-passing layer of the N-body models, fully connected over the n particles of each system, on node
 * features h (B, n, nf), coordinates x (B, n, 3), velocities v (B, n, 3), edge attributes a (B, n, n, ka) and
 * optional reference vectors r_k (B or 1, 1, 3). With {@code coordinates = true} it is the velocity layer of the
 * EGNN N-body model (Satorras, Hoogeboom &amp; Welling 2021, eq. 7):
 * <pre>
 *   m_ij = phi_e([h_i, h_j, |x_i - x_j|^2, a_ij])                 phi_e = Linear, SiLU, Linear, SiLU
 *   x_i' = x_i + 1/(n-1) sum_{j != i} (x_i - x_j) phi_x(m_ij)      phi_x = Linear, SiLU, Linear(nf -> 1)
 *          + phi_v(h_i) v_i + sum_k phi_rk(h_i) r_k                phi_v, phi_rk = Linear, SiLU, Linear(nf -> 1)
 *   h_i' = h_i + phi_h([h_i, sum_{j != i} m_ij])                  phi_h = Linear, SiLU, Linear
 * </pre>
 * The concatenations are never built: the first Linear of phi_e is its column blocks W_a h_i + W_b h_j + w_d d2_ij
 * + W_c a_ij + b, broadcast over the pairs; the squared distances and the coordinate sum are the K15 kernels
 * ({@link EgnnEdge}). With {@code coordinates = false} the distance column and every coordinate term are dropped
 * and the layer is the feature-only GNN layer of the paper's GNN baseline (x passes through unchanged).
 *
 * <p>Symmetry: if h, a are invariant and x, v, r_k transform as x -> Q x + t, v -> Q v, r_k -> Q r_k (Q orthogonal),
 * then h' is invariant and x' -> Q x' + t: every coordinate term is an invariant scalar times a difference of
 * positions, a velocity or a reference vector. A reference vector held fixed while the system rotates (a learned
 * global vector, or a field direction that does not rotate) breaks this, which is what the symmetry-breaking
 * variants of {@link EgnnDynamics} do on purpose. Permuting the particles permutes h', x'.
 */
public final class EgnnVelocityLayer extends Module {
    /** The updated features and coordinates. */
    public record Output(Tensor h, Tensor x) {}

    private final long nf, ka;
    private final boolean coordinates, velocity;
    private final Linear eHi, eHj, eD, eA, eOut, xHidden, xOut, vHidden, vOut, hH, hM, hOut;
    private final List<Linear[]> refHeads = new ArrayList<>();

    /**
     * @param nf          feature width
     * @param ka          number of edge attributes
     * @param references  number of reference-vector terms in the coordinate update
     * @param coordinates false for the feature-only GNN layer
     */
    public EgnnVelocityLayer(long nf, long ka, int references, boolean coordinates, Device device, long seed) {
        this(nf, ka, references, coordinates, coordinates, device, seed);
    }

    /**
     * As above; {@code velocity = false} drops the phi_v(h_i) v_i term (and its weights) for models without
     * velocities, whose forward then takes v = null.
     */
    public EgnnVelocityLayer(long nf, long ka, int references, boolean coordinates, boolean velocity, Device device, long seed) {
        super((coordinates ? "EgnnVelocityLayer" : "GnnLayer") + "(nf=" + nf + ")");
        if (nf <= 0 || ka < 0 || references < 0) throw new IllegalArgumentException(name() + ": bad sizes ka=" + ka + " references=" + references);
        if (!coordinates && (references > 0 || velocity))
            throw new IllegalArgumentException(name() + ": reference vectors and velocities need the coordinate update");
        this.nf = nf;
        this.ka = ka;
        this.coordinates = coordinates;
        this.velocity = velocity;
        long s = seed * 1_000_003L;
        eHi = child("phi_e.0.h_i", new Linear(nf, nf, true, device, s + 1));
        eHj = child("phi_e.0.h_j", new Linear(nf, nf, false, device, s + 2));
        eD = coordinates ? child("phi_e.0.d2", new Linear(1, nf, false, device, s + 3)) : null;
        eA = ka > 0 ? child("phi_e.0.a", new Linear(ka, nf, false, device, s + 4)) : null;
        eOut = child("phi_e.2", new Linear(nf, nf, true, device, s + 5));
        xHidden = coordinates ? child("phi_x.0", new Linear(nf, nf, true, device, s + 6)) : null;
        xOut = coordinates ? child("phi_x.2", new Linear(nf, 1, false, device, s + 7)) : null;
        vHidden = velocity ? child("phi_v.0", new Linear(nf, nf, true, device, s + 8)) : null;
        vOut = velocity ? child("phi_v.2", new Linear(nf, 1, true, device, s + 9)) : null;
        hH = child("phi_h.0.h", new Linear(nf, nf, true, device, s + 10));
        hM = child("phi_h.0.m", new Linear(nf, nf, false, device, s + 11));
        hOut = child("phi_h.2", new Linear(nf, nf, true, device, s + 12));
        for (int k = 0; k < references; k++)
            refHeads.add(new Linear[] {child("phi_r" + k + ".0", new Linear(nf, nf, true, device, s + 20 + 2L * k)),
                child("phi_r" + k + ".2", new Linear(nf, 1, false, device, s + 21 + 2L * k))});
        /* the split blocks share the init range of the whole first layer (fan_in 2nf + 1 + ka, 2nf) */
        double fe = 1.0 / Math.sqrt(2 * nf + (coordinates ? 1 : 0) + ka), fh = 1.0 / Math.sqrt(2 * nf);
        Linear[] blocks = {eHi, eHj, eD, eA};
        for (int k = 0; k < blocks.length; k++) if (blocks[k] != null) Init.uniform(blocks[k], fe, s + 31 + 10L * k);
        Init.uniform(hH, fh, s + 72);
        Init.uniform(hM, fh, s + 73);
        /* the EGNN code: xavier-uniform with gain 0.001 on phi_x's last layer, so the first updates are small */
        if (coordinates) Init.uniform(xOut, 0.001 * Math.sqrt(6.0 / (nf + 1)), s + 74);
    }

    /** Use {@link #forward(Tensor, Tensor, Tensor, Tensor, List)}. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(name() + ": call forward(h, x, v, a, references)");
    }

    /** h (B, n, nf), x and v (B, n, 3) (v null without the velocity term), a (B, n, n, ka) or null when ka = 0, references (B or 1, 1, 3) each. */
    public Output forward(Tensor h, Tensor x, Tensor v, Tensor a, List<Tensor> references) {
        long batch = h.dim(0), n = h.dim(1);
        if (h.rank() != 3 || h.dim(2) != nf || !x.shape().equals(Shape.of(batch, n, 3)))
            throw new IllegalArgumentException(name() + ": need h (B, n, " + nf + ") and x (B, n, 3), got " + h.shape() + " and " + x.shape());
        if ((v == null) == velocity)
            throw new IllegalArgumentException(name() + (velocity ? ": velocities v (B, n, 3) expected, got null" : ": built without the velocity term, got v"));
        if (references.size() != refHeads.size())
            throw new IllegalArgumentException(name() + ": " + refHeads.size() + " reference vectors expected, got " + references.size());
        Tensor pre = eHi.forward(h).reshape(batch, n, 1, nf).add(eHj.forward(h).reshape(batch, 1, n, nf));
        if (coordinates) pre = pre.add(eD.forward(EgnnEdge.squaredDistances(x).reshape(batch, n, n, 1)));
        if (eA != null) pre = pre.add(eA.forward(a));
        Tensor m = eOut.forward(pre.silu()).silu();                                      // (B, n, n, nf)
        Tensor xNew = x;
        if (coordinates) {
            Tensor phi = xOut.forward(xHidden.forward(m).silu()).reshape(batch, n, n);
            xNew = EgnnEdge.coordUpdate(x, phi, n > 1 ? 1.0f / (n - 1) : 0.0f);
            if (velocity) xNew = xNew.add(vOut.forward(vHidden.forward(h).silu()).mul(v));  // (B, n, 1) * (B, n, 3)
            for (int k = 0; k < refHeads.size(); k++)
                xNew = xNew.add(refHeads.get(k)[1].forward(refHeads.get(k)[0].forward(h).silu()).mul(references.get(k)));
        }
        float[] off = new float[(int) (n * n)];
        for (int i = 0; i < n * n; ++i) off[i] = i / n == i % n ? 0f : 1f;
        Tensor mi = Reduce.apply(m.mul(Tensor.of(off, Shape.of(1, n, n, 1), h.device())), 2, Reduce.Op.SUM, false);
        Tensor hNew = h.add(hOut.forward(hH.forward(h).add(hM.forward(mi)).silu()));
        return new Output(hNew, xNew);
    }
}
