/* native/src/cpu/layer_norm.cpp — K5 layer norm over the last axis on the CPU.
 * x, y, dx, dy are (rows, cols); mean, rstd are (rows); gamma, beta, dgamma, dbeta are (cols).
 * Formulas: native/src/norm_math.h (shared with cuda/layer_norm.cu).
 *   forward: per row, two passes in double: mean = sum x / cols, var = sum (x - mean)^2 / cols;
 *       rstd = 1 / sqrt(var + eps); y = (x - mean) (rstd gamma) + beta.          (y, mean, rstd OVERWRITTEN)
 *   backward: per row, g = gamma dy, xhat = (x - mean) rstd, double sums of g and g xhat ->
 *       dx = rstd (g - mean(g) - xhat mean(g xhat))                              (OVERWRITTEN)
 *       dgamma[j] += sum_i dy xhat, dbeta[j] += sum_i dy: per block of columns, rows summed in order in
 *       double                                                                    (ACCUMULATE)
 * Deterministic: every sum has a fixed order independent of the thread count. */
#include <algorithm>

#include "kernels.h"
#include "norm_math.h"

namespace {
constexpr int64_t kParallelMin = 1 << 14;
constexpr int64_t kColBlock = 256;

/* sum of (x - k) over n values, four double lanes. */
double row_sum(const float* x, int64_t n, double k, bool square) {
    double p[4] = {0, 0, 0, 0};
    int64_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (int l = 0; l < 4; ++l) {
            double v = (double)x[i + l] - k;
            p[l] += square ? v * v : v;
        }
    for (; i < n; ++i) {
        double v = (double)x[i] - k;
        p[0] += square ? v * v : v;
    }
    return (p[0] + p[1]) + (p[2] + p[3]);
}
}  // namespace

sk_status layer_norm_forward_cpu(float* y, float* mean, float* rstd, const float* x, const float* gamma,
                                 const float* beta, int64_t rows, int64_t cols, float eps) {
#pragma omp parallel for schedule(static) if (rows * cols > kParallelMin)
    for (int64_t i = 0; i < rows; ++i) {
        const float* xr = x + i * cols;
        float* yr = y + i * cols;
        const double m = row_sum(xr, cols, 0.0, false) / (double)cols;
        const double var = row_sum(xr, cols, m, true) / (double)cols;
        const float mf = (float)m, rf = norm_invstd(var, eps);
        mean[i] = mf;
        rstd[i] = rf;
        for (int64_t j = 0; j < cols; ++j)
            yr[j] = norm_apply(xr[j], mf, rf, gamma ? gamma[j] : 1.0f, beta ? beta[j] : 0.0f);
    }
    return SK_OK;
}

sk_status layer_norm_backward_cpu(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x,
                                  const float* mean, const float* rstd, const float* gamma, int64_t rows,
                                  int64_t cols) {
#pragma omp parallel for schedule(static) if (rows * cols > kParallelMin)
    for (int64_t i = 0; i < rows; ++i) {
        const float* g0 = dy + i * cols;
        const float* xr = x + i * cols;
        float* d = dx + i * cols;
        const float mf = mean[i], rf = rstd[i];
        double sg = 0, sgx = 0;
        for (int64_t j = 0; j < cols; ++j) {
            const float g = g0[j] * (gamma ? gamma[j] : 1.0f), xhat = (xr[j] - mf) * rf;
            sg += (double)g;
            sgx += (double)g * (double)xhat;
        }
        const float mg = (float)(sg / (double)cols), mgx = (float)(sgx / (double)cols);
        for (int64_t j = 0; j < cols; ++j) {
            const float g = g0[j] * (gamma ? gamma[j] : 1.0f), xhat = (xr[j] - mf) * rf;
            d[j] = ln_grad(g, xhat, rf, mg, mgx);
        }
    }
    if (!dgamma && !dbeta) return SK_OK;
    const int64_t blocks = (cols + kColBlock - 1) / kColBlock;
#pragma omp parallel for schedule(static) if (rows * cols > kParallelMin)
    for (int64_t blk = 0; blk < blocks; ++blk) {
        const int64_t j0 = blk * kColBlock, w = std::min(kColBlock, cols - j0);
        double ag[kColBlock], ab[kColBlock];
        for (int64_t j = 0; j < w; ++j) ag[j] = ab[j] = 0;
        for (int64_t i = 0; i < rows; ++i) {
            const float* g = dy + i * cols + j0;
            const float* xr = x + i * cols + j0;
            const float mf = mean[i], rf = rstd[i];
            for (int64_t j = 0; j < w; ++j) {
                ag[j] += (double)g[j] * (double)((xr[j] - mf) * rf);
                ab[j] += (double)g[j];
            }
        }
        for (int64_t j = 0; j < w; ++j) {
            if (dgamma) dgamma[j0 + j] += (float)ag[j];
            if (dbeta) dbeta[j0 + j] += (float)ab[j];
        }
    }
    return SK_OK;
}
