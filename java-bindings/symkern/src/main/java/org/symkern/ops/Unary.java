package org.symkern.ops;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.Native;
import org.symkern.tensor.Tensor;

/**
 * Elementwise y = f(x) (catalog K2) for the ops of {@link Op}; backward dx = dy * f'(x), with f' written
 * per op below (y is the forward output):
 * <pre>
 *  neg: -1          relu: [x>0]          leaky_relu: x>0 ? 1 : a     elu: x>0 ? 1 : a e^x
 *  silu: s(1 + x(1-s)), s = sigmoid(x)   tanh: 1 - y^2    sigmoid: y(1-y)    exp: y    log: 1/x
 *  sqrt: 1/(2y)     pow: a x^(a-1)       scale: a         add_scalar: 1      abs: sign(x)
 * </pre>
 */
public final class Unary extends Function {
    /** Op codes of symkern.h (SK_UNARY_*). */
    public enum Op {
        /** -x. */ NEG(0),
        /** max(0, x). */ RELU(1),
        /** x or a x for x &lt; 0. */ LEAKY_RELU(2),
        /** x or a (exp(x) - 1) for x &lt; 0. */ ELU(3),
        /** x sigmoid(x). */ SILU(4),
        /** tanh(x). */ TANH(5),
        /** 1 / (1 + exp(-x)). */ SIGMOID(6),
        /** exp(x). */ EXP(7),
        /** log(x). */ LOG(8),
        /** sqrt(x). */ SQRT(9),
        /** x^a. */ POW(10),
        /** a x. */ SCALE(11),
        /** x + a. */ ADD_SCALAR(12),
        /** |x|. */ ABS(13);

        /** The code of the op in {@code symkern.h}. */
        public final int code;

        Op(int code) {
            this.code = code;
        }

        boolean needsOutput() {
            return this == TANH || this == SIGMOID || this == EXP || this == SQRT;
        }
    }

    private final Op op;
    private final float alpha;

    private Unary(Op op, float alpha) {
        this.op = op;
        this.alpha = alpha;
    }

    /** y = op(x; alpha); alpha is the slope / exponent / scale / offset where the op has one. */
    public static Tensor apply(Tensor x, Op op, float alpha) {
        return new Unary(op, alpha).apply(x);
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0].requireFloat(name());
        Tensor y = Tensor.uninitialized(x.shape(), x.dtype(), x.device());
        Native.check(SymkernNative.sk_unary_forward(y.buffer(), x.buffer(), x.numel(), op.code, alpha));
        save(x, op.needsOutput() ? y : null);
        return y;
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor x = saved(0), y = saved(1);
        Tensor dx = Tensor.uninitialized(x.shape(), x.dtype(), x.device());
        Native.check(SymkernNative.sk_unary_backward(dx.buffer(), dy.buffer(), x.buffer(), y == null ? null : y.buffer(),
                x.numel(), op.code, alpha));
        return new Tensor[] {dx};
    }

    @Override
    public String name() {
        return "Unary(" + op.name().toLowerCase() + ")";
    }
}
