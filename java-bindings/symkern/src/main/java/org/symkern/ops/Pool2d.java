package org.symkern.ops;

import org.symkern.autograd.Function;
import org.symkern.tensor.Shape;

/**
 * The geometry shared by {@link MaxPool2d} and {@link AvgPool2d}: a (kh, kw) window, stride (sh, sw) and
 * padding (ph, pw) over the last two axes of x (..., H, W); every leading index is one plane.
 */
abstract class Pool2d extends Function {
    /** Kernel height / width, strides and paddings. */
    protected final long kh, kw, sh, sw, ph, pw;
    /** The input shape, kept for backward. */
    protected Shape inShape;

    Pool2d(long kh, long kw, long sh, long sw, long ph, long pw) {
        this.kh = kh;
        this.kw = kw;
        this.sh = sh;
        this.sw = sw;
        this.ph = ph;
        this.pw = pw;
    }

    /**
     * Records the input shape and returns the output shape (..., oh, ow); throws IllegalArgumentException
     * naming the op, the shape and the offending hyper-parameter.
     */
    protected final Shape begin(Shape s) {
        String geo = " (kernel " + kh + "x" + kw + ", stride " + sh + "x" + sw + ", padding " + ph + "x" + pw + ")";
        if (s.rank() < 2) throw new IllegalArgumentException(name() + ": input " + s + " needs at least 2 axes (..., H, W)");
        if (kh < 1 || kw < 1 || sh < 1 || sw < 1)
            throw new IllegalArgumentException(name() + ": kernel and stride must be positive" + geo);
        if (ph < 0 || pw < 0 || ph > kh / 2 || pw > kw / 2)
            throw new IllegalArgumentException(name() + ": padding must be in [0, kernel / 2]" + geo);
        long h = s.dim(-2), w = s.dim(-1);
        if (h < 1 || w < 1) throw new IllegalArgumentException(name() + ": input " + s + " has an empty plane");
        if (kh > h + 2 * ph || kw > w + 2 * pw)
            throw new IllegalArgumentException(name() + ": the kernel is larger than the padded plane of input " + s + geo);
        inShape = s;
        long[] d = s.dims();
        d[d.length - 2] = (h + 2 * ph - kh) / sh + 1;
        d[d.length - 1] = (w + 2 * pw - kw) / sw + 1;
        return Shape.of(d);
    }

    /** Number of planes (all leading axes). */
    protected final long planes() {
        return inShape.prod(0, inShape.rank() - 2);
    }

    /** Input height. */
    protected final long h() {
        return inShape.dim(-2);
    }

    /** Input width. */
    protected final long w() {
        return inShape.dim(-1);
    }
}
