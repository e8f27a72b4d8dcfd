package org.symkern.nn;

import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * 1D convolution layer (cross-correlation, as PyTorch's nn.Conv1d with groups = 1 and zero padding):
 * y[b,o,t] = bias[o] + sum_{c,q} W[o,c,q] x[b, c, t s - p + q d], with x (B, Ci, T), W (Co, Ci, k), one bias
 * per output channel shared by every position, y (B, Co, To), To = (T + 2p - d (k - 1) - 1) / s + 1. See
 * {@link org.symkern.ops.Conv1d} for the gradients.
 *
 * <p>Initialization as PyTorch: W, bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = Ci k, seeded (see
 * {@link ConvLayer}), identical on every device.
 *
 * <p>Equivariance: the layer commutes with time shifts. With stride 1, delaying the input by u steps delays
 * the output by u steps, exactly wherever neither side reads the zero padding; with stride s, for delays
 * that are multiples of s (the output moves by u/s). It is not equivariant to time reversal (the 1D group
 * convolutions add that).
 */
public final class Conv1d extends ConvLayer {
    private final int stride, padding, dilation;

    /** A 1D convolution (cross-correlation) with the given kernel, stride, padding and dilation. */
    public Conv1d(long inChannels, long outChannels, int kernel, int stride, int padding, int dilation, boolean bias,
                  Device device, long seed) {
        super("Conv1d(" + inChannels + "->" + outChannels + ", k" + kernel + ")", Shape.of(outChannels, inChannels, kernel),
                bias, device, seed);
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
    }

    /** No dilation, with bias. */
    public Conv1d(long inChannels, long outChannels, int kernel, int stride, int padding, Device device, long seed) {
        this(inChannels, outChannels, kernel, stride, padding, 1, true, device, seed);
    }

    @Override
    public Tensor forward(Tensor x) {
        return org.symkern.ops.Conv1d.apply(x, weight(), bias(), stride, padding, dilation);
    }
}
