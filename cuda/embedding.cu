/* cuda/embedding.cu — K12 embedding lookup with optional differentiable max-norm, on CUDA.
 * table (num, dim), idx int32 (n), y / dy (n, dim), dtable (num, dim), all on the device. Formulas shared
 * with the CPU in native/src/gather_scatter_math.h. Indices are checked first (index_check_cuda).
 *   embedding_forward_kernel1: one warp per output row r; with max-norm on, the squared norm of
 *       table[idx[r],:] in double (lane-strided, then a shuffle butterfly); then y = c * row or a copy.
 *   embedding_backward_kernel1: after index_sort_cuda (stable radix sort of (idx[r], r)), one warp per
 *       sorted position j; the warp at the first j of each run of equal keys k owns table row k:
 *       G_d = sum over the run of dy[perm[j'],d] in increasing r, in double. Scaling off or row not
 *       clipped: dtable[k,d] += G_d. Clipped: pass 1 computes ||e||^2 and e . G (G recomputed, nothing
 *       stored), pass 2 recomputes G_d and adds c (G_d - e_d (e . G) / ||e||^2). One warp per row and
 *       fixed lane / butterfly orders: deterministic, no float atomics.
 * Napkin math: forward moves 8 B per y element (+ one extra read of the row for the norm); backward reads
 * dy once (twice for clipped rows) and read-modify-writes the touched table rows. kernels-test:
 * embedding_test. */
#include "common.cuh"
#include "gather_scatter_math.h"
#include "kernels.h"

namespace {
constexpr int kBlock = 256;
constexpr int kWarpsPerBlock = kBlock / 32;

__device__ inline double warp_sum_d(double v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

__device__ inline double row_squared_norm(const float* e, int64_t dim, int lane) {
    double s = 0.0;
    for (int64_t d = lane; d < dim; d += 32) s += (double)e[d] * (double)e[d];
    return warp_sum_d(s);
}

__global__ void embedding_forward_kernel1(float* y, const float* table, const int32_t* idx, int64_t n, int64_t dim,
                                          float max_norm) {
    const int lane = threadIdx.x & 31;
    const bool on = embedding_max_norm_on(max_norm);
    for (int64_t r = blockIdx.x * (int64_t)kWarpsPerBlock + (threadIdx.x >> 5); r < n;
         r += (int64_t)gridDim.x * kWarpsPerBlock) {
        const float* e = table + (int64_t)idx[r] * dim;
        float* out = y + r * dim;
        const double nsq = on ? row_squared_norm(e, dim, lane) : 0.0;
        if (embedding_clipped(nsq, max_norm)) {
            const double c = embedding_scale(nsq, max_norm);
            for (int64_t d = lane; d < dim; d += 32) out[d] = (float)((double)e[d] * c);
        } else {
            for (int64_t d = lane; d < dim; d += 32) out[d] = e[d];
        }
    }
}

/* G_d for the run of sorted positions [j, end) of one destination. */
__device__ inline double run_sum(const float* dy, const int32_t* perm, int64_t j, int64_t end, int64_t dim, int64_t d) {
    double g = 0.0;
    for (int64_t k = j; k < end; ++k) g += (double)dy[(int64_t)perm[k] * dim + d];
    return g;
}

__global__ void embedding_backward_kernel1(float* dtable, const float* dy, const float* table, const int32_t* perm,
                                           const int32_t* keys, int64_t n, int64_t dim, float max_norm) {
    const int lane = threadIdx.x & 31;
    const bool on = embedding_max_norm_on(max_norm);
    for (int64_t j = blockIdx.x * (int64_t)kWarpsPerBlock + (threadIdx.x >> 5); j < n;
         j += (int64_t)gridDim.x * kWarpsPerBlock) {
        const int32_t k = keys[j];
        if (j > 0 && keys[j - 1] == k) continue;   /* warp-uniform: not the first source of row k */
        int64_t end = j + 1;
        while (end < n && keys[end] == k) ++end;
        const float* e = table + (int64_t)k * dim;
        float* out = dtable + (int64_t)k * dim;
        const double nsq = on ? row_squared_norm(e, dim, lane) : 0.0;
        if (embedding_clipped(nsq, max_norm)) {
            double dot = 0.0;
            for (int64_t d = lane; d < dim; d += 32) dot += (double)e[d] * run_sum(dy, perm, j, end, dim, d);
            dot = warp_sum_d(dot);
            const double c = embedding_scale(nsq, max_norm);
            for (int64_t d = lane; d < dim; d += 32)
                out[d] = (float)((double)out[d] +
                                 embedding_grad(run_sum(dy, perm, j, end, dim, d), (double)e[d], c, dot, nsq));
        } else {
            for (int64_t d = lane; d < dim; d += 32) out[d] = (float)((double)out[d] + run_sum(dy, perm, j, end, dim, d));
        }
    }
}

unsigned int warp_grid(int64_t rows) { return sk_grid_1d(rows, kWarpsPerBlock); }
}  // namespace

sk_status embedding_forward_cuda(float* y, const float* table, const int32_t* idx, int64_t n, int64_t num,
                                 int64_t dim, float max_norm) {
    SK_RETURN_IF_ERROR(index_check_cuda("embedding_forward", idx, n, num));
    if (n * dim == 0) return SK_OK;
    SK_LAUNCH(embedding_forward_kernel1, warp_grid(n), kBlock, y, table, idx, n, dim, max_norm);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status embedding_backward_cuda(float* dtable, const float* dy, const float* table, const int32_t* idx,
                                  int64_t n, int64_t num, int64_t dim, float max_norm) {
    SK_RETURN_IF_ERROR(index_check_cuda("embedding_backward", idx, n, num));
    if (n * dim == 0) return SK_OK;
    void* scratch = nullptr;
    int32_t *perm = nullptr, *keys = nullptr;
    sk_status st = index_sort_cuda(&scratch, &perm, &keys, idx, n, num);
    if (st == SK_OK) {
        SK_LAUNCH(embedding_backward_kernel1, warp_grid(n), kBlock, dtable, dy, table, perm, keys, n, dim, max_norm);
        cudaError_t e = cudaGetLastError();
        if (e != cudaSuccess) st = sk_fail(SK_ERR_CUDA, "embedding_backward: launch failed: %s", cudaGetErrorString(e));
    }
    if (scratch && cudaFreeAsync(scratch, 0) != cudaSuccess) cudaGetLastError();
    return st;
}
