package org.symkern.nn;

import org.symkern.ops.Random;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * What the group convolutions ({@link GroupConvLayer}: {@link LiftingConv2d}, {@link GroupConv2d}; and
 * {@link GroupConv1d}) share: the learned filter W and the bias (one per output field, shared over the group
 * axis), and the K8 table (idx, coef) built once from {@code org.symkern.group} and uploaded as constant tensors
 * (no gradient) in this layer's own scope, freed by {@link #close()}.
 *
 * <p>Init: W ~ N(0, 2 / (cIn * si * E)) ("generalized He"), with E the squared norm one parameter spreads over
 * a filter ({@link GroupFilterTable#identityEnergy()}: k*k or k for pixel filters, about nb for the unit-norm
 * steerable basis), so the expanded filters have the variance of a He-initialized plain conv with fan-in
 * cIn * si * taps; drawn from the counter-based generator at (seed, 0), identical on every device. The bias
 * starts at 0.
 */
abstract class FilterBankLayer extends Module {
    private final boolean lifting;
    private final long cIn, cOut;
    private final int k, stride, padding;
    private final Tensor weight, bias, idx, coef;
    private final Scope tables;

    FilterBankLayer(String name, GroupFilterTable table, Shape weightShape, boolean lifting, long cIn, long cOut, int k,
                    int stride, int padding, boolean bias, Device device, long seed) {
        super(name);
        this.lifting = lifting;
        this.cIn = cIn;
        this.cOut = cOut;
        this.k = k;
        this.stride = stride;
        this.padding = padding;
        float std = (float) Math.sqrt(2.0 / (cIn * table.si() * table.identityEnergy()));
        this.weight = parameter("weight", weightShape, device, () -> Random.normal(weightShape, device, 0f, std, seed, 0));
        this.bias = bias ? parameter("bias", Shape.of(cOut), device, () -> Tensor.zeros(Shape.of(cOut), device)) : null;
        this.tables = Scope.standalone(name + ".tables");
        try (Scope.Activation a = tables.activate()) {
            this.idx = table.idxTensor(device);
            this.coef = table.coefTensor(device);
        }
    }

    /** Fields, kernel size, stride and padding must be usable; the message names the layer. */
    static void checkSizes(String name, long cIn, long cOut, int k, int stride, int padding) {
        if (cIn <= 0 || cOut <= 0 || k <= 0)
            throw new IllegalArgumentException(name + ": fields and kernel size must be positive");
        if (stride < 1 || padding < 0)
            throw new IllegalArgumentException(name + ": stride " + stride + " must be >= 1 and padding " + padding + " >= 0");
    }

    /** true for a lifting layer (planar input, si = 1), false for a group layer. */
    public boolean lifting() {
        return lifting;
    }

    /** Input fields. */
    public long inFields() {
        return cIn;
    }

    /** Output fields. */
    public long outFields() {
        return cOut;
    }

    /** The kernel size k. */
    public int kernelSize() {
        return k;
    }

    /** The stride. */
    public int stride() {
        return stride;
    }

    /** The zero padding on each side. */
    public int padding() {
        return padding;
    }

    /** The learned filter (its shape depends on the layer; see the subclass). */
    public Tensor weight() {
        return weight;
    }

    /** The bias (cOut), shared over the group axis, or null. */
    public Tensor bias() {
        return bias;
    }

    /** The K8 table's int32 indices (|H|, si, taps, e). */
    public Tensor tableIndex() {
        return idx;
    }

    /** The K8 table's float32 coefficients (same shape), or null for pure gathers (P4, P4M, time reversal). */
    public Tensor tableCoef() {
        return coef;
    }

    @Override
    public void close() {
        super.close();
        tables.close();
    }
}
