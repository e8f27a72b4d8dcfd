package org.symkern.ops;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * out = a (op) b elementwise with numpy broadcasting (catalog K2): the output shape is
 * {@link Shape#broadcast}(a, b); an operand of lower rank is left-padded with 1s and its size-1 dims repeat.
 * Both inputs must be float32. Backward, with g = dout:
 * <pre>
 *  add: da = g          db = g
 *  sub: da = g          db = -g
 *  mul: da = g * b      db = g * a
 *  div: da = g / b      db = -g * a / b^2 = -(g / b) * out
 * </pre>
 * each then reduced to its operand's shape by summing over the axes that operand was broadcast along
 * ({@code sk_sum_to_shape}, the adjoint of broadcasting; see {@link #unbroadcast}).
 */
public final class Binary extends Function {
    /** Op codes of symkern.h (SK_BINARY_*). */
    public enum Op {
        /** a + b. */ ADD(0),
        /** a - b. */ SUB(1),
        /** a * b. */ MUL(2),
        /** a / b. */ DIV(3);

        /** The code of the op in {@code symkern.h}. */
        public final int code;

        Op(int code) {
            this.code = code;
        }
    }

    private final Op op;
    private Shape aShape, bShape, outShape;
    private boolean needA, needB;

    private Binary(Op op) {
        this.op = op;
    }

    /** a (op) b with broadcasting; throws IllegalArgumentException naming both shapes when they do not broadcast. */
    public static Tensor apply(Tensor a, Tensor b, Op op) {
        if (op == null) throw new IllegalArgumentException("Binary: op is null");
        return new Binary(op).apply(new Tensor[] {a, b});
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor a = in[0].requireFloat(name() + " input 0"), b = in[1].requireFloat(name() + " input 1");
        aShape = a.shape();
        bShape = b.shape();
        try {
            outShape = Shape.broadcast(aShape, bShape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name() + ": " + e.getMessage(), e);
        }
        Tensor out = Tensor.uninitialized(outShape, a.device());
        call(out, a, b, op);
        needA = a.requiresGrad();
        needB = b.requiresGrad();
        switch (op) {
            case MUL: save(needB ? a : null, needA ? b : null); break;
            case DIV: save(b, needB ? out : null); break;
            default: break;   // add, sub: the shapes are enough
        }
        return out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor ga = null, gb = null;
        switch (op) {
            case ADD:
                ga = needA ? g : null;
                gb = needB ? g : null;
                break;
            case SUB:
                ga = needA ? g : null;
                if (needB) {
                    gb = Tensor.uninitialized(g.shape(), g.dtype(), g.device());
                    Native.check(SymkernNative.sk_unary_forward(gb.buffer(), g.buffer(), g.numel(), Unary.Op.NEG.code, 0f));
                }
                break;
            case MUL:
                if (needA) ga = call(Tensor.uninitialized(outShape, g.device()), g, saved(1), Op.MUL);
                if (needB) gb = call(Tensor.uninitialized(outShape, g.device()), g, saved(0), Op.MUL);
                break;
            case DIV: {
                Tensor gOverB = call(Tensor.uninitialized(outShape, g.device()), g, saved(0), Op.DIV);
                ga = needA ? gOverB : null;
                if (needB) {
                    gb = call(Tensor.uninitialized(outShape, g.device()), gOverB, saved(1), Op.MUL);
                    Native.check(SymkernNative.sk_unary_forward(gb.buffer(), gb.buffer(), gb.numel(), Unary.Op.NEG.code, 0f));
                }
                break;
            }
        }
        return new Tensor[] {ga == null ? null : unbroadcast(ga, aShape), gb == null ? null : unbroadcast(gb, bShape)};
    }

    /**
     * The adjoint of broadcasting: g (of the output shape) summed over the axes along which an operand of
     * shape {@code target} was broadcast, giving a tensor of shape {@code target}; g itself when nothing
     * was broadcast.
     */
    private static Tensor unbroadcast(Tensor g, Shape target) {
        if (g.shape().equals(target)) return g;
        int ndim = Math.max(1, g.rank());
        Tensor out = Tensor.uninitialized(target, g.device());
        Native.check(SymkernNative.sk_sum_to_shape(out.buffer(), g.buffer(), ndim, target.padTo(ndim), g.shape().padTo(ndim)));
        return out;
    }

    /** out = a (op) b, where out has the broadcast shape of a and b; returns out. */
    private static Tensor call(Tensor out, Tensor a, Tensor b, Op op) {
        int ndim = Math.max(1, out.rank());   // rank 0 is passed as shape {1}
        Native.check(SymkernNative.sk_binary_forward(out.buffer(), a.buffer(), b.buffer(), ndim, out.shape().padTo(ndim),
                a.shape().padTo(ndim), b.shape().padTo(ndim), op.code));
        return out;
    }

    @Override
    public String name() {
        return "Binary(" + op.name().toLowerCase() + ")";
    }
}
