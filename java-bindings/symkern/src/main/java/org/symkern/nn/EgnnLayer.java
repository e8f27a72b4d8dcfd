package org.symkern.nn;

import org.symkern.ops.EgnnEdge;
import org.symkern.ops.Random;
import org.symkern.ops.Reduce;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * One E(n)-equivariant graph convolution (Satorras, Hoogeboom, Welling 2021; docs/kernels.md, section EGNN), fully
 * connected, on node features h (B, n, nf) and coordinates x (B, n, dim):
 * <pre>
 *   m_ij   = phi_e([h_i, h_j, ||x_i - x_j||^2])                 phi_e = Linear(2nf+1 -> nf), SiLU, Linear(nf -> nf), SiLU
 *   x_i'   = x_i + 1/(n-1) sum_{j != i} (x_i - x_j) phi_x(m_ij)  phi_x = Linear(nf -> nf), SiLU, Linear(nf -> 1, no bias)
 *   m_i    = sum_{j != i} m_ij
 *   h_i'   = h_i + phi_h([h_i, m_i])                             phi_h = Linear(2nf -> nf), SiLU, Linear(nf -> nf)
 * </pre>
 * as in the EGNN code (mean coordinate aggregation, residual h update). The first Linear of phi_e acting on the
 * concatenation is computed as its three column blocks, W_a h_i + W_b h_j + w_c d2_ij + b (broadcast over pairs,
 * so the (B, n, n, 2nf+1) concatenation is never built), and likewise phi_h's first Linear as W_h h_i + W_m m_i + b.
 * The squared distances and the coordinate update are the K15 kernels ({@link EgnnEdge}); the MLPs are
 * {@link Linear} + SiLU. Initialisation as the EGNN code: PyTorch's Linear default U(+-1/sqrt(fan_in)) with the
 * fan_in of the whole (concatenated) layer for the split blocks, and xavier-uniform with gain 0.001 for the last
 * layer of phi_x.
 *
 * <p><b>Edge weights (masks).</b> {@link #forward(Tensor, Tensor, Tensor)} takes an optional weight w_ij per message
 * j -&gt; i, w (B, n, n) or (n, n) (shared by the batch) with w[b, i, j] the weight of the messages from j to i (the
 * layout of the pairwise terms), multiplying both messages of the pair:
 * <pre>
 *   x_i' = x_i + 1/(n-1) sum_{j != i} w_ij (x_i - x_j) phi_x(m_ij),    m_i = sum_{j != i} w_ij m_ij
 * </pre>
 * so that d x_i' / d w_ij = (x_i - x_j) phi_x(m_ij) / (n-1) and d m_i / d w_ij = m_ij (the gradient flows through the
 * same ops); the diagonal of w is ignored (there is no self message). With w = 1 everywhere the layer equals the
 * unweighted one, and without weights it computes exactly what it computed before. Equivariance then holds for
 * (P, w) -&gt; (P x, P w P^T).
 *
 * <p>Equivariance: for any orthogonal Q, translation t and permutation P of the nodes,
 * h'(P(xQ^T + t)) = P h'(x) and x'(P(xQ^T + t)) = P (x'(x) Q^T + t): phi_e sees only h and invariant distances,
 * and x' - x is a combination of the differences x_i - x_j with invariant weights.
 */
public final class EgnnLayer extends Module {
    /** The updated features and coordinates. */
    public record Output(Tensor h, Tensor x) {}

    private final Linear eHi, eHj, eD, eOut, xHidden, xOut, hH, hM, hOut;
    private final long nf;

    /** One EGNN layer of width {@code nf}. */
    public EgnnLayer(long nf, org.symkern.tensor.Device device, long seed) {
        super("EgnnLayer(nf=" + nf + ")");
        if (nf <= 0) throw new IllegalArgumentException(name() + ": nf must be positive");
        this.nf = nf;
        long s = seed * 1_000_003L;
        eHi = child("phi_e.0.h_i", new Linear(nf, nf, true, device, s + 1));
        eHj = child("phi_e.0.h_j", new Linear(nf, nf, false, device, s + 2));
        eD = child("phi_e.0.d2", new Linear(1, nf, false, device, s + 3));
        eOut = child("phi_e.2", new Linear(nf, nf, true, device, s + 4));
        xHidden = child("phi_x.0", new Linear(nf, nf, true, device, s + 5));
        xOut = child("phi_x.2", new Linear(nf, 1, false, device, s + 6));
        hH = child("phi_h.0.h", new Linear(nf, nf, true, device, s + 7));
        hM = child("phi_h.0.m", new Linear(nf, nf, false, device, s + 8));
        hOut = child("phi_h.2", new Linear(nf, nf, true, device, s + 9));
        /* the blocks of a split Linear take the init range of the whole layer: fan_in 2nf+1 and 2nf */
        uniform(eHi, 1.0 / Math.sqrt(2 * nf + 1), s + 11);
        uniform(eHj, 1.0 / Math.sqrt(2 * nf + 1), s + 12);
        uniform(eD, 1.0 / Math.sqrt(2 * nf + 1), s + 13);
        uniform(hH, 1.0 / Math.sqrt(2 * nf), s + 14);
        uniform(hM, 1.0 / Math.sqrt(2 * nf), s + 15);
        /* the EGNN code: xavier_uniform_(weight, gain=0.001) for phi_x's last layer */
        uniform(xOut, 0.001 * Math.sqrt(6.0 / (nf + 1)), s + 16);
    }

    /** Redraws a Linear's weight and bias from U(-bound, bound). */
    private static void uniform(Linear l, double bound, long seed) {
        float b = (float) bound;
        try (Scope sc = Scope.open()) {
            Tensor w = l.weight();
            w.copyFrom(Random.uniform(w.shape(), w.device(), -b, b, seed, 0));
            if (l.bias() != null) l.bias().copyFrom(Random.uniform(l.bias().shape(), w.device(), -b, b, seed, 1L << 48));
        }
    }

    /** Use {@link #forward(Tensor, Tensor)}: the layer maps (h, x) to (h', x'). */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(name() + ": call forward(h, x), the layer takes features and coordinates");
    }

    /** h (B, n, nf), x (B, n, dim) -> (h', x'). */
    public Output forward(Tensor h, Tensor x) {
        return forward(h, x, null);
    }

    /**
     * As {@link #forward(Tensor, Tensor)} with every message j -&gt; i weighted by edgeWeight[b, i, j] ((B, n, n) or (n, n),
     * float; null = no weights).
     */
    public Output forward(Tensor h, Tensor x, Tensor edgeWeight) {
        if (h.rank() != 3 || h.dim(2) != nf || x.rank() != 3 || x.dim(0) != h.dim(0) || x.dim(1) != h.dim(1))
            throw new IllegalArgumentException(name() + ": need h (B, n, " + nf + ") and x (B, n, dim), got " + h.shape()
                    + " and " + x.shape());
        long batch = h.dim(0), n = h.dim(1);
        if (edgeWeight != null && !(edgeWeight.dtype() == org.symkern.tensor.DType.FLOAT32
                && (edgeWeight.shape().equals(Shape.of(batch, n, n)) || edgeWeight.shape().equals(Shape.of(n, n)))))
            throw new IllegalArgumentException(name() + ": edge weights " + edgeWeight.describe() + " must be float (" + batch + ", " + n + ", " + n
                    + ") or (" + n + ", " + n + ")");
        Tensor d2 = EgnnEdge.squaredDistances(x);                                        // (B, n, n)
        Tensor pre = eHi.forward(h).reshape(batch, n, 1, nf)                              // h_i
                .add(eHj.forward(h).reshape(batch, 1, n, nf))                             // h_j
                .add(eD.forward(d2.reshape(batch, n, n, 1)));                              // d2_ij
        Tensor m = eOut.forward(pre.silu()).silu();                                       // (B, n, n, nf)
        Tensor phi = xOut.forward(xHidden.forward(m).silu()).reshape(batch, n, n);
        if (edgeWeight != null) phi = phi.mul(edgeWeight);
        Tensor xNew = EgnnEdge.coordUpdate(x, phi, n > 1 ? 1.0f / (n - 1) : 0.0f);
        float[] off = new float[(int) (n * n)];
        for (int i = 0; i < n * n; ++i) off[i] = i / n == i % n ? 0f : 1f;
        Tensor pairWeight = Tensor.of(off, Shape.of(1, n, n, 1), h.device());
        if (edgeWeight != null) pairWeight = pairWeight.mul(edgeWeight.reshape(edgeWeight.rank() == 3 ? batch : 1, n, n, 1));
        Tensor mi = Reduce.apply(m.mul(pairWeight), 2, Reduce.Op.SUM, false);
        Tensor hNew = h.add(hOut.forward(hH.forward(h).add(hM.forward(mi)).silu()));
        return new Output(hNew, xNew);
    }
}
