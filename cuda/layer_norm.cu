/* cuda/layer_norm.cu — K5 layer norm over the last axis on CUDA.
 * x, y, dx, dy are (rows, cols); mean, rstd are (rows); gamma, beta, dgamma, dbeta are (cols). Contract:
 * symkern.h; formulas: native/src/norm_math.h (shared with cpu/layer_norm.cpp; the devices differ only in
 * the order of their double sums).
 *   layer_norm_forward_kernel1<T>: T threads per row (T = 32: a warp per row, 8 rows per 256-thread
 *       block, for cols <= 1024; T = 256: a block per row), two passes in double (mean, then the sum of
 *       squared deviations), then y.                                        (y, mean, rstd OVERWRITTEN)
 *   layer_norm_backward_kernel1<T>: same row mapping; double sums of g = gamma dy and g xhat, then dx.
 *                                                                            (dx OVERWRITTEN)
 *   layer_norm_param_grad_kernel1: thread (s, j) sums dy xhat and dy of column j over row segment s in
 *       double (neighbouring threads read neighbouring columns: coalesced); with one segment it adds
 *       straight into dgamma / dbeta, else into partials[s][j] that layer_norm_param_grad_kernel2 adds in
 *       segment order.                                                       (dgamma, dbeta ACCUMULATE)
 * Deterministic: segments depend only on the shape, trees only on the block size; no atomics.
 * Napkin math: forward reads x (the second pass and the write pass re-read it from L1/L2) and writes y:
 * ~8 B per element; backward reads dy, x (twice: dx and the parameter pass) and writes dx: ~20 B per
 * element. Bandwidth-bound. kernels-test: layer_norm_test. */
#include "kernels.h"
#include "norm_common.cuh"
#include "norm_math.h"

namespace {
constexpr int kBlock = 256;
constexpr int64_t kWarpMaxCols = 1024;
constexpr int64_t kMinSegRows = 32;          /* rows per segment of the parameter-gradient pass, at least */
constexpr int64_t kTargetThreads = 1 << 16;  /* segments * cols aimed at */

template <int T>
__global__ void layer_norm_forward_kernel1(float* y, float* mean, float* rstd, const float* x, const float* gamma,
                                           const float* beta, int64_t rows, int64_t cols, float eps) {
    constexpr int kRowsPerBlock = kBlock / T;
    const int lane = threadIdx.x % T;
    for (int64_t i = blockIdx.x * (int64_t)kRowsPerBlock + threadIdx.x / T; i < rows;
         i += (int64_t)gridDim.x * kRowsPerBlock) {
        const float* xr = x + i * cols;
        float* yr = y + i * cols;
        double s = 0, unused = 0;
        for (int64_t j = lane; j < cols; j += T) s += (double)xr[j];
        sk_norm::group_sum2_d<T>(s, unused);
        const double m = s / (double)cols;
        double q = 0;
        unused = 0;
        for (int64_t j = lane; j < cols; j += T) {
            double v = (double)xr[j] - m;
            q += v * v;
        }
        sk_norm::group_sum2_d<T>(q, unused);
        const float mf = (float)m, rf = norm_invstd(q / (double)cols, eps);
        if (lane == 0) {
            mean[i] = mf;
            rstd[i] = rf;
        }
        for (int64_t j = lane; j < cols; j += T)
            yr[j] = norm_apply(xr[j], mf, rf, gamma ? gamma[j] : 1.0f, beta ? beta[j] : 0.0f);
    }
}

template <int T>
__global__ void layer_norm_backward_kernel1(float* dx, const float* dy, const float* x, const float* mean,
                                            const float* rstd, const float* gamma, int64_t rows, int64_t cols) {
    constexpr int kRowsPerBlock = kBlock / T;
    const int lane = threadIdx.x % T;
    for (int64_t i = blockIdx.x * (int64_t)kRowsPerBlock + threadIdx.x / T; i < rows;
         i += (int64_t)gridDim.x * kRowsPerBlock) {
        const float* g0 = dy + i * cols;
        const float* xr = x + i * cols;
        float* d = dx + i * cols;
        const float mf = mean[i], rf = rstd[i];
        double sg = 0, sgx = 0;
        for (int64_t j = lane; j < cols; j += T) {
            const float g = g0[j] * (gamma ? gamma[j] : 1.0f), xhat = (xr[j] - mf) * rf;
            sg += (double)g;
            sgx += (double)g * (double)xhat;
        }
        sk_norm::group_sum2_d<T>(sg, sgx);
        const float mg = (float)(sg / (double)cols), mgx = (float)(sgx / (double)cols);
        for (int64_t j = lane; j < cols; j += T) {
            const float g = g0[j] * (gamma ? gamma[j] : 1.0f), xhat = (xr[j] - mf) * rf;
            d[j] = ln_grad(g, xhat, rf, mg, mgx);
        }
    }
}

/* Thread t = s * cols + j: column j over rows [s * seg_rows, (s + 1) * seg_rows). */
__global__ void layer_norm_param_grad_kernel1(double* part, float* dgamma, float* dbeta, const float* dy,
                                              const float* x, const float* mean, const float* rstd, int64_t rows,
                                              int64_t cols, int64_t seg_rows, int64_t segs) {
    for (int64_t t = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; t < segs * cols;
         t += (int64_t)gridDim.x * blockDim.x) {
        const int64_t s = t / cols, j = t - s * cols, i0 = s * seg_rows;
        const int64_t i1 = i0 + seg_rows < rows ? i0 + seg_rows : rows;
        double ag = 0, ab = 0;
        for (int64_t i = i0; i < i1; ++i) {
            const float g = dy[i * cols + j];
            ag += (double)g * (double)((x[i * cols + j] - mean[i]) * rstd[i]);
            ab += (double)g;
        }
        if (segs == 1) {
            if (dgamma) dgamma[j] += (float)ag;
            if (dbeta) dbeta[j] += (float)ab;
        } else {
            part[2 * t] = ag;
            part[2 * t + 1] = ab;
        }
    }
}

__global__ void layer_norm_param_grad_kernel2(float* dgamma, float* dbeta, const double* part, int64_t cols,
                                              int64_t segs) {
    for (int64_t j = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; j < cols; j += (int64_t)gridDim.x * blockDim.x) {
        double ag = 0, ab = 0;
        for (int64_t s = 0; s < segs; ++s) {
            ag += part[2 * (s * cols + j)];
            ab += part[2 * (s * cols + j) + 1];
        }
        if (dgamma) dgamma[j] += (float)ag;
        if (dbeta) dbeta[j] += (float)ab;
    }
}

unsigned int row_grid(int64_t rows, int rows_per_block) {
    int64_t g = ceil_div(rows, rows_per_block);
    return (unsigned int)(g < 65535 * 8 ? g : 65535 * 8);
}
}  // namespace

sk_status layer_norm_forward_cuda(float* y, float* mean, float* rstd, const float* x, const float* gamma,
                                  const float* beta, int64_t rows, int64_t cols, float eps) {
    if (cols <= kWarpMaxCols)
        SK_LAUNCH((layer_norm_forward_kernel1<32>), row_grid(rows, kBlock / 32), kBlock, y, mean, rstd, x, gamma, beta, rows,
                                                                                cols, eps);
    else
        SK_LAUNCH((layer_norm_forward_kernel1<kBlock>), row_grid(rows, 1), kBlock, y, mean, rstd, x, gamma, beta, rows, cols,
                                                                          eps);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status layer_norm_backward_cuda(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x,
                                   const float* mean, const float* rstd, const float* gamma, int64_t rows,
                                   int64_t cols) {
    if (cols <= kWarpMaxCols)
        SK_LAUNCH((layer_norm_backward_kernel1<32>), row_grid(rows, kBlock / 32), kBlock, dx, dy, x, mean, rstd, gamma, rows,
                                                                                 cols);
    else
        SK_LAUNCH((layer_norm_backward_kernel1<kBlock>), row_grid(rows, 1), kBlock, dx, dy, x, mean, rstd, gamma, rows, cols);
    SK_CUDA_LAUNCH_CHECK();
    if (!dgamma && !dbeta) return SK_OK;

    /* segments of rows for the column sums: a function of the shape only */
    int64_t want = ceil_div(kTargetThreads, cols), most = ceil_div(rows, kMinSegRows);
    int64_t segs = want < most ? want : most;
    if (segs < 1) segs = 1;
    const int64_t seg_rows = ceil_div(rows, segs);
    segs = ceil_div(rows, seg_rows);
    sk_norm::Scratch scratch;
    if (segs > 1) SK_CUDA_TRY(cudaMallocAsync(&scratch.p, (size_t)(2 * segs * cols) * sizeof(double), 0));
    double* part = static_cast<double*>(scratch.p);
    SK_LAUNCH(layer_norm_param_grad_kernel1, sk_grid_1d(segs * cols, kBlock), kBlock, part, dgamma, dbeta, dy, x, mean, rstd,
                                                                               rows, cols, seg_rows, segs);
    SK_CUDA_LAUNCH_CHECK();
    if (segs > 1) {
        SK_LAUNCH(layer_norm_param_grad_kernel2, sk_grid_1d(cols, kBlock), kBlock, dgamma, dbeta, part, cols, segs);
        SK_CUDA_LAUNCH_CHECK();
    }
    return SK_OK;
}
