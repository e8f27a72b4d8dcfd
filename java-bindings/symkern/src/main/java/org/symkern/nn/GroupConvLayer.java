package org.symkern.nn;

import org.symkern.ops.FilterExpand;
import org.symkern.tensor.Device;
import org.symkern.tensor.Tensor;

/**
 * What {@link LiftingConv2d} and {@link GroupConv2d} share beyond {@link FilterBankLayer} (filter, bias, K8
 * table): the group choice, sizes, and the forward through the fused K9 kernel
 * {@link org.symkern.ops.GroupConv2d}, which never materializes the whole expanded bank.
 */
public abstract class GroupConvLayer extends FilterBankLayer {
    private final GSpace gspace;

    GroupConvLayer(String kind, GSpace gspace, boolean lifting, long cIn, long cOut, int k, int stride, int padding,
                   boolean bias, Device device, long seed) {
        this(name(kind, gspace, cIn, cOut, k), table(name(kind, gspace, cIn, cOut, k), gspace, lifting, cIn, cOut, k, stride,
                padding), gspace, lifting, cIn, cOut, k, stride, padding, bias, device, seed);
    }

    private GroupConvLayer(String name, GroupFilterTable t, GSpace gspace, boolean lifting, long cIn, long cOut, int k,
                           int stride, int padding, boolean bias, Device device, long seed) {
        super(name, t, gspace.weightShape(cOut, cIn, t), lifting, cIn, cOut, k, stride, padding, bias, device, seed);
        this.gspace = gspace;
    }

    private static String name(String kind, GSpace gspace, long cIn, long cOut, int k) {
        return kind + "(" + gspace + ", " + cIn + "->" + cOut + ", " + k + "x" + k + ")";
    }

    /** Checks the arguments, then builds the table (which rejects kernel sizes the group cannot use). */
    private static GroupFilterTable table(String name, GSpace gspace, boolean lifting, long cIn, long cOut, int k, int stride,
                                          int padding) {
        if (gspace == null) throw new IllegalArgumentException(name + ": gspace is null");
        checkSizes(name, cIn, cOut, k, stride, padding);
        return gspace.table(k, lifting);
    }

    @Override
    public Tensor forward(Tensor x) {
        long cIn = inFields();
        int g = gspace.order();
        boolean ok = lifting() ? x.rank() == 4 && x.dim(1) == cIn : x.rank() == 5 && x.dim(1) == cIn && x.dim(2) == g;
        if (!ok)
            throw new IllegalArgumentException(name() + ": input " + x.shape() + " must be (B, " + cIn
                    + (lifting() ? "" : ", " + g) + ", H, W)");
        checkFieldType(FieldType.of(x));
        Tensor in = lifting() ? x.reshape(x.dim(0), cIn, 1, x.dim(2), x.dim(3)) : x;
        return org.symkern.ops.GroupConv2d.apply(in, weight(), bias(), tableIndex(), tableCoef(), stride(), padding())
                .withType(outputType());
    }

    /** The type of this layer's output: {@link #outFields()} regular fields of {@link #gspace()}. */
    public FieldType outputType() {
        return FieldType.regular(gspace, outFields());
    }

    /**
     * The type this layer takes: trivial fields (any space: a planar map that only moves on the plane) for a lifting
     * layer, {@link #inFields()} regular fields of {@link #gspace()} for a group layer. A typed input of another kind
     * is an {@link IllegalArgumentException} naming both types; an untyped input is accepted.
     */
    private void checkFieldType(FieldType in) {
        if (in == null) return;
        if (lifting()) {
            if (in.repr() != FieldType.Repr.TRIVIAL)
                throw new IllegalArgumentException(name() + ": the input carries " + in.describe()
                        + ", but a lifting layer takes trivial (planar) fields; use a GroupConv2d of " + in.gspace()
                        + " for this map");
            return;
        }
        if (in.repr() != FieldType.Repr.REGULAR || in.gspace() != gspace || in.fields() != inFields())
            throw new IllegalArgumentException(name() + ": the input carries " + in.describe() + ", but this layer takes "
                    + FieldType.regular(gspace, inFields()).describe());
    }

    /**
     * The expanded filter bank as the folded plain-conv weight (cOut*|H|, cIn*si, k, k), computed by
     * {@link FilterExpand} with autograd (for tests and export): conv2d(x folded to (B, cIn*si, H, W), bank)
     * reshaped to (B, cOut, |H|, H', W'), plus the bias per field, is this layer's output.
     */
    public Tensor expandedFilters() {
        int g = gspace.order(), si = lifting() ? 1 : g, k = kernelSize();
        return FilterExpand.apply(weight(), tableIndex(), tableCoef()).reshape(outFields() * g, inFields() * si, k, k);
    }

    /** Forward FLOPs (2 per multiply-add) of the convolution for an input of batch b and plane h x w. */
    public double flops(long b, long h, long w) {
        int k = kernelSize(), g = gspace.order(), si = lifting() ? 1 : g;
        long ho = (h + 2L * padding() - k) / stride() + 1, wo = (w + 2L * padding() - k) / stride() + 1;
        return 2.0 * b * outFields() * g * inFields() * si * k * k * ho * wo;
    }

    /** The group space of the layer. */
    public GSpace gspace() {
        return gspace;
    }

    /** The learned filter: (cOut, cIn, si, k, k) for P4 / P4M, basis coefficients (cOut, cIn, si, nb) otherwise. */
    @Override
    public Tensor weight() {
        return super.weight();
    }
}
