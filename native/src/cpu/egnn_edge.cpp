/* native/src/cpu/egnn_edge.cpp — K15 egnn_edge / egnn_coord on the CPU (contract: symkern.h).
 * x (B, n, dim); d2, phi (B, n, n); diff (B, n, n, dim). Every output row (b, i) is computed by one task,
 * gathering over j (the transposed terms dd2_ji, ddiff_ji, phi_ji are read, never scattered): no atomics,
 * deterministic. Outputs are overwritten.
 *   d2_ij = ||x_i - x_j||^2, diff_ij = x_i - x_j
 *   dx_i  = sum_j 2 (dd2_ij + dd2_ji)(x_i - x_j) + sum_j (ddiff_ij - ddiff_ji)
 *   xout_i = x_i + scale sum_{j!=i} (x_i - x_j) phi_ij
 *   dx_i  = dxout_i (1 + scale sum_{j!=i} phi_ij) - scale sum_{j!=i} phi_ji dxout_j
 *   dphi_ij = scale dxout_i . (x_i - x_j) (j != i), dphi_ii = 0
 * Napkin math: O(B n^2 dim) flops over O(B n^2) bytes of pair maps: memory-bound on the pair maps. */
#include <vector>

#include "kernels.h"

sk_status egnn_edge_forward_cpu(float* d2, float* diff, const float* x, int64_t batch, int64_t n, int64_t dim) {
#pragma omp parallel for schedule(static) if (batch * n * n * (dim + 1) > (1 << 16))
    for (int64_t bi = 0; bi < batch * n; ++bi) {
        const int64_t b = bi / n;
        const float* xi = x + bi * dim;
        for (int64_t j = 0; j < n; ++j) {
            const float* xj = x + (b * n + j) * dim;
            float* dr = diff ? diff + (bi * n + j) * dim : nullptr;
            float s = 0.0f;
            for (int64_t c = 0; c < dim; ++c) {
                const float v = xi[c] - xj[c];
                s += v * v;
                if (dr) dr[c] = v;
            }
            d2[bi * n + j] = s;
        }
    }
    return SK_OK;
}

sk_status egnn_edge_backward_cpu(float* dx, const float* dd2, const float* ddiff, const float* x, int64_t batch,
                                 int64_t n, int64_t dim) {
#pragma omp parallel for schedule(static) if (batch * n * n * (dim + 1) > (1 << 16))
    for (int64_t bi = 0; bi < batch * n; ++bi) {
        const int64_t b = bi / n, i = bi % n;
        const float* xi = x + bi * dim;
        float* g = dx + bi * dim;
        for (int64_t c = 0; c < dim; ++c) g[c] = 0.0f;
        for (int64_t j = 0; j < n; ++j) {
            const int64_t bj = b * n + j;
            if (dd2) {
                const float w = 2.0f * (dd2[bi * n + j] + dd2[bj * n + i]);
                const float* xj = x + bj * dim;
                for (int64_t c = 0; c < dim; ++c) g[c] += w * (xi[c] - xj[c]);
            }
            if (ddiff) {
                const float* a = ddiff + (bi * n + j) * dim;
                const float* t = ddiff + (bj * n + i) * dim;
                for (int64_t c = 0; c < dim; ++c) g[c] += a[c] - t[c];
            }
        }
    }
    return SK_OK;
}

sk_status egnn_coord_forward_cpu(float* xout, const float* x, const float* phi, int64_t batch, int64_t n,
                                 int64_t dim, float scale) {
#pragma omp parallel if (batch * n * n * (dim + 1) > (1 << 16))
    {
        std::vector<float> acc((size_t)dim);
#pragma omp for schedule(static)
        for (int64_t bi = 0; bi < batch * n; ++bi) {
            const int64_t b = bi / n, i = bi % n;
            const float* xi = x + bi * dim;
            for (auto& v : acc) v = 0.0f;
            for (int64_t j = 0; j < n; ++j) {
                if (j == i) continue;
                const float p = phi[bi * n + j];
                const float* xj = x + (b * n + j) * dim;
                for (int64_t c = 0; c < dim; ++c) acc[(size_t)c] += (xi[c] - xj[c]) * p;
            }
            for (int64_t c = 0; c < dim; ++c) xout[bi * dim + c] = xi[c] + scale * acc[(size_t)c];
        }
    }
    return SK_OK;
}

sk_status egnn_coord_backward_cpu(float* dx, float* dphi, const float* dxout, const float* x, const float* phi,
                                  int64_t batch, int64_t n, int64_t dim, float scale) {
#pragma omp parallel for schedule(static) if (batch * n * n * (dim + 1) > (1 << 16))
    for (int64_t bi = 0; bi < batch * n; ++bi) {
        const int64_t b = bi / n, i = bi % n;
        const float* xi = x + bi * dim;
        const float* gi = dxout + bi * dim;
        if (dx) {
            float* g = dx + bi * dim;
            float rowsum = 0.0f;
            for (int64_t c = 0; c < dim; ++c) g[c] = 0.0f;
            for (int64_t j = 0; j < n; ++j) {
                if (j == i) continue;
                const int64_t bj = b * n + j;
                rowsum += phi[bi * n + j];
                const float p = phi[bj * n + i];
                const float* gj = dxout + bj * dim;
                for (int64_t c = 0; c < dim; ++c) g[c] -= p * gj[c];
            }
            for (int64_t c = 0; c < dim; ++c) g[c] = gi[c] * (1.0f + scale * rowsum) + scale * g[c];
        }
        if (dphi) {
            for (int64_t j = 0; j < n; ++j) {
                const float* xj = x + (b * n + j) * dim;
                float s = 0.0f;
                if (j != i)
                    for (int64_t c = 0; c < dim; ++c) s += gi[c] * (xi[c] - xj[c]);
                dphi[bi * n + j] = scale * s;
            }
        }
    }
    return SK_OK;
}
