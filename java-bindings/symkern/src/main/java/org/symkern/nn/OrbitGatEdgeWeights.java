package org.symkern.nn;

import java.util.ArrayList;
import java.util.List;
import org.symkern.ops.EdgeAttention;
import org.symkern.ops.Gather;
import org.symkern.ops.Indexing;
import org.symkern.ops.Reduce;
import org.symkern.ops.ScatterAdd;
import org.symkern.ops.SegmentReduce;
import org.symkern.tensor.DType;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * The per-edge weights of {@link OrbitGatV2} (GNNExplainer edge masks), composed from generic ops on top of the
 * unchanged fused {@link EdgeAttention} kernel. With attention coefficients alpha_ij computed as without weights,
 * the weighted layer is out_i = sum_j alpha_ij w_ij xl_j; this class computes the correction
 * <pre>
 *   corr_i = sum_j alpha_ij (w_ij - 1) xl_j,      out_weighted = out_fused + corr
 * </pre>
 * recomputing alpha_ij = softmax_j(att . LeakyReLU(xr_i + xl_j + ep_ij)) per edge with Gather / SegmentReduce
 * (max-subtracted) / ScatterAdd. Autograd then gives exactly the weighted layer's gradients:
 * dL/dw_ij = alpha_ij &lt;dL/dout_i, xl_j&gt;, d out_i / d alpha_ij = 1 + (w_ij - 1) = w_ij (the softmax backward
 * sees w_ij xl_j), and the message xl_j receives alpha_ij + alpha_ij (w_ij - 1) = alpha_ij w_ij. Weights of one
 * give a correction of exact zeros, hence the unweighted output bit for bit (up to the sign of a zero).
 *
 * <p>Edges and self loops as the kernel (symkern.h, K14): NONE drops listed self edges, CATEGORY keeps them, MEAN
 * drops them and adds one self loop per node with the mean of ep over the node's other incoming edges. Dropped
 * edges ignore their weight (gradient 0); MEAN's added self loops carry weight 1, as PyG's explainer does for the
 * self loops a layer adds itself.
 */
final class OrbitGatEdgeWeights {
    private final int[] denseCat;        // (n, n), cat[j*n + i] for j -> i; null for CSR
    private final int n;
    private final int[] offsets, sources, edgeCat; // CSR, null for dense
    private final EdgeAttention.SelfLoops mode;
    private final float slope;

    OrbitGatEdgeWeights(int[] denseCat, int n, int[][] csr, EdgeAttention.SelfLoops mode, float slope) {
        this.slope = slope;
        this.denseCat = denseCat;
        this.n = n;
        this.offsets = csr == null ? null : csr[0];
        this.sources = csr == null ? null : csr[1];
        this.edgeCat = csr == null ? null : csr[2];
        this.mode = mode;
    }

    /**
     * Checks the weights and returns them as a flat (W) float vector: dense (n, n) (shared by the batch) or
     * (batch..., n, n) like x's leading axes, w[..., i, j] weighting the message j -&gt; i; CSR (E) or (E, 1) in the
     * order of the edge list.
     */
    Tensor flatten(Tensor w, Shape xShape, String layer) {
        if (w.dtype() != DType.FLOAT32)
            throw new IllegalArgumentException(layer + ": edge weights must be float32, got " + w.describe());
        if (denseCat != null) {
            Shape batched = batchShape(xShape);
            if (w.shape().equals(Shape.of(n, n)) || w.shape().equals(batched)) return w.reshape(w.numel());
            throw new IllegalArgumentException(layer + ": edge weights " + w.shape() + " must be (" + n + ", " + n + ") or "
                    + batched + ", w[..., i, j] weighting the message j -> i");
        }
        long e = sources.length;
        if ((w.rank() == 1 && w.dim(0) == e) || (w.rank() == 2 && w.dim(0) == e && w.dim(1) == 1)) return w.reshape(e);
        throw new IllegalArgumentException(layer + ": edge weights " + w.shape() + " must be (" + e + ") or (" + e
                + ", 1), one per edge of the CSR list");
    }

    private Shape batchShape(Shape xShape) {
        long[] d = new long[xShape.rank()];
        for (int a = 0; a < xShape.rank() - 1; a++) d[a] = xShape.dim(a);
        d[d.length - 1] = n;
        return Shape.of(d);
    }

    /** The correction (same shape as xl) for the flat weights wFlat from {@link #flatten}. */
    Tensor correction(Tensor xl, Tensor xr, Tensor ep, Tensor att, Tensor wFlat) {
        int heads = Math.toIntExact(att.dim(0)), channels = Math.toIntExact(att.dim(1));
        long hc = (long) heads * channels, numCat = ep.dim(0);
        long nodes = xl.numel() / hc;
        boolean shared = denseCat != null && wFlat.dim(0) == (long) n * n;
        // the listed edges in target order: source, target, category, weight index
        List<int[]> list = new ArrayList<>();
        if (denseCat != null) {
            for (int t = 0; t < nodes; ++t) {
                int b = t / n, i = t % n;
                for (int j = 0; j < n; ++j)
                    list.add(new int[] {b * n + j, t, denseCat[j * n + i], shared ? i * n + j : t * n + j});
            }
        } else {
            for (int t = 0; t + 1 < offsets.length; ++t)
                for (int e = offsets[t]; e < offsets[t + 1]; ++e) list.add(new int[] {sources[e], t, edgeCat[e], e});
        }
        int wOne = Math.toIntExact(wFlat.dim(0)); // index of the appended weight 1 (its w - 1 is 0)
        List<int[]> aug = new ArrayList<>();
        long[] augOff = new long[Math.toIntExact(nodes) + 1];
        long[] meanOff = new long[Math.toIntExact(nodes) + 1];
        List<Integer> meanCat = new ArrayList<>();
        int k = 0;
        for (int t = 0; t < nodes; ++t) {
            while (k < list.size() && list.get(k)[1] == t) {
                int[] e = list.get(k++);
                boolean self = e[0] == e[1];
                if (!self) meanCat.add(e[2]);
                if (self && mode != EdgeAttention.SelfLoops.CATEGORY) continue;
                aug.add(e);
            }
            if (mode == EdgeAttention.SelfLoops.MEAN) aug.add(new int[] {t, t, Math.toIntExact(numCat + t), wOne});
            augOff[t + 1] = aug.size();
            meanOff[t + 1] = meanCat.size();
        }
        int m = aug.size();
        Device dev = xl.device();
        Tensor xl2 = xl.reshape(nodes, hc), xr2 = xr.reshape(nodes, hc);
        if (m == 0) return Tensor.zerosLike(xl);
        int[] src = new int[m], dst = new int[m], cat = new int[m], widx = new int[m];
        for (int a = 0; a < m; ++a) {
            int[] e = aug.get(a);
            src[a] = e[0];
            dst[a] = e[1];
            cat[a] = e[2];
            widx[a] = e[3];
        }
        Tensor srcT = Tensor.ofInts(src, Shape.of(m), dev), dstT = Tensor.ofInts(dst, Shape.of(m), dev);
        Tensor catT = Tensor.ofInts(cat, Shape.of(m), dev), widxT = Tensor.ofInts(widx, Shape.of(m), dev);
        Tensor offT = Tensor.ofLongs(augOff, Shape.of(augOff.length), dev);
        Tensor epAll = ep;
        if (mode == EdgeAttention.SelfLoops.MEAN) {
            Tensor epMean;
            if (meanCat.isEmpty()) {
                epMean = Tensor.zeros(Shape.of(nodes, hc), dev);
            } else {
                int[] mc = meanCat.stream().mapToInt(Integer::intValue).toArray();
                epMean = SegmentReduce.apply(Gather.apply(ep, Tensor.ofInts(mc, Shape.of(mc.length), dev)),
                        Tensor.ofLongs(meanOff, Shape.of(meanOff.length), dev), Reduce.Op.MEAN);
            }
            epAll = Indexing.cat(List.of(ep, epMean), 0);
        }
        Tensor xlj = Gather.apply(xl2, srcT);
        Tensor z = Gather.apply(xr2, dstT).add(xlj).add(Gather.apply(epAll, catT));
        Tensor s = z.leakyRelu(slope).reshape(m, heads, channels).mul(att).sum(2, false);     // (m, H)
        Tensor max = SegmentReduce.apply(s.detach(), offT, Reduce.Op.MAX);                   // (nodes, H)
        Tensor ex = s.sub(Gather.apply(max, dstT)).exp();
        Tensor alpha = ex.div(Gather.apply(SegmentReduce.apply(ex, offT, Reduce.Op.SUM), dstT));
        Tensor wm1 = Indexing.cat(List.of(wFlat.add(-1f), Tensor.zeros(Shape.of(1), dev)), 0);
        Tensor factor = alpha.mul(Gather.apply(wm1, widxT).reshape(m, 1));                   // (m, H)
        Tensor msg = xlj.reshape(m, heads, channels).mul(factor.reshape(m, heads, 1));
        return ScatterAdd.apply(msg, dstT, nodes).reshape(xl.shape().dims());
    }
}
