package org.symkern.ops;

import java.util.Arrays;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Batched matrix product over the last two axes (catalog K1, one {@code sk_gemm} call):
 * C = op(A) op(B), op = transpose of the last two axes when the flag is set.
 *
 * <p>Shapes: a is (..., m, k), or (..., k, m) when transA; b is (..., k, n), or (..., n, k) when transB;
 * c is (..., m, n). The leading (batch) axes of a and b are equal, or one operand has rank 2 and is shared
 * by every batch entry of the other (gemm stride 0). Rank-1 operands are rejected.
 *
 * <p>Backward, per batch entry, with G = dC: d op(A) = G op(B)^T and d op(B) = op(A)^T G, so
 * <pre>
 *   dA = G op(B)^T   (transA false)        dA = op(B) G^T   (transA true)
 *   dB = op(A)^T G   (transB false)        dB = G^T op(A)   (transB true)
 * </pre>
 * each one gemm over the batch. The gradient of a shared operand is the SUM of these over the batch. For a
 * shared B with transA false the batch stacks as rows: with A_flat = (batch*m, k) and G_flat = (batch*m, n),
 * dB = A_flat^T G_flat (or G_flat^T A_flat when transB), one gemm with inner size batch*m. Otherwise the
 * per-entry gradients go to a (batch, rows, cols) temporary that is summed by a ones(1, batch) gemm.
 * Both ways are deterministic.
 */
public final class MatMul extends Function {
    private final boolean transA;
    private final boolean transB;
    private long batch, m, n, k;
    private boolean sharedA, sharedB, needA, needB;

    private MatMul(boolean transA, boolean transB) {
        this.transA = transA;
        this.transB = transB;
    }

    /** op(a) @ op(b), op = transpose of the last two axes when the flag is set. */
    public static Tensor apply(Tensor a, Tensor b, boolean transA, boolean transB) {
        return new MatMul(transA, transB).apply(new Tensor[] {a, b});
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor a = in[0].requireFloat(name()), b = in[1].requireFloat(name());
        if (a.rank() < 2 || b.rank() < 2)
            throw new IllegalArgumentException("matmul: operands need rank >= 2, got " + a.shape() + " @ " + b.shape());
        m = transA ? a.dim(-1) : a.dim(-2);
        long ka = transA ? a.dim(-2) : a.dim(-1);
        long kb = transB ? b.dim(-1) : b.dim(-2);
        n = transB ? b.dim(-2) : b.dim(-1);
        if (ka != kb)
            throw new IllegalArgumentException("matmul: inner dims differ: " + a.shape() + " @ " + b.shape() + " (transA="
                    + transA + ", transB=" + transB + ": k = " + ka + " vs " + kb + ")");
        k = ka;
        long[] batchA = Arrays.copyOf(a.dims(), a.rank() - 2), batchB = Arrays.copyOf(b.dims(), b.rank() - 2);
        long[] batchDims;
        if (batchB.length == 0) {
            batchDims = batchA;
            sharedB = batchA.length > 0;
        } else if (batchA.length == 0) {
            batchDims = batchB;
            sharedA = true;
        } else if (Arrays.equals(batchA, batchB)) {
            batchDims = batchA;
        } else {
            throw new IllegalArgumentException("matmul: batch dims differ: " + a.shape() + " @ " + b.shape()
                    + " (leading axes must match, or one operand must have rank 2)");
        }
        batch = Shape.of(batchDims).numel();
        long[] outDims = Arrays.copyOf(batchDims, batchDims.length + 2);
        outDims[batchDims.length] = m;
        outDims[batchDims.length + 1] = n;
        Tensor c = Tensor.uninitialized(Shape.of(outDims), a.device());
        gemm(c, a, b, batch, m, n, k, sharedA ? 0 : m * k, sharedB ? 0 : k * n, m * n, transA, transB);
        needA = a.requiresGrad();
        needB = b.requiresGrad();
        save(a, b);
        return c;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor a = saved(0), b = saved(1);
        Tensor da = needA ? gradA(a, b, g) : null;
        Tensor db = needB ? gradB(a, b, g) : null;
        return new Tensor[] {da, db};
    }

    private Tensor gradA(Tensor a, Tensor b, Tensor g) {
        Tensor da = Tensor.uninitialized(a.shape(), a.dtype(), a.device());
        long sb = sharedB ? 0 : k * n;
        if (!sharedA || batch <= 1) {
            perEntryGradA(da, b, g, sb);
        } else {
            Tensor parts = Tensor.uninitialized(Shape.of(batch, m * k), a.device());
            perEntryGradA(parts, b, g, sb);
            sumOverBatch(da, parts, m * k);
            parts.close();
        }
        return da;
    }

    /** dA_p for every batch entry p into `out` (entry p at p*m*k). */
    private void perEntryGradA(Tensor out, Tensor b, Tensor g, long sb) {
        if (!transA) gemm(out, g, b, batch, m, k, n, m * n, sb, m * k, false, !transB);   // G op(B)^T, (m, k)
        else gemm(out, b, g, batch, k, m, n, sb, m * n, k * m, transB, true);              // op(B) G^T, (k, m)
    }

    private Tensor gradB(Tensor a, Tensor b, Tensor g) {
        Tensor db = Tensor.uninitialized(b.shape(), b.dtype(), b.device());
        long sa = sharedA ? 0 : m * k;
        if (!sharedB || batch <= 1) {
            perEntryGradB(db, a, g, sa);
        } else if (!transA) {
            /* the batch of A and G stacks into (batch*m, k) and (batch*m, n): one gemm sums over it */
            if (!transB) gemm(db, a, g, 1, k, n, batch * m, 0, 0, 0, true, false);   // A_flat^T G_flat
            else gemm(db, g, a, 1, n, k, batch * m, 0, 0, 0, true, false);           // G_flat^T A_flat
        } else {
            Tensor parts = Tensor.uninitialized(Shape.of(batch, k * n), a.device());
            perEntryGradB(parts, a, g, sa);
            sumOverBatch(db, parts, k * n);
            parts.close();
        }
        return db;
    }

    /** dB_p for every batch entry p into `out` (entry p at p*k*n). */
    private void perEntryGradB(Tensor out, Tensor a, Tensor g, long sa) {
        if (!transB) gemm(out, a, g, batch, k, n, m, sa, m * n, k * n, !transA, false);    // op(A)^T G, (k, n)
        else gemm(out, g, a, batch, n, k, m, m * n, sa, n * k, true, transA);             // G^T op(A), (n, k)
    }

    /** out (size) = ones(1, batch) @ parts (batch, size): the sum over the batch, as one gemm. */
    private void sumOverBatch(Tensor out, Tensor parts, long size) {
        Tensor ones = Tensor.ones(Shape.of(batch), parts.device());
        gemm(out, ones, parts, 1, 1, size, batch, 0, 0, 0, false, false);
        ones.close();
    }

    private static void gemm(Tensor c, Tensor a, Tensor b, long batch, long m, long n, long k, long sa, long sb, long sc,
                             boolean ta, boolean tb) {
        Native.check(SymkernNative.sk_gemm(c.buffer(), a.buffer(), b.buffer(), batch, m, n, k, sa, sb, sc, ta ? 1 : 0,
                tb ? 1 : 0, 1f, 0f));
    }

    @Override
    public String name() {
        return "MatMul" + (transA || transB ? "(transA=" + transA + ", transB=" + transB + ")" : "");
    }
}
