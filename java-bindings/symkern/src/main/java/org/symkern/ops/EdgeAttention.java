package org.symkern.ops;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.DType;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * GATv2 attention with orbit edge embeddings (catalog K14; PyG GATv2Conv, docs/kernels.md, section GATv2 attention) on already
 * projected inputs: xl = W_l x + b_l and xr = W_r x + b_r (nodes, H*C), ep = E W_e (K, H*C) (one row per edge
 * category), att (H, C). For each edge j -> i of category k and head h:
 * <pre>
 *   z_ij = xr[i,h] + xl[j,h] + ep[k,h],   s_ij = att[h] . LeakyReLU(z_ij),
 *   alpha_ij = softmax over the incoming edges j of i (max-subtracted),   out[i,h] = sum_j alpha_ij xl[j,h].
 * </pre>
 * {@link #dense}: batch complete graphs of n nodes, xl (..., n, H*C), the edge j -> i having category
 * cat[j*n + i] (ASEN's c(source, target) matrix). {@link #csr}: incoming edges grouped by target (offsets
 * (nodes + 1), sources (E), edgeCat (E)), xl (nodes, H*C). The kernel fuses scores, the per-target softmax and
 * the aggregation; it keeps lse (nodes, H) and the backward recomputes alpha from it.
 * Backward, with D_i = dout[i,h] . out[i,h], ds_ij = alpha_ij (dout[i,h] . xl[j,h] - D_i) and
 * dz_ij = ds_ij att[h] LeakyReLU'(z_ij):
 * <pre>
 *   dxr[i] = sum_j dz_ij     dxl[j] = sum_i (dz_ij + alpha_ij dout[i])     datt[h] = sum_ij ds_ij LeakyReLU(z_ij)
 *   dep[k] = sum over edges of category k of dz_ij   (MEAN: plus dz_ii / deg(i) for each other edge into i)
 * </pre>
 * Equivariance: relabelling the nodes by any permutation g with c(g j, g i) = c(j, i) permutes out by g (the
 * incoming edge multisets, and so the MEAN self-loop features, are preserved).
 */
public final class EdgeAttention extends Function {
    /** What happens to self loops (symkern.h SK_ATTN_SELF_*). */
    public enum SelfLoops {
        /** Self edges are dropped. */
        NONE(0),
        /** Self edges are used as given, with their own category (the intent of ASEN's diagonal orbits). */
        CATEGORY(1),
        /** Self edges are replaced by one per node whose feature is the mean of the node's other incoming
         * edge features (PyG add_self_loops(fill_value="mean"): what the ASEN reference code computes). */
        MEAN(2);

        /** The code of the mode in {@code symkern.h}. */
        public final int code;

        SelfLoops(int code) {
            this.code = code;
        }
    }

    private final boolean dense;
    private final SelfLoops mode;
    private final float slope;
    private long batch, n, nodes, edges, heads, channels, numCat;
    private boolean needXl, needXr, needEp, needAtt;

    private EdgeAttention(boolean dense, SelfLoops mode, float slope) {
        this.dense = dense;
        this.mode = mode;
        this.slope = slope;
    }

    /** Dense complete graphs: xl, xr (..., n, H*C); cat int32 (n, n). Output like xl. */
    public static Tensor dense(Tensor xl, Tensor xr, Tensor ep, Tensor att, Tensor cat, SelfLoops mode,
                               float negativeSlope) {
        return new EdgeAttention(true, check(mode), negativeSlope).apply(new Tensor[] {xl, xr, ep, att, cat});
    }

    /** CSR graph: xl, xr (nodes, H*C); offsets (nodes + 1), sources (E), edgeCat (E) int32. Output like xl. */
    public static Tensor csr(Tensor xl, Tensor xr, Tensor ep, Tensor att, Tensor offsets, Tensor sources,
                             Tensor edgeCat, SelfLoops mode, float negativeSlope) {
        return new EdgeAttention(false, check(mode), negativeSlope)
                .apply(new Tensor[] {xl, xr, ep, att, offsets, sources, edgeCat});
    }

    private static SelfLoops check(SelfLoops mode) {
        if (mode == null) throw new IllegalArgumentException("edge_attention: self-loop mode is null");
        return mode;
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor xl = in[0].requireFloat(name() + " xl"), xr = in[1].requireFloat(name() + " xr");
        Tensor ep = in[2].requireFloat(name() + " ep"), att = in[3].requireFloat(name() + " att");
        checkShapes(in);
        Tensor out = Tensor.zerosLike(xl);
        Tensor lse = Tensor.zeros(Shape.of(nodes, heads), xl.device());
        if (dense)
            Native.check(SymkernNative.sk_edge_attention_dense_forward(out.buffer(), lse.buffer(), xl.buffer(), xr.buffer(),
                    ep.buffer(), att.buffer(), in[4].buffer(), batch, n, heads, channels, numCat, mode.code, slope));
        else
            Native.check(SymkernNative.sk_edge_attention_csr_forward(out.buffer(), lse.buffer(), xl.buffer(), xr.buffer(),
                    ep.buffer(), att.buffer(), in[4].buffer(), in[5].buffer(), in[6].buffer(), nodes, edges, heads,
                    channels, numCat, mode.code, slope));
        needXl = xl.requiresGrad();
        needXr = xr.requiresGrad();
        needEp = ep.requiresGrad();
        needAtt = att.requiresGrad();
        save(xl, xr, ep, att, out, lse, in[4], dense ? null : in[5], dense ? null : in[6]);
        return out;
    }

    private void checkShapes(Tensor[] in) {
        Tensor xl = in[0], xr = in[1], ep = in[2], att = in[3];
        if (att.rank() != 2) throw new IllegalArgumentException(name() + ": att must be (H, C), got " + att.shape());
        heads = att.dim(0);
        channels = att.dim(1);
        long hc = heads * channels;
        if (!xr.shape().equals(xl.shape()))
            throw new IllegalArgumentException(name() + ": xl " + xl.shape() + " and xr " + xr.shape() + " differ");
        if (ep.rank() != 2 || ep.dim(1) != hc)
            throw new IllegalArgumentException(name() + ": ep must be (K, " + hc + ") for att " + att.shape() + ", got " + ep.shape());
        numCat = ep.dim(0);
        if (dense) {
            if (xl.rank() < 2 || xl.dim(-1) != hc)
                throw new IllegalArgumentException(name() + ": xl must be (..., n, " + hc + "), got " + xl.shape());
            n = xl.dim(-2);
            batch = xl.shape().prod(0, xl.rank() - 2);
            nodes = batch * n;
            requireInts(in[4], Shape.of(n, n), "cat");
        } else {
            if (xl.rank() != 2 || xl.dim(1) != hc)
                throw new IllegalArgumentException(name() + ": xl must be (nodes, " + hc + "), got " + xl.shape());
            nodes = xl.dim(0);
            requireInts(in[4], Shape.of(nodes + 1), "offsets");
            if (in[5].rank() != 1)
                throw new IllegalArgumentException(name() + ": sources must be (E), got " + in[5].shape());
            edges = in[5].dim(0);
            requireInts(in[5], Shape.of(edges), "sources");
            requireInts(in[6], Shape.of(edges), "edgeCat");
        }
    }

    private void requireInts(Tensor t, Shape want, String what) {
        if (t.dtype() != DType.INT32 || !t.shape().equals(want))
            throw new IllegalArgumentException(name() + ": " + what + " must be int32 " + want + ", got " + t.describe());
    }

    @Override
    protected Tensor[] backward(Tensor dout) {
        Tensor xl = saved(0), xr = saved(1), ep = saved(2), att = saved(3), out = saved(4), lse = saved(5);
        Tensor dxl = needXl ? Tensor.zerosLike(xl) : null, dxr = needXr ? Tensor.zerosLike(xr) : null;
        Tensor dep = needEp ? Tensor.zerosLike(ep) : null, datt = needAtt ? Tensor.zerosLike(att) : null;
        if (dense)
            Native.check(SymkernNative.sk_edge_attention_dense_backward(OrbitLinear.buf(dxl), OrbitLinear.buf(dxr),
                    OrbitLinear.buf(dep), OrbitLinear.buf(datt), dout.buffer(), out.buffer(), lse.buffer(), xl.buffer(),
                    xr.buffer(), ep.buffer(), att.buffer(), saved(6).buffer(), batch, n, heads, channels, numCat,
                    mode.code, slope));
        else
            Native.check(SymkernNative.sk_edge_attention_csr_backward(OrbitLinear.buf(dxl), OrbitLinear.buf(dxr),
                    OrbitLinear.buf(dep), OrbitLinear.buf(datt), dout.buffer(), out.buffer(), lse.buffer(), xl.buffer(),
                    xr.buffer(), ep.buffer(), att.buffer(), saved(6).buffer(), saved(7).buffer(), saved(8).buffer(),
                    nodes, edges, heads, channels, numCat, mode.code, slope));
        return dense ? new Tensor[] {dxl, dxr, dep, datt, null} : new Tensor[] {dxl, dxr, dep, datt, null, null, null};
    }

    @Override
    public String name() {
        return dense ? "EdgeAttention(dense)" : "EdgeAttention(csr)";
    }
}
