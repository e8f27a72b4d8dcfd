package org.symkern.ops;

import java.util.Arrays;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Row scatter-add along axis 0 (catalog K12, {@code sk_scatter_add_rows}), the adjoint of {@link Gather}:
 * y = zeros(dstRows, ...) with y[idx[i]] += x[i] for every i.
 *
 * <p>idx is an int32 tensor of any shape with values in [0, dstRows); x has shape idx.shape + trailing;
 * y has shape (dstRows) + trailing. Two modes:
 * <ul>
 *   <li>{@link Mode#DETERMINISTIC} (default): the sources of each destination row are taken in increasing
 *       i (a stable sort / CSR by destination) and summed in double: bit-identical from run to run;</li>
 *   <li>{@link Mode#ATOMIC}: CUDA float atomicAdd (faster for few collisions, rounding depends on arrival
 *       order); on the CPU a serial float loop.</li>
 * </ul>
 * <pre>
 *   backward: dx[i] = dy[idx[i]]     (a gather; idx gets no gradient)
 * </pre>
 */
public final class ScatterAdd extends Function {
    /** Reduction order: SK_SCATTER_* codes of symkern.h. */
    public enum Mode {
        /** Fixed summation order (CSR by destination row): the same result on every run. */ DETERMINISTIC(0),
        /** Float atomics on the GPU: faster, order-dependent rounding. */ ATOMIC(1);

        /** The code of the mode in {@code symkern.h}. */
        public final int code;

        Mode(int code) {
            this.code = code;
        }
    }

    private final long dstRows;
    private final Mode mode;

    private ScatterAdd(long dstRows, Mode mode) {
        this.dstRows = dstRows;
        this.mode = mode;
    }

    /** Deterministic scatter-add of the rows of x into dstRows rows. */
    public static Tensor apply(Tensor x, Tensor idx, long dstRows) {
        return apply(x, idx, dstRows, Mode.DETERMINISTIC);
    }

    /** A (dstRows, cols) tensor with row {@code idx[r]} += x[r] for every row r of x. */
    public static Tensor apply(Tensor x, Tensor idx, long dstRows, Mode mode) {
        return new ScatterAdd(dstRows, mode).apply(new Tensor[] {x, idx});
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0].requireFloat(name()), idx = Gather.requireIndex(name(), in[1]);
        if (dstRows < 0) throw new IllegalArgumentException(name() + ": dstRows = " + dstRows + " is negative");
        int k = idx.rank();
        if (x.rank() < k || !Arrays.equals(Arrays.copyOf(x.dims(), k), idx.dims()))
            throw new IllegalArgumentException(name() + ": x " + x.shape() + " must start with the index shape " + idx.shape());
        long[] trailing = Gather.trailing(x.shape(), k);
        long dim = Shape.of(trailing).numel();
        Tensor y = Tensor.zeros(Shape.of(Gather.concat(new long[] {dstRows}, trailing)), x.device());
        Native.check(SymkernNative.sk_scatter_add_rows(y.buffer(), x.buffer(), idx.buffer(), idx.numel(), dstRows, dim,
                mode.code));
        save(idx);
        return y;
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        return new Tensor[] {Gather.apply(dy, saved(0)), null};
    }

    @Override
    public String name() {
        return "ScatterAdd(" + mode.name().toLowerCase() + ")";
    }
}
