package org.symkern.ops;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.DType;
import org.symkern.tensor.Device;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Sum / mean / max over CSR segments of rows (catalog K11, {@code sk_segment_reduce_*}): the pooling of
 * DeepSets and of graph read-outs over a batch of variable-size sets.
 *
 * <p>x is (rows, ...) and is viewed as (rows, D) with D the product of the trailing axes; offsets is an
 * int64 vector of segments + 1 row pointers (offsets[0] = 0, non-decreasing, offsets[segments] = rows,
 * see {@link #offsets}); segment s is rows offsets[s] .. offsets[s+1]-1. The output is (segments, ...):
 * <pre>
 *   sum:  y[s] = sum_{r in s} x[r]        mean: y[s] = (1/|s|) sum_{r in s} x[r]
 *   max:  y[s,d] = max_{r in s} x[r,d]    (first row on ties; NaN propagates)
 *   empty segment: y[s] = 0 for every op
 * </pre>
 * Backward (dx is overwritten; offsets get no gradient):
 * <pre>
 *   sum:  dx[r] = dy[s(r)]     mean: dx[r] = dy[s(r)] / |s(r)|
 *   max:  dx[r,d] = dy[s(r),d] if r is the saved argmax row of (s(r), d), else 0  (empty segments pass nothing)
 * </pre>
 * Every result is invariant under permutations of the rows inside a segment (up to the rounding of the
 * sums; max is exact): the property DeepSets relies on. Offsets that break the rule are reported by the
 * native check naming the segment.
 */
public final class SegmentReduce extends Function {
    private final Reduce.Op op;
    private Shape inShape;
    private long segments, rows, dim;

    private SegmentReduce(Reduce.Op op) {
        this.op = op;
    }

    /** Reduces the rows of x segment by segment; offsets are int64 row pointers (segments + 1). */
    public static Tensor apply(Tensor x, Tensor offsets, Reduce.Op op) {
        return new SegmentReduce(op).apply(new Tensor[] {x, offsets});
    }

    /** int64 row pointers [0, s0, s0+s1, ...] for consecutive segments of the given sizes, on `device`. */
    public static Tensor offsets(Device device, long... sizes) {
        long[] off = new long[sizes.length + 1];
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 0) throw new IllegalArgumentException("segment_reduce: segment " + i + " has negative size " + sizes[i]);
            off[i + 1] = Math.addExact(off[i], sizes[i]);
        }
        return Tensor.ofLongs(off, Shape.of(off.length), device);
    }

    /**
     * The set id of every row, int32 (rows) on the offsets' device: ids[r] = s for offsets[s] &lt;= r &lt;
     * offsets[s+1]. {@code Gather.apply(perSet, ids)} broadcasts per-set rows (segments, ...) back to the rows.
     * The offsets are read to the host (one copy from the device for CUDA tensors) and must follow the rule.
     */
    public static Tensor segmentIds(Tensor offsets) {
        if (offsets.dtype() != DType.INT64 || offsets.rank() != 1 || offsets.numel() < 1)
            throw new IllegalArgumentException("segment_reduce: offsets must be an int64 vector of segments + 1 row pointers, got "
                    + offsets.dtype() + " " + offsets.shape());
        long[] off = offsets.toLongArray();
        int segments = off.length - 1;
        if (off[0] != 0) throw new IllegalArgumentException("segment_reduce: offsets[0] = " + off[0] + ", but segment 0 must start at row 0");
        for (int s = 0; s < segments; s++)
            if (off[s + 1] < off[s])
                throw new IllegalArgumentException("segment_reduce: segment " + s + " has offsets[" + s + "] = " + off[s]
                        + " > offsets[" + (s + 1) + "] = " + off[s + 1] + " (offsets must be non-decreasing)");
        int[] ids = new int[Math.toIntExact(off[segments])];
        for (int s = 0; s < segments; s++)
            for (long r = off[s]; r < off[s + 1]; r++) ids[(int) r] = s;
        return Tensor.ofInts(ids, Shape.of(ids.length), offsets.device());
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0].requireFloat(name()), offsets = in[1];
        if (x.rank() < 1) throw new IllegalArgumentException(name() + ": x must have a row axis, got shape " + x.shape());
        if (offsets.dtype() != DType.INT64 || offsets.rank() != 1 || offsets.numel() < 1)
            throw new IllegalArgumentException(name() + ": offsets must be an int64 vector of segments + 1 row pointers, got "
                    + offsets.dtype() + " " + offsets.shape());
        inShape = x.shape();
        rows = x.dim(0);
        dim = inShape.prod(1, inShape.rank());
        segments = offsets.numel() - 1;
        long[] outDims = x.dims();
        outDims[0] = segments;
        Tensor y = Tensor.zeros(Shape.of(outDims), x.device());
        Tensor argmax = op == Reduce.Op.MAX ? Tensor.zeros(Shape.of(segments, dim), DType.INT32, x.device()) : null;
        Native.check(SymkernNative.sk_segment_reduce_forward(y.buffer(), argmax == null ? null : argmax.buffer(),
                x.buffer(), offsets.buffer(), segments, rows, dim, op.code));
        save(offsets, argmax);
        return y;
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor offsets = saved(0), argmax = saved(1);
        Tensor dx = Tensor.zeros(inShape, dy.device());
        Native.check(SymkernNative.sk_segment_reduce_backward(dx.buffer(), dy.buffer(),
                argmax == null ? null : argmax.buffer(), offsets.buffer(), segments, rows, dim, op.code));
        return new Tensor[] {dx, null};
    }

    @Override
    public String name() {
        return "SegmentReduce(" + op.name().toLowerCase() + ")";
    }
}
