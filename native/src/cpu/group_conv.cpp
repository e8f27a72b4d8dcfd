/* native/src/cpu/group_conv.cpp — K9 fused group convolution on the CPU.
 *
 * Shapes (symkern.h): x (B, ci, si, H, W), w (co, ci, q), table idx / coef (to, si, P = k*k, e),
 * y / dy (B, co, to, Ho, Wo). Folded: C = ci*si input channels, K = C*P reduction length, M = co*to output
 * rows, N = Ho*Wo output pixels. W_exp viewed as (M, K) is exactly the K8 layout (co, to, ci, si, P).
 *
 * "Fused" here means the expanded bank is never held whole unless it is small: output channels are processed
 * in blocks of `ob` channels whose W_exp slice (ob*to x K floats, at most kSliceFloats = 1 MiB) is expanded by
 * the K8 kernel. When one block covers every channel (the usual case: 40 x 360 floats for a 10-field p4
 * layer) it is expanded once per call and shared read-only by the threads; otherwise each work unit expands
 * every slice right before using it, into a per-thread buffer.
 *
 * Work units (struct Plan): G consecutive images whose im2col matrices sit side by side, col (K, G*N), so that
 * layers with few output pixels (the 10x10 ... 1x1 layers of P4CNN) still run GEMMs about kGroupCols wide;
 * with G > 1, y / dy go through a (rows, G*N) staging matrix. Per unit:
 *   forward:  for each block: Y[block rows] = W_exp slice (rows x K) . col (gemm_cpu), + bias[o] over (t, pixels).
 *   backward: for each block: G_exp = dY[block rows] . col^T (rows x K), summed over the units of a fixed group
 *             of units (gemm with beta 1) and turned into the (co, ci, q) partial of that group by the K8
 *             transpose once per group (per unit when there are several blocks);  dcol (K x G*N) (+)=
 *             W_exp slice^T . dY[block rows]; then col2im(dcol) -> dx of each image.
 *             dbias[o] += sum over (b, t, pixels) in double, in index order.
 * im2col / col2im copy (add) whole clipped rows, contiguous for stride 1 (vectorized), strided otherwise.
 * Threads: one OpenMP region per call, units (forward) or unit groups (backward) handed out dynamically —
 * robust when the machine is shared — with gemm_cpu and the K8 calls single-threaded inside. When there are
 * fewer units than 2x the threads, units run in order and gemm_cpu / im2col / col2im parallelize inside
 * instead. k = 1, stride 1, padding 0 with G = 1 skips im2col (x_b itself is col, dx_b is dcol).
 * Per-thread scratch (col, dcol, staging, slices) is kept between calls (grown on demand; a buffer above 16 MiB
 * is freed at the end of the call).
 * Deterministic: the weight gradient is summed per group of units (group size fixed by the sizes, units in
 * order inside a group), then over groups in order; every dx / y element has one writer and a fixed order
 * (gemm_cpu's, and (ky, kx) order in col2im). dx is overwritten; dw and dbias accumulate.
 * idx is already range-checked by the ABI entry point.
 * Napkin math: 2 B M K N flops forward (x2 more backward); im2col moves K N floats per image (kept in L2
 * for typical layers); K8 costs M K e per call (per unit and block with several blocks). */
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <omp.h>

#include "common.h"
#include "filter_expand_table.h"
#include "kernels.h"

namespace {
constexpr int64_t kSliceFloats = 1 << 18;     /* W_exp slice per block: 1 MiB                        */
constexpr int64_t kGroupCols = 512;           /* GEMM width worth grouping small images for          */
constexpr int64_t kMinUnits = 8;              /* grouping keeps at least this many work units        */
constexpr int64_t kPartialFloats = 1 << 20;   /* weight-gradient partials of all unit groups (4 MiB) */
constexpr int64_t kParallelMin = 1 << 14;
constexpr size_t kKeepFloats = size_t(1) << 22;   /* per-thread scratch kept between calls: 16 MiB each kind */

struct Plan {
    int64_t ob, blocks;   /* output channels per block, number of blocks           */
    int64_t G, units;     /* images per unit, number of units                      */
    bool staged;          /* G > 1: y / dy of a unit go through a (rows, G N) matrix */
    bool direct;          /* k = 1, stride 1, padding 0, G = 1: x is its own im2col */
};

Plan make_plan(const sk_gconv_dims& d) {
    Plan p;
    p.ob = d.to * d.K > 0 ? std::clamp<int64_t>(kSliceFloats / (d.to * d.K), 1, std::max<int64_t>(d.co, 1))
                          : std::max<int64_t>(d.co, 1);
    p.blocks = (d.co + p.ob - 1) / p.ob;
    p.G = 1;
    if (d.N > 0 && d.N < kGroupCols && d.batch > 1) {
        p.G = std::min<int64_t>((kGroupCols + d.N - 1) / d.N, d.batch);
        p.G = std::max<int64_t>(1, std::min(p.G, d.batch / kMinUnits));
    }
    p.units = (d.batch + p.G - 1) / p.G;
    p.staged = p.G > 1;
    p.direct = d.k == 1 && d.stride == 1 && d.pad == 0 && !p.staged;
    return p;
}

/* Per-thread scratch kept between calls (64-byte aligned, grown on demand, never shrunk). */
struct Scratch {
    float* p = nullptr;
    size_t cap = 0;
    ~Scratch() { std::free(p); }
    float* get(int64_t n) {
        const size_t want = (size_t)std::max<int64_t>(n, 1);
        if (want > cap) {
            std::free(p);
            cap = 0;
            p = static_cast<float*>(std::aligned_alloc(64, (want * sizeof(float) + 63) / 64 * 64));
            if (p == nullptr) return nullptr;
            cap = want;
        }
        return p;
    }
    void trim(size_t keep) {
        if (cap <= keep) return;
        std::free(p);
        p = nullptr;
        cap = 0;
    }
};
enum { kCol, kDcol, kStage, kSlice, kGacc, kScratchKinds };
thread_local Scratch tl_scratch[kScratchKinds];

/* Frees this thread's scratch buffers that outgrew kKeepFloats (called at the end of each region). */
void trim_scratch() {
    for (Scratch& s : tl_scratch) s.trim(kKeepFloats);
}

/* The output pixels px in [lo, hi) whose input column px*stride - pad + kx lies in [0, w). */
inline void valid_range(int64_t kx, const sk_gconv_dims& d, int64_t* lo, int64_t* hi) {
    const int64_t a = d.pad - kx, b = d.w - 1 + d.pad - kx;   /* need a <= px*stride <= b */
    *lo = a <= 0 ? 0 : (a + d.stride - 1) / d.stride;
    *hi = b < 0 ? 0 : std::min(d.wo, b / d.stride + 1);
    if (*hi < *lo) *hi = *lo;
}

/* Columns [0, N) of col (K rows, row stride ld) from one image x (C, H, W):
 * col[c*P + ky*k + kx][py*Wo + px] = x[c][iy][ix] or 0 (iy = py*stride - pad + ky, ix likewise). */
__attribute__((target_clones("avx512f", "avx2", "default")))
void im2col(float* col, int64_t ld, const float* x, const sk_gconv_dims& d) {
#pragma omp parallel for schedule(static) if (d.K * d.N > kParallelMin && !omp_in_parallel())
    for (int64_t c = 0; c < d.C; ++c) {
        const float* plane = x + c * d.HW;
        for (int64_t ky = 0; ky < d.k; ++ky)
            for (int64_t kx = 0; kx < d.k; ++kx) {
                int64_t lo, hi;
                valid_range(kx, d, &lo, &hi);
                float* row = col + (c * d.P + ky * d.k + kx) * ld;
                for (int64_t py = 0; py < d.ho; ++py) {
                    float* r = row + py * d.wo;
                    const int64_t iy = py * d.stride - d.pad + ky;
                    if (iy < 0 || iy >= d.h) {
                        std::fill(r, r + d.wo, 0.0f);
                        continue;
                    }
                    const float* src = plane + iy * d.w - d.pad + kx;   /* src[px * stride] for px in [lo, hi) */
                    if (lo > 0) std::fill(r, r + lo, 0.0f);
                    if (d.stride == 1) {   /* short rows: an inline vector copy, not a memcpy call per row */
#pragma omp simd
                        for (int64_t px = lo; px < hi; ++px) r[px] = src[px];
                    } else {
                        for (int64_t px = lo; px < hi; ++px) r[px] = src[px * d.stride];
                    }
                    if (hi < d.wo) std::fill(r + hi, r + d.wo, 0.0f);
                }
            }
    }
}

/* dx (C, H, W) of one image = the adjoint of im2col applied to columns [0, N) of dcol (row stride ld). Overwrites. */
__attribute__((target_clones("avx512f", "avx2", "default")))
void col2im(float* dx, const float* dcol, int64_t ld, const sk_gconv_dims& d) {
#pragma omp parallel for schedule(static) if (d.K * d.N > kParallelMin && !omp_in_parallel())
    for (int64_t c = 0; c < d.C; ++c) {
        float* plane = dx + c * d.HW;
        std::fill(plane, plane + d.HW, 0.0f);
        for (int64_t ky = 0; ky < d.k; ++ky)
            for (int64_t kx = 0; kx < d.k; ++kx) {
                int64_t lo, hi;
                valid_range(kx, d, &lo, &hi);
                const float* row = dcol + (c * d.P + ky * d.k + kx) * ld;
                for (int64_t py = 0; py < d.ho; ++py) {
                    const int64_t iy = py * d.stride - d.pad + ky;
                    if (iy < 0 || iy >= d.h) continue;
                    float* dst = plane + iy * d.w - d.pad + kx;
                    const float* r = row + py * d.wo;
                    if (d.stride == 1)
                        for (int64_t px = lo; px < hi; ++px) dst[px] += r[px];
                    else
                        for (int64_t px = lo; px < hi; ++px) dst[px * d.stride] += r[px];
                }
            }
    }
}

/* Units in parallel when there are at least twice as many work items as threads. */
bool outer_parallel(int64_t items) { return items >= 2 * (int64_t)omp_get_max_threads(); }

/* The im2col matrix of images b0 .. b0+n-1 side by side (K, n*N), or x itself for a direct plan. */
const float* unit_cols(float* col, const float* x, int64_t b0, int64_t n, const Plan& p, const sk_gconv_dims& d) {
    if (p.direct) return x + b0 * d.C * d.HW;
    for (int64_t g = 0; g < n; ++g) im2col(col + g * d.N, n * d.N, x + (b0 + g) * d.C * d.HW, d);
    return col;
}
}  // namespace

sk_status group_conv2d_forward_cpu(float* y, const float* x, const float* w, const float* bias, const int32_t* idx,
                                   const float* coef, const sk_gconv_dims& d) {
    const Plan p = make_plan(d);
    if (d.batch * d.M == 0) return SK_OK;   /* y is empty */
    std::vector<float> bank;                /* the whole W_exp when one block covers it, shared by the threads */
    if (p.blocks == 1) {
        bank.resize((size_t)(d.M * d.K));
        filter_expand_forward_cpu(bank.data(), w, idx, coef, d.co, d.ci, d.q, d.to, d.si, d.P, d.e);
    }
    sk_status err = SK_OK;
#pragma omp parallel if (outer_parallel(p.units))
    {
        float* col = p.direct ? nullptr : tl_scratch[kCol].get(d.K * p.G * d.N);
        float* stage = p.staged ? tl_scratch[kStage].get(p.ob * d.to * p.G * d.N) : nullptr;
        float* wslice = p.blocks > 1 ? tl_scratch[kSlice].get(p.ob * d.to * d.K) : nullptr;
        sk_status mine = (col || p.direct) && (stage || !p.staged) && (wslice || p.blocks == 1) ? SK_OK : SK_ERR_OOM;
#pragma omp for schedule(dynamic, 1)
        for (int64_t u = 0; u < p.units; ++u) {
            if (mine != SK_OK) continue;
            const int64_t b0 = u * p.G, n = std::min(p.G, d.batch - b0), ncols = n * d.N;
            const float* cols = unit_cols(col, x, b0, n, p, d);
            for (int64_t o0 = 0; o0 < d.co && mine == SK_OK; o0 += p.ob) {
                const int64_t obc = std::min(p.ob, d.co - o0), rows = obc * d.to;
                const float* a = bank.data();
                if (p.blocks > 1) {
                    filter_expand_forward_cpu(wslice, w + o0 * d.ci * d.q, idx, coef, obc, d.ci, d.q, d.to, d.si,
                                              d.P, d.e);
                    a = wslice;
                }
                float* out = p.staged ? stage : y + (b0 * d.M + o0 * d.to) * d.N;
                mine = gemm_cpu(out, a, cols, 1, rows, ncols, d.K, 0, 0, 0, 0, 0, 1.0f, 0.0f);
                if (p.staged || bias != nullptr)   /* scatter the staged rows to y, adding the bias */
                    for (int64_t g = 0; g < n; ++g)
                        for (int64_t r = 0; r < rows; ++r) {
                            float* dst = y + ((b0 + g) * d.M + o0 * d.to + r) * d.N;
                            const float* src = p.staged ? out + r * ncols + g * d.N : dst;
                            const float bv = bias != nullptr ? bias[o0 + r / d.to] : 0.0f;
                            for (int64_t j = 0; j < d.N; ++j) dst[j] = src[j] + bv;
                        }
            }
        }
        trim_scratch();
        if (mine != SK_OK) {
#pragma omp critical(sk_group_conv_error)
            err = mine;
        }
    }
    /* the only failure inside the region is memory (workspace or gemm packing); report it on this thread */
    SK_CHECK(err == SK_OK, err, "group_conv2d_forward: out of host memory for the per-thread workspace");
    return SK_OK;
}

sk_status group_conv2d_backward_cpu(float* dx, float* dw, float* dbias, const float* dy, const float* x,
                                    const float* w, const int32_t* idx, const float* coef, const sk_gconv_dims& d) {
    const Plan p = make_plan(d);
    if (dbias != nullptr) {
        const int64_t run = d.to * d.N;
#pragma omp parallel for schedule(static) if (d.batch * d.M * d.N > kParallelMin)
        for (int64_t o = 0; o < d.co; ++o) {
            double acc = 0.0;
            for (int64_t b = 0; b < d.batch; ++b) {
                const float* r = dy + (b * d.co + o) * run;
                for (int64_t j = 0; j < run; ++j) acc += r[j];
            }
            dbias[o] += (float)acc;
        }
    }
    if (dx == nullptr && dw == nullptr) return SK_OK;
    if (d.M == 0 || d.K == 0) {   /* y or the reduction is empty: dx = 0, nothing reaches dw */
        if (dx != nullptr) std::memset(dx, 0, sizeof(float) * (size_t)(d.batch * d.C * d.HW));
        return SK_OK;
    }
    /* work items: groups of `per` consecutive units. The weight gradient gets one partial (co, ci, q) per group
     * (units in order inside it), summed over the groups in order; the group size depends only on the sizes
     * (partials capped at kPartialFloats). Without dw every unit is its own group. */
    const int64_t wn = d.co * d.ci * d.q;
    const int64_t max_groups = dw ? std::clamp<int64_t>(kPartialFloats / std::max<int64_t>(wn, 1), 1, std::max<int64_t>(p.units, 1))
                                  : std::max<int64_t>(p.units, 1);
    const int64_t per = (p.units + max_groups - 1) / max_groups;
    const int64_t ngroups = per > 0 ? (p.units + per - 1) / per : 0;
    std::vector<float> partial(dw ? (size_t)(ngroups * wn) : 0, 0.0f);
    const FeInverse inv = dw ? fe_inverse(idx, coef, d.ci, d.q, d.to, d.si, d.P, d.e) : FeInverse{};
    std::vector<float> bank;   /* the whole W_exp when one block covers it (needed for dx only) */
    if (dx != nullptr && p.blocks == 1) {
        bank.resize((size_t)(d.M * d.K));
        filter_expand_forward_cpu(bank.data(), w, idx, coef, d.co, d.ci, d.q, d.to, d.si, d.P, d.e);
    }
    /* with one block, G_exp accumulates over a group's units and is transposed once per group */
    const bool defer = p.blocks == 1;
    sk_status err = SK_OK;
#pragma omp parallel if (outer_parallel(ngroups))
    {
        const int64_t cols_n = p.G * d.N, slice = p.ob * d.to * d.K;
        float* col = dw != nullptr && !p.direct ? tl_scratch[kCol].get(d.K * cols_n) : nullptr;
        float* dcol = dx != nullptr && !p.direct ? tl_scratch[kDcol].get(d.K * cols_n) : nullptr;
        float* stage = p.staged ? tl_scratch[kStage].get(p.ob * d.to * cols_n) : nullptr;
        float* wslice = dx != nullptr && p.blocks > 1 ? tl_scratch[kSlice].get(slice) : nullptr;
        float* gacc = dw != nullptr ? tl_scratch[kGacc].get(slice) : nullptr;
        sk_status mine = (col || dw == nullptr || p.direct) && (dcol || dx == nullptr || p.direct) &&
                                 (stage || !p.staged) && (wslice || dx == nullptr || p.blocks == 1) && (gacc || dw == nullptr)
                             ? SK_OK
                             : SK_ERR_OOM;
#pragma omp for schedule(dynamic, 1)
        for (int64_t g = 0; g < ngroups; ++g) {
            const int64_t u_end = std::min(p.units, (g + 1) * per);
            for (int64_t u = g * per; u < u_end && mine == SK_OK; ++u) {
                const int64_t b0 = u * p.G, n = std::min(p.G, d.batch - b0), ncols = n * d.N;
                const float* cols = dw != nullptr ? unit_cols(col, x, b0, n, p, d) : nullptr;
                float* dcols = p.direct ? dx + b0 * d.C * d.HW : dcol;
                for (int64_t o0 = 0; o0 < d.co && mine == SK_OK; o0 += p.ob) {
                    const int64_t obc = std::min(p.ob, d.co - o0), rows = obc * d.to;
                    const float* dyb = dy + (b0 * d.M + o0 * d.to) * d.N;
                    if (p.staged) {   /* gather the block rows of the unit's images side by side */
                        for (int64_t i = 0; i < n; ++i)
                            for (int64_t r = 0; r < rows; ++r)
                                std::memcpy(stage + r * ncols + i * d.N, dyb + (i * d.M + r) * d.N, sizeof(float) * (size_t)d.N);
                        dyb = stage;
                    }
                    if (dw != nullptr) {
                        const bool first = !defer || u == g * per, last = !defer || u == u_end - 1;
                        mine = gemm_cpu(gacc, dyb, cols, 1, rows, d.K, ncols, 0, 0, 0, 0, 1, 1.0f, first ? 0.0f : 1.0f);
                        if (last)
                            filter_expand_backward_apply_cpu(partial.data() + g * wn + o0 * d.ci * d.q, gacc, inv, obc,
                                                             d.ci, d.q, d.to, d.si * d.P);
                    }
                    if (dx != nullptr && mine == SK_OK) {
                        const float* a = bank.data();
                        if (p.blocks > 1) {
                            filter_expand_forward_cpu(wslice, w + o0 * d.ci * d.q, idx, coef, obc, d.ci, d.q, d.to,
                                                      d.si, d.P, d.e);
                            a = wslice;
                        }
                        mine = gemm_cpu(dcols, a, dyb, 1, d.K, ncols, rows, 0, 0, 0, 1, 0, 1.0f, o0 == 0 ? 0.0f : 1.0f);
                    }
                }
                if (dx != nullptr && !p.direct && mine == SK_OK)
                    for (int64_t i = 0; i < n; ++i) col2im(dx + (b0 + i) * d.C * d.HW, dcol + i * d.N, ncols, d);
            }
        }
        trim_scratch();
        if (mine != SK_OK) {
#pragma omp critical(sk_group_conv_error)
            err = mine;
        }
    }
    SK_CHECK(err == SK_OK, err, "group_conv2d_backward: out of host memory for the per-thread workspace");
    if (dw != nullptr) {
#pragma omp parallel for schedule(static) if (wn * ngroups > kParallelMin)
        for (int64_t j = 0; j < wn; ++j) {
            float acc = 0.0f;
            for (int64_t g = 0; g < ngroups; ++g) acc += partial[(size_t)(g * wn + j)];
            dw[j] += acc;
        }
    }
    return SK_OK;
}
