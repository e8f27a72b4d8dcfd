package org.symkern.nn;

import org.symkern.ops.MaxPool2d;
import org.symkern.tensor.Tensor;

/**
 * Spatial max pooling of every plane (GrouPy plane_group_spatial_max_pooling, escnn PointwiseMaxPool):
 * (B, C, H, W) or a group map (B, C, |G|, H, W) is pooled over its last two axes with a k x k window,
 * stride s and padding p, each (c) or (c, g) channel on its own (catalog K10):
 * <pre>
 *  y[..., i, j] = max over the window (i, j) of x[..., r, c]   (padding = -inf)
 * </pre>
 *
 * <p>Equivariance: it commutes with every permutation of the channel and group axes (it acts per plane),
 * hence with the regular-representation action on the group axis. It commutes with rot90 (and the flips)
 * of the plane exactly when the window tiling is symmetric under them, e.g. k = 2, s = 2 on an even size,
 * or odd k, s = 1, p = (k - 1) / 2: then y(rot90(x) rolled on the group axis) = rot90(y(x)) rolled likewise
 * (docs/groups.md, section Equivariance laws).
 */
public final class PlaneMaxPool extends Module {
    private final long k, stride, padding;

    /** k x k max pooling with the given stride and padding on every (field, group element) plane. */
    public PlaneMaxPool(long k, long stride, long padding) {
        super("PlaneMaxPool(k=" + k + ", s=" + stride + ", p=" + padding + ")");
        this.k = k;
        this.stride = stride;
        this.padding = padding;
    }

    /** The usual 2 x 2 pooling with stride 2. */
    public PlaneMaxPool() {
        this(2, 2, 0);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 3)
            throw new IllegalArgumentException(name() + ": input " + x.shape() + " must be (B, C, H, W) or (B, C, |G|, H, W)");
        return FieldType.carry(x, MaxPool2d.apply(x, k, stride, padding));
    }

    /** Window size k. */
    public long kernelSize() {
        return k;
    }

    /** Window stride s. */
    public long stride() {
        return stride;
    }

    /** Padding p on each side (padding counts as -inf). */
    public long padding() {
        return padding;
    }
}
