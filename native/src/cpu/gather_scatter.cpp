/* native/src/cpu/gather_scatter.cpp — K12 gather / scatter-add of rows on the CPU, plus the index helpers
 * shared with the embedding (index_check_cpu, index_csr_cpu).
 *   gather_rows:      y (n, dim)[r,:] = x[idx[r],:]; parallel over r; overwrites y.
 *   scatter_add_rows: y (dst_rows, dim)[idx[r],:] += x (n, dim)[r,:]; accumulates into y.
 *     DETERMINISTIC: a stable counting sort of r by idx[r] (index_csr_cpu) gives each destination its
 *       sources in increasing r; each destination row is summed in double by one thread and added to y
 *       once. Parallel over destinations; the result does not depend on the thread count.
 *     ATOMIC: on the CPU simply the serial loop y[idx[r],:] += x[r,:] in increasing r (float adds).
 * Indices are validated before these run (index_check_cpu, called by the ABI entry points). */
#include <omp.h>

#include <cstring>
#include <vector>

#include "gather_scatter_math.h"
#include "kernels.h"
#include "parallel.h"

namespace {
constexpr int64_t kParallelMin = 1 << 15;
}

sk_status index_check_cpu(const char* fn, const int32_t* idx, int64_t n, int64_t limit) {
    for (int64_t r = 0; r < n; ++r)
        if (idx[r] < 0 || idx[r] >= limit) return index_error(fn, r, idx[r], limit);
    return SK_OK;
}

void index_csr_cpu(int64_t* offsets, int64_t* perm, const int32_t* idx, int64_t n, int64_t num) {
    for (int64_t t = 0; t <= num; ++t) offsets[t] = 0;
    for (int64_t r = 0; r < n; ++r) ++offsets[idx[r] + 1];
    for (int64_t t = 0; t < num; ++t) offsets[t + 1] += offsets[t];
    std::vector<int64_t> cursor(offsets, offsets + num);
    for (int64_t r = 0; r < n; ++r) perm[cursor[(size_t)idx[r]]++] = r;   /* increasing r: stable */
}

sk_status gather_rows_cpu(float* y, const float* x, const int32_t* idx, int64_t n, int64_t dim) {
    sk_parallel_for(0, n, n * dim > kParallelMin, [&](int64_t r) {
        std::memcpy(y + r * dim, x + (int64_t)idx[r] * dim, (size_t)dim * sizeof(float));
    });
    return SK_OK;
}

sk_status scatter_add_rows_cpu(float* y, const float* x, const int32_t* idx, int64_t n, int64_t dst_rows,
                               int64_t dim, int mode) {
    if (mode == SK_SCATTER_ATOMIC) {
        for (int64_t r = 0; r < n; ++r) {
            float* out = y + (int64_t)idx[r] * dim;
            const float* in = x + r * dim;
            for (int64_t d = 0; d < dim; ++d) out[d] += in[d];
        }
        return SK_OK;
    }
    std::vector<int64_t> offsets((size_t)dst_rows + 1), perm((size_t)n);
    index_csr_cpu(offsets.data(), perm.data(), idx, n, dst_rows);
    const bool parallel = n * dim > kParallelMin;
    std::vector<double> acc((size_t)(dim * (parallel ? omp_get_max_threads() : 1)));   /* one row per thread */
    sk_parallel_for(0, dst_rows, parallel, [&](int64_t t) {
        const int64_t j0 = offsets[(size_t)t], j1 = offsets[(size_t)t + 1];
        if (j0 == j1) return;
        double* a = acc.data() + (size_t)omp_get_thread_num() * (size_t)dim;
        for (int64_t d = 0; d < dim; ++d) a[d] = 0.0;
        for (int64_t j = j0; j < j1; ++j) {
            const float* in = x + perm[(size_t)j] * dim;
            for (int64_t d = 0; d < dim; ++d) a[d] += (double)in[d];
        }
        float* out = y + t * dim;
        for (int64_t d = 0; d < dim; ++d) out[d] = (float)((double)out[d] + a[d]);
    });
    return SK_OK;
}
