package org.symkern.nn;

import org.symkern.ops.MatMul;
import org.symkern.ops.Random;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Fully connected layer: y = x W^T + b, with x (..., in), W (out, in), b (out), y (..., out).
 * Initialization as PyTorch's nn.Linear: W, b ~ U(-1/sqrt(in), 1/sqrt(in)), drawn from the
 * counter-based generator (seed, offsets 0 and 2^32), so the same seed gives the same weights on every
 * device. Gradients: dW = dy^T x (summed over leading axes), db = sum of dy over leading axes,
 * dx = dy W.
 */
public final class Linear extends Module {
    private final Tensor weight;
    private final Tensor bias;
    private final long in;
    private final long out;

    /** y = x W^T + b with W (out, in), uniform +-1/sqrt(in) initialisation; no b unless {@code bias}. */
    public Linear(long in, long out, boolean bias, Device device, long seed) {
        super("Linear(" + in + "->" + out + ")");
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("Linear: sizes must be positive, got in=" + in + " out=" + out);
        this.in = in;
        this.out = out;
        float bound = (float) (1.0 / Math.sqrt(in));
        this.weight = parameter("weight", Shape.of(out, in), device,
                () -> Random.uniform(Shape.of(out, in), device, -bound, bound, seed, 0));
        this.bias = bias ? parameter("bias", Shape.of(out), device,
                () -> Random.uniform(Shape.of(out), device, -bound, bound, seed, 1L << 32)) : null;
    }

    /** y = x W^T + b, with bias. */
    public Linear(long in, long out, Device device, long seed) {
        this(in, out, true, device, seed);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 1 || x.dim(-1) != in)
            throw new IllegalArgumentException(name() + ": input " + x.shape() + " must end in " + in);
        Tensor y = x.rank() == 2 ? MatMul.apply(x, weight, false, true)
                : MatMul.apply(x.reshape(-1, in), weight, false, true).reshape(outShape(x));
        return bias == null ? y : y.add(bias);
    }

    private long[] outShape(Tensor x) {
        long[] d = x.dims();
        d[d.length - 1] = out;
        return d;
    }

    /** The weight (out, in). */
    public Tensor weight() {
        return weight;
    }

    /** The bias (out), or null. */
    public Tensor bias() {
        return bias;
    }
}
