/* cuda/group_conv.cu — K9 fused group convolution on CUDA.
 *
 * Shapes (symkern.h): x (B, ci, si, H, W), w (co, ci, q), table idx / coef (to, si, P = k*k, e),
 * y / dy (B, co, to, Ho, Wo). Folded: C = ci*si, K = C*P, M = co*to, N = Ho*Wo; W_exp viewed as (M, K).
 *
 * All three products are implicit GEMMs on one tiling (gemm.cu's version 1): a block of 256 threads owns a
 * 64 x 64 tile of the result, each thread a 4 x 4 sub-tile (rows 4ty.., cols 4tx..); per 16-deep slice of
 * the reduction the block stages A (64 x 16) and B (16 x 64) in shared memory and runs 16 rank-1 updates
 * (tile_fma). implicit_gemm is that skeleton; ForwardOp, DgradOp and WgradOp say how each product stages
 * its operands and stores its result. Nothing is materialized in global memory: the loaders compute every
 * staged element.
 *   group_conv2d_forward_kernel1  Y (M x B*N) = W_exp (M x K) . im2col(x) (K x B*N), + bias[o].
 *       A is expanded on the fly into shared memory through the table: As[kk][m] = fe_tap(W[o, i, :],
 *       table entries (t, s, x)) — W and the table are read through the read-only cache, so the
 *       expanded bank exists only as the current 64 x 16 tile. B gathers x with zero padding.
 *   group_conv2d_dgrad_kernel1    dX (C x B*H*W) = W_exp^T (C x M*P) . dY-gather (M*P x B*H*W): for input
 *       pixel (h, w) and tap (ky, kx) the output pixel is ((h + pad - ky) / stride, (w + pad - kx) / stride)
 *       when divisible and in range, else 0. A is again the table expansion. Overwrites dx.
 *   group_conv2d_wgrad_kernel1    G_z (M x K) = dY (M x R_z) . im2col(x)^T over split z of the
 *       reduction R = B*N (fixed split points chosen from the sizes only), written to scratch; then
 *       group_conv2d_split_sum_kernel1 adds the splits in z order and fe_gather_backward (filter_expand.cu)
 *       applies the transposed table: dw[o, i, j] += sum of its inverse entries, ascending.
 *       The split partials are gradients of the expanded bank (nsplit x M x K floats, capped at 256 MB):
 *       the only expanded-size buffers of the op, needed for a deterministic reduction over the batch.
 *   group_conv2d_dbias_kernel1    one block per output field o: per-thread strided sums + block tree,
 *       dbias[o] += (fixed order).
 * Each element of y, dx, G_z has one owning thread and a fixed summation order: no atomics, deterministic.
 * The table is downloaded and range-checked on the host per call (one synchronization; same SK_ERR_ARG
 * message as the CPU); the backward also uploads the inverse table (filter_expand.cuh).
 * Napkin math (B 64, 28 x 28, 10 -> 10 fields, p4: M 40, K 360, N 784): 2 M K B N = 1.45 GFLOP forward,
 * x read once per 64-row tile of M. Version 1 uses 64-bit index math in the loaders (a few integer
 * divisions per staged element), so expect it loader-bound at a fraction of the fp32 peak; the M tile
 * is also only 40 / 64 full for p4. kernels-test: group_conv_test (cuda prints GFLOP/s). */
#include <algorithm>

#include "filter_expand.cuh"
#include "filter_expand_math.h"
#include "kernels.h"

namespace {
constexpr int kBM = 64, kBN = 64, kBK = 16, kThreads = 256, kPad = 4;
constexpr int64_t kMaxGridX = int64_t(1) << 20, kMaxGridY = 65535;
constexpr int64_t kTargetBlocks = 1024;              /* wgrad: split the reduction until about this many */
constexpr int64_t kMinSplitLen = 512;                /* ... but keep each split at least this long       */
constexpr int64_t kMaxPartFloats = int64_t(1) << 26; /* ... and the partials under 256 MB               */

struct Tiles {
    float a[kBK][kBM + kPad];   /* a[kk][mm] = A(m0 + mm, k0 + kk) */
    float b[kBK][kBN + kPad];   /* b[kk][nn] = B(k0 + kk, n0 + nn) */
};

/* acc[i][j] += sum_kk A(4ty + i, kk) B(kk, 4tx + j) over the staged slice. */
__device__ __forceinline__ void tile_fma(const Tiles& s, float (&acc)[4][4], int tx, int ty) {
#pragma unroll
    for (int kk = 0; kk < kBK; ++kk) {
        const float4 av = *reinterpret_cast<const float4*>(&s.a[kk][4 * ty]);
        const float4 bv = *reinterpret_cast<const float4*>(&s.b[kk][4 * tx]);
        const float ar[4] = {av.x, av.y, av.z, av.w}, br[4] = {bv.x, bv.y, bv.z, bv.w};
#pragma unroll
        for (int i = 0; i < 4; ++i)
#pragma unroll
            for (int j = 0; j < 4; ++j) acc[i][j] = fmaf(ar[i], br[j], acc[i][j]);
    }
}

/* One expanded tap W_exp[o, t, i, s, tap] through the table. */
__device__ __forceinline__ float wexp(const float* __restrict__ w, const int32_t* __restrict__ idx,
                                      const float* __restrict__ coef, const sk_gconv_dims& d, int64_t P, int64_t o,
                                      int64_t t, int64_t i, int64_t s, int64_t tap) {
    const int64_t tab = ((t * d.si + s) * P + tap) * d.e;
    return fe_tap(w + (o * d.ci + i) * d.q, idx + tab, coef ? coef + tab : nullptr, d.e);
}

/* The skeleton shared by the three products C (rows x cols) = sum over k in [k_begin, k_end) of A B, one
 * 64 x 64 tile of C per block and iteration (grid-stride over the tiles). The operation supplies
 *   op.begin_tile(m0, n0)        decode the rows / columns this thread stages for the tile;
 *   op.stage(s, k0, k_end)       fill s.a / s.b with A(m0.., k0..k0+15), B(k0.., n0..) (0 outside);
 *   op.store(m, n, v)            write one finished element (called only for m < rows, n < cols).
 * Every thread owns the 4 x 4 elements (m0 + 4ty + i, n0 + 4tx + j), summed in k order. */
template <class Op>
__device__ __forceinline__ void implicit_gemm(Op& op, int64_t rows, int64_t cols, int64_t k_begin, int64_t k_end) {
    SK_SHARED_ALIGNED(16, Tiles, s);
    const int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
    const int64_t tiles_m = ceil_div(rows, kBM), tiles_n = ceil_div(cols, kBN);
    for (int64_t tm = blockIdx.y; tm < tiles_m; tm += gridDim.y)
        for (int64_t tn = blockIdx.x; tn < tiles_n; tn += gridDim.x) {
            const int64_t m0 = tm * kBM, n0 = tn * kBN;
            op.begin_tile(m0, n0);
            float acc[4][4] = {};
            for (int64_t k0 = k_begin; k0 < k_end; k0 += kBK) {
                op.stage(s, k0, k_end);
                __syncthreads();
                tile_fma(s, acc, tx, ty);
                __syncthreads();
            }
#pragma unroll
            for (int i = 0; i < 4; ++i)
#pragma unroll
                for (int j = 0; j < 4; ++j) {
                    const int64_t m = m0 + 4 * ty + i, n = n0 + 4 * tx + j;
                    if (m < rows && n < cols) op.store(m, n, acc[i][j]);
                }
        }
}

/* Forward, Y (M x B*N): rows (o, t), columns (b, py, px), reduction (i, s, ky, kx) = K.
 * A = W_exp expanded through the table (staged along k: column ka, rows ty + 16 r); B = x gathered with
 * zero padding (staged along n: column nb, rows kb + 4 r, coalesced over output pixels). */
struct ForwardOp {
    float* __restrict__ y;
    const float* __restrict__ x;
    const float* __restrict__ w;
    const float* __restrict__ bias;
    const int32_t* __restrict__ idx;
    const float* __restrict__ coef;
    const sk_gconv_dims& g;
    int ka, ty, nb, kb;
    int64_t ao[4], at[4], iy0, ix0;
    bool va[4], vn;
    const float* xb;

    __device__ void begin_tile(int64_t m0, int64_t n0) {
#pragma unroll
        for (int r = 0; r < 4; ++r) {
            const int64_t m = m0 + ty + 16 * r;
            va[r] = m < g.M;
            ao[r] = va[r] ? m / g.to : 0;
            at[r] = va[r] ? m % g.to : 0;
        }
        const int64_t n = n0 + nb;
        vn = n < g.batch * g.N;
        const int64_t b = vn ? n / g.N : 0, pix = vn ? n % g.N : 0;
        iy0 = pix / g.wo * g.stride - g.pad;
        ix0 = pix % g.wo * g.stride - g.pad;
        xb = x + b * g.C * g.HW;
    }
    __device__ void stage(Tiles& s, int64_t k0, int64_t k_end) {
        const sk_gconv_dims& d = g;
        const int64_t kk = k0 + ka;
        const bool vk = kk < k_end;
        const int64_t c = vk ? kk / g.P : 0, tap = vk ? kk % g.P : 0;
#pragma unroll
        for (int r = 0; r < 4; ++r)
            s.a[ka][ty + 16 * r] = va[r] && vk ? wexp(w, idx, coef, d, g.P, ao[r], at[r], c / d.si, c % d.si, tap) : 0.0f;
#pragma unroll
        for (int r = 0; r < 4; ++r) {
            const int kr = kb + 4 * r;
            const int64_t kb_ = k0 + kr;
            float v = 0.0f;
            if (vn && kb_ < k_end) {
                const int64_t cb = kb_ / g.P, tb = kb_ % g.P;
                const int64_t iy = iy0 + tb / d.k, ix = ix0 + tb % d.k;
                if (iy >= 0 && iy < d.h && ix >= 0 && ix < d.w) v = xb[(cb * d.h + iy) * d.w + ix];
            }
            s.b[kr][nb] = v;
        }
    }
    __device__ void store(int64_t m, int64_t n, float v) {
        y[(n / g.N * g.M + m) * g.N + n % g.N] = v + (bias ? bias[m / g.to] : 0.0f);
    }
};

/* Input gradient, dX (C x B*H*W): rows (i, s), columns (b, h, w), reduction (o, t, ky, kx) = M*P.
 * A = W_exp through the table (along k); B = dy gathered where (h + pad - ky, w + pad - kx) is a multiple of
 * the stride inside the output, else 0 (along n). Overwrites dx. */
struct DgradOp {
    float* __restrict__ dx;
    const float* __restrict__ dy;
    const float* __restrict__ w;
    const int32_t* __restrict__ idx;
    const float* __restrict__ coef;
    const sk_gconv_dims& g;
    int ka, ty, nb, kb;
    int64_t ai[4], as[4], hh, ww;
    bool va[4], vn;
    const float* dyb;

    __device__ void begin_tile(int64_t m0, int64_t n0) {
#pragma unroll
        for (int r = 0; r < 4; ++r) {
            const int64_t c = m0 + ty + 16 * r;
            va[r] = c < g.C;
            ai[r] = va[r] ? c / g.si : 0;
            as[r] = va[r] ? c % g.si : 0;
        }
        const int64_t n = n0 + nb;
        vn = n < g.batch * g.HW;
        const int64_t b = vn ? n / g.HW : 0, hw = vn ? n % g.HW : 0;
        hh = hw / g.w + g.pad;   /* + pad: coordinates in the padded input */
        ww = hw % g.w + g.pad;
        dyb = dy + b * g.M * g.N;
    }
    __device__ void stage(Tiles& s, int64_t k0, int64_t k_end) {
        const sk_gconv_dims& d = g;
        const int64_t kk = k0 + ka;
        const bool vk = kk < k_end;
        const int64_t mo = vk ? kk / g.P : 0, tap = vk ? kk % g.P : 0;
#pragma unroll
        for (int r = 0; r < 4; ++r)
            s.a[ka][ty + 16 * r] = va[r] && vk ? wexp(w, idx, coef, d, g.P, mo / d.to, mo % d.to, ai[r], as[r], tap) : 0.0f;
#pragma unroll
        for (int r = 0; r < 4; ++r) {
            const int kr = kb + 4 * r;
            const int64_t kb_ = k0 + kr;
            float v = 0.0f;
            if (vn && kb_ < k_end) {
                const int64_t mb = kb_ / g.P, tb = kb_ % g.P;
                const int64_t hy = hh - tb / d.k, wx = ww - tb % d.k;
                if (hy >= 0 && wx >= 0 && hy % d.stride == 0 && wx % d.stride == 0) {
                    const int64_t py = hy / d.stride, px = wx / d.stride;
                    if (py < d.ho && px < d.wo) v = dyb[mb * g.N + py * d.wo + px];
                }
            }
            s.b[kr][nb] = v;
        }
    }
    __device__ void store(int64_t c, int64_t n, float v) { dx[(n / g.HW * g.C + c) * g.HW + n % g.HW] = v; }
};

/* Weight gradient of split z, G_z (M x K): rows (o, t), columns (i, s, ky, kx), reduction (b, py, px) over
 * [z * split_len, ...). Both operands are staged along k (column ka, rows ty + 16 r), so a warp reads 16
 * consecutive pixels of dy and of x. */
struct WgradOp {
    float* __restrict__ part;
    const float* __restrict__ dy;
    const float* __restrict__ x;
    const sk_gconv_dims& g;
    int ka, ty;
    int64_t m0, bc[4], bky[4], bkx[4];
    bool va[4], vb[4];

    __device__ void begin_tile(int64_t m0_, int64_t n0) {
        m0 = m0_;
#pragma unroll
        for (int r = 0; r < 4; ++r) {
            va[r] = m0 + ty + 16 * r < g.M;
            const int64_t col = n0 + ty + 16 * r;
            vb[r] = col < g.K;
            const int64_t tap = vb[r] ? col % g.P : 0;
            bc[r] = vb[r] ? col / g.P : 0;
            bky[r] = tap / g.k - g.pad;
            bkx[r] = tap % g.k - g.pad;
        }
    }
    __device__ void stage(Tiles& s, int64_t k0, int64_t k_end) {
        const sk_gconv_dims& d = g;
        const int64_t kk = k0 + ka;
        const bool vk = kk < k_end;
        const int64_t b = vk ? kk / g.N : 0, pix = vk ? kk % g.N : 0;
        const int64_t py = pix / d.wo * d.stride, px = pix % d.wo * d.stride;
        const float* dyb = dy + b * g.M * g.N + pix;
        const float* xb = x + b * g.C * g.HW;
#pragma unroll
        for (int r = 0; r < 4; ++r) {
            s.a[ka][ty + 16 * r] = va[r] && vk ? dyb[(m0 + ty + 16 * r) * g.N] : 0.0f;
            const int64_t iy = py + bky[r], ix = px + bkx[r];
            float v = 0.0f;
            if (vb[r] && vk && iy >= 0 && iy < d.h && ix >= 0 && ix < d.w) v = xb[(bc[r] * d.h + iy) * d.w + ix];
            s.b[ka][ty + 16 * r] = v;
        }
    }
    __device__ void store(int64_t m, int64_t col, float v) { part[m * g.K + col] = v; }
};

__global__ void __launch_bounds__(kThreads)
group_conv2d_forward_kernel1(float* __restrict__ y, const float* __restrict__ x, const float* __restrict__ w,
                             const float* __restrict__ bias, const int32_t* __restrict__ idx,
                             const float* __restrict__ coef, sk_gconv_dims g) {
    const int tid = threadIdx.x;
    ForwardOp op{y, x, w, bias, idx, coef, g, tid % kBK, tid / 16, tid % kBN, tid / kBN};
    implicit_gemm(op, g.M, g.batch * g.N, 0, g.K);
}

__global__ void __launch_bounds__(kThreads)
group_conv2d_dgrad_kernel1(float* __restrict__ dx, const float* __restrict__ dy, const float* __restrict__ w,
                           const int32_t* __restrict__ idx, const float* __restrict__ coef, sk_gconv_dims g) {
    const int tid = threadIdx.x;
    DgradOp op{dx, dy, w, idx, coef, g, tid % kBK, tid / 16, tid % kBN, tid / kBN};
    implicit_gemm(op, g.C, g.batch * g.HW, 0, g.M * g.P);
}

__global__ void __launch_bounds__(kThreads)
group_conv2d_wgrad_kernel1(float* __restrict__ parts, const float* __restrict__ dy, const float* __restrict__ x, sk_gconv_dims g,
                           int64_t split_len) {
    const int64_t R = g.batch * g.N, r0 = blockIdx.z * split_len;
    WgradOp op{parts + blockIdx.z * g.M * g.K, dy, x, g, (int)threadIdx.x % kBK, (int)threadIdx.x / 16};
    implicit_gemm(op, g.M, g.K, r0, r0 + split_len < R ? r0 + split_len : R);
}

/* parts[0][f] = sum_{z < nsplit} parts[z][f], z ascending. */
__global__ void group_conv2d_split_sum_kernel1(float* __restrict__ parts, int64_t nsplit, int64_t len) {
    for (int64_t f = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; f < len; f += (int64_t)gridDim.x * blockDim.x) {
        float acc = parts[f];
        for (int64_t z = 1; z < nsplit; ++z) acc += parts[z * len + f];
        parts[f] = acc;
    }
}

/* dbias[o] += sum over (b, t, pixels) of dy; one block per o. */
__global__ void group_conv2d_dbias_kernel1(float* __restrict__ dbias, const float* __restrict__ dy, int64_t batch,
                                           int64_t co, int64_t run) {
    for (int64_t o = blockIdx.x; o < co; o += gridDim.x) {
        float acc = 0.0f;
        for (int64_t j = threadIdx.x; j < batch * run; j += blockDim.x) acc += dy[(j / run * co + o) * run + j % run];
        acc = sk_block_sum(acc);
        if (threadIdx.x == 0) dbias[o] += acc;
    }
}

dim3 tile_grid(int64_t tiles_n, int64_t tiles_m, int64_t z = 1) {
    return dim3((unsigned)std::min(tiles_n, kMaxGridX), (unsigned)std::min(tiles_m, kMaxGridY), (unsigned)z);
}
}  // namespace

sk_status group_conv2d_forward_cuda(float* y, const float* x, const float* w, const float* bias,
                                    const int32_t* idx, const float* coef, const sk_gconv_dims& d) {
    SK_RETURN_IF_ERROR(fe_cuda_check_idx("group_conv2d_forward", idx, d.to, d.si, d.k * d.k, d.e, d.q));
    const sk_gconv_dims& g = d;
    if (d.batch * g.M * g.N == 0) return SK_OK;
    SK_LAUNCH(group_conv2d_forward_kernel1, tile_grid(ceil_div(d.batch * g.N, kBN), ceil_div(g.M, kBM)), kThreads,
        y, x, w, bias, idx, coef, g);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status group_conv2d_backward_cuda(float* dx, float* dw, float* dbias, const float* dy, const float* x,
                                     const float* w, const int32_t* idx, const float* coef, const sk_gconv_dims& d) {
    const char* fn = "group_conv2d_backward";
    const sk_gconv_dims& g = d;
    FeDeviceInverse inv;
    if (dw != nullptr) SK_RETURN_IF_ERROR(fe_cuda_inverse(&inv, fn, idx, coef, d.ci, d.q, d.to, d.si, g.P, d.e));
    else SK_RETURN_IF_ERROR(fe_cuda_check_idx(fn, idx, d.to, d.si, g.P, d.e, d.q));

    if (dbias != nullptr && d.co > 0) {
        SK_LAUNCH(group_conv2d_dbias_kernel1, (unsigned)std::min<int64_t>(d.co, kMaxGridY), kThreads, dbias, dy, d.batch, d.co,
                                                                                              d.to * g.N);
        SK_CUDA_LAUNCH_CHECK();
    }
    if (dx != nullptr && d.batch * g.C * g.HW > 0) {
        SK_LAUNCH(group_conv2d_dgrad_kernel1, tile_grid(ceil_div(d.batch * g.HW, kBN), ceil_div(g.C, kBM)), kThreads,
            dx, dy, w, idx, coef, g);
        SK_CUDA_LAUNCH_CHECK();
    }
    const int64_t R = d.batch * g.N;
    if (dw != nullptr && g.M * g.K > 0 && R > 0) {
        const int64_t tiles_m = ceil_div(g.M, kBM), tiles_n = ceil_div(g.K, kBN);
        int64_t nsplit = std::clamp<int64_t>(ceil_div(kTargetBlocks, tiles_m * tiles_n), 1,
                                             std::max<int64_t>(1, R / kMinSplitLen));
        nsplit = std::min(nsplit, std::max<int64_t>(1, kMaxPartFloats / (g.M * g.K)));
        const int64_t split_len = ceil_div(ceil_div(R, nsplit), kBK) * kBK;
        nsplit = ceil_div(R, split_len);
        FeScratch parts;
        SK_RETURN_IF_ERROR(parts.alloc((size_t)(nsplit * g.M * g.K) * sizeof(float)));
        float* p = static_cast<float*>(parts.p);
        SK_LAUNCH(group_conv2d_wgrad_kernel1, tile_grid(tiles_n, tiles_m, nsplit), kThreads, p, dy, x, g, split_len);
        SK_CUDA_LAUNCH_CHECK();
        if (nsplit > 1) {
            SK_LAUNCH(group_conv2d_split_sum_kernel1, sk_grid_1d(g.M * g.K, kThreads), kThreads, p, nsplit, g.M * g.K);
            SK_CUDA_LAUNCH_CHECK();
        }
        SK_RETURN_IF_ERROR(fe_cuda_gather_backward(dw, p, inv, d.co, d.ci, d.q, d.to, d.si * g.P));
    }
    return SK_OK;
}
