/* native/src/pool_math.h — the per-element formulas of K10 2D pooling, shared by cpu/pool.cpp and
 * cuda/pool.cu so that both devices compute bit-identical results:
 *   pool_max_window / pool_avg_window  one output element (window (i, j) of a plane);
 *   pool_max_grad / pool_avg_grad      one dx element, gathered from the windows that contain it in
 *                                      increasing (i, j) order (deterministic, no scatter).
 * Window (i, j) covers rows i*sh - ph .. + kh - 1 and columns j*sw - pw .. + kw - 1, clipped to the plane
 * (padding is -inf for max and is not counted for avg). The ABI guarantees every window holds at least
 * one element of the plane. Sums are in double. */
#ifndef SK_POOL_MATH_H
#define SK_POOL_MATH_H

#include <math.h>
#include <stdint.h>

#include "hd.h"
#include "reduce_math.h"

/* Geometry of one pooling call. */
struct PoolGeom {
    int64_t h, w, kh, kw, sh, sw, ph, pw, oh, ow;
};

/* Output size along one axis; needs in + 2 p >= k (written so that it cannot overflow when 2 p <= k). */
SK_HD int64_t pool_out_size(int64_t in, int64_t k, int64_t s, int64_t p) { return (in - (k - 2 * p)) / s + 1; }

SK_HD PoolGeom pool_geom(int64_t h, int64_t w, int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph,
                        int64_t pw) {
    return PoolGeom{h, w, kh, kw, sh, sw, ph, pw, pool_out_size(h, kh, sh, ph), pool_out_size(w, kw, sw, pw)};
}

/* In-plane range [lo, hi) of window `o` along one axis. */
SK_HD void pool_span(int64_t o, int64_t k, int64_t s, int64_t p, int64_t in, int64_t* lo, int64_t* hi) {
    int64_t a = o * s - p, b = a + k;
    *lo = a < 0 ? 0 : a;
    *hi = b > in ? in : b;
}

/* Windows along one axis that contain input position i: [lo, hi) (may be empty). Window o contains i
 * when o*s - p <= i <= o*s - p + k - 1. */
SK_HD void pool_windows_of(int64_t i, int64_t k, int64_t s, int64_t p, int64_t out, int64_t* lo, int64_t* hi) {
    int64_t first = i + p - k + 1;                       /* smallest o with o*s >= first */
    int64_t a = first <= 0 ? 0 : (first + s - 1) / s;
    int64_t b = (i + p) / s + 1;                          /* i + p >= 0 always */
    *lo = a;
    *hi = b > out ? out : b;
}

/* Maximum of window (i, j) of `plane` and its flat index r*w + c (first in row-major order, NaN wins). */
SK_HD void pool_max_window(const float* plane, const PoolGeom& g, int64_t i, int64_t j, float* best_out,
                           int32_t* idx_out) {
    int64_t r0, r1, c0, c1;
    pool_span(i, g.kh, g.sh, g.ph, g.h, &r0, &r1);
    pool_span(j, g.kw, g.sw, g.pw, g.w, &c0, &c1);
    float best = -INFINITY;
    int64_t bi = g.h * g.w;   /* placeholder (-inf, past the end) loses to every element */
    for (int64_t r = r0; r < r1; ++r)
        for (int64_t c = c0; c < c1; ++c) {
            float v = plane[r * g.w + c];
            int64_t k = r * g.w + c;
            if (reduce_max_takes(v, k, best, bi)) {
                best = v;
                bi = k;
            }
        }
    *best_out = best;
    *idx_out = (int32_t)bi;
}

/* Mean of the in-plane elements of window (i, j). */
SK_HD float pool_avg_window(const float* plane, const PoolGeom& g, int64_t i, int64_t j) {
    int64_t r0, r1, c0, c1;
    pool_span(i, g.kh, g.sh, g.ph, g.h, &r0, &r1);
    pool_span(j, g.kw, g.sw, g.pw, g.w, &c0, &c1);
    double s = 0;
    for (int64_t r = r0; r < r1; ++r)
        for (int64_t c = c0; c < c1; ++c) s += (double)plane[r * g.w + c];
    return (float)(s / (double)((r1 - r0) * (c1 - c0)));
}

/* dx at (r, c) of a plane: sum of dy over the windows containing (r, c) whose argmax is r*w + c. */
SK_HD float pool_max_grad(const float* dy_plane, const int32_t* am_plane, const PoolGeom& g, int64_t r, int64_t c) {
    int64_t i0, i1, j0, j1;
    pool_windows_of(r, g.kh, g.sh, g.ph, g.oh, &i0, &i1);
    pool_windows_of(c, g.kw, g.sw, g.pw, g.ow, &j0, &j1);
    const int32_t k = (int32_t)(r * g.w + c);
    double s = 0;
    for (int64_t i = i0; i < i1; ++i)
        for (int64_t j = j0; j < j1; ++j)
            if (am_plane[i * g.ow + j] == k) s += (double)dy_plane[i * g.ow + j];
    return (float)s;
}

/* dx at (r, c) of a plane: sum of dy / count over the windows containing (r, c). */
SK_HD float pool_avg_grad(const float* dy_plane, const PoolGeom& g, int64_t r, int64_t c) {
    int64_t i0, i1, j0, j1;
    pool_windows_of(r, g.kh, g.sh, g.ph, g.oh, &i0, &i1);
    pool_windows_of(c, g.kw, g.sw, g.pw, g.ow, &j0, &j1);
    double s = 0;
    for (int64_t i = i0; i < i1; ++i) {
        int64_t r0, r1;
        pool_span(i, g.kh, g.sh, g.ph, g.h, &r0, &r1);
        for (int64_t j = j0; j < j1; ++j) {
            int64_t c0, c1;
            pool_span(j, g.kw, g.sw, g.pw, g.w, &c0, &c1);
            s += (double)dy_plane[i * g.ow + j] / (double)((r1 - r0) * (c1 - c0));
        }
    }
    return (float)s;
}

#endif /* SK_POOL_MATH_H */
