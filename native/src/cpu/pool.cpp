/* native/src/cpu/pool.cpp — K10 2D pooling over planes on the CPU.
 * x, dx are (planes, h, w); y, argmax, dy are (planes, oh, ow). The per-element formulas live in
 * native/src/pool_math.h (shared with cuda/pool.cu, so both devices give identical bits):
 *   forward: one window per output element (max: first maximum in row-major order, NaN wins; avg: mean of
 *            the in-plane elements, sum in double);
 *   backward: a gather per dx element over the windows that contain it, in increasing window order
 *            (deterministic whatever the thread count; overlapping windows, stride < kernel, just add);
 *            max with disjoint windows (stride = kernel, no padding) scatters dy to the argmax instead,
 *            which is the same one-term gather without the per-element window search.
 * Overwrites y, argmax and dx. Parallel over rows of planes (OpenMP). */
#include "kernels.h"
#include "pool_math.h"

namespace {
constexpr int64_t kParallelMin = 1 << 14;   /* elements below which one thread is faster */
}  // namespace

sk_status max_pool2d_forward_cpu(float* y, int32_t* argmax, const float* x, int64_t planes, int64_t h, int64_t w,
                                 int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw) {
    const PoolGeom g = pool_geom(h, w, kh, kw, sh, sw, ph, pw);
    const int64_t rows = planes * g.oh;
#pragma omp parallel for schedule(static) if (rows * g.ow * kh * kw > kParallelMin)
    for (int64_t t = 0; t < rows; ++t) {   /* output row i of plane p */
        const int64_t p = t / g.oh, i = t % g.oh;
        const float* plane = x + p * h * w;
        for (int64_t j = 0; j < g.ow; ++j) pool_max_window(plane, g, i, j, &y[t * g.ow + j], &argmax[t * g.ow + j]);
    }
    return SK_OK;
}

sk_status max_pool2d_backward_cpu(float* dx, const float* dy, const int32_t* argmax, int64_t planes, int64_t h,
                                  int64_t w, int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw) {
    const PoolGeom g = pool_geom(h, w, kh, kw, sh, sw, ph, pw);
    if (sh == kh && sw == kw && ph == 0 && pw == 0) {
        /* disjoint windows (e.g. 2x2 stride 2): every dx element lies in at most one window, so the gather of
         * pool_max_grad is one term or none: dx = 0, then dx[argmax] = dy for each window whose argmax lies in
         * it (one writer per element; the same bits as the gather) */
        const int64_t n = g.oh * g.ow;
#pragma omp parallel for schedule(static) if (planes * h * w > kParallelMin)
        for (int64_t p = 0; p < planes; ++p) {
            float* dxp = dx + p * h * w;
            const float* dyp = dy + p * n;
            const int32_t* amp = argmax + p * n;
            for (int64_t e = 0; e < h * w; ++e) dxp[e] = 0.0f;
            for (int64_t i = 0; i < g.oh; ++i)
                for (int64_t j = 0; j < g.ow; ++j) {
                    const int64_t a = amp[i * g.ow + j], r = a / w, c = a % w;
                    if (a >= 0 && r >= i * kh && r < i * kh + kh && c >= j * kw && c < j * kw + kw)
                        dxp[a] = (float)(double)dyp[i * g.ow + j];
                }
        }
        return SK_OK;
    }
    const int64_t rows = planes * h;
#pragma omp parallel for schedule(static) if (rows * w > kParallelMin)
    for (int64_t t = 0; t < rows; ++t) {   /* input row r of plane p */
        const int64_t p = t / h, r = t % h, off = p * g.oh * g.ow;
        for (int64_t c = 0; c < w; ++c) dx[t * w + c] = pool_max_grad(dy + off, argmax + off, g, r, c);
    }
    return SK_OK;
}

sk_status avg_pool2d_forward_cpu(float* y, const float* x, int64_t planes, int64_t h, int64_t w, int64_t kh,
                                 int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw) {
    const PoolGeom g = pool_geom(h, w, kh, kw, sh, sw, ph, pw);
    const int64_t rows = planes * g.oh;
#pragma omp parallel for schedule(static) if (rows * g.ow * kh * kw > kParallelMin)
    for (int64_t t = 0; t < rows; ++t) {
        const int64_t p = t / g.oh, i = t % g.oh;
        const float* plane = x + p * h * w;
        for (int64_t j = 0; j < g.ow; ++j) y[t * g.ow + j] = pool_avg_window(plane, g, i, j);
    }
    return SK_OK;
}

sk_status avg_pool2d_backward_cpu(float* dx, const float* dy, int64_t planes, int64_t h, int64_t w, int64_t kh,
                                  int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw) {
    const PoolGeom g = pool_geom(h, w, kh, kw, sh, sw, ph, pw);
    const int64_t rows = planes * h;
#pragma omp parallel for schedule(static) if (rows * w > kParallelMin)
    for (int64_t t = 0; t < rows; ++t) {
        const int64_t p = t / h, r = t % h;
        for (int64_t c = 0; c < w; ++c) dx[t * w + c] = pool_avg_grad(dy + p * g.oh * g.ow, g, r, c);
    }
    return SK_OK;
}
