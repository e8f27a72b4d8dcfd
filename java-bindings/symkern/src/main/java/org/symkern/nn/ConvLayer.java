package org.symkern.nn;

import org.symkern.ops.Random;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * The parameters shared by {@link Conv2d} and {@link Conv1d}: weight (c_out, c_in, kernel...) and an optional
 * bias (c_out), initialized as PyTorch's convolutions (kaiming_uniform with a = sqrt(5), which reduces to
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = c_in * prod(kernel), the same bound for the bias), drawn from
 * the counter-based generator at (seed, offset 0) and (seed, offset 2^32): identical on every device.
 */
abstract class ConvLayer extends Module {
    private final Tensor weight;
    private final Tensor bias;

    ConvLayer(String name, Shape weightShape, boolean bias, Device device, long seed) {
        super(name);
        for (long d : weightShape.dims())
            if (d <= 0) throw new IllegalArgumentException(name + ": channels and kernel sizes must be positive, got weight " + weightShape);
        long out = weightShape.dim(0);
        float bound = (float) (1.0 / Math.sqrt((double) (weightShape.numel() / out)));
        this.weight = parameter("weight", weightShape, device, () -> Random.uniform(weightShape, device, -bound, bound, seed, 0));
        this.bias = bias ? parameter("bias", Shape.of(out), device,
                () -> Random.uniform(Shape.of(out), device, -bound, bound, seed, 1L << 32)) : null;
    }

    /** The weight tensor. */
    public final Tensor weight() {
        return weight;
    }

    /** The bias, or null for a layer built without one. */
    public final Tensor bias() {
        return bias;
    }
}
