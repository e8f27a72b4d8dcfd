/* cuda/unary.cu — K2 unary ops on CUDA.
 * y (n) = f(x (n)); dx (n) = dy (n) * f'(x, y). Overwrites y / dx. Formulas shared with the CPU in
 * native/src/unary_math.h. One thread per element, grid-stride loop; 8 bytes moved per element
 * forward, 12-16 backward: bandwidth-bound. kernels-test: unary_test (version 1). */
#include "common.cuh"
#include "kernels.h"
#include "unary_math.h"

namespace {
constexpr int kBlock = 256;

__global__ void unary_forward_kernel1(float* y, const float* x, int64_t n, int op, float alpha) {
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x)
        y[i] = unary_f(op, x[i], alpha);
}

__global__ void unary_backward_kernel1(float* dx, const float* dy, const float* x, const float* y, int64_t n,
                                       int op, float alpha) {
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x)
        dx[i] = dy[i] * unary_df(op, x[i], y ? y[i] : 0.0f, alpha);
}
}  // namespace

sk_status unary_forward_cuda(float* y, const float* x, int64_t n, int op, float alpha) {
    SK_LAUNCH(unary_forward_kernel1, sk_grid_1d(n, kBlock), kBlock, y, x, n, op, alpha);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status unary_backward_cuda(float* dx, const float* dy, const float* x, const float* y, int64_t n, int op,
                              float alpha) {
    SK_LAUNCH(unary_backward_kernel1, sk_grid_1d(n, kBlock), kBlock, dx, dy, x, y, n, op, alpha);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}
