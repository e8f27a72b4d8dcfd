/* native/src/cpu/gather_scatter.cpp — K12 row gather / scatter-add and the embedding lookup on the CPU.
 *   gather_rows:      y (n, dim)[r,:] = x[idx[r],:]; parallel over r; overwrites y.
 *   scatter_add_rows: y (dst_rows, dim)[idx[r],:] += x (n, dim)[r,:]; accumulates into y.
 *     DETERMINISTIC: sum_by_destination below; each destination's sum is added to y once.
 *     ATOMIC: on the CPU simply the serial loop y[idx[r],:] += x[r,:] in increasing r (float adds).
 *   embedding_forward:  y[r,:] = c * table[idx[r],:], c = max_norm / ||row|| for a clipped row, else a
 *     copy (gather_scatter_math.h); squared norms in double. Overwrites y.
 *   embedding_backward: dtable[k,:] += J_k G_k, G_k = sum_by_destination of dy; for a clipped row
 *     J_k G = c (G - e (e . G) / ||e||^2), else G. Accumulates into dtable (a parameter gradient).
 * sum_by_destination: a stable counting sort of r by idx[r] gives each destination its sources in
 * increasing r (CSR); one thread sums a destination's rows in double, so results do not depend on the
 * thread count. Indices are validated before these run (index_check_cpu, called by the ABI entry points). */
#include <omp.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "gather_scatter_math.h"
#include "kernels.h"
#include "parallel.h"

namespace {
constexpr int64_t kParallelMin = 1 << 15;

/* For every destination t in [0, num) that some idx[r] points at: g (dim doubles) = sum over those r, in
 * increasing r, of src[r,:]; then body(t, g). Parallel over destinations when the work is large. */
template <typename Body>
void sum_by_destination(const float* src, const int32_t* idx, int64_t n, int64_t num, int64_t dim, Body&& body) {
    std::vector<int64_t> offsets((size_t)num + 1, 0), perm((size_t)n);
    for (int64_t r = 0; r < n; ++r) ++offsets[(size_t)idx[r] + 1];
    for (int64_t t = 0; t < num; ++t) offsets[(size_t)t + 1] += offsets[(size_t)t];
    std::vector<int64_t> cursor(offsets.begin(), offsets.end() - 1);
    for (int64_t r = 0; r < n; ++r) perm[(size_t)cursor[(size_t)idx[r]]++] = r;   /* increasing r: stable */
    const bool parallel = n * dim > kParallelMin;
    std::vector<double> acc((size_t)(dim * (parallel ? omp_get_max_threads() : 1)));   /* one row per thread */
    sk_parallel_for(0, num, parallel, [&](int64_t t) {
        const int64_t j0 = offsets[(size_t)t], j1 = offsets[(size_t)t + 1];
        if (j0 == j1) return;
        double* g = acc.data() + (size_t)omp_get_thread_num() * (size_t)dim;
        for (int64_t d = 0; d < dim; ++d) g[d] = 0.0;
        for (int64_t j = j0; j < j1; ++j) {
            const float* in = src + perm[(size_t)j] * dim;
            for (int64_t d = 0; d < dim; ++d) g[d] += (double)in[d];
        }
        body(t, g);
    });
}

double squared_norm(const float* e, int64_t dim) {
    double s = 0.0;
    for (int64_t d = 0; d < dim; ++d) s += (double)e[d] * (double)e[d];
    return s;
}
}  // namespace

sk_status index_check_cpu(const char* fn, const int32_t* idx, int64_t n, int64_t limit) {
    for (int64_t r = 0; r < n; ++r)
        if (idx[r] < 0 || idx[r] >= limit) return index_error(fn, r, idx[r], limit);
    return SK_OK;
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
    sum_by_destination(x, idx, n, dst_rows, dim, [&](int64_t t, const double* g) {
        float* out = y + t * dim;
        for (int64_t d = 0; d < dim; ++d) out[d] = (float)((double)out[d] + g[d]);
    });
    return SK_OK;
}

sk_status embedding_forward_cpu(float* y, const float* table, const int32_t* idx, int64_t n, int64_t dim,
                                float max_norm) {
    const bool on = embedding_max_norm_on(max_norm);
    sk_parallel_for(0, n, n * dim > kParallelMin, [&](int64_t r) {
        const float* e = table + (int64_t)idx[r] * dim;
        float* out = y + r * dim;
        const double nsq = on ? squared_norm(e, dim) : 0.0;
        if (embedding_clipped(nsq, max_norm)) {
            const double c = embedding_scale(nsq, max_norm);
            for (int64_t d = 0; d < dim; ++d) out[d] = (float)((double)e[d] * c);
        } else {
            std::memcpy(out, e, (size_t)dim * sizeof(float));
        }
    });
    return SK_OK;
}

sk_status embedding_backward_cpu(float* dtable, const float* dy, const float* table, const int32_t* idx, int64_t n,
                                 int64_t num, int64_t dim, float max_norm) {
    const bool on = embedding_max_norm_on(max_norm);
    sum_by_destination(dy, idx, n, num, dim, [&](int64_t k, const double* g) {
        const float* e = table + k * dim;
        float* out = dtable + k * dim;
        const double nsq = on ? squared_norm(e, dim) : 0.0;
        if (embedding_clipped(nsq, max_norm)) {
            double dot = 0.0;
            for (int64_t d = 0; d < dim; ++d) dot += (double)e[d] * g[d];
            const double c = embedding_scale(nsq, max_norm);
            for (int64_t d = 0; d < dim; ++d)
                out[d] = (float)((double)out[d] + embedding_grad(g[d], (double)e[d], c, dot, nsq));
        } else {
            for (int64_t d = 0; d < dim; ++d) out[d] = (float)((double)out[d] + g[d]);
        }
    });
    return SK_OK;
}
