package org.symkern.ops;

import java.util.Arrays;
import java.util.List;

import org.symkern.jni.SymkernNative;
import org.symkern.tensor.DType;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Slicing, re-ordering and joining of axes, composed from the row gather / scatter-add of catalog K12
 * ({@link Gather}, {@link ScatterAdd}) and the K3 reduction: no kernel of their own, and every gradient comes
 * from the adjoint pair gather / scatter-add, so it is exact.
 *
 * <p>Every rearrangement here is a map y[j] = x[pi(j)] between flat (row-major) positions, with pi an index
 * array built on the host. Trailing axes that move as one contiguous block (size D) are kept as rows, so the
 * gather moves rows of D floats rather than single elements:
 * <pre>
 *   narrow(x, a, s, n):   y[o, j, i] = x[o, s + j, i]            x viewed as (outer, len, inner), j &lt; n
 *   indexSelect(x, a, k): y[o, j, i] = x[o, k[j], i]
 *   permute(x, p):        y[i_0, .., i_{r-1}] = x[i_{q(0)}, ..]  with q = p^{-1}, i.e. y.dim(d) = x.dim(p[d])
 *   cat(xs, a):           y[o, off_m + j, i] = x_m[o, j, i],   off_m = sum_{l &lt; m} len_l
 *   stack(xs, a):         cat of the x_m with a new axis of size 1 inserted at a
 *   backward (all):       dx[pi(j)] += dy[j]                    (scatter-add, deterministic; cat: dx_m = dy's block m)
 * </pre>
 * {@link #argmax} returns int32 indices and has no gradient. Axes may be negative (counted from the end).
 * Index arrays are int32: a tensor of 2^31 rows or more is rejected with a message. Bad shapes and indices are
 * {@link IllegalArgumentException}s naming the operation, the argument and the shapes.
 */
public final class Indexing {
    private Indexing() {}

    /**
     * The slice x[..., start : start + length, ...] along {@code axis}.
     *
     * @throws IllegalArgumentException when start &lt; 0, length &lt; 0 or start + length exceeds the axis
     */
    public static Tensor narrow(Tensor x, int axis, long start, long length) {
        Shape s = x.shape();
        int a = axisOf("narrow", s, axis);
        long len = s.dim(a);
        if (start < 0 || length < 0 || start + length > len)
            throw new IllegalArgumentException("narrow: [" + start + ", " + (start + length) + ") is outside axis " + axis
                    + " of size " + len + " of shape " + s);
        long outer = s.prod(0, a), inner = s.prod(a + 1, s.rank());
        int[] rows = new int[checkedInt("narrow", outer * length)];
        int n = 0;
        for (long o = 0; o < outer; o++)
            for (long j = 0; j < length; j++) rows[n++] = (int) (o * len + start + j);
        long[] out = s.dims();
        out[a] = length;
        return gatherRows(x, outer * len, inner, rows, out);
    }

    /**
     * index_select: y[..., j, ...] = x[..., index[j], ...] along {@code axis}, for an int32 index vector (any device)
     * with values in [0, x.dim(axis)); repeated indices repeat the slice (their gradients add up).
     */
    public static Tensor indexSelect(Tensor x, int axis, Tensor index) {
        Shape s = x.shape();
        int a = axisOf("indexSelect", s, axis);
        if (index.dtype() != DType.INT32 || index.rank() != 1)
            throw new IllegalArgumentException("indexSelect: the index must be an int32 vector, got " + index.describe());
        int[] k = index.toIntArray();
        long len = s.dim(a), outer = s.prod(0, a), inner = s.prod(a + 1, s.rank());
        for (int j = 0; j < k.length; j++)
            if (k[j] < 0 || k[j] >= len)
                throw new IllegalArgumentException("indexSelect: index[" + j + "] = " + k[j] + " is outside axis " + axis
                        + " of size " + len + " of shape " + s);
        int[] rows = new int[checkedInt("indexSelect", outer * k.length)];
        int n = 0;
        for (long o = 0; o < outer; o++)
            for (int v : k) rows[n++] = (int) (o * len + v);
        long[] out = s.dims();
        out[a] = k.length;
        return gatherRows(x, outer * len, inner, rows, out);
    }

    /**
     * The axes of x in the order {@code perm}: y.dim(d) = x.dim(perm[d]) and
     * y[i_0, ..., i_{r-1}] = x at the index whose axis perm[d] is i_d.
     *
     * @throws IllegalArgumentException unless perm is a permutation of 0 .. rank-1 (negative entries count from the end)
     */
    public static Tensor permute(Tensor x, int... perm) {
        Shape s = x.shape();
        int r = s.rank();
        if (perm == null || perm.length != r)
            throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " must list each of the " + r
                    + " axes of shape " + s + " once");
        int[] p = new int[r];
        boolean[] seen = new boolean[r];
        for (int d = 0; d < r; d++) {
            int a = perm[d] < 0 ? perm[d] + r : perm[d];
            if (a < 0 || a >= r || seen[a])
                throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " must list each of the " + r
                        + " axes of shape " + s + " once");
            seen[a] = true;
            p[d] = a;
        }
        // keep the longest trailing block of axes that stay in place as rows
        int keep = r;
        while (keep > 0 && p[keep - 1] == keep - 1) keep--;
        long[] xd = s.dims();
        long[] out = new long[r];
        for (int d = 0; d < r; d++) out[d] = xd[p[d]];
        long inner = s.prod(keep, r), srcRows = s.prod(0, keep);
        // row-major strides of x's leading `keep` axes, in units of rows
        long[] stride = new long[keep];
        long st = 1;
        for (int d = keep - 1; d >= 0; d--) {
            stride[d] = st;
            st *= xd[d];
        }
        int[] rows = new int[checkedInt("permute", srcRows)];
        long[] idx = new long[keep];
        for (int n = 0; n < rows.length; n++) {
            long src = 0;
            for (int d = 0; d < keep; d++) src += idx[d] * stride[p[d]];
            rows[n] = (int) src;
            for (int d = keep - 1; d >= 0; d--) {   // odometer over the output's leading axes
                if (++idx[d] < out[d]) break;
                idx[d] = 0;
            }
        }
        return gatherRows(x, srcRows, inner, rows, out);
    }

    /** Swaps two axes: permute with a and b exchanged (the matrix transpose for a rank-2 tensor and (0, 1)). */
    public static Tensor transpose(Tensor x, int a, int b) {
        Shape s = x.shape();
        int i = axisOf("transpose", s, a), j = axisOf("transpose", s, b);
        int[] p = new int[s.rank()];
        for (int d = 0; d < p.length; d++) p[d] = d;
        p[i] = j;
        p[j] = i;
        return permute(x, p);
    }

    /**
     * Concatenation along {@code axis}: all tensors float32 on one device with equal sizes on every other axis.
     * The gradient of x_m is the block of dy that x_m filled.
     */
    public static Tensor cat(List<Tensor> xs, int axis) {
        if (xs == null || xs.isEmpty()) throw new IllegalArgumentException("cat: no tensors to concatenate");
        Shape s0 = xs.get(0).shape();
        int a = axisOf("cat", s0, axis);
        long total = 0;
        for (int m = 0; m < xs.size(); m++) {
            Tensor t = xs.get(m);
            if (t == null) throw new IllegalArgumentException("cat: tensor " + m + " is null");
            Shape s = t.shape();
            boolean ok = s.rank() == s0.rank();
            for (int d = 0; ok && d < s.rank(); d++) ok = d == a || s.dim(d) == s0.dim(d);
            if (!ok)
                throw new IllegalArgumentException("cat: tensor " + m + " has shape " + s + " but tensor 0 has " + s0
                        + "; all sizes but axis " + axis + " must agree");
            total += s.dim(a);
        }
        long outer = s0.prod(0, a), inner = s0.prod(a + 1, s0.rank());
        long[] out = s0.dims();
        out[a] = total;
        checkedInt("cat", outer * total);
        Tensor y = null;
        long off = 0;
        for (Tensor t : xs) {
            long len = t.dim(a);
            int[] rows = new int[(int) (outer * len)];
            int n = 0;
            for (long o = 0; o < outer; o++)
                for (long j = 0; j < len; j++) rows[n++] = (int) (o * total + off + j);
            off += len;
            Tensor idx = Tensor.ofInts(rows, Shape.of(rows.length), t.device());
            Tensor part = ScatterAdd.apply(t.reshape(rows.length, inner), idx, outer * total);
            y = y == null ? part : y.add(part);
        }
        return y.reshape(out);
    }

    /** Stacks equal-shaped tensors along a new axis at position {@code axis} (0 .. rank; negative counts from the end). */
    public static Tensor stack(List<Tensor> xs, int axis) {
        if (xs == null || xs.isEmpty()) throw new IllegalArgumentException("stack: no tensors to stack");
        Shape s0 = xs.get(0).shape();
        int r = s0.rank();
        int a = axis < 0 ? axis + r + 1 : axis;
        if (a < 0 || a > r) throw new IllegalArgumentException("stack: axis " + axis + " is out of range for shape " + s0);
        Tensor[] parts = new Tensor[xs.size()];
        for (int m = 0; m < parts.length; m++) {
            Tensor t = xs.get(m);
            if (t == null) throw new IllegalArgumentException("stack: tensor " + m + " is null");
            if (!t.shape().equals(s0))
                throw new IllegalArgumentException("stack: tensor " + m + " has shape " + t.shape() + " but tensor 0 has " + s0);
            parts[m] = t.reshape(insert(s0.dims(), a, 1));
        }
        return cat(List.of(parts), a);
    }

    /**
     * The index of the largest element along {@code axis} (the first one on ties; NaN counts as the largest),
     * as an int32 tensor with that axis removed. No gradient.
     */
    public static Tensor argmax(Tensor x, int axis) {
        x.requireFloat("argmax");
        Shape s = x.shape();
        int a = axisOf("argmax", s, axis);
        if (s.dim(a) == 0) throw new IllegalArgumentException("argmax: axis " + axis + " of shape " + s + " is empty");
        Shape out = s.reduce(a, false);
        Tensor y = Tensor.zeros(out, x.device());
        Tensor arg = Tensor.zeros(out, DType.INT32, x.device());
        Native.check(SymkernNative.sk_reduce_forward(y.buffer(), arg.buffer(), x.buffer(), s.prod(0, a), s.dim(a),
                s.prod(a + 1, s.rank()), Reduce.Op.MAX.code));
        y.close();
        return arg;
    }

    /** x with a new axis of size 1 at position {@code axis} (0 .. rank); a view. */
    public static Tensor unsqueeze(Tensor x, int axis) {
        int r = x.rank(), a = axis < 0 ? axis + r + 1 : axis;
        if (a < 0 || a > r) throw new IllegalArgumentException("unsqueeze: axis " + axis + " is out of range for shape " + x.shape());
        return x.reshape(insert(x.dims(), a, 1));
    }

    /** x without its axis {@code axis}, which must have size 1; a view. */
    public static Tensor squeeze(Tensor x, int axis) {
        Shape s = x.shape();
        int a = axisOf("squeeze", s, axis);
        if (s.dim(a) != 1) throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + s + " has size " + s.dim(a) + ", not 1");
        return x.reshape(s.reduce(a, false).dims());
    }

    // ------------------------------------------------------------------ helpers

    private static Tensor gatherRows(Tensor x, long srcRows, long inner, int[] rows, long[] out) {
        x.requireFloat("indexing");
        Tensor idx = Tensor.ofInts(rows, Shape.of(rows.length), x.device());
        return Gather.apply(x.reshape(srcRows, inner), idx).reshape(out);
    }

    private static int axisOf(String op, Shape s, int axis) {
        int r = s.rank(), a = axis < 0 ? axis + r : axis;
        if (a < 0 || a >= r) throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + s);
        return a;
    }

    private static int checkedInt(String op, long n) {
        if (n > Integer.MAX_VALUE)
            throw new IllegalArgumentException(op + ": " + n + " rows exceed the int32 index range of the row gather");
        return (int) n;
    }

    private static long[] insert(long[] d, int at, long v) {
        long[] out = new long[d.length + 1];
        System.arraycopy(d, 0, out, 0, at);
        out[at] = v;
        System.arraycopy(d, at, out, at + 1, d.length - at);
        return out;
    }
}
