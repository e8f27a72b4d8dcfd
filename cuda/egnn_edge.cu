/* cuda/egnn_edge.cu — K15 egnn_edge / egnn_coord on CUDA (contract: symkern.h; CPU twin:
 * native/src/cpu/egnn_edge.cpp). x (B, n, dim); d2, phi, dphi (B, n, n); diff (B, n, n, dim).
 *   egnn_edge_forward_kernel1    one thread per pair (b, i, j): d2_ij and (optionally) diff_ij.
 *   egnn_edge_backward_kernel1   one thread per dx[b,i,c]: gathers over j,
 *                                sum_j 2 (dd2_ij + dd2_ji)(x_i - x_j)_c + ddiff_ijc - ddiff_jic.
 *   egnn_coord_forward_kernel1   one thread per xout[b,i,c]: x_ic + scale sum_{j!=i} (x_ic - x_jc) phi_ij.
 *   egnn_coord_dx_kernel1        one thread per dx[b,i,c]: dxout_ic (1 + scale sum_{j!=i} phi_ij)
 *                                - scale sum_{j!=i} phi_ji dxout_jc.
 *   egnn_coord_dphi_kernel1      one thread per pair: scale dxout_i . (x_i - x_j), 0 on the diagonal.
 * Every output element is written by one thread from a fixed-order loop: no atomics, deterministic; all
 * outputs are overwritten. Napkin math: the pair maps dominate (B n^2 floats read or written once, x rows
 * come from L1/L2), so these are memory-bound: B = 64, n = 100 moves ~2.6 MB per call. */
#include "common.cuh"
#include "kernels.h"

namespace {
constexpr int kBlock = 256;

__global__ void egnn_edge_forward_kernel1(float* d2, float* diff, const float* x, int64_t batch, int64_t n,
                                          int64_t dim) {
    const int64_t total = batch * n * n;
    for (int64_t p = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; p < total; p += (int64_t)gridDim.x * blockDim.x) {
        const int64_t j = p % n, bi = p / n, b = bi / n;
        const float* xi = x + bi * dim;
        const float* xj = x + (b * n + j) * dim;
        float s = 0.0f;
        for (int64_t c = 0; c < dim; ++c) {
            const float v = xi[c] - xj[c];
            s += v * v;
            if (diff) diff[p * dim + c] = v;
        }
        d2[p] = s;
    }
}

__global__ void egnn_edge_backward_kernel1(float* dx, const float* dd2, const float* ddiff, const float* x,
                                           int64_t batch, int64_t n, int64_t dim) {
    const int64_t total = batch * n * dim;
    for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < total; e += (int64_t)gridDim.x * blockDim.x) {
        const int64_t c = e % dim, bi = e / dim, i = bi % n, b = bi / n;
        const float xi = x[e];
        float acc = 0.0f;
        for (int64_t j = 0; j < n; ++j) {
            const int64_t bj = b * n + j;
            if (dd2) acc += 2.0f * (dd2[bi * n + j] + dd2[bj * n + i]) * (xi - x[bj * dim + c]);
            if (ddiff) acc += ddiff[(bi * n + j) * dim + c] - ddiff[(bj * n + i) * dim + c];
        }
        dx[e] = acc;
    }
}

__global__ void egnn_coord_forward_kernel1(float* xout, const float* x, const float* phi, int64_t batch, int64_t n,
                                           int64_t dim, float scale) {
    const int64_t total = batch * n * dim;
    for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < total; e += (int64_t)gridDim.x * blockDim.x) {
        const int64_t c = e % dim, bi = e / dim, i = bi % n, b = bi / n;
        const float xi = x[e];
        float acc = 0.0f;
        for (int64_t j = 0; j < n; ++j)
            if (j != i) acc += (xi - x[(b * n + j) * dim + c]) * phi[bi * n + j];
        xout[e] = xi + scale * acc;
    }
}

__global__ void egnn_coord_dx_kernel1(float* dx, const float* dxout, const float* phi, int64_t batch, int64_t n,
                                      int64_t dim, float scale) {
    const int64_t total = batch * n * dim;
    for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < total; e += (int64_t)gridDim.x * blockDim.x) {
        const int64_t c = e % dim, bi = e / dim, i = bi % n, b = bi / n;
        float rowsum = 0.0f, acc = 0.0f;
        for (int64_t j = 0; j < n; ++j) {
            if (j == i) continue;
            const int64_t bj = b * n + j;
            rowsum += phi[bi * n + j];
            acc -= phi[bj * n + i] * dxout[bj * dim + c];
        }
        dx[e] = dxout[e] * (1.0f + scale * rowsum) + scale * acc;
    }
}

__global__ void egnn_coord_dphi_kernel1(float* dphi, const float* dxout, const float* x, int64_t batch, int64_t n,
                                        int64_t dim, float scale) {
    const int64_t total = batch * n * n;
    for (int64_t p = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; p < total; p += (int64_t)gridDim.x * blockDim.x) {
        const int64_t j = p % n, bi = p / n, i = bi % n, b = bi / n;
        float s = 0.0f;
        if (j != i) {
            const float* xi = x + bi * dim;
            const float* xj = x + (b * n + j) * dim;
            const float* g = dxout + bi * dim;
            for (int64_t c = 0; c < dim; ++c) s += g[c] * (xi[c] - xj[c]);
        }
        dphi[p] = scale * s;
    }
}
}  // namespace

sk_status egnn_edge_forward_cuda(float* d2, float* diff, const float* x, int64_t batch, int64_t n, int64_t dim) {
    SK_LAUNCH(egnn_edge_forward_kernel1, sk_grid_1d(batch * n * n, kBlock), kBlock, d2, diff, x, batch, n, dim);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status egnn_edge_backward_cuda(float* dx, const float* dd2, const float* ddiff, const float* x, int64_t batch,
                                  int64_t n, int64_t dim) {
    SK_LAUNCH(egnn_edge_backward_kernel1, sk_grid_1d(batch * n * dim, kBlock), kBlock, dx, dd2, ddiff, x, batch, n, dim);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status egnn_coord_forward_cuda(float* xout, const float* x, const float* phi, int64_t batch, int64_t n,
                                  int64_t dim, float scale) {
    SK_LAUNCH(egnn_coord_forward_kernel1, sk_grid_1d(batch * n * dim, kBlock), kBlock, xout, x, phi, batch, n, dim, scale);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status egnn_coord_backward_cuda(float* dx, float* dphi, const float* dxout, const float* x, const float* phi,
                                   int64_t batch, int64_t n, int64_t dim, float scale) {
    if (dx && batch * n * dim > 0) {
        SK_LAUNCH(egnn_coord_dx_kernel1, sk_grid_1d(batch * n * dim, kBlock), kBlock, dx, dxout, phi, batch, n, dim, scale);
        SK_CUDA_LAUNCH_CHECK();
    }
    if (dphi) {
        SK_LAUNCH(egnn_coord_dphi_kernel1, sk_grid_1d(batch * n * n, kBlock), kBlock, dphi, dxout, x, batch, n, dim, scale);
        SK_CUDA_LAUNCH_CHECK();
    }
    return SK_OK;
}
