/* native/src/cpu/edge_attention.cpp — K14 edge_attention (orbit GATv2) on the CPU, dense and CSR graphs
 * (contract and formulas: symkern.h; graph views and LeakyReLU: native/src/edge_attention_math.h).
 * xl, xr, out, dout (nodes, H*C); ep (K, H*C); att (H, C); lse (nodes, H).
 *
 * Forward, one task per target node t (all heads together, so the H*C-wide loops vectorize): a single pass
 * over the incoming slots with an online (running-max) softmax per head, so out and lse come out of one sweep:
 *   s = att[h] . LeakyReLU(xr[t,h] + xl[src,h] + feat),  m' = max(m, s),
 *   l = l e^{m - m'} + e^{s - m'},  acc = acc e^{m - m'} + e^{s - m'} xl[src,h];  out = acc / l, lse = m + log l.
 * feat is ep[k, h] for an edge of category k, or the mean of those over t's other incoming edges for the
 * MEAN self loop (computed first, mean_features).
 * Backward recomputes alpha from lse (nothing per edge is saved by the forward) in three passes, each
 * summing every output element in one task in a fixed order, so no atomics and deterministic results:
 *   A (per target t, all heads): D = dout[t,h] . out[t,h]; per slot q: alpha = exp(s - lse),
 *     ds = alpha (dout[t,h] . xl[src,h] - D), stored in scratch (Q, H); dxr[t] = sum_q dz_q with
 *     dz = ds att[h] LeakyReLU'(z); datt partial[t] = sum_q ds LeakyReLU(z); MEAN: the self slot's dz / deg(t)
 *     kept for pass C.
 *   B (per source s): dxl[s] = sum over outgoing slots q (to t) of dz_q + alpha_q dout[t].
 *   C (per category k): dep[k] += sum over its slots (dense: graph by graph, the category's pairs in flat
 *     order; CSR: its edges in order; a stable grouping by category) of dz_q,
 *     plus (MEAN) the target's self-slot dz / deg(t); datt += the per-target partials summed in node order.
 * Napkin math: each pass touches every (slot, channel) once: ~4 flops per (edge, head, channel) forward
 * and ~3x that backward; B = 64, n = 100, H*C = 128 is 640k edges, ~0.3 GFLOP forward. */
#include <algorithm>
#include <cmath>
#include <vector>

#include "edge_attention_math.h"
#include "kernels.h"
#include "orbit_tables.h"

namespace {
/* The per-slot H*C-wide loops are compiled for AVX2 and for the baseline, chosen at load time. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define SK_ATTN_CLONES __attribute__((target_clones("avx2", "default"))) static
#else
#define SK_ATTN_CLONES static inline
#endif

struct Dims {
    int64_t nodes, H, C, HC, num_cat;
    int mode;
    float slope;
};

/* MEAN mode: M[t] = mean of ep[k] over t's kept incoming slots (0 if none); inv_deg[t] = 1/deg (0 if none). */
template <class G>
void mean_features(const G& g, float* M, float* inv_deg, const float* ep, const Dims& d) {
#pragma omp parallel for schedule(static) if (d.nodes * d.HC > (1 << 14))
    for (int64_t t = 0; t < d.nodes; ++t) inv_deg[t] = attn_mean_feature(g, ep, t, d.HC, 0, d.HC, M + t * d.HC);
}

/* s[h] = sum_c v[h*C + c] for each head (channels in order). */
inline void head_sums(float* __restrict s, const float* __restrict v, int64_t H, int64_t C) {
    for (int64_t h = 0; h < H; ++h) {
        float a = 0.0f;
        for (int64_t c = 0; c < C; ++c) a += v[h * C + c];
        s[h] = a;
    }
}

/* Per-thread work rows: H*C-wide temporaries and H-wide per-head values. */
struct Rows {
    std::vector<float> acc, tmp, z, prod, m, l, sc, dd, D;
    explicit Rows(const Dims& d)
        : acc((size_t)d.HC), tmp((size_t)d.HC), z((size_t)d.HC), prod((size_t)d.HC), m((size_t)d.H), l((size_t)d.H),
          sc((size_t)d.H), dd((size_t)d.H), D((size_t)d.H) {}
};

/* One forward slot for all heads: scores, then the online-softmax update of (m, l, acc). */
SK_ATTN_CLONES void forward_slot(Rows& r, const float* __restrict xrt, const float* __restrict xls, const float* __restrict feat,
                         const float* __restrict att, int64_t H, int64_t C, float slope) {
    float* __restrict tmp = r.tmp.data();
    float* __restrict acc = r.acc.data();
    const int64_t HC = H * C;
#pragma omp simd
    for (int64_t w = 0; w < HC; ++w) tmp[w] = att[w] * attn_lrelu(xrt[w] + xls[w] + feat[w], slope);
    head_sums(r.sc.data(), tmp, H, C);
    for (int64_t h = 0; h < H; ++h) {
        float* __restrict ah = acc + h * C;
        const float* __restrict xh = xls + h * C;
        const float sc = r.sc[(size_t)h];
        if (sc > r.m[(size_t)h]) {
            const float q = std::exp(r.m[(size_t)h] - sc);   /* 0 on the first slot (m = -inf) */
            r.l[(size_t)h] *= q;
            for (int64_t c = 0; c < C; ++c) ah[c] *= q;
            r.m[(size_t)h] = sc;
        }
        const float p = std::exp(sc - r.m[(size_t)h]);
        r.l[(size_t)h] += p;
        for (int64_t c = 0; c < C; ++c) ah[c] += p * xh[c];
    }
}

/* One target at a time, all heads together (the H*C-wide loops vectorize). */
template <class G>
void forward_impl(const G& g, float* out, float* lse, const float* xl, const float* xr, const float* ep,
                  const float* att, const float* M, const Dims& d) {
    const int64_t H = d.H, C = d.C, HC = d.HC;
#pragma omp parallel if (d.nodes * HC > (1 << 12))
    {
        Rows r(d);
#pragma omp for schedule(dynamic, 16)
        for (int64_t t = 0; t < d.nodes; ++t) {
            const float* xrt = xr + t * HC;
            std::fill(r.acc.begin(), r.acc.end(), 0.0f);
            std::fill(r.m.begin(), r.m.end(), -INFINITY);
            std::fill(r.l.begin(), r.l.end(), 0.0f);
            for (int64_t e = g.in_begin(t); e < g.in_end(t); ++e) {
                int64_t s;
                int32_t k;
                if (g.in_edge(t, e, &s, &k)) forward_slot(r, xrt, xl + s * HC, ep + (int64_t)k * HC, att, H, C, d.slope);
            }
            if (d.mode == SK_ATTN_SELF_MEAN) forward_slot(r, xrt, xl + t * HC, M + t * HC, att, H, C, d.slope);
            for (int64_t h = 0; h < H; ++h) {
                const float l = r.l[(size_t)h], inv = l > 0.0f ? 1.0f / l : 0.0f;
                for (int64_t c = 0; c < C; ++c) out[t * HC + h * C + c] = r.acc[(size_t)(h * C + c)] * inv;
                lse[t * H + h] = l > 0.0f ? r.m[(size_t)h] + std::log(l) : -INFINITY;
            }
        }
    }
}

struct Grads {
    float *dxl, *dxr, *dep, *datt;
    const float *dout, *out, *lse, *xl, *xr, *ep, *att;
};

/* Pass A for one slot of target t (all heads): alpha, ds into their rows; dz into dxr (r.acc), ds LeakyReLU(z)
 * into dap, and for the MEAN self slot dz / deg into self_row. */
SK_ATTN_CLONES void pass_a_slot(Rows& r, float* __restrict alpha, float* __restrict ds, float* __restrict dap,
                        float* __restrict self_row, float inv_deg, const float* __restrict xrt,
                        const float* __restrict xls, const float* __restrict feat, const float* __restrict go,
                        const float* __restrict ls, const float* __restrict att, int64_t H, int64_t C, float slope) {
    float* __restrict z = r.z.data();
    float* __restrict tmp = r.tmp.data();
    float* __restrict prod = r.prod.data();
    float* __restrict dxr = r.acc.data();
    const int64_t HC = H * C;
#pragma omp simd
    for (int64_t w = 0; w < HC; ++w) {
        const float v = xrt[w] + xls[w] + feat[w];
        z[w] = v;
        tmp[w] = att[w] * attn_lrelu(v, slope);
        prod[w] = go[w] * xls[w];
    }
    head_sums(r.sc.data(), tmp, H, C);
    head_sums(r.dd.data(), prod, H, C);
    for (int64_t h = 0; h < H; ++h) {
        const float al = std::exp(r.sc[(size_t)h] - ls[h]), dsv = al * (r.dd[(size_t)h] - r.D[(size_t)h]);
        alpha[h] = al;
        ds[h] = dsv;
#pragma omp simd
        for (int64_t w = h * C; w < (h + 1) * C; ++w) {
            const float dz = dsv * att[w] * attn_dlrelu(z[w], slope);
            dxr[w] += dz;
            dap[w] += dsv * attn_lrelu(z[w], slope);
        }
        if (self_row)
#pragma omp simd
            for (int64_t w = h * C; w < (h + 1) * C; ++w) self_row[w] = dsv * att[w] * attn_dlrelu(z[w], slope) * inv_deg;
    }
}

/* Pass A: alpha and ds per slot, dxr, per-target datt partials, MEAN self-slot dz / deg. */
template <class G>
void pass_a(const G& g, const Grads& q, float* alpha, float* ds, float* dapart, float* dzself, const float* M,
            const float* inv_deg, const Dims& d) {
    const int64_t H = d.H, C = d.C, HC = d.HC;
#pragma omp parallel if (d.nodes * HC > (1 << 12))
    {
        Rows r(d);
#pragma omp for schedule(dynamic, 16)
        for (int64_t t = 0; t < d.nodes; ++t) {
            const float* xrt = q.xr + t * HC;
            const float* go = q.dout + t * HC;
            float* dap = dapart + t * HC;
            std::fill(r.acc.begin(), r.acc.end(), 0.0f);
            std::fill(dap, dap + HC, 0.0f);
            for (int64_t w = 0; w < HC; ++w) r.prod[(size_t)w] = go[w] * q.out[t * HC + w];
            head_sums(r.D.data(), r.prod.data(), H, C);
            for (int64_t e = g.in_begin(t); e < g.in_end(t); ++e) {
                int64_t s;
                int32_t k;
                if (!g.in_edge(t, e, &s, &k)) continue;
                const int64_t slot = g.slot(t, e);
                pass_a_slot(r, alpha + slot * H, ds + slot * H, dap, nullptr, 0.0f, xrt, q.xl + s * HC,
                            q.ep + (int64_t)k * HC, go, q.lse + t * H, q.att, H, C, d.slope);
            }
            if (d.mode == SK_ATTN_SELF_MEAN) {
                const int64_t slot = g.self_slot(t);
                pass_a_slot(r, alpha + slot * H, ds + slot * H, dap, dzself + t * HC, inv_deg[t], xrt, q.xl + t * HC,
                            M + t * HC, go, q.lse + t * H, q.att, H, C, d.slope);
            }
            if (q.dxr) std::copy(r.acc.begin(), r.acc.end(), q.dxr + t * HC);
        }
    }
}

/* acc (H*C) += ds att LeakyReLU'(z) [+ alpha go] [+ extra] for one slot, per head. */
SK_ATTN_CLONES void dz_accumulate(float* __restrict acc, const float* __restrict ds, const float* __restrict alpha,
                          const float* __restrict go, const float* __restrict extra, const float* __restrict xrt,
                          const float* __restrict xls, const float* __restrict feat, const float* __restrict att,
                          int64_t H, int64_t C, float slope) {
    for (int64_t h = 0; h < H; ++h) {
        const float dsv = ds[h], al = alpha ? alpha[h] : 0.0f;
#pragma omp simd
        for (int64_t w = h * C; w < (h + 1) * C; ++w) {
            float v = dsv * att[w] * attn_dlrelu(xrt[w] + xls[w] + feat[w], slope);
            if (go) v += al * go[w];
            if (extra) v += extra[w];
            acc[w] += v;
        }
    }
}

/* Pass B: dxl[s] = sum over outgoing slots of dz + alpha dout[t]. */
template <class G>
void pass_b(const G& g, const Grads& q, const float* alpha, const float* ds, const float* M, const Dims& d) {
    const int64_t H = d.H, C = d.C, HC = d.HC;
#pragma omp parallel for schedule(dynamic, 16) if (d.nodes * HC > (1 << 12))
    for (int64_t s = 0; s < d.nodes; ++s) {
        float* acc = q.dxl + s * HC;
        std::fill(acc, acc + HC, 0.0f);
        const float* xls = q.xl + s * HC;
        for (int64_t idx = g.out_begin(s); idx < g.out_end(s); ++idx) {
            int64_t t, e, src;
            int32_t k;
            g.out_edge(s, idx, &t, &e);
            if (!g.in_edge(t, e, &src, &k)) continue;
            const int64_t slot = g.slot(t, e);
            dz_accumulate(acc, ds + slot * H, alpha + slot * H, q.dout + t * HC, nullptr, q.xr + t * HC, xls,
                          q.ep + (int64_t)k * HC, q.att, H, C, d.slope);
        }
        if (d.mode == SK_ATTN_SELF_MEAN) {
            const int64_t slot = g.self_slot(s);
            dz_accumulate(acc, ds + slot * H, alpha + slot * H, q.dout + s * HC, nullptr, q.xr + s * HC, xls, M + s * HC,
                          q.att, H, C, d.slope);
        }
    }
}

/* Pass C: dep[k] += sum over the category's slots of dz (+ MEAN self-slot share), items in `grouping` order. */
template <class G>
void pass_c(const G& g, const Grads& q, const float* ds, const float* dzself, const OrbitGrouping& grouping,
            int64_t reps, const Dims& d) {
    const int64_t H = d.H, C = d.C, HC = d.HC;
#pragma omp parallel if (d.nodes * HC > (1 << 12))
    {
        std::vector<float> acc((size_t)HC);
#pragma omp for schedule(dynamic)
        for (int64_t k = 0; k < d.num_cat; ++k) {
            std::fill(acc.begin(), acc.end(), 0.0f);
            for (int64_t rep = 0; rep < reps; ++rep) {   /* graph-major: one graph's rows stay in cache */
                for (int64_t it = grouping.seg[(size_t)k]; it < grouping.seg[(size_t)k + 1]; ++it) {
                    int64_t t, e, s;
                    int32_t kk;
                    g.item(grouping.perm[(size_t)it], rep, &t, &e);
                    if (!g.in_edge(t, e, &s, &kk)) continue;
                    dz_accumulate(acc.data(), ds + g.slot(t, e) * H, nullptr, nullptr, dzself ? dzself + t * HC : nullptr,
                                  q.xr + t * HC, q.xl + s * HC, q.ep + k * HC, q.att, H, C, d.slope);
                }
            }
            for (int64_t w = 0; w < HC; ++w) q.dep[k * HC + w] += acc[(size_t)w];
        }
    }
}

template <class G>
void backward_impl(const G& g, const Grads& q, int64_t slots, const int32_t* cat_keys, int64_t items, int64_t reps,
                   const Dims& d) {
    const bool mean = d.mode == SK_ATTN_SELF_MEAN;
    std::vector<float> alpha((size_t)(slots * d.H)), ds((size_t)(slots * d.H)), dapart((size_t)(d.nodes * d.HC));
    std::vector<float> M, inv_deg, dzself;
    if (mean) {
        M.resize((size_t)(d.nodes * d.HC));
        inv_deg.resize((size_t)d.nodes);
        dzself.assign((size_t)(d.nodes * d.HC), 0.0f);
        mean_features(g, M.data(), inv_deg.data(), q.ep, d);
    }
    pass_a(g, q, alpha.data(), ds.data(), dapart.data(), mean ? dzself.data() : nullptr, M.data(), inv_deg.data(), d);
    if (q.dxl) pass_b(g, q, alpha.data(), ds.data(), M.data(), d);
    if (q.dep) pass_c(g, q, ds.data(), mean ? dzself.data() : nullptr, orbit_group_by_key(cat_keys, items, d.num_cat),
                      reps, d);
    if (q.datt) {
        std::vector<float> acc((size_t)d.HC, 0.0f);
        for (int64_t t = 0; t < d.nodes; ++t)
            for (int64_t w = 0; w < d.HC; ++w) acc[(size_t)w] += dapart[(size_t)(t * d.HC + w)];
        for (int64_t w = 0; w < d.HC; ++w) q.datt[w] += acc[(size_t)w];
    }
}

sk_status check_tables(const char* fn, const int32_t* cat, const int32_t* offsets, const int32_t* sources,
                       const int32_t* edge_cat, int64_t n, int64_t nodes, int64_t edges, int64_t num_cat) {
    if (cat) return orbit_check_ids(fn, "cat", cat, n * n, num_cat);
    SK_RETURN_IF_ERROR(orbit_check_offsets(fn, offsets, nodes, edges));
    SK_RETURN_IF_ERROR(orbit_check_ids(fn, "sources", sources, edges, nodes));
    return orbit_check_ids(fn, "edge_cat", edge_cat, edges, num_cat);
}

}  // namespace

sk_status edge_attention_forward_cpu(float* out, float* lse, const float* xl, const float* xr, const float* ep,
                                     const float* att, const int32_t* cat, const int32_t* offsets,
                                     const int32_t* sources, const int32_t* edge_cat, int64_t batch, int64_t n,
                                     int64_t nodes, int64_t edges, int64_t heads, int64_t channels, int64_t num_cat,
                                     int self_loops, float slope) {
    const char* fn = cat ? "edge_attention_dense_forward" : "edge_attention_csr_forward";
    SK_RETURN_IF_ERROR(check_tables(fn, cat, offsets, sources, edge_cat, n, nodes, edges, num_cat));
    const Dims d{nodes, heads, channels, heads * channels, num_cat, self_loops, slope};
    std::vector<float> M, inv_deg;
    if (self_loops == SK_ATTN_SELF_MEAN) {
        M.resize((size_t)(nodes * d.HC));
        inv_deg.resize((size_t)nodes);
    }
    if (cat) {
        const AttnDense g{cat, n, self_loops};
        if (!M.empty()) mean_features(g, M.data(), inv_deg.data(), ep, d);
        forward_impl(g, out, lse, xl, xr, ep, att, M.data(), d);
    } else {
        const AttnCsr g{offsets, sources, edge_cat, nullptr, nullptr, nullptr, edges, self_loops};
        if (!M.empty()) mean_features(g, M.data(), inv_deg.data(), ep, d);
        forward_impl(g, out, lse, xl, xr, ep, att, M.data(), d);
    }
    return SK_OK;
}

sk_status edge_attention_backward_cpu(float* dxl, float* dxr, float* dep, float* datt, const float* dout,
                                      const float* out, const float* lse, const float* xl, const float* xr,
                                      const float* ep, const float* att, const int32_t* cat, const int32_t* offsets,
                                      const int32_t* sources, const int32_t* edge_cat, int64_t batch, int64_t n,
                                      int64_t nodes, int64_t edges, int64_t heads, int64_t channels,
                                      int64_t num_cat, int self_loops, float slope) {
    const char* fn = cat ? "edge_attention_dense_backward" : "edge_attention_csr_backward";
    SK_RETURN_IF_ERROR(check_tables(fn, cat, offsets, sources, edge_cat, n, nodes, edges, num_cat));
    const Dims d{nodes, heads, channels, heads * channels, num_cat, self_loops, slope};
    const Grads q{dxl, dxr, dep, datt, dout, out, lse, xl, xr, ep, att};
    if (cat) {
        backward_impl(AttnDense{cat, n, self_loops}, q, nodes * n, cat, n * n, batch, d);
    } else {
        std::vector<int32_t> dst((size_t)edges);
        for (int64_t t = 0; t < nodes; ++t)
            for (int64_t e = offsets[t]; e < offsets[t + 1]; ++e) dst[(size_t)e] = (int32_t)t;
        OrbitGrouping by_source = orbit_group_by_key(sources, edges, nodes);
        std::vector<int32_t> out_off(by_source.seg.begin(), by_source.seg.end());
        const AttnCsr g{offsets, sources, edge_cat, dst.data(), out_off.data(), by_source.perm.data(), edges,
                        self_loops};
        backward_impl(g, q, edges + nodes, edge_cat, edges, 1, d);
    }
    return SK_OK;
}
