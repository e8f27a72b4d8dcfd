package org.symkern.nn;

import org.symkern.tensor.Device;

/**
 * Group convolution G -> G (GrouPy P4ConvP4 / P4MConvP4M; escnn R2Conv between regular fields):
 * x (B, cIn, |H|, H, W) -> y (B, cOut, |H|, H', W'), H' = (H + 2 padding - k) / stride + 1, computed by the
 * fused K9 kernel ({@link org.symkern.ops.GroupConv2d}: the expanded bank is never held whole).
 * <pre>
 *   P4 / P4M:   y[b, o, t, p] = bias[o] + sum_{i, s, q} x[b, i, s, p + q] W[o, i, T[t, s], g_t^{-1} q]
 *   C_N / D_N:  y[b, o, t, p] = bias[o] + sum_{i, s, q} x[b, i, s, p + q] psi_{o, i, T[t, s]}(g_t^{-1} . q),
 *               psi_{o,i,d}(x) = sum_j W[o, i, d, j] B_j(x)
 * </pre>
 * with T[t, s] = idx(g_t^{-1} h_s) (p4 and C_N: (s - t) mod N), q over the centred k x k offsets, p + q
 * standing for p*stride - padding + the tap (docs/groups.md, sections Filter tables and Steerable basis). The bias is one scalar per output
 * field, shared over the group axis.
 *
 * <p>Equivariance (stride 1, or stride s with (H + 2 padding - k) divisible by s; odd k, square input; for even
 * k, P4 with padding 0): if x transforms by the regular representation, x'[:, :, t] = L_g(x[:, :, idx(g^{-1} g_t)]),
 * then y(x')[:, :, t] = L_g^{spatial}(y(x))[:, :, idx(g^{-1} g_t)] for the grid symmetries g of {@link GSpace}
 * (p4: Phi(rot90 x)[:, :, t] = rot90(Phi(x)[:, :, (t - 1) mod 4]); p4m rot90 / flipud: the permutations
 * [3,0,1,2,5,6,7,4] / [4,5,6,7,0,1,2,3]; C8 / C16: a roll by 2 / 4; D8: fliplr with the D8 permutation),
 * exactly up to float rounding, so stacks of these layers with pointwise nonlinearities, {@link InnerBatchNorm},
 * {@link PlaneMaxPool} and {@link GroupPool} keep the law (docs/groups.md, sections Equivariance laws and Regular fields). Other rotations of C8 /
 * C16 / D8: approximately.
 */
public final class GroupConv2d extends GroupConvLayer {
    /** A group convolution G -&gt; G of the given group space. */
    public GroupConv2d(GSpace gspace, long cIn, long cOut, int k, int stride, int padding, boolean bias, Device device,
                       long seed) {
        super("GroupConv2d", gspace, false, cIn, cOut, k, stride, padding, bias, device, seed);
    }

    /** Stride 1, valid padding, with bias. */
    public GroupConv2d(GSpace gspace, long cIn, long cOut, int k, Device device, long seed) {
        this(gspace, cIn, cOut, k, 1, 0, true, device, seed);
    }
}
