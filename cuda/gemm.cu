/* cuda/gemm.cu — K1 gemm on CUDA: C_p = alpha op(A_p) op(B_p) + beta C_p for p < batch.
 *
 * Shapes: op(A_p) (m, k), op(B_p) (k, n), C_p (m, n), row-major; X_p starts at p * stride_x (0 = shared).
 * beta == 0 overwrites C (C is not read, so NaNs there do not propagate); k == 0 or alpha == 0 gives
 * C = beta C without reading A or B (same rule as the CPU kernel).
 *
 * gemm_kernel1 (version 1): classic shared-memory tiling, fp32 FMA only (no tensor cores: parity with CPU).
 *   A block of 256 threads owns a 64 x 64 tile of C; each thread a 4 x 4 sub-tile (rows 4ty.., cols 4tx..).
 *   Per BK = 16 slice of k, the block stages op(A)[64 x 16] and op(B)[16 x 64] in shared memory, 4 floats
 *   per thread each. The global->shared mapping follows the storage order of each operand so that a warp
 *   reads consecutive addresses in all four transpose cases (A (m,k): along k; A^T stored (k,m): along m;
 *   likewise for B). Out-of-range elements (ragged m, n, k) are staged as 0; ragged C is masked at the
 *   store. Inner loop: two float4 shared loads (one broadcast) per 16 FMAs.
 *   Grid: x = column tiles, y = row tiles (grid-stride when > 65535), z = batch (grid-stride when > 65535).
 *   Summation order per element: k ascending, one FMA chain — deterministic, no atomics.
 * gemm_scale_kernel1: C = beta C (or 0) for the k == 0 / alpha == 0 case; grid-stride over batch * m * n.
 *
 * Napkin math: 2 m n k flops; each staged float is reused 64 times from shared memory, so global traffic
 * is (m n k / 32) floats — compute-bound for m, n, k >= 64. Expect a fraction of the fp32 FMA peak
 * (tens of TFLOP/s on H100); kernels-test gemm_test cuda prints the measured GFLOP/s. */
#include "common.cuh"
#include "kernels.h"

namespace {
constexpr int kBM = 64, kBN = 64, kBK = 16, kThreads = 256;
constexpr int kPad = 4; /* row pitch 68 floats: keeps float4 alignment, spreads staging stores over banks */

__global__ void __launch_bounds__(kThreads)
gemm_kernel1(float* __restrict__ c, const float* __restrict__ a, const float* __restrict__ b, int64_t batch,
             int64_t m, int64_t n, int64_t k, int64_t sa, int64_t sb, int64_t sc, int ta, int tb, float alpha,
             float beta) {
    SK_SHARED_ALIGNED(16, float[kBK][kBM + kPad], As); /* As[kk][mm] = op(A)(row0 + mm, k0 + kk) */
    SK_SHARED_ALIGNED(16, float[kBK][kBN + kPad], Bs); /* Bs[kk][nn] = op(B)(k0 + kk, col0 + nn) */
    const int tid = threadIdx.x, tx = tid % 16, ty = tid / 16;
    const int64_t lda = ta ? m : k, ldb = tb ? k : n;
    const int64_t col0 = (int64_t)blockIdx.x * kBN;

    for (int64_t z = blockIdx.z; z < batch; z += gridDim.z) {
        const float* A = a + z * sa;
        const float* B = b + z * sb;
        float* C = c + z * sc;
        for (int64_t row0 = (int64_t)blockIdx.y * kBM; row0 < m; row0 += (int64_t)gridDim.y * kBM) {
            float acc[4][4] = {};
            for (int64_t k0 = 0; k0 < k; k0 += kBK) {
#pragma unroll
                for (int l = 0; l < 4; ++l) {
                    const int e = tid + l * kThreads;
                    int mm, kk;
                    if (!ta) { mm = e / kBK; kk = e % kBK; } /* A (m, k): consecutive threads walk k */
                    else     { kk = e / kBM; mm = e % kBM; } /* A (k, m): consecutive threads walk m */
                    const int64_t gi = row0 + mm, gk = k0 + kk;
                    float v = 0.0f;
                    if (gi < m && gk < k) v = ta ? A[gk * lda + gi] : A[gi * lda + gk];
                    As[kk][mm] = v;
                }
#pragma unroll
                for (int l = 0; l < 4; ++l) {
                    const int e = tid + l * kThreads;
                    int nn, kk;
                    if (!tb) { kk = e / kBN; nn = e % kBN; } /* B (k, n): consecutive threads walk n */
                    else     { nn = e / kBK; kk = e % kBK; } /* B (n, k): consecutive threads walk k */
                    const int64_t gj = col0 + nn, gk = k0 + kk;
                    float v = 0.0f;
                    if (gj < n && gk < k) v = tb ? B[gj * ldb + gk] : B[gk * ldb + gj];
                    Bs[kk][nn] = v;
                }
                __syncthreads();
#pragma unroll
                for (int kk = 0; kk < kBK; ++kk) {
                    const float4 av = *reinterpret_cast<const float4*>(&As[kk][ty * 4]);
                    const float4 bv = *reinterpret_cast<const float4*>(&Bs[kk][tx * 4]);
                    const float ar[4] = {av.x, av.y, av.z, av.w}, br[4] = {bv.x, bv.y, bv.z, bv.w};
#pragma unroll
                    for (int i = 0; i < 4; ++i)
#pragma unroll
                        for (int j = 0; j < 4; ++j) acc[i][j] = fmaf(ar[i], br[j], acc[i][j]);
                }
                __syncthreads();
            }
#pragma unroll
            for (int i = 0; i < 4; ++i) {
                const int64_t gi = row0 + ty * 4 + i;
                if (gi >= m) continue;
#pragma unroll
                for (int j = 0; j < 4; ++j) {
                    const int64_t gj = col0 + tx * 4 + j;
                    if (gj >= n) continue;
                    float* cp = C + gi * n + gj;
                    const float r = alpha * acc[i][j];
                    *cp = beta != 0.0f ? r + beta * *cp : r;
                }
            }
        }
    }
}

__global__ void gemm_scale_kernel1(float* __restrict__ c, int64_t batch, int64_t mn, int64_t sc, float beta) {
    const int64_t total = batch * mn;
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < total; i += (int64_t)gridDim.x * blockDim.x) {
        float* cp = c + (i / mn) * sc + i % mn;
        *cp = beta != 0.0f ? beta * *cp : 0.0f;
    }
}
}  // namespace

sk_status gemm_cuda(float* c, const float* a, const float* b, int64_t batch, int64_t m, int64_t n, int64_t k,
                    int64_t stride_a, int64_t stride_b, int64_t stride_c, int trans_a, int trans_b, float alpha,
                    float beta) {
    if (k == 0 || alpha == 0.0f) {
        if (beta == 1.0f) return SK_OK;
        SK_LAUNCH(gemm_scale_kernel1, sk_grid_1d(batch * m * n, 256), 256, c, batch, m * n, stride_c, beta);
        SK_CUDA_LAUNCH_CHECK();
        return SK_OK;
    }
    const int64_t col_tiles = ceil_div(n, kBN);
    SK_CHECK(col_tiles <= 0x7fffffff, SK_ERR_SHAPE, "gemm: n = %lld is too large for the CUDA grid", (long long)n);
    dim3 grid((unsigned)col_tiles, (unsigned)(ceil_div(m, kBM) < 65535 ? ceil_div(m, kBM) : 65535),
              (unsigned)(batch < 65535 ? batch : 65535));
    SK_LAUNCH(gemm_kernel1, grid, kThreads, c, a, b, batch, m, n, k, stride_a, stride_b, stride_c, trans_a, trans_b,
                                     alpha, beta);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}
