package org.symkern.nn;

import org.symkern.ops.FilterExpand;
import org.symkern.ops.Random;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * What {@link LiftingConv2d} and {@link GroupConv2d} share: the learned filter W and bias, the K8 table (idx,
 * coef) built once from {@code org.symkern.group} and uploaded as constant tensors (no gradient) in this
 * layer's own scope, and the forward through the fused K9 kernel {@link org.symkern.ops.GroupConv2d}, which
 * never materializes the whole expanded bank.
 *
 * <p>Init: W ~ N(0, 2 / (cIn * si * E)) ("generalized He"), with E the squared norm one parameter spreads over
 * a filter (k*k for pixel filters, about nb for the unit-norm steerable basis), so the expanded filters have the
 * variance of a He-initialized plain conv with fan-in cIn * si * k * k; drawn from the counter-based
 * generator at (seed, 0), identical on every device. The bias starts at 0.
 */
public abstract class GroupConvLayer extends Module {
    private final GSpace gspace;
    private final boolean lifting;
    private final long cIn, cOut;
    private final int k, stride, padding;
    private final Tensor weight, bias, idx, coef;
    private final Scope tables;

    GroupConvLayer(String kind, GSpace gspace, boolean lifting, long cIn, long cOut, int k, int stride, int padding,
                   boolean bias, Device device, long seed) {
        super(kind + "(" + gspace + ", " + cIn + "->" + cOut + ", " + k + "x" + k + ")");
        if (gspace == null) throw new IllegalArgumentException(name() + ": gspace is null");
        if (cIn <= 0 || cOut <= 0 || k <= 0)
            throw new IllegalArgumentException(name() + ": fields and kernel size must be positive");
        if (stride < 1 || padding < 0)
            throw new IllegalArgumentException(name() + ": stride " + stride + " must be >= 1 and padding " + padding + " >= 0");
        this.gspace = gspace;
        this.lifting = lifting;
        this.cIn = cIn;
        this.cOut = cOut;
        this.k = k;
        this.stride = stride;
        this.padding = padding;
        GroupFilterTable t = gspace.table(k, lifting);
        Shape ws = gspace.weightShape(cOut, cIn, t);
        float std = (float) Math.sqrt(2.0 / (cIn * t.si() * t.identityEnergy()));
        this.weight = parameter("weight", ws, device, () -> Random.normal(ws, device, 0f, std, seed, 0));
        this.bias = bias ? parameter("bias", Shape.of(cOut), device, () -> Tensor.zeros(Shape.of(cOut), device)) : null;
        this.tables = Scope.standalone(name() + ".tables");
        try (Scope.Activation a = tables.activate()) {
            this.idx = t.idxTensor(device);
            this.coef = t.coefTensor(device);
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        int g = gspace.order();
        boolean ok = lifting ? x.rank() == 4 && x.dim(1) == cIn : x.rank() == 5 && x.dim(1) == cIn && x.dim(2) == g;
        if (!ok)
            throw new IllegalArgumentException(name() + ": input " + x.shape() + " must be (B, " + cIn
                    + (lifting ? "" : ", " + g) + ", H, W)");
        Tensor in = lifting ? x.reshape(x.dim(0), cIn, 1, x.dim(2), x.dim(3)) : x;
        return org.symkern.ops.GroupConv2d.apply(in, weight, bias, idx, coef, stride, padding);
    }

    /**
     * The expanded filter bank as the folded plain-conv weight (cOut*|H|, cIn*si, k, k), computed by
     * {@link FilterExpand} with autograd (for tests and export): conv2d(x folded to (B, cIn*si, H, W), bank)
     * reshaped to (B, cOut, |H|, H', W'), plus the bias per field, is this layer's output.
     */
    public Tensor expandedFilters() {
        int si = lifting ? 1 : gspace.order();
        return FilterExpand.apply(weight, idx, coef).reshape(cOut * gspace.order(), cIn * si, k, k);
    }

    /** Forward FLOPs (2 per multiply-add) of the convolution for an input of batch b and plane h x w. */
    public double flops(long b, long h, long w) {
        long ho = (h + 2L * padding - k) / stride + 1, wo = (w + 2L * padding - k) / stride + 1;
        long si = lifting ? 1 : gspace.order();
        return 2.0 * b * cOut * gspace.order() * cIn * si * k * k * ho * wo;
    }

    public GSpace gspace() {
        return gspace;
    }

    /** true for a lifting layer (planar input), false for a group layer. */
    public boolean lifting() {
        return lifting;
    }

    public long inFields() {
        return cIn;
    }

    public long outFields() {
        return cOut;
    }

    public int kernelSize() {
        return k;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    /** The learned filter: (cOut, cIn, si, k, k) for P4 / P4M, basis coefficients (cOut, cIn, si, nb) otherwise. */
    public Tensor weight() {
        return weight;
    }

    /** The bias (cOut), shared over the group axis, or null. */
    public Tensor bias() {
        return bias;
    }

    /** The K8 table's int32 indices (|H|, si, k*k, e). */
    public Tensor tableIndex() {
        return idx;
    }

    /** The K8 table's float32 coefficients (same shape), or null for the pure gathers of P4 / P4M. */
    public Tensor tableCoef() {
        return coef;
    }

    @Override
    public void close() {
        super.close();
        tables.close();
    }
}
