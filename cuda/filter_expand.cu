/* cuda/filter_expand.cu — K8 filter_expand on CUDA, and the table helpers of filter_expand.cuh.
 *   w (co, ci, q), idx / coef (to, si, p, e) (coef NULL = all ones), w_exp / dw_exp (co, to, ci, si, p).
 *   filter_expand_forward_kernel1: one thread per w_exp element (grid-stride), fe_tap of filter_expand_math.h
 *       (the CPU's formula): w_exp[o, t, i, s, x] = sum_m coef[t, s, x, m] w[o, i, idx[t, s, x, m]]. Overwrites.
 *       Consecutive threads write consecutive taps (coalesced); the gathers hit one row w[o, i, :] (q floats,
 *       L1-resident) and the table (read-only cache).
 *   filter_expand_backward: the inverse table is built on the host (fe_cuda_inverse) and
 *       fe_gather_backward_kernel1 gives each dw element one thread that sums its entries in ascending
 *       (t, s, x, m) order and adds (+=): deterministic, no atomics.
 * idx is downloaded and range-checked on the host first (one synchronizing copy per call), giving the CPU's
 * SK_ERR_ARG message. Napkin math: 4 B written + 4 B (+ 8 B table) read per tap and entry — bandwidth-bound
 * and tiny next to the convolution it feeds. kernels-test: filter_expand_test. */
#include <vector>

#include "filter_expand.cuh"
#include "filter_expand_math.h"
#include "filter_expand_table.h"
#include "kernels.h"

namespace {
constexpr int kBlock = 256;

__global__ void filter_expand_forward_kernel1(float* __restrict__ w_exp, const float* __restrict__ w,
                                              const int32_t* __restrict__ idx, const float* __restrict__ coef,
                                              int64_t co, int64_t ci, int64_t q, int64_t to, int64_t si, int64_t p,
                                              int64_t e) {
    const int64_t sp = si * p, n = co * to * ci * sp;
    for (int64_t f = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; f < n; f += (int64_t)gridDim.x * blockDim.x) {
        const int64_t sx = f % sp, i = f / sp % ci, t = f / (sp * ci) % to, o = f / (sp * ci * to);
        const int64_t tab = (t * sp + sx) * e;
        w_exp[f] = fe_tap(w + (o * ci + i) * q, idx + tab, coef ? coef + tab : nullptr, e);
    }
}

__global__ void fe_gather_backward_kernel1(float* __restrict__ dw, const float* __restrict__ g,
                                           const int64_t* __restrict__ start, const int64_t* __restrict__ off,
                                           const float* __restrict__ coef, int64_t co, int64_t ci, int64_t q,
                                           int64_t to, int64_t sp) {
    const int64_t n = co * ci * q;
    for (int64_t f = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; f < n; f += (int64_t)gridDim.x * blockDim.x) {
        const int64_t j = f % q, i = f / q % ci, o = f / (q * ci);
        const float* base = g + (o * to * ci + i) * sp;
        float acc = 0.0f;
        for (int64_t m = start[j]; m < start[j + 1]; ++m) acc += coef[m] * base[off[m]];
        dw[f] += acc;
    }
}
}  // namespace

sk_status fe_cuda_check_idx(const char* fn, const int32_t* idx, int64_t to, int64_t si, int64_t p, int64_t e,
                            int64_t q) {
    std::vector<int32_t> host((size_t)(to * si * p * e));
    if (!host.empty()) SK_CUDA_TRY(cudaMemcpy(host.data(), idx, host.size() * sizeof(int32_t), cudaMemcpyDeviceToHost));
    return fe_check_idx(fn, host.data(), to, si, p, e, q);
}

sk_status fe_cuda_inverse(FeDeviceInverse* inv, const char* fn, const int32_t* idx, const float* coef, int64_t ci,
                          int64_t q, int64_t to, int64_t si, int64_t p, int64_t e) {
    const size_t n = (size_t)(to * si * p * e);
    std::vector<int32_t> hidx(n);
    std::vector<float> hcoef(coef ? n : 0);
    if (n > 0) {
        SK_CUDA_TRY(cudaMemcpy(hidx.data(), idx, n * sizeof(int32_t), cudaMemcpyDeviceToHost));
        if (coef) SK_CUDA_TRY(cudaMemcpy(hcoef.data(), coef, n * sizeof(float), cudaMemcpyDeviceToHost));
    }
    SK_RETURN_IF_ERROR(fe_check_idx(fn, hidx.data(), to, si, p, e, q));
    const FeInverse h = fe_inverse(hidx.data(), coef ? hcoef.data() : nullptr, ci, q, to, si, p, e);
    const size_t start_bytes = h.start.size() * sizeof(int64_t), off_bytes = n * sizeof(int64_t);
    SK_RETURN_IF_ERROR(inv->mem.alloc(start_bytes + off_bytes + n * sizeof(float)));
    char* base = static_cast<char*>(inv->mem.p);
    SK_CUDA_TRY(cudaMemcpy(base, h.start.data(), start_bytes, cudaMemcpyHostToDevice));
    if (n > 0) {
        SK_CUDA_TRY(cudaMemcpy(base + start_bytes, h.off.data(), off_bytes, cudaMemcpyHostToDevice));
        SK_CUDA_TRY(cudaMemcpy(base + start_bytes + off_bytes, h.coef.data(), n * sizeof(float), cudaMemcpyHostToDevice));
    }
    inv->start = reinterpret_cast<const int64_t*>(base);
    inv->off = reinterpret_cast<const int64_t*>(base + start_bytes);
    inv->coef = reinterpret_cast<const float*>(base + start_bytes + off_bytes);
    return SK_OK;
}

sk_status fe_cuda_gather_backward(float* dw, const float* g, const FeDeviceInverse& inv, int64_t co, int64_t ci,
                                  int64_t q, int64_t to, int64_t sp) {
    const int64_t n = co * ci * q;
    if (n == 0) return SK_OK;
    SK_LAUNCH(fe_gather_backward_kernel1, sk_grid_1d(n, kBlock), kBlock, dw, g, inv.start, inv.off, inv.coef, co, ci, q, to,
                                                                  sp);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status filter_expand_forward_cuda(float* w_exp, const float* w, const int32_t* idx, const float* coef,
                                     int64_t co, int64_t ci, int64_t q, int64_t to, int64_t si, int64_t p, int64_t e) {
    SK_RETURN_IF_ERROR(fe_cuda_check_idx("filter_expand_forward", idx, to, si, p, e, q));
    const int64_t n = co * to * ci * si * p;
    if (n == 0) return SK_OK;
    SK_LAUNCH(filter_expand_forward_kernel1, sk_grid_1d(n, kBlock), kBlock, w_exp, w, idx, coef, co, ci, q, to, si, p, e);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status filter_expand_backward_cuda(float* dw, const float* dw_exp, const int32_t* idx, const float* coef,
                                      int64_t co, int64_t ci, int64_t q, int64_t to, int64_t si, int64_t p,
                                      int64_t e) {
    FeDeviceInverse inv;
    SK_RETURN_IF_ERROR(fe_cuda_inverse(&inv, "filter_expand_backward", idx, coef, ci, q, to, si, p, e));
    return fe_cuda_gather_backward(dw, dw_exp, inv, co, ci, q, to, si * p);
}
