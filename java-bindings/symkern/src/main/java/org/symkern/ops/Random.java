package org.symkern.ops;

import java.util.Objects;

import org.symkern.jni.SymkernNative;
import org.symkern.tensor.Device;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Counter-based random tensors (catalog K6), bit-identical on CPU and CUDA. Element i of a tensor (row-major)
 * is computed from word i % 4 of the Philox4x32-10 block at counter offset + i / 4 with key seed, so the
 * values depend only on (seed, offset, i): the same arguments give the same tensor on any device, and
 * the first k elements do not depend on the shape's size. Tensors that must be independent use different
 * seeds, or offsets at least ceil(numel / 4) apart. These are plain factories: results do not require
 * gradients.
 * <pre>
 *   uniform: low + (high - low) u,  u = (word >> 8) 2^-24 in [0, 1); results in [low, high)
 *   normal:  mean + std z, with (z_2j, z_2j+1) = sqrt(-2 ln(1 - u_2j)) (cos, sin)(2 pi u_2j+1)  (Box-Muller)
 * </pre>
 */
public final class Random {
    private Random() {}

    /** Uniform values in [low, high) (low &lt; high, high - low a finite float). */
    public static Tensor uniform(Shape shape, Device device, float low, float high, long seed, long offset) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(device, "device");
        if (!(low < high))
            throw new IllegalArgumentException("uniform: needs low < high, got low = " + low + ", high = " + high);
        if (!Float.isFinite(high - low))
            throw new IllegalArgumentException("uniform: high - low is not a finite float (low = " + low + ", high = " + high + ")");
        Tensor out = Tensor.zeros(shape, device);
        Native.check(SymkernNative.sk_random_uniform(out.buffer(), out.numel(), low, high, seed, offset));
        return out;
    }

    /** Normal values with the given mean and standard deviation (std >= 0, both finite). */
    public static Tensor normal(Shape shape, Device device, float mean, float std, long seed, long offset) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(device, "device");
        if (!Float.isFinite(mean)) throw new IllegalArgumentException("normal: mean = " + mean + " is not finite");
        if (!(std >= 0f && Float.isFinite(std)))
            throw new IllegalArgumentException("normal: std = " + std + " must be finite and >= 0");
        Tensor out = Tensor.zeros(shape, device);
        Native.check(SymkernNative.sk_random_normal(out.buffer(), out.numel(), mean, std, seed, offset));
        return out;
    }
}
