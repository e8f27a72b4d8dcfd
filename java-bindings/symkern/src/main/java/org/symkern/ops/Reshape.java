package org.symkern.ops;

import org.symkern.autograd.Function;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * y = x viewed with another shape of the same size (no copy). One dimension may be -1 and is inferred.
 * Backward: dx = dy viewed with x's shape.
 */
public final class Reshape extends Function {
    private final Shape target;
    private Shape source;

    private Reshape(Shape target) {
        this.target = target;
    }

    /** {@code x} with new dimensions (one may be -1); a view sharing its memory. */
    public static Tensor apply(Tensor x, long... dims) {
        return new Reshape(infer(x.shape(), dims)).apply(new Tensor[] {x});
    }

    /** Resolves a single -1 entry against the element count of `from`. */
    static Shape infer(Shape from, long[] dims) {
        long known = 1;
        int free = -1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (free >= 0) throw new IllegalArgumentException("reshape: more than one -1 in " + java.util.Arrays.toString(dims));
                free = i;
            } else if (dims[i] < 0) {
                throw new IllegalArgumentException("reshape: negative size " + dims[i] + " in " + java.util.Arrays.toString(dims));
            } else {
                known *= dims[i];
            }
        }
        long[] out = dims.clone();
        if (free >= 0) {
            if (known == 0 || from.numel() % known != 0)
                throw new IllegalArgumentException("reshape: cannot infer -1 in " + java.util.Arrays.toString(dims) + " for " + from);
            out[free] = from.numel() / known;
        }
        Shape s = Shape.of(out);
        if (s.numel() != from.numel())
            throw new IllegalArgumentException("reshape: cannot view " + from + " (" + from.numel() + " elements) as " + s);
        return s;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        source = in[0].shape();
        return in[0].view(target);
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        return new Tensor[] {dy.view(source)};
    }
}
