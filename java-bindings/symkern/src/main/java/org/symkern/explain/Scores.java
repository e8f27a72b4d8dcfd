package org.symkern.explain;

import org.symkern.nn.Module;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/** Shared checks and helpers of the explanation methods (package-private). */
final class Scores {
    private Scores() {}

    /** The model's scores (B, K) for x: logits, or their softmax; checks the output is (B, K). */
    static Tensor forward(Module model, Tensor x, Output output) {
        Tensor z = model.forward(x);
        if (z.rank() != 2 || z.dim(0) != x.dim(0))
            throw new IllegalArgumentException(model.name() + ": an explanation needs class scores (B, K) for input " + x.shape()
                    + ", the model gave " + z.shape());
        return output == Output.PROBABILITY ? z.softmax() : z;
    }

    /** Throws unless 0 <= cls < classes. */
    static void checkClass(String method, int cls, long classes) {
        if (cls < 0 || cls >= classes)
            throw new IllegalArgumentException(method + ": class " + cls + " is out of range [0, " + classes + ")");
    }

    /** The seed (B, K) that is 1 at (b, cls[b]) and 0 elsewhere: backward from it gives d z_{b, cls[b]} / d . per row. */
    static Tensor oneHot(int[] cls, long classes, Device device) {
        float[] s = new float[Math.toIntExact(cls.length * classes)];
        for (int b = 0; b < cls.length; b++) s[(int) (b * classes + cls[b])] = 1f;
        return Tensor.of(s, Shape.of(cls.length, classes), device);
    }

    /** The same class for every row. */
    static int[] repeat(int cls, long rows) {
        int[] out = new int[Math.toIntExact(rows)];
        java.util.Arrays.fill(out, cls);
        return out;
    }

    /** Throws unless x is a float tensor with a batch axis of exactly one sample. */
    static void checkSingle(String method, Tensor x) {
        if (x == null) throw new IllegalArgumentException(method + ": input is null");
        x.requireFloat(method);
        if (x.rank() < 2 || x.dim(0) != 1)
            throw new IllegalArgumentException(method + ": explains one input (1, ...) at a time, got " + x.shape());
    }

    /** The shape (n, d1, ..., dk) for the sample shape (1, d1, ..., dk). */
    static long[] rows(Tensor x, long n) {
        long[] d = x.dims().clone();
        d[0] = n;
        return d;
    }

    /** Rows of equally shaped (1, *sample) tensors stacked into (n, *sample) on the first one's device. */
    static Tensor stack(Tensor... rows) {
        Tensor out = Tensor.zeros(Shape.of(rows(rows[0], rows.length)), rows[0].device());
        long n = rows[0].numel() * 4;
        for (int i = 0; i < rows.length; i++) {
            if (!rows[i].shape().equals(rows[0].shape()) || !rows[i].device().equals(rows[0].device()))
                throw new IllegalArgumentException("stack: " + rows[i].describe() + " does not match " + rows[0].describe());
            org.symkern.tensor.Native.check(org.symkern.jni.SymkernNative.sk_buffer_copy(out.buffer(), i * n, rows[i].buffer(), 0, n));
        }
        return out;
    }
}
