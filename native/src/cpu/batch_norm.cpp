/* native/src/cpu/batch_norm.cpp — K5 batch norm with statistics shared over (batch, inner) on the CPU.
 * x, y, dx, dy are (batch, channels, inner); per-channel vectors are (channels). Formulas: norm_math.h.
 *   forward (training): per (channel, batch) run of `inner` values, double sums of (x - shift) and
 *       (x - shift)^2 (shift = the channel's first element), combined per channel in batch order ->
 *       mean, biased var, invstd (written to save_mean / save_invstd), running stats updated when given;
 *   forward (eval): save_mean = running_mean, save_invstd = 1 / sqrt(running_var + eps);
 *   then y = (x - mean) (invstd gamma) + beta.                                         (y OVERWRITTEN)
 *   backward: double sums of dy and dy (x - mean) per channel (same partial scheme) ->
 *       dbeta += sum dy, dgamma += invstd sum dy (x - mean)                           (ACCUMULATE)
 *       dx = gamma invstd (dy - sum dy / n - (x - mean) invstd^2 sum dy (x - mean) / n)  (OVERWRITTEN;
 *       eval: dx = gamma invstd dy).
 * Deterministic: the partials are indexed by (channel, batch) and combined in a fixed order, so the
 * result does not depend on the thread count. */
#include <vector>

#include "kernels.h"
#include "norm_math.h"

namespace {
constexpr int64_t kParallelMin = 1 << 14;

/* s1 += sum (a - k), s2 += sum (a - k)^2 (b == nullptr), or s1 += sum a, s2 += sum a (b - k) over n values;
 * four double lanes so that the loop pipelines. */
void run_sums(const float* a, const float* b, float k, int64_t n, double* s1, double* s2) {
    double p[4] = {0, 0, 0, 0}, q[4] = {0, 0, 0, 0};
    const double dk = (double)k;
    int64_t i = 0;
    if (b == nullptr) {
        for (; i + 4 <= n; i += 4)
            for (int l = 0; l < 4; ++l) {
                double v = (double)a[i + l] - dk;
                p[l] += v;
                q[l] += v * v;
            }
        for (; i < n; ++i) {
            double v = (double)a[i] - dk;
            p[0] += v;
            q[0] += v * v;
        }
    } else {
        for (; i + 4 <= n; i += 4)
            for (int l = 0; l < 4; ++l) {
                double g = (double)a[i + l];
                p[l] += g;
                q[l] += g * ((double)b[i + l] - dk);
            }
        for (; i < n; ++i) {
            double g = (double)a[i];
            p[0] += g;
            q[0] += g * ((double)b[i] - dk);
        }
    }
    *s1 = (p[0] + p[1]) + (p[2] + p[3]);
    *s2 = (q[0] + q[1]) + (q[2] + q[3]);
}

/* Per-channel sums over (batch, inner): s1[c], s2[c] as in run_sums with a = first (x or dy), b = second
 * (nullptr or x) and k = center[c] (the shift or the mean). */
void channel_sums(const float* first, const float* second, const float* center, int64_t batch, int64_t channels,
                  int64_t inner, std::vector<double>& s1, std::vector<double>& s2) {
    std::vector<double> p1((size_t)(channels * batch)), p2((size_t)(channels * batch));
#pragma omp parallel for schedule(static) if (batch * channels * inner > kParallelMin)
    for (int64_t t = 0; t < channels * batch; ++t) {
        int64_t c = t / batch, b = t % batch, off = (b * channels + c) * inner;
        run_sums(first + off, second ? second + off : nullptr, center[c], inner, &p1[(size_t)t], &p2[(size_t)t]);
    }
    s1.assign((size_t)channels, 0.0);
    s2.assign((size_t)channels, 0.0);
    for (int64_t c = 0; c < channels; ++c)
        for (int64_t b = 0; b < batch; ++b) {
            s1[(size_t)c] += p1[(size_t)(c * batch + b)];
            s2[(size_t)c] += p2[(size_t)(c * batch + b)];
        }
}
}  // namespace

sk_status batch_norm_forward_cpu(float* y, float* save_mean, float* save_invstd, float* running_mean,
                                 float* running_var, const float* x, const float* gamma, const float* beta,
                                 int64_t batch, int64_t channels, int64_t inner, int training, float momentum,
                                 float eps) {
    const int64_t n = batch * inner;
    if (training) {
        std::vector<float> shift((size_t)channels);
        for (int64_t c = 0; c < channels; ++c) shift[(size_t)c] = x[c * inner];   /* element (b = 0, c, r = 0) */
        std::vector<double> s1, s2;
        channel_sums(x, nullptr, shift.data(), batch, channels, inner, s1, s2);
        for (int64_t c = 0; c < channels; ++c) {
            double mean, var;
            bn_moments(s1[(size_t)c], s2[(size_t)c], n, shift[(size_t)c], &mean, &var);
            save_mean[c] = (float)mean;
            save_invstd[c] = norm_invstd(var, eps);
            if (running_mean) bn_running_update(&running_mean[c], &running_var[c], mean, var, n, momentum);
        }
    } else {
        for (int64_t c = 0; c < channels; ++c) {
            save_mean[c] = running_mean[c];
            save_invstd[c] = norm_invstd((double)running_var[c], eps);
        }
    }
#pragma omp parallel for schedule(static) if (batch * channels * inner > kParallelMin)
    for (int64_t t = 0; t < batch * channels; ++t) {
        const int64_t c = t % channels;
        const float m = save_mean[c], is = save_invstd[c], g = gamma ? gamma[c] : 1.0f, b = beta ? beta[c] : 0.0f;
        const float* xr = x + t * inner;
        float* yr = y + t * inner;
        for (int64_t r = 0; r < inner; ++r) yr[r] = norm_apply(xr[r], m, is, g, b);
    }
    return SK_OK;
}

sk_status batch_norm_backward_cpu(float* dx, float* dgamma, float* dbeta, const float* dy, const float* x,
                                  const float* save_mean, const float* save_invstd, const float* gamma,
                                  int64_t batch, int64_t channels, int64_t inner, int training) {
    const int64_t n = batch * inner;
    std::vector<double> sum_dy, sum_dy_xmu;
    channel_sums(dy, x, save_mean, batch, channels, inner, sum_dy, sum_dy_xmu);
    std::vector<float> ca((size_t)channels), cb((size_t)channels), cc((size_t)channels);
    for (int64_t c = 0; c < channels; ++c) {
        const size_t k = (size_t)c;
        if (dbeta) dbeta[c] += (float)sum_dy[k];
        if (dgamma) dgamma[c] += (float)(sum_dy_xmu[k] * (double)save_invstd[c]);
        bn_grad_coeffs(sum_dy[k], sum_dy_xmu[k], save_invstd[c], gamma ? gamma[c] : 1.0f, n, training, &ca[k], &cb[k],
                       &cc[k]);
    }
#pragma omp parallel for schedule(static) if (batch * channels * inner > kParallelMin)
    for (int64_t t = 0; t < batch * channels; ++t) {
        const size_t c = (size_t)(t % channels);
        const float m = save_mean[c];
        const float* g = dy + t * inner;
        const float* xr = x + t * inner;
        float* d = dx + t * inner;
        for (int64_t r = 0; r < inner; ++r) d[r] = bn_grad(g[r], xr[r], m, ca[c], cb[c], cc[c]);
    }
    return SK_OK;
}
