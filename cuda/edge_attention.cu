/* cuda/edge_attention.cu — K14 edge_attention (orbit GATv2) on CUDA, dense and CSR graphs (contract and
 * formulas: symkern.h; graph views: native/src/edge_attention_math.h; CPU twin with the same passes and
 * per-slot orders, the dot products over channels aside: native/src/cpu/edge_attention.cpp). xl, xr, out (nodes, H*C); ep (K, H*C); att (H, C).
 *
 * A "group" of P lanes (P = next power of two >= C, at most 32; lane owns channels lane + u P, u < CPL,
 * CPL = 1, 2, 4 or 8, so C <= 256) handles one (node, head); its score dot products are segmented
 * __shfl_xor_sync reductions over the group's lanes only, so groups of one warp may loop over different
 * numbers of edges.
 *   edge_attention_mean_kernel1     MEAN mode: mean ep row over each node's other incoming edges and 1/deg.
 *   edge_attention_forward_kernel1  group per (target, head): one pass over the incoming slots with an
 *                                   online (running-max) softmax -> out, lse. Fused score + per-target
 *                                   softmax + aggregation; nothing per edge is written.
 *   Backward recomputes alpha from lse:
 *   edge_attention_pass_a_kernel1   group per (target, head): alpha and ds per slot into scratch (Q, H),
 *                                   dxr (=), per-target datt partials, MEAN self-slot dz / deg.
 *   edge_attention_pass_b_kernel1   thread per dxl[s, w]: outgoing slots of s (dense: the n targets of its
 *                                   graph; CSR: the CSC order, edges grouped by source with a stable cub sort).
 *   edge_attention_pass_c_kernel1   thread per (category, split, w): the category's slots (pairs or edges
 *                                   grouped by category, stable) cut into `splits` fixed ranges; the ranges
 *                                   are then added in order (orbit_colsum_add_cuda), as are the datt partials.
 *   No float atomics anywhere: results are deterministic.
 * Napkin math (B = 64 graphs, n = 100, H = 8, C = 16): 640k edges x 128 channels; the forward does ~4
 * flops per (edge, channel) and reads one xl row (512 B) per edge, mostly from L2 (the 6400 x 512 B = 3.3 MB
 * of xl fits), i.e. ~0.33 GFLOP: a few hundred microseconds at L2 bandwidth. Backward ~3x.
 * kernels-test: edge_attention_test. */
#include "edge_attention_math.h"
#include "kernels.h"
#include "orbit_index.cuh"

namespace {
constexpr int kBlock = 256;

int group_lanes(int64_t C) {
    int p = 1;
    while (p < C && p < 32) p <<= 1;
    return p;
}

__device__ __forceinline__ unsigned group_mask(int P) {
    if (P == 32) return 0xffffffffu;
    return ((1u << P) - 1u) << ((threadIdx.x & 31) & ~(P - 1));
}

__device__ __forceinline__ float group_sum(float v, unsigned mask, int P) {
    for (int o = P >> 1; o > 0; o >>= 1) v += __shfl_xor_sync(mask, v, o, P);
    return v;
}

/* The (node, head) groups of this thread: first id, stride, lane. */
struct GroupIter {
    int64_t first, stride;
    int lane;
    __device__ GroupIter(int P) {
        first = (blockIdx.x * (int64_t)blockDim.x + threadIdx.x) / P;
        stride = (int64_t)gridDim.x * blockDim.x / P;
        lane = threadIdx.x & (P - 1);
    }
};

unsigned int group_grid(int64_t groups, int P) { return sk_grid_1d(groups * P, kBlock); }

template <class G>
__global__ void edge_attention_mean_kernel1(float* M, float* inv_deg, const float* ep, G g, int64_t nodes, int64_t HC) {
    for (int64_t idx = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; idx < nodes * HC;
         idx += (int64_t)gridDim.x * blockDim.x) {
        const int64_t t = idx / HC, w = idx % HC;
        const float inv = attn_mean_feature(g, ep, t, HC, w, w + 1, M + t * HC);
        if (w == 0) inv_deg[t] = inv;
    }
}

/* Slot e of target t (e == in_end(t) is the MEAN self slot): source, feature row, scratch slot q.
 * False when the slot is dropped (or there is no self slot). */
template <class G>
__device__ __forceinline__ bool slot_of(const G& g, int64_t t, int64_t e, int64_t e1, const float* ep,
                                        const float* mean_feat, int64_t HC, int64_t* s, const float** feat,
                                        int64_t* q) {
    if (e < e1) {
        int32_t k;
        if (!g.in_edge(t, e, s, &k)) return false;
        *feat = ep + (int64_t)k * HC;
        *q = g.slot(t, e);
        return true;
    }
    if (mean_feat == nullptr) return false;
    *s = t;
    *feat = mean_feat + t * HC;
    *q = g.self_slot(t);
    return true;
}

template <class G, int CPL>
__global__ void edge_attention_forward_kernel1(float* out, float* lse, const float* xl, const float* xr,
                                               const float* ep, const float* att, const float* mean_feat, G g,
                                               int64_t nodes, int H, int C, int P, float slope) {
    const GroupIter it(P);
    const unsigned mask = group_mask(P);
    const int64_t HC = (int64_t)H * C;
    for (int64_t gid = it.first; gid < nodes * H; gid += it.stride) {
        const int64_t t = gid / H, off = (gid % H) * C;
        float xrv[CPL], av[CPL], acc[CPL];
#pragma unroll
        for (int u = 0; u < CPL; ++u) {
            const int c = u * P + it.lane;
            xrv[u] = c < C ? xr[t * HC + off + c] : 0.0f;
            av[u] = c < C ? att[off + c] : 0.0f;
            acc[u] = 0.0f;
        }
        float m = -INFINITY, l = 0.0f;
        const int64_t e1 = g.in_end(t);
        for (int64_t e = g.in_begin(t); e <= e1; ++e) {
            int64_t s, q;
            const float* feat;
            if (!slot_of(g, t, e, e1, ep, mean_feat, HC, &s, &feat, &q)) continue;
            const float* xs = xl + s * HC + off;
            float xv[CPL], part = 0.0f;
#pragma unroll
            for (int u = 0; u < CPL; ++u) {
                const int c = u * P + it.lane;
                xv[u] = c < C ? xs[c] : 0.0f;
                if (c < C) part += av[u] * attn_lrelu(xrv[u] + xv[u] + feat[off + c], slope);
            }
            const float sc = group_sum(part, mask, P);
            if (sc > m) {
                const float r = expf(m - sc);
                l *= r;
#pragma unroll
                for (int u = 0; u < CPL; ++u) acc[u] *= r;
                m = sc;
            }
            const float p = expf(sc - m);
            l += p;
#pragma unroll
            for (int u = 0; u < CPL; ++u) acc[u] += p * xv[u];
        }
        const float inv = l > 0.0f ? 1.0f / l : 0.0f;
#pragma unroll
        for (int u = 0; u < CPL; ++u) {
            const int c = u * P + it.lane;
            if (c < C) out[t * HC + off + c] = acc[u] * inv;
        }
        if (it.lane == 0) lse[t * H + gid % H] = l > 0.0f ? m + logf(l) : -INFINITY;
    }
}

template <class G, int CPL>
__global__ void edge_attention_pass_a_kernel1(float* alpha, float* ds, float* dxr, float* dapart, float* dzself,
                                              const float* dout, const float* out, const float* lse, const float* xl,
                                              const float* xr, const float* ep, const float* att,
                                              const float* mean_feat, const float* inv_deg, G g, int64_t nodes, int H,
                                              int C, int P, float slope) {
    const GroupIter it(P);
    const unsigned mask = group_mask(P);
    const int64_t HC = (int64_t)H * C;
    for (int64_t gid = it.first; gid < nodes * H; gid += it.stride) {
        const int64_t t = gid / H, h = gid % H, off = h * C;
        float xrv[CPL], av[CPL], gov[CPL], dxa[CPL], dap[CPL], dpart = 0.0f;
#pragma unroll
        for (int u = 0; u < CPL; ++u) {
            const int c = u * P + it.lane;
            const bool v = c < C;
            xrv[u] = v ? xr[t * HC + off + c] : 0.0f;
            av[u] = v ? att[off + c] : 0.0f;
            gov[u] = v ? dout[t * HC + off + c] : 0.0f;
            if (v) dpart += gov[u] * out[t * HC + off + c];
            dxa[u] = dap[u] = 0.0f;
        }
        const float D = group_sum(dpart, mask, P), ls = lse[t * H + h];
        const int64_t e1 = g.in_end(t);
        for (int64_t e = g.in_begin(t); e <= e1; ++e) {
            int64_t s, q;
            const float* feat;
            if (!slot_of(g, t, e, e1, ep, mean_feat, HC, &s, &feat, &q)) continue;
            const float* xs = xl + s * HC + off;
            float z[CPL], ps = 0.0f, pd = 0.0f;
#pragma unroll
            for (int u = 0; u < CPL; ++u) {
                const int c = u * P + it.lane;
                z[u] = 0.0f;
                if (c < C) {
                    const float xv = xs[c];
                    z[u] = xrv[u] + xv + feat[off + c];
                    ps += av[u] * attn_lrelu(z[u], slope);
                    pd += gov[u] * xv;
                }
            }
            const float sc = group_sum(ps, mask, P), dd = group_sum(pd, mask, P);
            const float al = expf(sc - ls), dsv = al * (dd - D);
            if (it.lane == 0) {
                alpha[q * H + h] = al;
                ds[q * H + h] = dsv;
            }
            const bool self = e == e1;
#pragma unroll
            for (int u = 0; u < CPL; ++u) {
                const int c = u * P + it.lane;
                if (c >= C) continue;
                const float dz = dsv * av[u] * attn_dlrelu(z[u], slope);
                dxa[u] += dz;
                dap[u] += dsv * attn_lrelu(z[u], slope);
                if (self) dzself[t * HC + off + c] = dz * inv_deg[t];
            }
        }
#pragma unroll
        for (int u = 0; u < CPL; ++u) {
            const int c = u * P + it.lane;
            if (c >= C) continue;
            if (dxr) dxr[t * HC + off + c] = dxa[u];
            dapart[t * HC + off + c] = dap[u];
        }
    }
}

template <class G>
__global__ void edge_attention_pass_b_kernel1(float* dxl, const float* alpha, const float* ds, const float* dout,
                                              const float* xl, const float* xr, const float* ep, const float* att,
                                              const float* mean_feat, G g, int64_t nodes, int H, int C, float slope) {
    const int64_t HC = (int64_t)H * C;
    for (int64_t idx = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; idx < nodes * HC;
         idx += (int64_t)gridDim.x * blockDim.x) {
        const int64_t s = idx / HC, w = idx % HC, h = w / C;
        const float xs = xl[idx], a = att[w];
        float acc = 0.0f;
        for (int64_t o = g.out_begin(s); o < g.out_end(s); ++o) {
            int64_t t, e, src;
            int32_t k;
            g.out_edge(s, o, &t, &e);
            if (!g.in_edge(t, e, &src, &k)) continue;
            const int64_t q = g.slot(t, e);
            const float z = xr[t * HC + w] + xs + ep[(int64_t)k * HC + w];
            acc += ds[q * H + h] * a * attn_dlrelu(z, slope) + alpha[q * H + h] * dout[t * HC + w];
        }
        if (mean_feat) {
            const int64_t q = g.self_slot(s);
            const float z = xr[idx] + xs + mean_feat[idx];
            acc += ds[q * H + h] * a * attn_dlrelu(z, slope) + alpha[q * H + h] * dout[idx];
        }
        dxl[idx] = acc;
    }
}

template <class G>
__global__ void edge_attention_pass_c_kernel1(float* partial, const float* ds, const float* dzself, const float* xl,
                                              const float* xr, const float* ep, const float* att, G g,
                                              const int32_t* perm, const int32_t* seg, int64_t reps, int64_t num_cat,
                                              int H, int C, float slope) {
    const int64_t HC = (int64_t)H * C, wblocks = ceil_div(HC, blockDim.x), splits = gridDim.y;
    const int64_t k = blockIdx.x / wblocks, w = (blockIdx.x % wblocks) * blockDim.x + threadIdx.x;
    if (k >= num_cat || w >= HC) return;
    const int64_t len = (int64_t)(seg[k + 1] - seg[k]) * reps;
    const int64_t lo = len * blockIdx.y / splits, hi = len * (blockIdx.y + 1) / splits;
    const float a = att[w], f = ep[k * HC + w];
    float acc = 0.0f;
    for (int64_t i = lo; i < hi; ++i) {
        int64_t t, e, s;
        int32_t kk;
        const int64_t cnt = seg[k + 1] - seg[k];   /* graph-major, as the CPU */
        g.item(perm[seg[k] + i % cnt], i / cnt, &t, &e);
        if (!g.in_edge(t, e, &s, &kk)) continue;
        const int64_t q = g.slot(t, e);
        const float z = xr[t * HC + w] + xl[s * HC + w] + f;
        float v = ds[q * H + w / C] * a * attn_dlrelu(z, slope);
        if (dzself) v += dzself[t * HC + w];
        acc += v;
    }
    partial[(blockIdx.y * num_cat + k) * HC + w] = acc;
}

__global__ void edge_attention_dst_kernel1(int32_t* dst, const int32_t* offsets, int64_t nodes) {
    for (int64_t t = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; t < nodes; t += (int64_t)gridDim.x * blockDim.x)
        for (int32_t e = offsets[t]; e < offsets[t + 1]; ++e) dst[e] = (int32_t)t;
}

struct Problem {
    const char* fn;
    int64_t nodes, H, C, HC, num_cat;
    int mode;
    float slope;
};

sk_status check_tables(const Problem& p, const int32_t* cat, const int32_t* offsets, const int32_t* sources,
                       const int32_t* edge_cat, int64_t n, int64_t edges, OrbitScratch& s) {
    if (cat) {
        OrbitIdTable t[] = {{cat, n * n, p.num_cat, "cat"}};
        return orbit_check_tables_cuda(p.fn, t, 1, nullptr, 0, 0, s);
    }
    OrbitIdTable t[] = {{sources, edges, p.nodes, "sources"}, {edge_cat, edges, p.num_cat, "edge_cat"}};
    return orbit_check_tables_cuda(p.fn, t, 2, offsets, p.nodes, edges, s);
}

/* MEAN mode: mean features and 1/deg into scratch (both NULL otherwise). */
template <class G>
sk_status mean_features(const G& g, const float* ep, const Problem& p, OrbitScratch& s, float** M, float** inv_deg) {
    *M = *inv_deg = nullptr;
    if (p.mode != SK_ATTN_SELF_MEAN || p.nodes == 0) return SK_OK;
    SK_RETURN_IF_ERROR(s.alloc(M, p.nodes * p.HC));
    SK_RETURN_IF_ERROR(s.alloc(inv_deg, p.nodes));
    SK_LAUNCH((edge_attention_mean_kernel1<G>), sk_grid_1d(p.nodes * p.HC, kBlock), kBlock, *M, *inv_deg, ep, g, p.nodes, p.HC);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

template <class G, int CPL>
sk_status launch_forward(const G& g, float* out, float* lse, const float* xl, const float* xr, const float* ep,
                         const float* att, const float* M, const Problem& p) {
    const int P = group_lanes(p.C);
    SK_LAUNCH((edge_attention_forward_kernel1<G, CPL>), group_grid(p.nodes * p.H, P), kBlock,
        out, lse, xl, xr, ep, att, M, g, p.nodes, (int)p.H, (int)p.C, P, p.slope);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

template <class G>
sk_status forward_impl(const G& g, float* out, float* lse, const float* xl, const float* xr, const float* ep,
                       const float* att, const Problem& p, OrbitScratch& s) {
    float *M, *inv_deg;
    SK_RETURN_IF_ERROR(mean_features(g, ep, p, s, &M, &inv_deg));
    const int64_t cpl = ceil_div(p.C, 32);
    if (cpl <= 1) return launch_forward<G, 1>(g, out, lse, xl, xr, ep, att, M, p);
    if (cpl <= 2) return launch_forward<G, 2>(g, out, lse, xl, xr, ep, att, M, p);
    if (cpl <= 4) return launch_forward<G, 4>(g, out, lse, xl, xr, ep, att, M, p);
    return launch_forward<G, 8>(g, out, lse, xl, xr, ep, att, M, p);
}

struct Grads {
    float *dxl, *dxr, *dep, *datt;
    const float *dout, *out, *lse, *xl, *xr, *ep, *att;
};

template <class G, int CPL>
sk_status launch_pass_a(const G& g, const Grads& q, float* alpha, float* ds, float* dapart, float* dzself,
                        const float* M, const float* inv_deg, const Problem& p) {
    const int P = group_lanes(p.C);
    SK_LAUNCH((edge_attention_pass_a_kernel1<G, CPL>), group_grid(p.nodes * p.H, P), kBlock,
        alpha, ds, q.dxr, dapart, dzself, q.dout, q.out, q.lse, q.xl, q.xr, q.ep, q.att, M, inv_deg, g, p.nodes,
        (int)p.H, (int)p.C, P, p.slope);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

/* slots: size of the per-slot scratch; cat_keys/items: what pass C groups by category; reps: dense batch. */
template <class G>
sk_status backward_impl(const G& g, const Grads& q, int64_t slots, const int32_t* cat_keys, int64_t items,
                        int64_t reps, const Problem& p, OrbitScratch& s) {
    float *M, *inv_deg, *alpha, *ds, *dapart, *dzself = nullptr;
    SK_RETURN_IF_ERROR(mean_features(g, q.ep, p, s, &M, &inv_deg));
    SK_RETURN_IF_ERROR(s.alloc(&alpha, slots * p.H));
    SK_RETURN_IF_ERROR(s.alloc(&ds, slots * p.H));
    SK_RETURN_IF_ERROR(s.alloc(&dapart, p.nodes * p.HC));
    if (M) SK_RETURN_IF_ERROR(s.alloc(&dzself, p.nodes * p.HC));
    if (p.nodes > 0) {
        const int64_t cpl = ceil_div(p.C, 32);
        if (cpl <= 1) SK_RETURN_IF_ERROR((launch_pass_a<G, 1>(g, q, alpha, ds, dapart, dzself, M, inv_deg, p)));
        else if (cpl <= 2) SK_RETURN_IF_ERROR((launch_pass_a<G, 2>(g, q, alpha, ds, dapart, dzself, M, inv_deg, p)));
        else if (cpl <= 4) SK_RETURN_IF_ERROR((launch_pass_a<G, 4>(g, q, alpha, ds, dapart, dzself, M, inv_deg, p)));
        else SK_RETURN_IF_ERROR((launch_pass_a<G, 8>(g, q, alpha, ds, dapart, dzself, M, inv_deg, p)));
        if (q.dxl) {
            SK_LAUNCH((edge_attention_pass_b_kernel1<G>), sk_grid_1d(p.nodes * p.HC, kBlock), kBlock,
                q.dxl, alpha, ds, q.dout, q.xl, q.xr, q.ep, q.att, M, g, p.nodes, (int)p.H, (int)p.C, p.slope);
            SK_CUDA_LAUNCH_CHECK();
        }
    }
    if (q.dep && p.nodes > 0) {
        int32_t *perm, *seg;
        SK_RETURN_IF_ERROR(s.alloc(&perm, items));
        SK_RETURN_IF_ERROR(s.alloc(&seg, p.num_cat + 1));
        SK_RETURN_IF_ERROR(orbit_group_by_key_cuda(perm, seg, cat_keys, items, p.num_cat, s));
        /* fixed splits from the sizes alone: about 256 slots per (category, split), at most 64 splits */
        int64_t splits = ceil_div(items * reps, p.num_cat * 256);
        splits = splits < 1 ? 1 : (splits > 64 ? 64 : splits);
        float* partial;
        SK_RETURN_IF_ERROR(s.alloc(&partial, splits * p.num_cat * p.HC));
        const int64_t wblocks = ceil_div(p.HC, 128);
        dim3 grid((unsigned)(p.num_cat * wblocks), (unsigned)splits);
        SK_LAUNCH((edge_attention_pass_c_kernel1<G>), grid, 128, partial, ds, dzself, q.xl, q.xr, q.ep, q.att, g, perm, seg, reps,
                                                          p.num_cat, (int)p.H, (int)p.C, p.slope);
        SK_CUDA_LAUNCH_CHECK();
        SK_RETURN_IF_ERROR(orbit_colsum_add_cuda(q.dep, partial, splits, p.num_cat * p.HC, s));
    }
    if (q.datt) SK_RETURN_IF_ERROR(orbit_colsum_add_cuda(q.datt, dapart, p.nodes, p.HC, s));
    return SK_OK;
}

/* CSR extras: edge targets and the CSC grouping (edge ids by source). */
sk_status csr_view(AttnCsr* g, const int32_t* offsets, int64_t nodes, int64_t edges, OrbitScratch& s) {
    int32_t *dst, *out_off, *out_ids;
    SK_RETURN_IF_ERROR(s.alloc(&dst, edges));
    SK_RETURN_IF_ERROR(s.alloc(&out_off, nodes + 1));
    SK_RETURN_IF_ERROR(s.alloc(&out_ids, edges));
    if (edges > 0) {
        SK_LAUNCH(edge_attention_dst_kernel1, sk_grid_1d(nodes, kBlock), kBlock, dst, offsets, nodes);
        SK_CUDA_LAUNCH_CHECK();
    }
    SK_RETURN_IF_ERROR(orbit_group_by_key_cuda(out_ids, out_off, g->sources, edges, nodes, s));
    g->dst = dst;
    g->out_off = out_off;
    g->out_ids = out_ids;
    return SK_OK;
}
}  // namespace

sk_status edge_attention_forward_cuda(float* out, float* lse, const float* xl, const float* xr, const float* ep,
                                      const float* att, const int32_t* cat, const int32_t* offsets,
                                      const int32_t* sources, const int32_t* edge_cat, int64_t batch, int64_t n,
                                      int64_t nodes, int64_t edges, int64_t heads, int64_t channels,
                                      int64_t num_cat, int self_loops, float slope) {
    const Problem p{cat ? "edge_attention_dense_forward" : "edge_attention_csr_forward", nodes, heads, channels,
                    heads * channels, num_cat, self_loops, slope};
    OrbitScratch s;
    SK_RETURN_IF_ERROR(check_tables(p, cat, offsets, sources, edge_cat, n, edges, s));
    if (nodes == 0) return SK_OK;
    if (cat) return forward_impl(AttnDense{cat, n, self_loops}, out, lse, xl, xr, ep, att, p, s);
    return forward_impl(AttnCsr{offsets, sources, edge_cat, nullptr, nullptr, nullptr, edges, self_loops}, out, lse,
                        xl, xr, ep, att, p, s);
}

sk_status edge_attention_backward_cuda(float* dxl, float* dxr, float* dep, float* datt, const float* dout,
                                       const float* out, const float* lse, const float* xl, const float* xr,
                                       const float* ep, const float* att, const int32_t* cat,
                                       const int32_t* offsets, const int32_t* sources, const int32_t* edge_cat,
                                       int64_t batch, int64_t n, int64_t nodes, int64_t edges, int64_t heads,
                                       int64_t channels, int64_t num_cat, int self_loops, float slope) {
    const Problem p{cat ? "edge_attention_dense_backward" : "edge_attention_csr_backward", nodes, heads, channels,
                    heads * channels, num_cat, self_loops, slope};
    OrbitScratch s;
    SK_RETURN_IF_ERROR(check_tables(p, cat, offsets, sources, edge_cat, n, edges, s));
    const Grads q{dxl, dxr, dep, datt, dout, out, lse, xl, xr, ep, att};
    if (cat) return backward_impl(AttnDense{cat, n, self_loops}, q, nodes * n, cat, n * n, batch, p, s);
    AttnCsr g{offsets, sources, edge_cat, nullptr, nullptr, nullptr, edges, self_loops};
    SK_RETURN_IF_ERROR(csr_view(&g, offsets, nodes, edges, s));
    return backward_impl(g, q, edges + nodes, edge_cat, edges, 1, p, s);
}
