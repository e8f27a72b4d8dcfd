/* native/src/cpu/reduce.cpp — K3 reductions on the CPU.
 * x is viewed as (outer, len, inner); y, argmax are (outer, inner); dx (outer, len, inner) from dy (outer, inner).
 *   SUM/MEAN: sums in double (8 independent accumulators along a row, or one double per column when
 *             inner > 1), MEAN divides by len; MAX: first index of the maximum, NaN propagates
 *             (reduce_math.h). Backward gathers: dx[o,l,i] = dy[o,i] (SUM), dy[o,i] / len (MEAN),
 *             l == argmax[o,i] ? dy[o,i] : 0 (MAX). Overwrites y / dx.
 * Deterministic: the order of every sum depends only on the shape, never on the thread count (long
 * single rows are cut into fixed 16 Ki-element chunks whose partial results are combined in order). */
#include <algorithm>
#include <vector>

#include "kernels.h"
#include "parallel.h"
#include "reduce_math.h"

namespace {
constexpr int64_t kChunk = 1 << 14;    /* fixed chunk of a long row (keeps results thread-count independent) */
constexpr int64_t kColBlock = 256;     /* columns per task when inner > 1 */
constexpr int64_t kParallelMin = 1 << 16;

double sum_run(const float* x, int64_t n) {
    double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; ++k) acc[k] += (double)x[i + k];
    double tail = 0;
    for (; i < n; ++i) tail += (double)x[i];
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7])) + tail;
}

/* First maximum of x[0, n) (n >= 1) with index offset `base`; a NaN ends the scan (nothing beats it). */
void max_run(const float* x, int64_t n, int64_t base, float* best, int64_t* bi) {
    float b = x[0];
    int64_t k = 0;
    if (b == b) {
        for (int64_t i = 1; i < n; ++i) {
            float v = x[i];
            if (v > b) {
                b = v;
                k = i;
            } else if (v != v) {
                b = v;
                k = i;
                break;
            }
        }
    }
    *best = b;
    *bi = base + k;
}

/* inner == 1: one reduction per row of length len. */
void reduce_rows(float* y, int32_t* argmax, const float* x, int64_t outer, int64_t len, int op) {
    int64_t chunks = (len + kChunk - 1) / kChunk;
    if (outer >= 16 || chunks < 2) {
        sk_parallel_for(0, outer, outer * len > kParallelMin, [&](int64_t o) {
            const float* row = x + o * len;
            if (op == SK_REDUCE_MAX) {
                float b;
                int64_t k;
                max_run(row, len, 0, &b, &k);
                y[o] = b;
                argmax[o] = (int32_t)k;
            } else {
                double s = 0;   /* same chunking as the parallel path below */
                for (int64_t c = 0; c < len; c += kChunk) s += sum_run(row + c, std::min(kChunk, len - c));
                y[o] = (float)(op == SK_REDUCE_MEAN ? s / (double)len : s);
            }
        });
        return;
    }
    /* few long rows: parallel over fixed chunks, partials combined in chunk order */
    std::vector<double> psum((size_t)chunks);
    std::vector<float> pmax((size_t)chunks);
    std::vector<int64_t> parg((size_t)chunks);
    for (int64_t o = 0; o < outer; ++o) {
        const float* row = x + o * len;
#pragma omp parallel for schedule(static)
        for (int64_t c = 0; c < chunks; ++c) {
            int64_t n = std::min(kChunk, len - c * kChunk);
            if (op == SK_REDUCE_MAX) max_run(row + c * kChunk, n, c * kChunk, &pmax[c], &parg[c]);
            else psum[c] = sum_run(row + c * kChunk, n);
        }
        if (op == SK_REDUCE_MAX) {
            float b = pmax[0];
            int64_t k = parg[0];
            for (int64_t c = 1; c < chunks; ++c)
                if (reduce_max_takes(pmax[c], parg[c], b, k)) {
                    b = pmax[c];
                    k = parg[c];
                }
            y[o] = b;
            argmax[o] = (int32_t)k;
        } else {
            double s = 0;
            for (int64_t c = 0; c < chunks; ++c) s += psum[c];
            y[o] = (float)(op == SK_REDUCE_MEAN ? s / (double)len : s);
        }
    }
}

/* inner > 1: each task reduces a block of up to kColBlock columns of one outer slice, reading rows of
 * x contiguously (the column loop vectorizes). */
void reduce_columns(float* y, int32_t* argmax, const float* x, int64_t outer, int64_t len, int64_t inner, int op) {
    int64_t blocks = (inner + kColBlock - 1) / kColBlock;
    sk_parallel_for(0, outer * blocks, outer * len * inner > kParallelMin, [&](int64_t t) {
        int64_t o = t / blocks, i0 = (t % blocks) * kColBlock, w = std::min(kColBlock, inner - i0);
        const float* base = x + o * len * inner + i0;
        float* yo = y + o * inner + i0;
        if (op == SK_REDUCE_MAX) {
            float best[kColBlock];
            int32_t bi[kColBlock];
            for (int64_t j = 0; j < w; ++j) {
                best[j] = base[j];
                bi[j] = 0;
            }
            for (int64_t l = 1; l < len; ++l) {
                const float* row = base + l * inner;
                for (int64_t j = 0; j < w; ++j) {
                    float v = row[j];
                    /* strictly greater, or the first NaN of a column that has none yet */
                    if (v > best[j] || (v != v && best[j] == best[j])) {
                        best[j] = v;
                        bi[j] = (int32_t)l;
                    }
                }
            }
            for (int64_t j = 0; j < w; ++j) {
                yo[j] = best[j];
                argmax[o * inner + i0 + j] = bi[j];
            }
        } else {
            double acc[kColBlock];
            for (int64_t j = 0; j < w; ++j) acc[j] = 0;
            for (int64_t l = 0; l < len; ++l) {
                const float* row = base + l * inner;
                for (int64_t j = 0; j < w; ++j) acc[j] += (double)row[j];
            }
            for (int64_t j = 0; j < w; ++j) yo[j] = (float)(op == SK_REDUCE_MEAN ? acc[j] / (double)len : acc[j]);
        }
    });
}
}  // namespace

sk_status reduce_forward_cpu(float* y, int32_t* argmax, const float* x, int64_t outer, int64_t len, int64_t inner,
                             int op) {
    if (len == 0) {   /* only SUM gets here: the empty sum */
        std::fill(y, y + outer * inner, 0.0f);
        return SK_OK;
    }
    if (inner == 1) reduce_rows(y, argmax, x, outer, len, op);
    else reduce_columns(y, argmax, x, outer, len, inner, op);
    return SK_OK;
}

sk_status reduce_backward_cpu(float* dx, const float* dy, const int32_t* argmax, int64_t outer, int64_t len,
                              int64_t inner, int op) {
    const float flen = (float)len;
    sk_parallel_for(0, outer * len, outer * len * inner > kParallelMin, [&](int64_t r) {
        int64_t o = r / len, l = r % len;
        const float* g = dy + o * inner;
        float* d = dx + r * inner;
        if (op == SK_REDUCE_SUM) {
            for (int64_t i = 0; i < inner; ++i) d[i] = g[i];
        } else if (op == SK_REDUCE_MEAN) {
            for (int64_t i = 0; i < inner; ++i) d[i] = g[i] / flen;
        } else {
            const int32_t* a = argmax + o * inner;
            for (int64_t i = 0; i < inner; ++i) d[i] = a[i] == l ? g[i] : 0.0f;
        }
    });
    return SK_OK;
}
