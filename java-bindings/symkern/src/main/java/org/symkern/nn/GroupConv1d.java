package org.symkern.nn;

import org.symkern.group.FilterTables;
import org.symkern.ops.Conv1d;
import org.symkern.ops.FilterExpand;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * 1D group convolution for time reversal, Z2 = {e, r} with r reversing time (docs/groups.md, section Time reversal), in two forms:
 * <ul>
 *   <li>lifting: x (B, cIn, T) -> y (B, cOut, 2, T'), the filter and its reversal:
 *       y[b, o, t, p] = bias[o] + sum_{i, q} x[b, i, p + q] W[o, i, 0, src_t(q)],  src_0(q) = q, src_1(q) = k-1-q;</li>
 *   <li>group: x (B, cIn, 2, T) -> y (B, cOut, 2, T'):
 *       y[b, o, t, p] = bias[o] + sum_{i, s, q} x[b, i, s, p + q] W[o, i, (t + s) mod 2, src_t(q)],
 *       i.e. the reversed filter also swaps the 2-element group axis of its input.</li>
 * </ul>
 * (p + q stands for p*stride - padding + q; T' = (T + 2 padding - k) / stride + 1.) Computed as the K8
 * expansion ({@link FilterExpand} with {@link FilterTables#timeReversal}'s table, idx[t, s, q] =
 * T[t, s] * k + src_t(q)) to the bank (cOut*2, cIn*si, k), the K7 {@link Conv1d} on the input folded to
 * (B, cIn*si, T), and one bias per output field broadcast over the group axis and time. W (cOut, cIn, si, k)
 * starts as N(0, 2 / (cIn si k)) (see {@link FilterBankLayer}); the bias at 0.
 *
 * <p>Equivariance (exact): with R the time reversal x[..., p] -> x[..., T-1-p] and S the swap of the group
 * axis, y(R x) = S R y(x) for the lifting layer and y(S R x) = S R y(x) for the group layer, whenever the
 * window tiling is symmetric: stride 1, or (T + 2 padding - k) divisible by the stride.
 */
public final class GroupConv1d extends FilterBankLayer {
    /** A lifting ({@code lifting} true) or group convolution for time reversal. */
    public GroupConv1d(boolean lifting, long cIn, long cOut, int k, int stride, int padding, boolean bias, Device device,
                       long seed) {
        this(name(lifting, cIn, cOut, k), table(lifting, cIn, cOut, k, stride, padding), lifting, cIn, cOut, k, stride, padding,
                bias, device, seed);
    }

    private GroupConv1d(String name, GroupFilterTable t, boolean lifting, long cIn, long cOut, int k, int stride, int padding,
                        boolean bias, Device device, long seed) {
        super(name, t, Shape.of(cOut, cIn, t.si(), k), lifting, cIn, cOut, k, stride, padding, bias, device, seed);
    }

    private static String name(boolean lifting, long cIn, long cOut, int k) {
        return "GroupConv1d(" + (lifting ? "lifting, " : "") + "z2 time reversal, " + cIn + "->" + cOut + ", k=" + k + ")";
    }

    private static GroupFilterTable table(boolean lifting, long cIn, long cOut, int k, int stride, int padding) {
        checkSizes(name(lifting, cIn, cOut, k), cIn, cOut, k, stride, padding);
        return GroupFilterTable.gather(FilterTables.timeReversal(k), lifting);
    }

    /** Lifting layer (B, cIn, T) -> (B, cOut, 2, T'). */
    public static GroupConv1d lifting(long cIn, long cOut, int k, int stride, int padding, boolean bias, Device device, long seed) {
        return new GroupConv1d(true, cIn, cOut, k, stride, padding, bias, device, seed);
    }

    /** Group layer (B, cIn, 2, T) -> (B, cOut, 2, T'). */
    public static GroupConv1d group(long cIn, long cOut, int k, int stride, int padding, boolean bias, Device device, long seed) {
        return new GroupConv1d(false, cIn, cOut, k, stride, padding, bias, device, seed);
    }

    @Override
    public Tensor forward(Tensor x) {
        long cIn = inFields(), cOut = outFields();
        boolean ok = lifting() ? x.rank() == 3 && x.dim(1) == cIn : x.rank() == 4 && x.dim(1) == cIn && x.dim(2) == 2;
        if (!ok)
            throw new IllegalArgumentException(name() + ": input " + x.shape() + " must be (B, " + cIn + (lifting() ? "" : ", 2")
                    + ", T)");
        long b = x.dim(0), len = x.dim(-1), si = lifting() ? 1 : 2;
        Tensor y = Conv1d.apply(x.reshape(b, cIn * si, len), expandedFilters(), null, stride(), padding());
        y = y.reshape(b, cOut, 2, y.dim(2));
        return bias() == null ? y : y.add(bias().reshape(cOut, 1, 1));
    }

    /** The expanded bank (cOut*2, cIn*si, k) by {@link FilterExpand} (with autograd): filter t = 1 is reversed. */
    public Tensor expandedFilters() {
        long si = lifting() ? 1 : 2;
        return FilterExpand.apply(weight(), tableIndex(), null).reshape(outFields() * 2, inFields() * si, kernelSize());
    }

    /** W (cOut, cIn, si, k), si = 1 (lifting) or 2. */
    @Override
    public Tensor weight() {
        return super.weight();
    }
}
