/* cuda/softmax.cu — K3 softmax / log_softmax over the last axis on CUDA.
 * x, y, dx, dy are (rows, cols). Same formulas as cpu/softmax.cpp: m = max x, s = sum exp(x - m),
 * y = exp(x - m) / s or (x - m) - log(s); backward dx = y (dy - sum dy y) or dy - exp(y) sum dy.
 * Overwrites y / dx. Deterministic (fixed per-thread shares, fixed shuffle trees, no atomics).
 *   softmax_forward_kernel1 / softmax_backward_kernel1: cols <= 1024, one warp per row (8 rows per
 *       256-thread block), sk_warp_max / sk_warp_sum.
 *   softmax_forward_kernel2 / softmax_backward_kernel2: cols > 1024, one block per row (256 or 512
 *       threads), sk_block_max / sk_block_sum from common.cuh.
 * Napkin math: forward reads a row three times (max, sum, write pass; the re-reads mostly hit L1/L2)
 * and writes it once: ~8 B of DRAM traffic per element; backward reads dy and y twice, writes dx:
 * ~12 B per element. Bandwidth-bound. kernels-test: softmax_test. */
#include "common.cuh"
#include "kernels.h"

namespace {
constexpr int kWarpBlock = 256;
constexpr int kRowsPerBlock = kWarpBlock / 32;
constexpr int64_t kWarpMaxCols = 1024;

__global__ void softmax_forward_kernel1(float* y, const float* x, int64_t rows, int64_t cols, int log) {
    int lane = threadIdx.x & 31;
    for (int64_t r = blockIdx.x * (int64_t)kRowsPerBlock + (threadIdx.x >> 5); r < rows;
         r += (int64_t)gridDim.x * kRowsPerBlock) {
        const float* xr = x + r * cols;
        float* yr = y + r * cols;
        float m = -INFINITY;
        for (int64_t j = lane; j < cols; j += 32) m = fmaxf(m, xr[j]);
        m = sk_warp_max(m);
        float s = 0.0f;
        for (int64_t j = lane; j < cols; j += 32) s += expf(xr[j] - m);
        s = sk_warp_sum(s);
        if (log) {
            float ls = logf(s);
            for (int64_t j = lane; j < cols; j += 32) yr[j] = (xr[j] - m) - ls;
        } else {
            for (int64_t j = lane; j < cols; j += 32) yr[j] = expf(xr[j] - m) / s;
        }
    }
}

__global__ void softmax_forward_kernel2(float* y, const float* x, int64_t rows, int64_t cols, int log) {
    for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* xr = x + r * cols;
        float* yr = y + r * cols;
        float m = -INFINITY;
        for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) m = fmaxf(m, xr[j]);
        m = sk_block_max(m);
        float s = 0.0f;
        for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) s += expf(xr[j] - m);
        s = sk_block_sum(s);
        if (log) {
            float ls = logf(s);
            for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) yr[j] = (xr[j] - m) - ls;
        } else {
            for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) yr[j] = expf(xr[j] - m) / s;
        }
    }
}

__global__ void softmax_backward_kernel1(float* dx, const float* dy, const float* y, int64_t rows, int64_t cols,
                                         int log) {
    int lane = threadIdx.x & 31;
    for (int64_t r = blockIdx.x * (int64_t)kRowsPerBlock + (threadIdx.x >> 5); r < rows;
         r += (int64_t)gridDim.x * kRowsPerBlock) {
        const float* g = dy + r * cols;
        const float* yr = y + r * cols;
        float* d = dx + r * cols;
        float s = 0.0f;
        if (log) {
            for (int64_t j = lane; j < cols; j += 32) s += g[j];
            s = sk_warp_sum(s);
            for (int64_t j = lane; j < cols; j += 32) d[j] = g[j] - expf(yr[j]) * s;
        } else {
            for (int64_t j = lane; j < cols; j += 32) s += g[j] * yr[j];
            s = sk_warp_sum(s);
            for (int64_t j = lane; j < cols; j += 32) d[j] = yr[j] * (g[j] - s);
        }
    }
}

__global__ void softmax_backward_kernel2(float* dx, const float* dy, const float* y, int64_t rows, int64_t cols,
                                         int log) {
    for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* g = dy + r * cols;
        const float* yr = y + r * cols;
        float* d = dx + r * cols;
        float s = 0.0f;
        if (log) {
            for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) s += g[j];
            s = sk_block_sum(s);
            for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) d[j] = g[j] - expf(yr[j]) * s;
        } else {
            for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) s += g[j] * yr[j];
            s = sk_block_sum(s);
            for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) d[j] = yr[j] * (g[j] - s);
        }
    }
}

unsigned int row_grid(int64_t rows) { return (unsigned int)(rows < 65535 * 8 ? rows : 65535 * 8); }
int row_block(int64_t cols) { return cols >= 8192 ? 512 : 256; }
}  // namespace

sk_status softmax_forward_cuda(float* y, const float* x, int64_t rows, int64_t cols, int log) {
    if (cols <= kWarpMaxCols)
        SK_LAUNCH(softmax_forward_kernel1, sk_grid_1d(rows, kRowsPerBlock), kWarpBlock, y, x, rows, cols, log);
    else
        SK_LAUNCH(softmax_forward_kernel2, row_grid(rows), row_block(cols), y, x, rows, cols, log);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status softmax_backward_cuda(float* dx, const float* dy, const float* y, int64_t rows, int64_t cols, int log) {
    if (cols <= kWarpMaxCols)
        SK_LAUNCH(softmax_backward_kernel1, sk_grid_1d(rows, kRowsPerBlock), kWarpBlock, dx, dy, y, rows, cols, log);
    else
        SK_LAUNCH(softmax_backward_kernel2, row_grid(rows), row_block(cols), dx, dy, y, rows, cols, log);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}
