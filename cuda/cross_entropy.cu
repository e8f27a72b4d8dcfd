/* cuda/cross_entropy.cu — K4 fused log-softmax + NLL (class weights, label smoothing, mean reduction) on CUDA.
 * logits, logp, dlogits are (rows, cols); labels int32 (rows); weights (cols) or NULL; loss, dloss (1), on
 * the device. Formulas: native/src/cross_entropy_math.h (shared with the CPU).
 *   cross_entropy_forward_kernel1<kWarp>: one warp per row (cols <= 1024, 8 rows per block) or one block
 *       per row: max, sum of exp, logp written max-subtracted, then the row term t_i and the label
 *       weight w_{y_i} into a scratch buffer.
 *   cross_entropy_forward_kernel2: ONE block sums t_i and w_{y_i} in double in a fixed order (strided
 *       per-thread sums, then a shuffle/shared tree) and writes loss = T / W. No atomics: deterministic.
 *   cross_entropy_backward_kernel1: one block computes scale = dloss[0] / sum_i w_{y_i} (dloss read on the
 *       device) and sum_c w_c into scratch; cross_entropy_backward_kernel2: one thread per dlogits element.
 * Labels outside [0, cols) are skipped by every kernel (no out-of-bounds read) and the smallest such row
 * is recorded with an integer atomicMin in a device flag; the launcher copies the flag back (this
 * synchronizes) and returns SK_ERR_ARG naming that row and its label, like the CPU check.
 * Napkin math: forward reads logits ~3x (re-reads hit L1/L2) and writes logp: ~8 B per element;
 * backward reads logp and writes dlogits: 8 B per element. kernels-test: cross_entropy_test. */
#include "common.cuh"
#include "cross_entropy_math.h"
#include "kernels.h"

namespace {
constexpr int kBlock = 256;
constexpr int kRowsPerWarpBlock = kBlock / 32;
constexpr int64_t kWarpMaxCols = 1024;
constexpr int kReduceBlock = 1024;
constexpr unsigned long long kNoBadRow = ~0ull;

/* A row handled by one warp (kWarp) or by the whole block. */
template <bool kWarp> struct RowGroup {
    __device__ static int64_t first() { return kWarp ? blockIdx.x * (int64_t)kRowsPerWarpBlock + (threadIdx.x >> 5) : blockIdx.x; }
    __device__ static int64_t stride() { return kWarp ? (int64_t)gridDim.x * kRowsPerWarpBlock : gridDim.x; }
    __device__ static int lane() { return kWarp ? (threadIdx.x & 31) : threadIdx.x; }
    __device__ static int width() { return kWarp ? 32 : blockDim.x; }
    __device__ static float max(float v) { return kWarp ? sk_warp_max(v) : sk_block_max(v); }
    __device__ static float sum(float v) { return kWarp ? sk_warp_sum(v) : sk_block_sum(v); }
};

__device__ inline double warp_sum_d(double v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

/* Block-wide double sum (blockDim.x a multiple of 32); the result is valid in thread 0. */
__device__ inline double block_sum_d(double v) {
    SK_SHARED(double[32], part);
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    v = warp_sum_d(v);
    if (lane == 0) part[warp] = v;
    __syncthreads();
    double r = 0;
    if (warp == 0) r = warp_sum_d(lane < (int)(blockDim.x >> 5) ? part[lane] : 0.0);
    __syncthreads();
    return r;
}

__device__ inline bool label_ok(const int32_t* labels, int64_t i, int64_t cols, unsigned long long* bad_row) {
    int32_t y = labels[i];
    if (y >= 0 && y < cols) return true;
    atomicMin(bad_row, (unsigned long long)i);
    return false;
}

template <bool kWarp>
__global__ void cross_entropy_forward_kernel1(float* logp, float* row_term, float* row_w, unsigned long long* bad_row,
                                              const float* logits, const int32_t* labels, const float* w,
                                              int64_t rows, int64_t cols, float eps) {
    using G = RowGroup<kWarp>;
    const int lane = G::lane(), width = G::width();
    for (int64_t r = G::first(); r < rows; r += G::stride()) {
        const float* x = logits + r * cols;
        float* p = logp + r * cols;
        float m = -INFINITY;
        for (int64_t j = lane; j < cols; j += width) m = fmaxf(m, x[j]);
        m = G::max(m);
        float s = 0.0f;
        for (int64_t j = lane; j < cols; j += width) s += expf(x[j] - m);
        const float ls = logf(G::sum(s));
        float smooth = 0.0f;
        for (int64_t j = lane; j < cols; j += width) {
            float lp = (x[j] - m) - ls;
            p[j] = lp;
            smooth -= ce_weight(w, j) * lp;
        }
        if (eps > 0.0f) smooth = G::sum(smooth);   /* eps is uniform: every thread takes the same branch */
        if (lane == 0) {
            float term = 0.0f, wy = 0.0f;
            if (label_ok(labels, r, cols, bad_row)) {
                int32_t y = labels[r];
                wy = ce_weight(w, y);
                term = (float)ce_row_term(eps, (double)cols, wy, (x[y] - m) - ls, smooth);
            }
            row_term[r] = term;
            row_w[r] = wy;
        }
    }
}

__global__ void cross_entropy_forward_kernel2(float* loss, const float* row_term, const float* row_w, int64_t rows) {
    double t = 0, w = 0;
    for (int64_t i = threadIdx.x; i < rows; i += blockDim.x) {
        t += row_term[i];
        w += row_w[i];
    }
    t = block_sum_d(t);
    w = block_sum_d(w);
    if (threadIdx.x == 0) loss[0] = (float)(t / w);   /* rows == 0: 0 / 0 = NaN, as on the CPU */
}

/* coef[0] = dloss[0] / sum_i w_{y_i}, coef[1] = sum_c w_c. */
__global__ void cross_entropy_backward_kernel1(float* coef, unsigned long long* bad_row, const float* dloss,
                                               const int32_t* labels, const float* w, int64_t rows, int64_t cols) {
    double wl = 0, wc = 0;
    for (int64_t i = threadIdx.x; i < rows; i += blockDim.x)
        if (label_ok(labels, i, cols, bad_row)) wl += ce_weight(w, labels[i]);
    for (int64_t c = threadIdx.x; c < cols; c += blockDim.x) wc += ce_weight(w, c);
    wl = block_sum_d(wl);
    wc = block_sum_d(wc);
    if (threadIdx.x == 0) {
        coef[0] = (float)((double)dloss[0] / wl);
        coef[1] = (float)wc;
    }
}

/* I is the index type: 32-bit when rows * cols allows (64-bit division is emulated). */
template <typename I>
__global__ void cross_entropy_backward_kernel2(float* dlogits, const float* coef, const float* logp,
                                               const int32_t* labels, const float* w, I rows, I cols, float eps) {
    const float scale = coef[0], sum_w = coef[1], inv_cols = 1.0f / (float)cols;
    const I n = rows * cols;
    for (I t = blockIdx.x * (I)blockDim.x + threadIdx.x; t < n; t += (I)gridDim.x * blockDim.x) {
        I i = t / cols, c = t % cols;
        int32_t y = labels[i];
        if (y < 0 || (I)y >= cols) {   /* reported through the flag by kernel1 */
            dlogits[t] = 0.0f;
            continue;
        }
        dlogits[t] = ce_dlogit(scale, eps, inv_cols, sum_w, ce_weight(w, y), ce_weight(w, c), c == (I)y, logp[t]);
    }
}

/* Stream-ordered scratch memory, freed on every return path. */
struct Scratch {
    void* p = nullptr;
    ~Scratch() {
        if (p && cudaFreeAsync(p, 0) != cudaSuccess) cudaGetLastError();
    }
};

/* Copies the flag back (synchronizing with the kernels) and turns a recorded row into SK_ERR_ARG. */
sk_status report_bad_label(const char* fn, const unsigned long long* bad_row, const int32_t* labels, int64_t cols) {
    unsigned long long row = kNoBadRow;
    SK_CUDA_TRY(cudaMemcpy(&row, bad_row, sizeof row, cudaMemcpyDeviceToHost));
    if (row == kNoBadRow) return SK_OK;
    int32_t label = 0;
    SK_CUDA_TRY(cudaMemcpy(&label, labels + row, sizeof label, cudaMemcpyDeviceToHost));
    return sk_fail(SK_ERR_ARG, "%s: label %d at row %lld is outside [0, %lld)", fn, label, (long long)row,
                   (long long)cols);
}
}  // namespace

sk_status cross_entropy_forward_cuda(float* loss, float* logp, const float* logits, const int32_t* labels,
                                     const float* weights, int64_t rows, int64_t cols, float smoothing) {
    Scratch s;
    SK_CUDA_TRY(cudaMallocAsync(&s.p, sizeof(unsigned long long) + 2 * (size_t)rows * sizeof(float), 0));
    auto* bad_row = static_cast<unsigned long long*>(s.p);
    float* row_term = reinterpret_cast<float*>(bad_row + 1);
    float* row_w = row_term + rows;
    SK_CUDA_TRY(cudaMemsetAsync(bad_row, 0xFF, sizeof(unsigned long long), 0));
    if (rows > 0) {
        if (cols <= kWarpMaxCols)
            SK_LAUNCH((cross_entropy_forward_kernel1<true>), sk_grid_1d(rows, kRowsPerWarpBlock), kBlock,
                logp, row_term, row_w, bad_row, logits, labels, weights, rows, cols, smoothing);
        else
            SK_LAUNCH((cross_entropy_forward_kernel1<false>), (unsigned int)(rows < 65535 * 8 ? rows : 65535 * 8), kBlock,
                logp, row_term, row_w, bad_row, logits, labels, weights, rows, cols, smoothing);
        SK_CUDA_LAUNCH_CHECK();
    }
    SK_LAUNCH(cross_entropy_forward_kernel2, 1, kReduceBlock, loss, row_term, row_w, rows);
    SK_CUDA_LAUNCH_CHECK();
    return report_bad_label("cross_entropy_forward", bad_row, labels, cols);
}

sk_status cross_entropy_backward_cuda(float* dlogits, const float* dloss, const float* logp, const int32_t* labels,
                                      const float* weights, int64_t rows, int64_t cols, float smoothing) {
    Scratch s;
    SK_CUDA_TRY(cudaMallocAsync(&s.p, sizeof(unsigned long long) + 2 * sizeof(float), 0));
    auto* bad_row = static_cast<unsigned long long*>(s.p);
    float* coef = reinterpret_cast<float*>(bad_row + 1);
    SK_CUDA_TRY(cudaMemsetAsync(bad_row, 0xFF, sizeof(unsigned long long), 0));
    SK_LAUNCH(cross_entropy_backward_kernel1, 1, kReduceBlock, coef, bad_row, dloss, labels, weights, rows, cols);
    SK_CUDA_LAUNCH_CHECK();
    const int64_t n = rows * cols;
    const unsigned int grid = sk_grid_1d(n, kBlock);
    if (n + (int64_t)grid * kBlock <= (int64_t)UINT32_MAX)
        SK_LAUNCH((cross_entropy_backward_kernel2<uint32_t>), grid, kBlock, dlogits, coef, logp, labels, weights, (uint32_t)rows,
                                                                   (uint32_t)cols, smoothing);
    else
        SK_LAUNCH((cross_entropy_backward_kernel2<int64_t>), grid, kBlock, dlogits, coef, logp, labels, weights, rows, cols,
                                                                  smoothing);
    SK_CUDA_LAUNCH_CHECK();
    return report_bad_label("cross_entropy_backward", bad_row, labels, cols);
}
