package org.symkern.ops;

import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/** PLACEHOLDER (signatures fixed): counter-based (Philox) random tensors, identical on CPU and CUDA (K6). */
public final class Random {
    static final String NOT_YET = "Random: not implemented yet";

    private Random() {}

    public static Tensor uniform(Shape shape, Device device, float low, float high, long seed, long offset) { throw new UnsupportedOperationException(NOT_YET); }

    public static Tensor normal(Shape shape, Device device, float mean, float std, long seed, long offset) { throw new UnsupportedOperationException(NOT_YET); }
}
