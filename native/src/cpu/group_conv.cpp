/* native/src/cpu/group_conv.cpp — K9 fused group convolution on the CPU.
 *
 * Shapes (symkern.h): x (B, ci, si, H, W), w (co, ci, q), table idx / coef (to, si, P = k*k, e),
 * y / dy (B, co, to, Ho, Wo). Folded: C = ci*si input channels, K = C*P reduction length, M = co*to output
 * rows, N = Ho*Wo output pixels. W_exp viewed as (M, K) is exactly the K8 layout (co, to, ci, si, P).
 *
 * "Fused" here means the expanded bank is never held whole: output channels are processed in blocks of
 * `ob` channels whose W_exp slice (ob*to x K floats, at most kSliceFloats = 128 KB, i.e. cache-resident)
 * is expanded by the K8 kernel right before it is used, into a per-thread buffer. For small layers one
 * block covers every channel; the buffer is still bounded. Per image b (its im2col matrix col_b, K x N,
 * also in a per-thread buffer):
 *   forward:  for each block: Y_b[block rows] (ob*to x N) = W_exp slice (ob*to x K) . col_b (gemm_cpu),
 *             then + bias[o] over (t, pixels).
 *   backward: for each block: G = dY_b[block rows] . col_b^T (ob*to x K, gemm_cpu), and the K8 transpose
 *             of G is added to the weight-gradient partial of b's image group;  dcol_b (K x N) (+)=
 *             W_exp slice^T . dY_b[block rows] (gemm_cpu), then col2im(dcol_b) -> dx_b.
 *             dbias[o] += sum over (b, t, pixels) in double, in index order.
 * Threads: one OpenMP region per call, images (forward) or fixed groups of images (backward) handed out
 * dynamically — robust when the machine is shared — with gemm_cpu and the K8 calls single-threaded inside.
 * When there are fewer images than 2x the threads, images run in order and gemm_cpu / im2col / col2im
 * parallelize inside instead. k = 1, stride 1, padding 0 skips im2col (x_b itself is col_b, dx_b is dcol_b).
 * Deterministic: the weight gradient is summed per image group (group size fixed by the sizes, images in
 * order inside a group), then over groups in order; every dx / y element has one writer and a fixed
 * order (gemm_cpu's, and (ky, kx) order in col2im). dx is overwritten; dw and dbias accumulate.
 * idx is already range-checked by the ABI entry point.
 * Napkin math: 2 B M K N flops forward (x2 more backward); im2col moves K N floats per image (kept in L2
 * for typical layers); K8 costs M K e per image and block — small next to the gemm for 3x3 / 5x5. */
#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <vector>

#include <omp.h>

#include "common.h"
#include "filter_expand_table.h"
#include "kernels.h"

namespace {
constexpr int64_t kSliceFloats = 1 << 15;     /* W_exp slice per block: 128 KB                  */
constexpr int64_t kPartialFloats = 1 << 20;   /* weight-gradient partials of all image groups (4 MB) */
constexpr int64_t kParallelMin = 1 << 14;

struct Plan {
    int64_t ob;       /* output channels per block */
    bool direct;      /* k = 1, stride 1, padding 0: x is its own im2col */
};

Plan make_plan(const sk_gconv_dims& d) {
    Plan p;
    p.ob = d.to * d.K > 0 ? std::clamp<int64_t>(kSliceFloats / (d.to * d.K), 1, std::max<int64_t>(d.co, 1))
                          : std::max<int64_t>(d.co, 1);
    p.direct = d.k == 1 && d.stride == 1 && d.pad == 0;
    return p;
}

/* An uninitialized float buffer, NULL on allocation failure (never throws: used inside OpenMP regions). */
std::unique_ptr<float[]> scratch(int64_t n) {
    return std::unique_ptr<float[]>(new (std::nothrow) float[(size_t)std::max<int64_t>(n, 1)]);
}

/* col (K, N) from one image x (C, H, W): col[c*P + ky*k + kx][py*Wo + px] = x[c][iy][ix] or 0. */
void im2col(float* col, const float* x, const sk_gconv_dims& d) {
#pragma omp parallel for schedule(static) if (d.K * d.N > kParallelMin)
    for (int64_t c = 0; c < d.C; ++c) {
        const float* plane = x + c * d.HW;
        for (int64_t ky = 0; ky < d.k; ++ky)
            for (int64_t kx = 0; kx < d.k; ++kx) {
                float* row = col + (c * d.P + ky * d.k + kx) * d.N;
                for (int64_t py = 0; py < d.ho; ++py) {
                    float* r = row + py * d.wo;
                    const int64_t iy = py * d.stride - d.pad + ky;
                    if (iy < 0 || iy >= d.h) {
                        std::fill(r, r + d.wo, 0.0f);
                        continue;
                    }
                    const float* src = plane + iy * d.w;
                    for (int64_t px = 0; px < d.wo; ++px) {
                        const int64_t ix = px * d.stride - d.pad + kx;
                        r[px] = ix >= 0 && ix < d.w ? src[ix] : 0.0f;
                    }
                }
            }
    }
}

/* dx (C, H, W) of one image = the adjoint of im2col applied to dcol (K, N). Overwrites dx. */
void col2im(float* dx, const float* dcol, const sk_gconv_dims& d) {
#pragma omp parallel for schedule(static) if (d.K * d.N > kParallelMin)
    for (int64_t c = 0; c < d.C; ++c) {
        float* plane = dx + c * d.HW;
        std::fill(plane, plane + d.HW, 0.0f);
        for (int64_t ky = 0; ky < d.k; ++ky)
            for (int64_t kx = 0; kx < d.k; ++kx) {
                const float* row = dcol + (c * d.P + ky * d.k + kx) * d.N;
                for (int64_t py = 0; py < d.ho; ++py) {
                    const int64_t iy = py * d.stride - d.pad + ky;
                    if (iy < 0 || iy >= d.h) continue;
                    float* dst = plane + iy * d.w;
                    for (int64_t px = 0; px < d.wo; ++px) {
                        const int64_t ix = px * d.stride - d.pad + kx;
                        if (ix >= 0 && ix < d.w) dst[ix] += row[py * d.wo + px];
                    }
                }
            }
    }
}

/* Images in parallel when there are at least twice as many work items as threads. */
bool outer_parallel(int64_t items) { return items >= 2 * (int64_t)omp_get_max_threads(); }
}  // namespace

sk_status group_conv2d_forward_cpu(float* y, const float* x, const float* w, const float* bias, const int32_t* idx,
                                   const float* coef, const sk_gconv_dims& d) {
    const Plan p = make_plan(d);
    if (d.batch * d.M == 0) return SK_OK;   /* y is empty */
    sk_status err = SK_OK;
#pragma omp parallel if (outer_parallel(d.batch))
    {
        auto wslice = scratch(p.ob * d.to * d.K);
        auto col = scratch(p.direct ? 0 : d.K * d.N);
        sk_status mine = wslice && col ? SK_OK : SK_ERR_OOM;   /* no sk_fail here: its message is per thread */
#pragma omp for schedule(dynamic, 1)
        for (int64_t b = 0; b < d.batch; ++b) {
            if (mine != SK_OK) continue;
            const float* cols = x + b * d.C * d.HW;
            if (!p.direct) {
                im2col(col.get(), cols, d);
                cols = col.get();
            }
            float* yb = y + b * d.M * d.N;
            for (int64_t o0 = 0; o0 < d.co && mine == SK_OK; o0 += p.ob) {
                const int64_t obc = std::min(p.ob, d.co - o0);
                filter_expand_forward_cpu(wslice.get(), w + o0 * d.ci * d.q, idx, coef, obc, d.ci, d.q, d.to, d.si,
                                          d.P, d.e);
                mine = gemm_cpu(yb + o0 * d.to * d.N, wslice.get(), cols, 1, obc * d.to, d.N, d.K, 0, 0, 0, 0, 0,
                                1.0f, 0.0f);
            }
            if (bias != nullptr)
                for (int64_t o = 0; o < d.co; ++o) {
                    float* r = yb + o * d.to * d.N;
                    for (int64_t j = 0; j < d.to * d.N; ++j) r[j] += bias[o];
                }
        }
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
    /* work items: groups of `group` consecutive images. The weight gradient gets one partial (co, ci, q) per
     * group (images in order inside it), summed over the groups in order; the group size depends only on
     * the sizes (partials capped at kPartialFloats). Without dw every image is its own group. */
    const int64_t wn = d.co * d.ci * d.q;
    const int64_t max_groups = dw ? std::clamp<int64_t>(kPartialFloats / std::max<int64_t>(wn, 1), 1, std::max<int64_t>(d.batch, 1))
                                  : std::max<int64_t>(d.batch, 1);
    const int64_t group = (d.batch + max_groups - 1) / max_groups;
    const int64_t ngroups = group > 0 ? (d.batch + group - 1) / group : 0;
    std::vector<float> partial(dw ? (size_t)(ngroups * wn) : 0, 0.0f);
    const FeInverse inv = dw ? fe_inverse(idx, coef, d.ci, d.q, d.to, d.si, d.P, d.e) : FeInverse{};
    sk_status err = SK_OK;
#pragma omp parallel if (outer_parallel(ngroups))
    {
        auto col = scratch(dw != nullptr && !p.direct ? d.K * d.N : 0);
        auto dcol = scratch(dx != nullptr && !p.direct ? d.K * d.N : 0);
        auto wslice = scratch(dx != nullptr ? p.ob * d.to * d.K : 0);
        auto gslice = scratch(dw != nullptr ? p.ob * d.to * d.K : 0);
        sk_status mine = col && dcol && wslice && gslice ? SK_OK : SK_ERR_OOM;
#pragma omp for schedule(dynamic, 1)
        for (int64_t g = 0; g < ngroups; ++g) {
            for (int64_t b = g * group; b < std::min(d.batch, (g + 1) * group) && mine == SK_OK; ++b) {
                const float* cols = x != nullptr ? x + b * d.C * d.HW : nullptr;
                if (dw != nullptr && !p.direct) {
                    im2col(col.get(), cols, d);
                    cols = col.get();
                }
                float* dxb = dx != nullptr ? dx + b * d.C * d.HW : nullptr;
                float* dcols = p.direct ? dxb : dcol.get();
                for (int64_t o0 = 0; o0 < d.co && mine == SK_OK; o0 += p.ob) {
                    const int64_t obc = std::min(p.ob, d.co - o0), rows = obc * d.to;
                    const float* dyb = dy + (b * d.M + o0 * d.to) * d.N;
                    if (dw != nullptr) {
                        mine = gemm_cpu(gslice.get(), dyb, cols, 1, rows, d.K, d.N, 0, 0, 0, 0, 1, 1.0f, 0.0f);
                        filter_expand_backward_apply_cpu(partial.data() + g * wn + o0 * d.ci * d.q, gslice.get(), inv,
                                                         obc, d.ci, d.q, d.to, d.si * d.P);
                    }
                    if (dx != nullptr && mine == SK_OK) {
                        filter_expand_forward_cpu(wslice.get(), w + o0 * d.ci * d.q, idx, coef, obc, d.ci, d.q, d.to,
                                                  d.si, d.P, d.e);
                        mine = gemm_cpu(dcols, wslice.get(), dyb, 1, d.K, d.N, rows, 0, 0, 0, 1, 0, 1.0f,
                                        o0 == 0 ? 0.0f : 1.0f);
                    }
                }
                if (dx != nullptr && !p.direct && mine == SK_OK) col2im(dxb, dcol.get(), d);
            }
        }
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
