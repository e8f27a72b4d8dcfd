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
 *   C (per category k): dep[k] += sum over its slots (pairs/edges grouped by category, stable) of dz_q,
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
struct Dims {
    int64_t nodes, H, C, HC, num_cat;
    int mode;
    float slope;
};

/* MEAN mode: M[t] = mean of ep[k] over t's kept incoming slots (0 if none); inv_deg[t] = 1/deg (0 if none). */
template <class G>
void mean_features(const G& g, float* M, float* inv_deg, const float* ep, const Dims& d) {
#pragma omp parallel for schedule(static) if (d.nodes * d.HC > (1 << 14))
    for (int64_t t = 0; t < d.nodes; ++t)
        for (int64_t w = 0; w < d.HC; ++w) M[t * d.HC + w] = attn_mean_feature(g, ep, t, w, d.HC, inv_deg + t);
}

/* s[h] = sum_c v[h*C + c] for each head (channels in order). */
inline void head_sums(float* s, const float* v, int64_t H, int64_t C) {
    for (int64_t h = 0; h < H; ++h) {
        float a = 0.0f;
        for (int64_t c = 0; c < C; ++c) a += v[h * C + c];
        s[h] = a;
    }
}

/* Per-thread work rows: HC-wide temporaries and H-wide per-head values. */
struct Rows {
    std::vector<float> acc, tmp, z, prod, m, l, sc, dd;
    explicit Rows(const Dims& d)
        : acc((size_t)d.HC), tmp((size_t)d.HC), z((size_t)d.HC), prod((size_t)d.HC), m((size_t)d.H), l((size_t)d.H),
          sc((size_t)d.H), dd((size_t)d.H) {}
};

/* One target at a time, all heads together (the HC-wide loops vectorize). */
template <class G>
void forward_impl(const G& g, float* out, float* lse, const float* xl, const float* xr, const float* ep,
                  const float* att, const float* M, const Dims& d) {
#pragma omp parallel if (d.nodes * d.HC > (1 << 12))
    {
        Rows r(d);
#pragma omp for schedule(dynamic, 16)
        for (int64_t t = 0; t < d.nodes; ++t) {
            const float* xrt = xr + t * d.HC;
            std::fill(r.acc.begin(), r.acc.end(), 0.0f);
            std::fill(r.m.begin(), r.m.end(), -INFINITY);
            std::fill(r.l.begin(), r.l.end(), 0.0f);
            auto visit = [&](int64_t s, const float* feat) {
                const float* xls = xl + s * d.HC;
                for (int64_t w = 0; w < d.HC; ++w) r.tmp[(size_t)w] = att[w] * attn_lrelu(xrt[w] + xls[w] + feat[w], d.slope);
                head_sums(r.sc.data(), r.tmp.data(), d.H, d.C);
                for (int64_t h = 0; h < d.H; ++h) {
                    float* acc = r.acc.data() + h * d.C;
                    const float sc = r.sc[(size_t)h];
                    if (sc > r.m[(size_t)h]) {
                        const float q = std::exp(r.m[(size_t)h] - sc);   /* 0 on the first slot (m = -inf) */
                        r.l[(size_t)h] *= q;
                        for (int64_t c = 0; c < d.C; ++c) acc[c] *= q;
                        r.m[(size_t)h] = sc;
                    }
                    const float p = std::exp(sc - r.m[(size_t)h]);
                    r.l[(size_t)h] += p;
                    for (int64_t c = 0; c < d.C; ++c) acc[c] += p * xls[h * d.C + c];
                }
            };
            for (int64_t e = g.in_begin(t); e < g.in_end(t); ++e) {
                int64_t s;
                int32_t k;
                if (g.in_edge(t, e, &s, &k)) visit(s, ep + (int64_t)k * d.HC);
            }
            if (d.mode == SK_ATTN_SELF_MEAN) visit(t, M + t * d.HC);
            for (int64_t h = 0; h < d.H; ++h) {
                const float l = r.l[(size_t)h], inv = l > 0.0f ? 1.0f / l : 0.0f;
                for (int64_t c = 0; c < d.C; ++c) out[t * d.HC + h * d.C + c] = r.acc[(size_t)(h * d.C + c)] * inv;
                lse[t * d.H + h] = l > 0.0f ? r.m[(size_t)h] + std::log(l) : -INFINITY;
            }
        }
    }
}

struct Grads {
    float *dxl, *dxr, *dep, *datt;
    const float *dout, *out, *lse, *xl, *xr, *ep, *att;
};

/* Pass A: alpha and ds per slot, dxr, per-target datt partials, MEAN self-slot dz / deg. */
template <class G>
void pass_a(const G& g, const Grads& q, float* alpha, float* ds, float* dapart, float* dzself, const float* M,
            const float* inv_deg, const Dims& d) {
#pragma omp parallel if (d.nodes * d.HC > (1 << 12))
    {
        Rows r(d);
        std::vector<float> D((size_t)d.H);
#pragma omp for schedule(dynamic, 16)
        for (int64_t t = 0; t < d.nodes; ++t) {
            const float* xrt = q.xr + t * d.HC;
            const float* go = q.dout + t * d.HC;
            const float* ls = q.lse + t * d.H;
            float* dap = dapart + t * d.HC;
            float* dxr = r.acc.data();
            std::fill(dxr, dxr + d.HC, 0.0f);
            std::fill(dap, dap + d.HC, 0.0f);
            for (int64_t w = 0; w < d.HC; ++w) r.prod[(size_t)w] = go[w] * q.out[t * d.HC + w];
            head_sums(D.data(), r.prod.data(), d.H, d.C);
            auto visit = [&](int64_t s, const float* feat, int64_t slot, bool self) {
                const float* xls = q.xl + s * d.HC;
                for (int64_t w = 0; w < d.HC; ++w) {
                    r.z[(size_t)w] = xrt[w] + xls[w] + feat[w];
                    r.tmp[(size_t)w] = q.att[w] * attn_lrelu(r.z[(size_t)w], d.slope);
                    r.prod[(size_t)w] = go[w] * xls[w];
                }
                head_sums(r.sc.data(), r.tmp.data(), d.H, d.C);
                head_sums(r.dd.data(), r.prod.data(), d.H, d.C);
                for (int64_t h = 0; h < d.H; ++h) {
                    const float al = std::exp(r.sc[(size_t)h] - ls[h]), dsv = al * (r.dd[(size_t)h] - D[(size_t)h]);
                    alpha[slot * d.H + h] = al;
                    ds[slot * d.H + h] = dsv;
                    for (int64_t w = h * d.C; w < (h + 1) * d.C; ++w) {
                        const float z = r.z[(size_t)w], dz = dsv * q.att[w] * attn_dlrelu(z, d.slope);
                        dxr[w] += dz;
                        dap[w] += dsv * attn_lrelu(z, d.slope);
                        if (self) dzself[t * d.HC + w] = dz * inv_deg[t];
                    }
                }
            };
            for (int64_t e = g.in_begin(t); e < g.in_end(t); ++e) {
                int64_t s;
                int32_t k;
                if (g.in_edge(t, e, &s, &k)) visit(s, q.ep + (int64_t)k * d.HC, g.slot(t, e), false);
            }
            if (d.mode == SK_ATTN_SELF_MEAN) visit(t, M + t * d.HC, g.self_slot(t), true);
            if (q.dxr) std::copy(dxr, dxr + d.HC, q.dxr + t * d.HC);
        }
    }
}

/* Pass B: dxl[s] = sum over outgoing slots of dz + alpha dout[t]. */
template <class G>
void pass_b(const G& g, const Grads& q, const float* alpha, const float* ds, const float* M, const Dims& d) {
#pragma omp parallel for schedule(dynamic, 16) if (d.nodes * d.HC > (1 << 12))
    for (int64_t s = 0; s < d.nodes; ++s) {
        float* acc = q.dxl + s * d.HC;
        std::fill(acc, acc + d.HC, 0.0f);
        auto visit = [&](int64_t t, const float* feat, int64_t slot) {
            const float* xrt = q.xr + t * d.HC;
            const float* xls = q.xl + s * d.HC;
            const float* go = q.dout + t * d.HC;
            for (int64_t h = 0; h < d.H; ++h) {
                const float dsv = ds[slot * d.H + h], al = alpha[slot * d.H + h];
                for (int64_t w = h * d.C; w < (h + 1) * d.C; ++w)
                    acc[w] += dsv * q.att[w] * attn_dlrelu(xrt[w] + xls[w] + feat[w], d.slope) + al * go[w];
            }
        };
        for (int64_t idx = g.out_begin(s); idx < g.out_end(s); ++idx) {
            int64_t t, e, src;
            int32_t k;
            g.out_edge(s, idx, &t, &e);
            if (g.in_edge(t, e, &src, &k)) visit(t, q.ep + (int64_t)k * d.HC, g.slot(t, e));
        }
        if (d.mode == SK_ATTN_SELF_MEAN) visit(s, M + s * d.HC, g.self_slot(s));
    }
}

/* Pass C: dep[k] += sum over the category's slots of dz (+ MEAN self-slot share), items in `grouping` order. */
template <class G>
void pass_c(const G& g, const Grads& q, const float* ds, const float* dzself, const OrbitGrouping& grouping,
            int64_t reps, const Dims& d) {
#pragma omp parallel if (d.nodes * d.HC > (1 << 12))
    {
        std::vector<float> acc((size_t)d.HC);
#pragma omp for schedule(dynamic)
        for (int64_t k = 0; k < d.num_cat; ++k) {
            std::fill(acc.begin(), acc.end(), 0.0f);
            const float* feat = q.ep + k * d.HC;
            for (int64_t it = grouping.seg[(size_t)k]; it < grouping.seg[(size_t)k + 1]; ++it) {
                for (int64_t rep = 0; rep < reps; ++rep) {
                    int64_t t, e, s;
                    int32_t kk;
                    g.item(grouping.perm[(size_t)it], rep, &t, &e);
                    if (!g.in_edge(t, e, &s, &kk)) continue;
                    const int64_t slot = g.slot(t, e);
                    const float* xrt = q.xr + t * d.HC;
                    const float* xls = q.xl + s * d.HC;
                    const float* self = dzself ? dzself + t * d.HC : nullptr;
                    for (int64_t h = 0; h < d.H; ++h) {
                        const float dsv = ds[slot * d.H + h];
                        for (int64_t w = h * d.C; w < (h + 1) * d.C; ++w)
                            acc[(size_t)w] += dsv * q.att[w] * attn_dlrelu(xrt[w] + xls[w] + feat[w], d.slope) +
                                              (self ? self[w] : 0.0f);
                    }
                }
            }
            for (int64_t w = 0; w < d.HC; ++w) q.dep[k * d.HC + w] += acc[(size_t)w];
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
