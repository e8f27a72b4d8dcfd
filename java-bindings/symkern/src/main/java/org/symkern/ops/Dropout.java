package org.symkern.ops;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.Native;
import org.symkern.tensor.Tensor;

/**
 * Inverted dropout with a counter-based mask (catalog K6): {@code y = x * mask} with
 * <pre>
 *   mask_i = (u_i >= p) ? 1 / (1 - p) : 0
 * </pre>
 * where u_i in [0, 1) is element i of the Philox4x32-10 stream of ({@code seed}, {@code offset}): element i
 * uses word i % 4 of the block at counter offset + i / 4 (symkern.h). The mask depends only on (seed, offset,
 * i), identically on CPU and CUDA; calls that need independent masks use different seeds or offsets at
 * least ceil(numel / 4) apart. Backward: dx = dy * mask (the saved mask), so y is linear in x for a fixed
 * mask. With p = 0 the output is a copy of x and dx = dy.
 */
public final class Dropout extends Function {
    private final float p;
    private final long seed;
    private final long offset;

    private Dropout(float p, long seed, long offset) {
        this.p = p;
        this.seed = seed;
        this.offset = offset;
    }

    /** y = dropout(x) with drop probability p in [0, 1); seed and offset select the mask. */
    public static Tensor apply(Tensor x, float p, long seed, long offset) {
        if (!(p >= 0f && p < 1f)) throw new IllegalArgumentException("dropout: p = " + p + " is outside [0, 1)");
        return new Dropout(p, seed, offset).apply(x);
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0].requireFloat(name());
        if (p == 0f) {
            save((Tensor) null);
            return x.copy();
        }
        Tensor y = Tensor.zerosLike(x);
        Tensor mask = Tensor.zerosLike(x);
        Native.check(SymkernNative.sk_dropout_forward(y.buffer(), mask.buffer(), x.buffer(), x.numel(), p, seed, offset));
        save(mask);
        return y;
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor mask = saved(0);
        if (mask == null) return new Tensor[] {dy.copy()};
        Tensor dx = Tensor.zerosLike(dy);
        Native.check(SymkernNative.sk_dropout_backward(dx.buffer(), dy.buffer(), mask.buffer(), dy.numel()));
        return new Tensor[] {dx};
    }

    @Override
    public String name() {
        return "Dropout(p=" + p + ")";
    }
}
