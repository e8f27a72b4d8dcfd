package org.symkern.ops;

import java.util.Arrays;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * The shared body of {@link Conv2d} and {@link Conv1d} (catalog K7): shape validation with messages that
 * name the shapes, output allocation, the saved context, and the backward that asks the native kernel only
 * for the gradients that some input needs. Subclasses supply the axis names and the two native calls.
 *
 * <p>Geometry per spatial axis a (1 axis for conv1d, 2 for conv2d): kernel k_a, stride s_a, padding p_a,
 * dilation d_a, output size out_a = (in_a + 2 p_a - d_a (k_a - 1) - 1) / s_a + 1, which must be >= 1.
 */
abstract class ConvNd extends Function {
    final int[] stride;
    final int[] padding;
    final int[] dilation;
    private final boolean hasBias;
    private boolean needX, needW, needB;
    long[] xDims, wDims;   // x (batch, c_in, spatial...), weight (c_out, c_in, kernel...) of the forward call

    ConvNd(int[] stride, int[] padding, int[] dilation, boolean hasBias) {
        int n = spatialNames().length;
        check(stride, n, 1, "stride");
        check(padding, n, 0, "padding");
        check(dilation, n, 1, "dilation");
        this.stride = stride.clone();
        this.padding = padding.clone();
        this.dilation = dilation.clone();
        this.hasBias = hasBias;
    }

    /** "conv2d" / "conv1d" (message prefix). */
    abstract String opName();

    /** Names of the spatial axes, e.g. {"height", "width"}. */
    abstract String[] spatialNames();

    /** The native forward: y = conv(x, w) + b (b may be null); sizes from xDims / wDims. */
    abstract int nativeForward(Tensor y, Tensor x, Tensor w, Tensor b);

    /** The native backward: dx (=), dw (+=), db (+=), each may be null; x / w may be null when unused. */
    abstract int nativeBackward(Tensor dx, Tensor dw, Tensor db, Tensor dy, Tensor x, Tensor w);

    private void check(int[] v, int n, int min, String what) {
        if (v == null || v.length != n)
            throw new IllegalArgumentException(opName() + ": " + what + " needs " + n + " value(s), got "
                    + (v == null ? "null" : Arrays.toString(v)));
        for (int x : v)
            if (x < min)
                throw new IllegalArgumentException(opName() + ": " + what + " must be >= " + min + ", got " + Arrays.toString(v));
    }

    /** Output size along one axis, or a value < 1 when the dilated kernel does not fit. */
    static long outputSize(long in, long kernel, long stride, long padding, long dilation) {
        long span = in + 2 * padding - dilation * (kernel - 1) - 1;
        return span < 0 ? 0 : span / stride + 1;
    }

    /** The native buffer of t, or null for a null tensor (optional ABI arguments). */
    static SymkernNative.sk_buffer buf(Tensor t) {
        return t == null ? null : t.buffer();
    }

    static Tensor[] inputs(Tensor x, Tensor weight, Tensor bias) {
        return bias == null ? new Tensor[] {x, weight} : new Tensor[] {x, weight, bias};
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        String op = opName();
        String[] axes = spatialNames();
        int n = axes.length;
        Tensor x = inputs[0].requireFloat(op), w = inputs[1].requireFloat(op);
        Tensor b = hasBias ? inputs[2].requireFloat(op) : null;
        String xLayout = "(batch, c_in, " + String.join(", ", axes) + ")";
        if (x.rank() != n + 2)
            throw new IllegalArgumentException(op + ": x must be " + xLayout + ", got " + x.shape());
        if (w.rank() != n + 2)
            throw new IllegalArgumentException(op + ": weight must be (c_out, c_in, " + (n == 1 ? "kernel" : "kernel_h, kernel_w")
                    + "), got " + w.shape());
        if (x.dim(1) != w.dim(1))
            throw new IllegalArgumentException(op + ": channels differ: x " + x.shape() + " has c_in = " + x.dim(1)
                    + " but weight " + w.shape() + " expects " + w.dim(1));
        if (b != null && !b.shape().equals(Shape.of(w.dim(0))))
            throw new IllegalArgumentException(op + ": bias " + b.shape() + " must be [" + w.dim(0)
                    + "] (one value per output channel of weight " + w.shape() + ")");
        xDims = x.dims();
        wDims = w.dims();
        long[] outDims = new long[n + 2];
        outDims[0] = xDims[0];
        outDims[1] = wDims[0];
        for (int a = 0; a < n; a++) {
            long in = xDims[a + 2], k = wDims[a + 2];
            long out = outputSize(in, k, stride[a], padding[a], dilation[a]);
            if (out < 1)
                throw new IllegalArgumentException(String.format(
                        "%s: output %s (%d + 2*%d - %d*(%d - 1) - 1) / %d + 1 < 1: x %s is too small for weight %s"
                                + " (padding %d, dilation %d, stride %d)",
                        op, axes[a], in, padding[a], dilation[a], k, stride[a], x.shape(), w.shape(),
                        padding[a], dilation[a], stride[a]));
            outDims[a + 2] = out;
        }
        Tensor y = Tensor.uninitialized(Shape.of(outDims), x.device());
        Native.check(nativeForward(y, x, w, b));
        needX = x.requiresGrad();
        needW = w.requiresGrad();
        needB = b != null && b.requiresGrad();
        save(needW ? x : null, needX ? w : null);   // x only feeds dweight, w only feeds dx
        return y;
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor x = saved(0), w = saved(1);
        Tensor dx = needX ? Tensor.uninitialized(Shape.of(xDims), dy.device()) : null;
        Tensor dw = needW ? Tensor.zeros(Shape.of(wDims), dy.device()) : null;
        Tensor db = needB ? Tensor.zeros(Shape.of(wDims[0]), dy.device()) : null;
        if (dx != null || dw != null || db != null) Native.check(nativeBackward(dx, dw, db, dy, x, w));
        return hasBias ? new Tensor[] {dx, dw, db} : new Tensor[] {dx, dw};
    }

    @Override
    public String name() {
        return opName() + "(stride " + Arrays.toString(stride) + ", padding " + Arrays.toString(padding) + ", dilation "
                + Arrays.toString(dilation) + ")";
    }
}
