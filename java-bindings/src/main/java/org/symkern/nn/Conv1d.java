package org.symkern.nn;

import org.symkern.ops.Random;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * 1D convolution layer (cross-correlation, as PyTorch's nn.Conv1d with groups = 1 and zero padding):
 * y[b,o,t] = bias[o] + sum_{c,q} W[o,c,q] x[b, c, t s - p + q d], with x (B, Ci, T), W (Co, Ci, k), one bias
 * per output channel shared by every position, y (B, Co, To), To = (T + 2p - d (k - 1) - 1) / s + 1. See
 * {@link org.symkern.ops.Conv1d} for the gradients.
 *
 * <p>Initialization as PyTorch: W, bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = Ci k, from the
 * counter-based generator (seed, offsets 0 and 2^32), identical on every device.
 *
 * <p>Equivariance: the layer commutes with time shifts. With stride 1, delaying the input by u steps delays
 * the output by u steps, exactly wherever neither side reads the zero padding; with stride s, for delays
 * that are multiples of s (the output moves by u/s). It is not equivariant to time reversal (the 1D group
 * convolutions add that).
 */
public final class Conv1d extends Module {
    private final Tensor weight;
    private final Tensor bias;
    private final int stride, padding, dilation;

    public Conv1d(long inChannels, long outChannels, int kernel, int stride, int padding, int dilation, boolean bias,
                  Device device, long seed) {
        super("Conv1d(" + inChannels + "->" + outChannels + ", k" + kernel + ")");
        if (inChannels <= 0 || outChannels <= 0 || kernel <= 0)
            throw new IllegalArgumentException("Conv1d: channels and kernel must be positive, got in=" + inChannels
                    + " out=" + outChannels + " kernel=" + kernel);
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        Shape wShape = Shape.of(outChannels, inChannels, kernel);
        float bound = (float) (1.0 / Math.sqrt((double) inChannels * kernel));
        this.weight = parameter("weight", wShape, device, () -> Random.uniform(wShape, device, -bound, bound, seed, 0));
        this.bias = bias ? parameter("bias", Shape.of(outChannels), device,
                () -> Random.uniform(Shape.of(outChannels), device, -bound, bound, seed, 1L << 32)) : null;
    }

    /** No dilation, with bias. */
    public Conv1d(long inChannels, long outChannels, int kernel, int stride, int padding, Device device, long seed) {
        this(inChannels, outChannels, kernel, stride, padding, 1, true, device, seed);
    }

    @Override
    public Tensor forward(Tensor x) {
        return org.symkern.ops.Conv1d.apply(x, weight, bias, stride, padding, dilation);
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }
}
