/* cuda/adam.cu — K16 fused Adam / AdamW step on CUDA: param, m, v (n) updated in place from grad (n).
 * The bias corrections are computed on the host in double (adam_math.h, shared with the CPU); the
 * element update is one thread per element, grid-stride. Napkin math: 16 bytes read + 12 written per
 * element and ~15 flops: bandwidth-bound (28 B/element). Results match the CPU to float rounding (the
 * device may fuse multiply-adds). kernels-test: adam_test (version 1). */
#include "adam_math.h"
#include "common.cuh"
#include "kernels.h"

namespace {
constexpr int kBlock = 256;

__global__ void adam_step_kernel1(float* param, float* m, float* v, const float* grad, int64_t n,
                                  sk_adam_consts c) {
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x)
        sk_adam_update(&param[i], &m[i], &v[i], grad[i], c);
}
}  // namespace

sk_status adam_step_cuda(float* param, float* m, float* v, const float* grad, int64_t n, float lr, float beta1,
                         float beta2, float eps, float weight_decay, int64_t step, int decoupled) {
    const sk_adam_consts c = sk_adam_make_consts(lr, beta1, beta2, eps, weight_decay, step, decoupled);
    SK_LAUNCH(adam_step_kernel1, sk_grid_1d(n, kBlock), kBlock, param, m, v, grad, n, c);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}
