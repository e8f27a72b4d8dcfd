/* native/src/cpu/softmax.cpp — K3 softmax / log_softmax over the last axis on the CPU.
 * x, y, dx, dy are (rows, cols). Per row: m = max_j x_j, s = sum_j exp(x_j - m) (float exps summed in
 * double), then y = exp(x - m) / s, or y = (x - m) - log(s) for log_softmax: no exp ever sees a positive
 * argument, so logits of +-1000 give finite results. Backward (y is the forward output):
 *   softmax:     dx = y * (dy - sum_j dy_j y_j)      log_softmax: dx = dy - exp(y) * sum_j dy_j
 * with the row sums in double. Overwrites y / dx. One row per iteration, OpenMP over rows; deterministic. */
#include <cmath>

#include "kernels.h"
#include "parallel.h"

namespace {
constexpr int64_t kParallelMin = 1 << 15;
}

sk_status softmax_forward_cpu(float* y, const float* x, int64_t rows, int64_t cols, int log) {
    sk_parallel_for(0, rows, rows * cols > kParallelMin, [&](int64_t r) {
        const float* xr = x + r * cols;
        float* yr = y + r * cols;
        float m = xr[0];
        for (int64_t j = 1; j < cols; ++j) m = xr[j] > m ? xr[j] : m;
        double s = 0;
        if (log) {
            for (int64_t j = 0; j < cols; ++j) s += (double)std::exp(xr[j] - m);
            float ls = (float)std::log(s);
            for (int64_t j = 0; j < cols; ++j) yr[j] = (xr[j] - m) - ls;
        } else {
            for (int64_t j = 0; j < cols; ++j) {
                float e = std::exp(xr[j] - m);
                yr[j] = e;   /* x is not read again, so y may alias x */
                s += (double)e;
            }
            float fs = (float)s;
            for (int64_t j = 0; j < cols; ++j) yr[j] /= fs;
        }
    });
    return SK_OK;
}

sk_status softmax_backward_cpu(float* dx, const float* dy, const float* y, int64_t rows, int64_t cols, int log) {
    sk_parallel_for(0, rows, rows * cols > kParallelMin, [&](int64_t r) {
        const float* g = dy + r * cols;
        const float* yr = y + r * cols;
        float* d = dx + r * cols;
        double s = 0;
        if (log) {
            for (int64_t j = 0; j < cols; ++j) s += (double)g[j];
            float fs = (float)s;
            for (int64_t j = 0; j < cols; ++j) d[j] = g[j] - std::exp(yr[j]) * fs;
        } else {
            for (int64_t j = 0; j < cols; ++j) s += (double)g[j] * (double)yr[j];
            float fs = (float)s;
            for (int64_t j = 0; j < cols; ++j) d[j] = yr[j] * (g[j] - fs);
        }
    });
    return SK_OK;
}
