/* cuda/orbit_linear.cu — K13 orbit_linear on CUDA (contract: symkern.h; CPU twin: native/src/cpu/orbit_linear.cpp).
 * x (B, n, din), y/dy (B, n, dout), cat (n, n), c(i, j) = cat[i*n + j]; forward overwrites y, backward
 * overwrites dx and accumulates (+=) into dW, dalpha, dbias. No float atomics: every output element is
 * summed by one thread (or one warp) in a fixed order.
 * Full variant:
 *   orbit_linear_forward_kernel1   one thread per y[b,i,o]: sum_j sum_d x[b,j,d] W[c(i,j),d,o] + bias; the
 *                                  x reads are warp broadcasts, the W reads coalesced over o.
 *   orbit_linear_dx_kernel1        one warp per dx[b,j,d]: lanes stride over o of dy[b,i,:] . W[c(i,j),d,:].
 *   orbit_linear_dw_kernel1        one thread per dW[k,d,o]: pairs of category k in flat order (cub-sorted
 *                                  once per call, cuda/orbit_index.cuh), then b: x[b,j,d] dy[b,i,o].
 * Separable variant (gemm_cuda for the dense products, A[i,j] = alpha[c(i,j)]):
 *   y[b] = A (x W)[b];  dxw[b] = A^T dy[b];  dx = dxw W^T;  dW += x^T dxw;
 *   orbit_linear_pair_dot_kernel1  one warp per pair (i, j): sum_b dy[b,i,:] . xw[b,j,:];
 *   orbit_linear_dalpha_kernel1    one thread per category: the pair values in flat order.
 * Bias: orbit_linear_bias_kernel1 adds it; orbit_linear_dbias_kernel1, one thread per dbias[o,c], sums
 * i (increasing, node_orbit(i) = o) then b.
 * Napkin math: the full forward does 2 B n^2 din dout flops with broadcast x reads, i.e. it is FMA-bound
 * (B = 64, n = 10, din = dout = 128: 0.2 GFLOP, ~0.1 ms on an A100); it does not group pairs by category
 * as the CPU does. The separable path is two gemms plus O(B n^2 dout). kernels-test: orbit_linear_test. */
#include "kernels.h"
#include "orbit_index.cuh"

namespace {
const char* const kFwd = "orbit_linear_forward";
const char* const kBwd = "orbit_linear_backward";
const char* const kSepFwd = "orbit_linear_sep_forward";
const char* const kSepBwd = "orbit_linear_sep_backward";

sk_status check_tables(const char* fn, const int32_t* cat, const int32_t* node_orbit, int64_t n, int64_t num_cat,
                       int64_t num_orbits, OrbitScratch& s) {
    OrbitIdTable t[] = {{cat, n * n, num_cat, "cat"}, {node_orbit, node_orbit ? n : 0, num_orbits, "node_orbit"}};
    return orbit_check_tables_cuda(fn, t, 2, nullptr, 0, 0, s);
}

__global__ void orbit_linear_forward_kernel1(float* y, const float* x, const float* w, const float* bias,
                                             const int32_t* cat, const int32_t* node_orbit, int64_t batch, int64_t n,
                                             int64_t din, int64_t dout) {
    const int64_t total = batch * n * dout;
    for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < total; e += (int64_t)gridDim.x * blockDim.x) {
        const int64_t o = e % dout, bi = e / dout, i = bi % n, b = bi / n;
        float acc = bias ? bias[(int64_t)node_orbit[i] * dout + o] : 0.0f;
        for (int64_t j = 0; j < n; ++j) {
            const float* xr = x + (b * n + j) * din;
            const float* wk = w + (int64_t)cat[i * n + j] * din * dout + o;
            for (int64_t d = 0; d < din; ++d) acc += xr[d] * wk[d * dout];
        }
        y[e] = acc;
    }
}

__global__ void orbit_linear_dx_kernel1(float* dx, const float* dy, const float* w, const int32_t* cat, int64_t batch,
                                        int64_t n, int64_t din, int64_t dout) {
    const int lane = threadIdx.x & 31;
    const int64_t warps = (int64_t)gridDim.x * (blockDim.x >> 5), total = batch * n * din;
    for (int64_t e = (blockIdx.x * (int64_t)blockDim.x + threadIdx.x) >> 5; e < total; e += warps) {
        const int64_t d = e % din, bj = e / din, j = bj % n, b = bj / n;
        float acc = 0.0f;
        for (int64_t i = 0; i < n; ++i) {
            const float* g = dy + (b * n + i) * dout;
            const float* wr = w + ((int64_t)cat[i * n + j] * din + d) * dout;
            for (int64_t o = lane; o < dout; o += 32) acc += g[o] * wr[o];
        }
        acc = sk_warp_sum(acc);
        if (lane == 0) dx[e] = acc;
    }
}

__global__ void orbit_linear_dw_kernel1(float* dw, const float* dy, const float* x, const int32_t* perm,
                                        const int32_t* seg, int64_t batch, int64_t n, int64_t din, int64_t dout,
                                        int64_t num_cat) {
    const int64_t total = num_cat * din * dout;
    for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < total; e += (int64_t)gridDim.x * blockDim.x) {
        const int64_t o = e % dout, d = (e / dout) % din, k = e / (din * dout);
        float acc = 0.0f;
        for (int32_t q = seg[k]; q < seg[k + 1]; ++q) {
            const int64_t p = perm[q], i = p / n, j = p % n;
            for (int64_t b = 0; b < batch; ++b) acc += x[(b * n + j) * din + d] * dy[(b * n + i) * dout + o];
        }
        dw[e] += acc;
    }
}

__global__ void orbit_linear_bias_kernel1(float* y, const float* bias, const int32_t* node_orbit, int64_t batch,
                                          int64_t n, int64_t dout) {
    const int64_t total = batch * n * dout;
    for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < total; e += (int64_t)gridDim.x * blockDim.x)
        y[e] += bias[(int64_t)node_orbit[(e / dout) % n] * dout + e % dout];
}

__global__ void orbit_linear_dbias_kernel1(float* dbias, const float* dy, const int32_t* node_orbit, int64_t batch,
                                           int64_t n, int64_t dout, int64_t num_orbits) {
    const int64_t total = num_orbits * dout;
    for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < total; e += (int64_t)gridDim.x * blockDim.x) {
        const int64_t o = e / dout, c = e % dout;
        float acc = 0.0f;
        for (int64_t i = 0; i < n; ++i)
            if (node_orbit[i] == o)
                for (int64_t b = 0; b < batch; ++b) acc += dy[(b * n + i) * dout + c];
        dbias[e] += acc;
    }
}

__global__ void orbit_linear_mixing_kernel1(float* a, const float* alpha, const int32_t* cat, int64_t count) {
    for (int64_t p = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; p < count; p += (int64_t)gridDim.x * blockDim.x)
        a[p] = alpha[cat[p]];
}

__global__ void orbit_linear_pair_dot_kernel1(float* da, const float* dy, const float* xw, int64_t batch, int64_t n,
                                              int64_t dout) {
    const int lane = threadIdx.x & 31;
    const int64_t warps = (int64_t)gridDim.x * (blockDim.x >> 5);
    for (int64_t p = (blockIdx.x * (int64_t)blockDim.x + threadIdx.x) >> 5; p < n * n; p += warps) {
        const int64_t i = p / n, j = p % n;
        float acc = 0.0f;
        for (int64_t b = 0; b < batch; ++b) {
            const float* g = dy + (b * n + i) * dout;
            const float* v = xw + (b * n + j) * dout;
            for (int64_t c = lane; c < dout; c += 32) acc += g[c] * v[c];
        }
        acc = sk_warp_sum(acc);
        if (lane == 0) da[p] = acc;
    }
}

__global__ void orbit_linear_dalpha_kernel1(float* dalpha, const float* da, const int32_t* perm, const int32_t* seg,
                                            int64_t num_cat) {
    for (int64_t k = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; k < num_cat; k += (int64_t)gridDim.x * blockDim.x) {
        float acc = 0.0f;
        for (int32_t q = seg[k]; q < seg[k + 1]; ++q) acc += da[perm[q]];
        dalpha[k] += acc;
    }
}

/* Grid for one warp per item. */
unsigned int warp_grid(int64_t items) { return sk_grid_1d(items * 32, 256); }

sk_status add_bias(float* y, const float* bias, const int32_t* node_orbit, int64_t batch, int64_t n, int64_t dout) {
    SK_LAUNCH(orbit_linear_bias_kernel1, sk_grid_1d(batch * n * dout, 256), 256, y, bias, node_orbit, batch, n, dout);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status bias_backward(float* dbias, const float* dy, const int32_t* node_orbit, int64_t batch, int64_t n,
                        int64_t dout, int64_t num_orbits) {
    if (num_orbits * dout == 0) return SK_OK;
    SK_LAUNCH(orbit_linear_dbias_kernel1, sk_grid_1d(num_orbits * dout, 256), 256, dbias, dy, node_orbit, batch, n, dout,
                                                                            num_orbits);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status mixing_matrix(float** a, const float* alpha, const int32_t* cat, int64_t n, OrbitScratch& s) {
    SK_RETURN_IF_ERROR(s.alloc(a, n * n));
    SK_LAUNCH(orbit_linear_mixing_kernel1, sk_grid_1d(n * n, 256), 256, *a, alpha, cat, n * n);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}
}  // namespace

sk_status orbit_linear_forward_cuda(float* y, const float* x, const float* w, const float* bias, const int32_t* cat,
                                    const int32_t* node_orbit, int64_t batch, int64_t n, int64_t din, int64_t dout,
                                    int64_t num_cat, int64_t num_orbits) {
    OrbitScratch s;
    SK_RETURN_IF_ERROR(check_tables(kFwd, cat, bias ? node_orbit : nullptr, n, num_cat, num_orbits, s));
    SK_LAUNCH(orbit_linear_forward_kernel1, sk_grid_1d(batch * n * dout, 256), 256, y, x, w, bias, cat, node_orbit, batch, n,
                                                                             din, dout);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status orbit_linear_backward_cuda(float* dx, float* dw, float* dbias, const float* dy, const float* x,
                                     const float* w, const int32_t* cat, const int32_t* node_orbit, int64_t batch,
                                     int64_t n, int64_t din, int64_t dout, int64_t num_cat, int64_t num_orbits) {
    OrbitScratch s;
    SK_RETURN_IF_ERROR(check_tables(kBwd, cat, dbias ? node_orbit : nullptr, n, num_cat, num_orbits, s));
    if (dx && batch * n * din > 0) {
        SK_LAUNCH(orbit_linear_dx_kernel1, warp_grid(batch * n * din), 256, dx, dy, w, cat, batch, n, din, dout);
        SK_CUDA_LAUNCH_CHECK();
    }
    if (dw && num_cat * din * dout > 0) {
        int32_t *perm, *seg;
        SK_RETURN_IF_ERROR(s.alloc(&perm, n * n));
        SK_RETURN_IF_ERROR(s.alloc(&seg, num_cat + 1));
        SK_RETURN_IF_ERROR(orbit_group_by_key_cuda(perm, seg, cat, n * n, num_cat, s));
        SK_LAUNCH(orbit_linear_dw_kernel1, sk_grid_1d(num_cat * din * dout, 256), 256, dw, dy, x, perm, seg, batch, n, din,
                                                                                dout, num_cat);
        SK_CUDA_LAUNCH_CHECK();
    }
    if (dbias) SK_RETURN_IF_ERROR(bias_backward(dbias, dy, node_orbit, batch, n, dout, num_orbits));
    return SK_OK;
}

sk_status orbit_linear_sep_forward_cuda(float* y, const float* x, const float* alpha, const float* w,
                                        const float* bias, const int32_t* cat, const int32_t* node_orbit,
                                        int64_t batch, int64_t n, int64_t din, int64_t dout, int64_t num_cat,
                                        int64_t num_orbits) {
    OrbitScratch s;
    SK_RETURN_IF_ERROR(check_tables(kSepFwd, cat, bias ? node_orbit : nullptr, n, num_cat, num_orbits, s));
    float *a, *xw;
    SK_RETURN_IF_ERROR(mixing_matrix(&a, alpha, cat, n, s));
    SK_RETURN_IF_ERROR(s.alloc(&xw, batch * n * dout));
    SK_RETURN_IF_ERROR(gemm_cuda(xw, x, w, 1, batch * n, dout, din, 0, 0, 0, 0, 0, 1.0f, 0.0f));
    SK_RETURN_IF_ERROR(gemm_cuda(y, a, xw, batch, n, dout, n, 0, n * dout, n * dout, 0, 0, 1.0f, 0.0f));
    if (bias) SK_RETURN_IF_ERROR(add_bias(y, bias, node_orbit, batch, n, dout));
    return SK_OK;
}

sk_status orbit_linear_sep_backward_cuda(float* dx, float* dalpha, float* dw, float* dbias, const float* dy,
                                         const float* x, const float* alpha, const float* w, const int32_t* cat,
                                         const int32_t* node_orbit, int64_t batch, int64_t n, int64_t din,
                                         int64_t dout, int64_t num_cat, int64_t num_orbits) {
    OrbitScratch s;
    SK_RETURN_IF_ERROR(check_tables(kSepBwd, cat, dbias ? node_orbit : nullptr, n, num_cat, num_orbits, s));
    const int64_t rows = batch * n;
    if ((dx || dw) && rows > 0 && dout > 0) {
        float *a, *dxw;
        SK_RETURN_IF_ERROR(mixing_matrix(&a, alpha, cat, n, s));
        SK_RETURN_IF_ERROR(s.alloc(&dxw, rows * dout));
        SK_RETURN_IF_ERROR(gemm_cuda(dxw, a, dy, batch, n, dout, n, 0, n * dout, n * dout, 1, 0, 1.0f, 0.0f));
        if (dx && din > 0) SK_RETURN_IF_ERROR(gemm_cuda(dx, dxw, w, 1, rows, din, dout, 0, 0, 0, 0, 1, 1.0f, 0.0f));
        if (dw && din > 0) SK_RETURN_IF_ERROR(gemm_cuda(dw, x, dxw, 1, din, dout, rows, 0, 0, 0, 1, 0, 1.0f, 1.0f));
    } else if (dx && rows * din > 0) {
        SK_CUDA_TRY(cudaMemsetAsync(dx, 0, (size_t)(rows * din) * sizeof(float), 0));
    }
    if (dalpha && rows > 0 && dout > 0) {
        float *xw, *da;
        int32_t *perm, *seg;
        SK_RETURN_IF_ERROR(s.alloc(&xw, rows * dout));
        SK_RETURN_IF_ERROR(s.alloc(&da, n * n));
        SK_RETURN_IF_ERROR(gemm_cuda(xw, x, w, 1, rows, dout, din, 0, 0, 0, 0, 0, 1.0f, 0.0f));
        SK_LAUNCH(orbit_linear_pair_dot_kernel1, warp_grid(n * n), 256, da, dy, xw, batch, n, dout);
        SK_CUDA_LAUNCH_CHECK();
        SK_RETURN_IF_ERROR(s.alloc(&perm, n * n));
        SK_RETURN_IF_ERROR(s.alloc(&seg, num_cat + 1));
        SK_RETURN_IF_ERROR(orbit_group_by_key_cuda(perm, seg, cat, n * n, num_cat, s));
        SK_LAUNCH(orbit_linear_dalpha_kernel1, sk_grid_1d(num_cat, 256), 256, dalpha, da, perm, seg, num_cat);
        SK_CUDA_LAUNCH_CHECK();
    }
    if (dbias) SK_RETURN_IF_ERROR(bias_backward(dbias, dy, node_orbit, batch, n, dout, num_orbits));
    return SK_OK;
}
