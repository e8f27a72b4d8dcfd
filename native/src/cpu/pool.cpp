/* native/src/cpu/pool.cpp — K10 2D pooling over planes on the CPU.
 * x, dx are (planes, h, w); y, argmax, dy are (planes, oh, ow). The per-element formulas live in
 * native/src/pool_math.h (shared with cuda/pool.cu, so both devices give identical bits):
 *   forward: one window per output element (max: first maximum in row-major order, NaN wins; avg: mean of
 *            the in-plane elements, sum in double);
 *   backward: a gather per dx element over the windows that contain it, in increasing window order
 *            (deterministic whatever the thread count; overlapping windows, stride < kernel, just add);
 *            max with disjoint windows (stride = kernel, no padding) scatters dy to the argmax instead,
 *            which is the same one-term gather without the per-element window search.
 * 2 x 2 max pooling with stride 2 and no padding has its own forward loop (max_pool_2x2_row, the same winners).
 * Overwrites y, argmax and dx. Parallel over rows of planes (OpenMP). */
#include "kernels.h"
#include "pool_math.h"

namespace {
constexpr int64_t kParallelMin = 1 << 14;   /* elements below which one thread is faster */

/* Max pooling with 2 x 2 windows, stride 2, no padding (the G-CNNs' pooling), output row t = (plane, i): the
 * rule of pool_max_window written out for four elements. Scanned in row-major (increasing index) order, the
 * first element is always taken and a later one only when it is larger, or NaN over a number, so the winner
 * and its index are those of pool_max_window; branch-free, so that random signs cost no mispredictions. */
__attribute__((target_clones("avx2", "default")))
void max_pool_2x2_row(float* __restrict y, int32_t* __restrict argmax, const float* __restrict plane, int64_t w,
                      int64_t i, int64_t ow) {
    const float* r0 = plane + 2 * i * w;
    const float* r1 = r0 + w;
    const int32_t base = (int32_t)(2 * i * w);
    for (int64_t j = 0; j < ow; ++j) {
        const int64_t c = 2 * j;
        float best = r0[c];
        int32_t bi = base + (int32_t)c;
        const float v[3] = {r0[c + 1], r1[c], r1[c + 1]};
        const int32_t k[3] = {bi + 1, bi + (int32_t)w, bi + (int32_t)w + 1};
        for (int e = 0; e < 3; ++e) {
            const bool take = (v[e] > best) | ((v[e] != v[e]) & (best == best));
            best = take ? v[e] : best;
            bi = take ? k[e] : bi;
        }
        y[j] = best;
        argmax[j] = bi;
    }
}
}  // namespace

sk_status max_pool2d_forward_cpu(float* y, int32_t* argmax, const float* x, int64_t planes, int64_t h, int64_t w,
                                 int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw) {
    const PoolGeom g = pool_geom(h, w, kh, kw, sh, sw, ph, pw);
    const int64_t rows = planes * g.oh;
    if (kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0) {
#pragma omp parallel for schedule(static) if (rows * g.ow * 4 > kParallelMin)
        for (int64_t t = 0; t < rows; ++t)
            max_pool_2x2_row(y + t * g.ow, argmax + t * g.ow, x + (t / g.oh) * h * w, w, t % g.oh, g.ow);
        return SK_OK;
    }
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
