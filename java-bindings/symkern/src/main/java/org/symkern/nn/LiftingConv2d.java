package org.symkern.nn;

import org.symkern.tensor.Device;

/**
 * Lifting group convolution Z2 -> G (GrouPy P4ConvZ2 / P4MConvZ2; escnn R2Conv from trivial to regular
 * fields): x (B, cIn, H, W) -> y (B, cOut, |H|, H', W'), H' = (H + 2 padding - k) / stride + 1, computed by
 * the fused K9 kernel ({@link org.symkern.ops.GroupConv2d} with si = 1).
 * <pre>
 *   P4 / P4M:   y[b, o, t, p] = bias[o] + sum_{i, q} x[b, i, p + q] W[o, i, 0, g_t^{-1} q]
 *   C_N / D_N:  y[b, o, t, p] = bias[o] + sum_{i, q} x[b, i, p + q] psi_{o,i}(g_t^{-1} . q),
 *               psi_{o,i}(x) = sum_j W[o, i, 0, j] B_j(x)
 * </pre>
 * (q over the centred k x k offsets; p + q stands for p*stride - padding + the tap; g_t^{-1} q is the
 * rotated / reflected tap of docs/groups.md, section Filter tables, B_j the steerable basis images of docs/groups.md, section Steerable basis). The
 * bias is one scalar per output field, shared over the group axis (required for equivariance).
 *
 * <p>Equivariance (stride 1, or stride s with (H + 2 padding - k) divisible by s; odd k, square input; for
 * even k, P4 with padding 0): for the grid symmetries g of {@link GSpace} (rot90, and the mirror of P4M /
 * D8), y(L_g x)[:, :, t] = L_g^{spatial}(y(x))[:, :, idx(g^{-1} g_t)]; for rot90 and the cyclic groups this is
 * rot90 plus a roll of the group axis by |H|/4. Exact up to float rounding; for other rotations of C8 / C16 /
 * D8 it holds approximately (the basis rotates exactly, the pixel grid does not).
 */
public final class LiftingConv2d extends GroupConvLayer {
    /** A lifting convolution Z2 -&gt; G of the given group space. */
    public LiftingConv2d(GSpace gspace, long cIn, long cOut, int k, int stride, int padding, boolean bias, Device device,
                         long seed) {
        super("LiftingConv2d", gspace, true, cIn, cOut, k, stride, padding, bias, device, seed);
    }

    /** Stride 1, valid padding, with bias. */
    public LiftingConv2d(GSpace gspace, long cIn, long cOut, int k, Device device, long seed) {
        this(gspace, cIn, cOut, k, 1, 0, true, device, seed);
    }
}
