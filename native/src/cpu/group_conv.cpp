/* native/src/cpu/group_conv.cpp — K9 fused group convolution on the CPU.
 *
 * Shapes (symkern.h): x (B, ci, si, H, W), w (co, ci, q), table idx / coef (to, si, P = k*k, e),
 * y / dy (B, co, to, Ho, Wo). Folded: C = ci*si input channels, K = C*P reduction length, M = co*to output
 * rows, N = Ho*Wo output pixels. W_exp viewed as (M, K) is exactly the K8 layout (co, to, ci, si, P).
 *
 * "Fused" here means the expanded bank is never held whole: output channels are processed in blocks of
 * `ob` channels whose W_exp slice (ob*to x K floats, at most kSliceFloats = 128 KB, i.e. cache-resident)
 * is expanded by the K8 kernel right before it is used, and dropped after. For small layers one block
 * covers every channel; the slice buffer is still bounded. Images go in chunks of `nb` whose im2col
 * matrix (nb x K x N floats, at most kColFloats = 8 MB unless one image alone is larger) is built once per
 * chunk and shared by all output blocks. Per chunk and block:
 *   forward:  Y_b[block rows] (ob*to x N) = W_exp slice (ob*to x K) . col_b (K x N)   (one batched gemm_cpu,
 *             the slice shared over the chunk), then + bias[o] over (t, pixels).
 *   backward: G (ob*to x K) = sum_b dY_b[block rows] . col_b^T  (gemm_cpu per image, beta = 1 after the
 *             first; fixed order), then dw[block] += K8 transpose of G;
 *             dcol_b (K x N) (+)= W_exp slice^T . dY_b[block rows] (batched gemm_cpu), then col2im -> dx.
 *             dbias[o] += sum over (b, t, pixels) in double, in index order.
 * k = 1, stride 1, padding 0 skips im2col (x itself is the column matrix, dx the dcol matrix).
 * Deterministic: chunking depends only on the sizes, gemm_cpu sums in a fixed order, col2im adds the taps
 * of a pixel in (ky, kx) order, and each dx plane / dw row is written by one thread. dx is overwritten;
 * dw and dbias accumulate. idx is already range-checked by the ABI entry point.
 * Napkin math: 2 B M K N flops forward (x2 more backward); im2col moves B K N floats per pass, K8 costs
 * M K e per chunk — both small next to the gemm for the usual 3x3 / 5x5 layers. */
#include <algorithm>
#include <cstring>
#include <memory>

#include "common.h"
#include "kernels.h"

namespace {
constexpr int64_t kSliceFloats = 1 << 15;
constexpr int64_t kColFloats = 1 << 21;
constexpr int64_t kParallelMin = 1 << 14;

struct Plan {
    int64_t C, P, K, M, N, HW;
    int64_t ob, nb;   /* output channels per block, images per chunk */
    bool direct;      /* k = 1, stride 1, padding 0: x is its own im2col */
};

Plan make_plan(const sk_gconv_dims& d) {
    Plan p;
    p.C = d.ci * d.si;
    p.P = d.k * d.k;
    p.K = p.C * p.P;
    p.M = d.co * d.to;
    p.N = d.ho * d.wo;
    p.HW = d.h * d.w;
    p.ob = d.to * p.K > 0 ? std::clamp<int64_t>(kSliceFloats / (d.to * p.K), 1, std::max<int64_t>(d.co, 1))
                          : std::max<int64_t>(d.co, 1);
    p.nb = std::clamp<int64_t>(kColFloats / std::max<int64_t>(p.K * p.N, 1), 1, std::max<int64_t>(d.batch, 1));
    p.direct = d.k == 1 && d.stride == 1 && d.pad == 0;
    return p;
}

std::unique_ptr<float[]> scratch(int64_t n) { return std::unique_ptr<float[]>(new float[(size_t)std::max<int64_t>(n, 1)]); }

/* col (nbc, K, N) from x (nbc, C, H, W): col[b][(c*P + ky*k + kx)][py*Wo + px] = x[b][c][iy][ix] or 0. */
void im2col(float* col, const float* x, const sk_gconv_dims& d, const Plan& p, int64_t nbc) {
#pragma omp parallel for schedule(static) if (nbc * p.K * p.N > kParallelMin)
    for (int64_t bc = 0; bc < nbc * p.C; ++bc) {
        const float* plane = x + bc * p.HW;
        float* rows = col + (bc / p.C) * p.K * p.N + (bc % p.C) * p.P * p.N;
        for (int64_t ky = 0; ky < d.k; ++ky)
            for (int64_t kx = 0; kx < d.k; ++kx) {
                float* row = rows + (ky * d.k + kx) * p.N;
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

/* dx (nbc, C, H, W) = the adjoint of im2col applied to dcol (nbc, K, N). Overwrites dx. */
void col2im(float* dx, const float* dcol, const sk_gconv_dims& d, const Plan& p, int64_t nbc) {
#pragma omp parallel for schedule(static) if (nbc * p.K * p.N > kParallelMin)
    for (int64_t bc = 0; bc < nbc * p.C; ++bc) {
        float* plane = dx + bc * p.HW;
        std::fill(plane, plane + p.HW, 0.0f);
        const float* rows = dcol + (bc / p.C) * p.K * p.N + (bc % p.C) * p.P * p.N;
        for (int64_t ky = 0; ky < d.k; ++ky)
            for (int64_t kx = 0; kx < d.k; ++kx) {
                const float* row = rows + (ky * d.k + kx) * p.N;
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
}  // namespace

sk_status group_conv2d_forward_cpu(float* y, const float* x, const float* w, const float* bias, const int32_t* idx,
                                   const float* coef, const sk_gconv_dims& d) {
    const Plan p = make_plan(d);
    if (d.batch * p.M == 0) return SK_OK;   /* y is empty */
    auto wslice = scratch(p.ob * d.to * p.K);
    auto col = scratch(p.direct ? 0 : p.nb * p.K * p.N);
    for (int64_t b0 = 0; b0 < d.batch; b0 += p.nb) {
        const int64_t nbc = std::min(p.nb, d.batch - b0);
        const float* cols = x + b0 * p.C * p.HW;
        if (!p.direct) {
            im2col(col.get(), cols, d, p, nbc);
            cols = col.get();
        }
        for (int64_t o0 = 0; o0 < d.co; o0 += p.ob) {
            const int64_t obc = std::min(p.ob, d.co - o0);
            filter_expand_forward_cpu(wslice.get(), w + o0 * d.ci * d.q, idx, coef, obc, d.ci, d.q, d.to, d.si, p.P,
                                      d.e);
            SK_RETURN_IF_ERROR(gemm_cpu(y + (b0 * p.M + o0 * d.to) * p.N, wslice.get(), cols, nbc, obc * d.to, p.N,
                                        p.K, 0, p.K * p.N, p.M * p.N, 0, 0, 1.0f, 0.0f));
        }
    }
    if (bias != nullptr) {
        const int64_t run = d.to * p.N;   /* y[b, o, :, :, :] is contiguous */
#pragma omp parallel for schedule(static) if (d.batch * p.M * p.N > kParallelMin)
        for (int64_t bo = 0; bo < d.batch * d.co; ++bo) {
            const float v = bias[bo % d.co];
            float* r = y + bo * run;
            for (int64_t j = 0; j < run; ++j) r[j] += v;
        }
    }
    return SK_OK;
}

sk_status group_conv2d_backward_cpu(float* dx, float* dw, float* dbias, const float* dy, const float* x,
                                    const float* w, const int32_t* idx, const float* coef, const sk_gconv_dims& d) {
    const Plan p = make_plan(d);
    if (dbias != nullptr) {
        const int64_t run = d.to * p.N;
#pragma omp parallel for schedule(static) if (d.batch * p.M * p.N > kParallelMin)
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
    if (p.M == 0 || p.K == 0) {   /* y or the reduction is empty: dx = 0, nothing reaches dw */
        if (dx != nullptr) std::memset(dx, 0, sizeof(float) * (size_t)(d.batch * p.C * p.HW));
        return SK_OK;
    }
    auto col = scratch(dw != nullptr && !p.direct ? p.nb * p.K * p.N : 0);
    auto dcol = scratch(dx != nullptr && !p.direct ? p.nb * p.K * p.N : 0);
    auto wslice = scratch(dx != nullptr ? p.ob * d.to * p.K : 0);
    auto gslice = scratch(dw != nullptr ? p.ob * d.to * p.K : 0);
    for (int64_t b0 = 0; b0 < d.batch; b0 += p.nb) {
        const int64_t nbc = std::min(p.nb, d.batch - b0);
        const float* cols = dw != nullptr ? x + b0 * p.C * p.HW : nullptr;
        if (dw != nullptr && !p.direct) {
            im2col(col.get(), cols, d, p, nbc);
            cols = col.get();
        }
        float* dxb = dx != nullptr ? dx + b0 * p.C * p.HW : nullptr;
        float* dcols = p.direct ? dxb : dcol.get();
        for (int64_t o0 = 0; o0 < d.co; o0 += p.ob) {
            const int64_t obc = std::min(p.ob, d.co - o0), rows = obc * d.to;
            const float* dyb = dy + (b0 * p.M + o0 * d.to) * p.N;
            if (dw != nullptr) {
                for (int64_t bb = 0; bb < nbc; ++bb)
                    SK_RETURN_IF_ERROR(gemm_cpu(gslice.get(), dyb + bb * p.M * p.N, cols + bb * p.K * p.N, 1, rows,
                                                p.K, p.N, 0, 0, 0, 0, 1, 1.0f, bb == 0 ? 0.0f : 1.0f));
                filter_expand_backward_cpu(dw + o0 * d.ci * d.q, gslice.get(), idx, coef, obc, d.ci, d.q, d.to, d.si,
                                           p.P, d.e);
            }
            if (dx != nullptr) {
                filter_expand_forward_cpu(wslice.get(), w + o0 * d.ci * d.q, idx, coef, obc, d.ci, d.q, d.to, d.si,
                                          p.P, d.e);
                SK_RETURN_IF_ERROR(gemm_cpu(dcols, wslice.get(), dyb, nbc, p.K, p.N, rows, 0, p.M * p.N, p.K * p.N, 1,
                                            0, 1.0f, o0 == 0 ? 0.0f : 1.0f));
            }
        }
        if (dx != nullptr && !p.direct) col2im(dxb, dcol.get(), d, p, nbc);
    }
    return SK_OK;
}
