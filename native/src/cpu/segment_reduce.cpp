/* native/src/cpu/segment_reduce.cpp — K11 segment reduction on the CPU.
 * x (rows, dim), offsets int64 (segments + 1, already validated), y / argmax (segments, dim),
 * dx (rows, dim) from dy (segments, dim). Segment s = rows offsets[s] .. offsets[s+1]-1.
 *   forward:  SUM / MEAN accumulate each segment's rows in double, in increasing row order (one double
 *             per column); MAX scans the rows in order with the K3 rule (reduce_math.h: first row wins
 *             ties, NaN propagates) and records the absolute row. Empty segment: y = 0, argmax = -1.
 *   backward: a gather per segment: dx[r,:] = dy[s,:] (SUM), dy[s,:] / count (MEAN),
 *             dy[s,d] where argmax[s,d] == r and 0 elsewhere (MAX). Overwrites y / dx.
 * Parallel over segments (each segment is done by one thread, start to end; parallel.h, serial below
 * 32 Ki elements): results do not depend on the thread count. */
#include <omp.h>

#include <cstring>
#include <vector>

#include "kernels.h"
#include "parallel.h"

namespace {
constexpr int64_t kParallelMin = 1 << 15;   /* elements below which one thread is faster */
}

sk_status segment_reduce_forward_cpu(float* y, int32_t* argmax, const float* x, const int64_t* off,
                                     int64_t segments, int64_t rows, int64_t dim, int op) {
    const bool parallel = rows * dim > kParallelMin;
    /* one double accumulator row per thread (SUM / MEAN) */
    std::vector<double> acc(op == SK_REDUCE_MAX ? 0 : (size_t)(dim * (parallel ? omp_get_max_threads() : 1)));
    sk_parallel_for(0, segments, parallel, [&](int64_t s) {
        const int64_t r0 = off[s], r1 = off[s + 1], count = r1 - r0;
        float* ys = y + s * dim;
        if (op == SK_REDUCE_MAX) {
            int32_t* am = argmax + s * dim;
            if (count == 0) {
                for (int64_t d = 0; d < dim; ++d) {
                    ys[d] = 0.0f;
                    am[d] = -1;
                }
                return;
            }
            const float* x0 = x + r0 * dim;
            for (int64_t d = 0; d < dim; ++d) {
                ys[d] = x0[d];
                am[d] = (int32_t)r0;
            }
            for (int64_t r = r0 + 1; r < r1; ++r) {
                const float* xr = x + r * dim;
                for (int64_t d = 0; d < dim; ++d) {   /* branch-free so that it vectorizes */
                    const float v = xr[d], b = ys[d];
                    /* reduce_max_takes(v, r, b, am[d]) for a later row r: larger, or the first NaN */
                    const bool take = (v > b) | ((v != v) & (b == b));
                    const int32_t a = am[d];
                    ys[d] = take ? v : b;
                    am[d] = take ? (int32_t)r : a;
                }
            }
        } else {
            double* a = acc.data() + (size_t)omp_get_thread_num() * (size_t)dim;
            for (int64_t d = 0; d < dim; ++d) a[d] = 0.0;
            for (int64_t r = r0; r < r1; ++r) {
                const float* xr = x + r * dim;
                for (int64_t d = 0; d < dim; ++d) a[d] += (double)xr[d];
            }
            if (op == SK_REDUCE_MEAN && count > 0)
                for (int64_t d = 0; d < dim; ++d) ys[d] = (float)(a[d] / (double)count);
            else
                for (int64_t d = 0; d < dim; ++d) ys[d] = (float)a[d];
        }
    });
    return SK_OK;
}

sk_status segment_reduce_backward_cpu(float* dx, const float* dy, const int32_t* argmax, const int64_t* off,
                                      int64_t segments, int64_t rows, int64_t dim, int op) {
    sk_parallel_for(0, segments, rows * dim > kParallelMin, [&](int64_t s) {
        const int64_t r0 = off[s], r1 = off[s + 1];
        if (r0 == r1) return;
        const float* g = dy + s * dim;
        if (op == SK_REDUCE_MAX) {
            const int32_t* am = argmax + s * dim;
            for (int64_t r = r0; r < r1; ++r) {
                float* out = dx + r * dim;
                const int32_t row = (int32_t)r;   /* MAX has rows <= INT32_MAX */
                for (int64_t d = 0; d < dim; ++d) {   /* unconditional loads: vectorizes */
                    const float gd = g[d];
                    out[d] = am[d] == row ? gd : 0.0f;
                }
            }
            return;
        }
        /* SUM / MEAN: every row of the segment gets the same gradient row; compute it once, then copy */
        float* first = dx + r0 * dim;
        if (op == SK_REDUCE_SUM) {
            std::memcpy(first, g, (size_t)dim * sizeof(float));
        } else {
            const double count = (double)(r1 - r0);
            for (int64_t d = 0; d < dim; ++d) first[d] = (float)((double)g[d] / count);
        }
        for (int64_t r = r0 + 1; r < r1; ++r) std::memcpy(dx + r * dim, first, (size_t)dim * sizeof(float));
    });
    return SK_OK;
}
