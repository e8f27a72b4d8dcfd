package org.symkern.nn;

import java.util.Arrays;

import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * 2D convolution layer (cross-correlation, as PyTorch's nn.Conv2d with groups = 1 and zero padding):
 * y[b,o,i,j] = bias[o] + sum_{c,p,q} W[o,c,p,q] x[b, c, i s_h - p_h + p d_h, j s_w - p_w + q d_w], with
 * x (B, Ci, H, W), W (Co, Ci, kh, kw), one bias per output channel shared by every position, and
 * y (B, Co, Ho, Wo), Ho = (H + 2 p_h - d_h (kh - 1) - 1) / s_h + 1 (likewise Wo). See
 * {@link org.symkern.ops.Conv2d} for the gradients.
 *
 * <p>Initialization as PyTorch: W, bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = Ci kh kw, seeded (see
 * {@link ConvLayer}), so the same seed gives the same weights on every device.
 *
 * <p>Equivariance: the layer commutes with translations. With stride 1, shifting the input by (u, v) pixels
 * shifts the output by (u, v): conv(T_{u,v} x) = T_{u,v} conv(x), exactly wherever neither side reads the
 * zero padding; with stride s it holds for shifts by multiples of s (the output moves by (u/s, v/s)). It is
 * not equivariant to rotations or reflections (the group convolutions add those).
 */
public final class Conv2d extends ConvLayer {
    private final int[] stride, padding, dilation;

    /** Per-axis {height, width} stride, padding and dilation. */
    public Conv2d(long inChannels, long outChannels, int kernelH, int kernelW, int[] stride, int[] padding,
                  int[] dilation, boolean bias, Device device, long seed) {
        super("Conv2d(" + inChannels + "->" + outChannels + ", " + kernelH + "x" + kernelW + ")",
                Shape.of(outChannels, inChannels, kernelH, kernelW), bias, device, seed);
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.dilation = dilation.clone();
    }

    /** Square kernel, the same stride and padding on both axes, no dilation, with bias. */
    public Conv2d(long inChannels, long outChannels, int kernel, int stride, int padding, Device device, long seed) {
        this(inChannels, outChannels, kernel, kernel, new int[] {stride, stride}, new int[] {padding, padding},
                new int[] {1, 1}, true, device, seed);
    }

    @Override
    public Tensor forward(Tensor x) {
        return org.symkern.ops.Conv2d.apply(x, weight(), bias(), stride, padding, dilation);
    }

    @Override
    public String toString() {
        return name() + " stride " + Arrays.toString(stride) + " padding " + Arrays.toString(padding) + " dilation "
                + Arrays.toString(dilation);
    }

    /** {height, width} stride. */
    public int[] stride() {
        return stride.clone();
    }

    /** {height, width} zero padding. */
    public int[] padding() {
        return padding.clone();
    }

    /** {height, width} dilation. */
    public int[] dilation() {
        return dilation.clone();
    }
}
