/* cuda/common.cuh — shared CUDA helpers: SK_CUDA_TRY (returns a status, never exits), ceil_div,
 * grid sizing, and warp/block reductions. Included by every cuda/<op>.cu. */
#ifndef SK_CUDA_COMMON_CUH
#define SK_CUDA_COMMON_CUH

#include <cuda_runtime.h>

#include "common.h"
#include "launch.cuh"

#define SK_CUDA_TRY(expr)                                                                         \
    do {                                                                                          \
        cudaError_t e_ = (expr);                                                                  \
        if (e_ != cudaSuccess) {                                                                  \
            cudaGetLastError();                                                                   \
            return sk_fail(SK_ERR_CUDA, "%s:%d: %s: %s", __FILE__, __LINE__, #expr,               \
                           cudaGetErrorString(e_));                                               \
        }                                                                                         \
    } while (0)

/* After a launch: a bad configuration shows up in cudaGetLastError. */
#define SK_CUDA_LAUNCH_CHECK() SK_CUDA_TRY(cudaGetLastError())

__host__ __device__ inline int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

/* A 1D grid for n elements with grid-stride loops: capped so that huge n still launches. */
inline unsigned int sk_grid_1d(int64_t n, int block) {
    int64_t g = ceil_div(n, block);
    if (g < 1) g = 1;
    if (g > 65535 * 8) g = 65535 * 8;
    return (unsigned int)g;
}

__device__ inline float sk_warp_sum(float v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}
__device__ inline float sk_warp_max(float v) {
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

/* Block-wide sum / max for blockDim.x a multiple of 32 (<= 1024); every thread gets the result. */
__device__ inline float sk_block_sum(float v) {
    SK_SHARED(float[32], part);
    SK_SHARED(float, total);
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    v = sk_warp_sum(v);
    if (lane == 0) part[warp] = v;
    __syncthreads();
    if (warp == 0) {
        float w = lane < (int)(blockDim.x >> 5) ? part[lane] : 0.0f;
        w = sk_warp_sum(w);
        if (lane == 0) total = w;
    }
    __syncthreads();
    float r = total;
    __syncthreads();
    return r;
}
__device__ inline float sk_block_max(float v) {
    SK_SHARED(float[32], part);
    SK_SHARED(float, total);
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    v = sk_warp_max(v);
    if (lane == 0) part[warp] = v;
    __syncthreads();
    if (warp == 0) {
        float w = lane < (int)(blockDim.x >> 5) ? part[lane] : -INFINITY;
        w = sk_warp_max(w);
        if (lane == 0) total = w;
    }
    __syncthreads();
    float r = total;
    __syncthreads();
    return r;
}

#endif /* SK_CUDA_COMMON_CUH */
