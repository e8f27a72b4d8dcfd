/* native/src/cpu/embedding.cpp — K12 embedding lookup with optional differentiable max-norm, on the CPU.
 * table (num, dim), idx int32 (n, validated), y / dy (n, dim). Formulas: gather_scatter_math.h.
 *   forward:  y[r,:] = c * table[idx[r],:], c = max_norm / ||row|| when the row is clipped, else a copy.
 *             Squared norms in double. Overwrites y.
 *   backward: dtable[k,:] += J_k G_k with G_k = sum of dy[r,:] over r with idx[r] = k, taken in
 *             increasing r (stable counting sort, index_csr_cpu) and summed in double; for a clipped row
 *             J_k G = c (G - e (e . G) / ||e||^2), else G. Parallel over table rows (one thread per row):
 *             deterministic. Accumulates into dtable (a parameter gradient). */
#include <omp.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "gather_scatter_math.h"
#include "kernels.h"
#include "parallel.h"

namespace {
constexpr int64_t kParallelMin = 1 << 15;

double squared_norm(const float* e, int64_t dim) {
    double s = 0.0;
    for (int64_t d = 0; d < dim; ++d) s += (double)e[d] * (double)e[d];
    return s;
}
}  // namespace

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
    std::vector<int64_t> offsets((size_t)num + 1), perm((size_t)n);
    index_csr_cpu(offsets.data(), perm.data(), idx, n, num);
    const bool on = embedding_max_norm_on(max_norm);
    const bool parallel = n * dim > kParallelMin;
    std::vector<double> gbuf((size_t)(dim * (parallel ? omp_get_max_threads() : 1)));   /* one row per thread */
    sk_parallel_for(0, num, parallel, [&](int64_t k) {
        const int64_t j0 = offsets[(size_t)k], j1 = offsets[(size_t)k + 1];
        if (j0 == j1) return;
        double* g = gbuf.data() + (size_t)omp_get_thread_num() * (size_t)dim;
        for (int64_t d = 0; d < dim; ++d) g[d] = 0.0;
        for (int64_t j = j0; j < j1; ++j) {
            const float* in = dy + perm[(size_t)j] * dim;
            for (int64_t d = 0; d < dim; ++d) g[d] += (double)in[d];
        }
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
