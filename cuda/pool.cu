/* cuda/pool.cu — K10 2D pooling over planes on CUDA.
 * x, dx are (planes, h, w); y, argmax, dy are (planes, oh, ow). Contract: symkern.h; the per-element
 * formulas are native/src/pool_math.h, shared with cpu/pool.cpp, so CUDA and CPU give identical bits.
 *   max_pool2d_forward_kernel1 / avg_pool2d_forward_kernel1: one thread per output element scans its
 *       (kh, kw) window (neighbouring threads read neighbouring windows: coalesced for stride 1, strided
 *       by sw otherwise; the window re-reads hit L1).
 *   max_pool2d_backward_kernel1 / avg_pool2d_backward_kernel1: one thread per dx element gathers dy from
 *       the ceil(kh/sh) x ceil(kw/sw) windows that contain it, in increasing window order: overlapping
 *       windows need no atomics and the result is deterministic.
 * I is the index type: 32-bit when the element count allows (64-bit division is emulated).
 * Napkin math (k = 2, s = 2): forward reads 4 B per x element and writes 8 B per output (y + argmax),
 * ~6 B per x element; backward reads dy + argmax (2 B per dx element) and writes 4 B: bandwidth-bound.
 * kernels-test: pool_test. */
#include "common.cuh"
#include "kernels.h"
#include "pool_math.h"

namespace {
constexpr int kBlock = 256;

template <typename I>
__global__ void max_pool2d_forward_kernel1(float* y, int32_t* argmax, const float* x, I planes, PoolGeom g) {
    const I ow = (I)g.ow, per = (I)g.oh * ow, n = planes * per, hw = (I)g.h * (I)g.w;
    for (I t = blockIdx.x * (I)blockDim.x + threadIdx.x; t < n; t += (I)gridDim.x * blockDim.x) {
        I p = t / per, o = t - p * per;
        pool_max_window(x + (int64_t)p * hw, g, o / ow, o % ow, &y[t], &argmax[t]);
    }
}

template <typename I>
__global__ void avg_pool2d_forward_kernel1(float* y, const float* x, I planes, PoolGeom g) {
    const I ow = (I)g.ow, per = (I)g.oh * ow, n = planes * per, hw = (I)g.h * (I)g.w;
    for (I t = blockIdx.x * (I)blockDim.x + threadIdx.x; t < n; t += (I)gridDim.x * blockDim.x) {
        I p = t / per, o = t - p * per;
        y[t] = pool_avg_window(x + (int64_t)p * hw, g, o / ow, o % ow);
    }
}

template <typename I>
__global__ void max_pool2d_backward_kernel1(float* dx, const float* dy, const int32_t* argmax, I planes, PoolGeom g) {
    const I w = (I)g.w, hw = (I)g.h * w, n = planes * hw, per = (I)g.oh * (I)g.ow;
    for (I t = blockIdx.x * (I)blockDim.x + threadIdx.x; t < n; t += (I)gridDim.x * blockDim.x) {
        I p = t / hw, e = t - p * hw;
        dx[t] = pool_max_grad(dy + (int64_t)p * per, argmax + (int64_t)p * per, g, e / w, e % w);
    }
}

template <typename I>
__global__ void avg_pool2d_backward_kernel1(float* dx, const float* dy, I planes, PoolGeom g) {
    const I w = (I)g.w, hw = (I)g.h * w, n = planes * hw, per = (I)g.oh * (I)g.ow;
    for (I t = blockIdx.x * (I)blockDim.x + threadIdx.x; t < n; t += (I)gridDim.x * blockDim.x) {
        I p = t / hw, e = t - p * hw;
        dx[t] = pool_avg_grad(dy + (int64_t)p * per, g, e / w, e % w);
    }
}

/* 32-bit indices need t + gridDim * blockDim to stay below 2^32 as well. */
bool fits32(int64_t n, unsigned int grid) { return n + (int64_t)grid * kBlock <= (int64_t)UINT32_MAX; }
}  // namespace

sk_status max_pool2d_forward_cuda(float* y, int32_t* argmax, const float* x, int64_t planes, int64_t h, int64_t w,
                                  int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw) {
    const PoolGeom g = pool_geom(h, w, kh, kw, sh, sw, ph, pw);
    const int64_t n = planes * g.oh * g.ow;
    const unsigned int grid = sk_grid_1d(n, kBlock);
    if (fits32(n, grid) && h * w <= (int64_t)UINT32_MAX)
        SK_LAUNCH((max_pool2d_forward_kernel1<uint32_t>), grid, kBlock, y, argmax, x, (uint32_t)planes, g);
    else
        SK_LAUNCH((max_pool2d_forward_kernel1<int64_t>), grid, kBlock, y, argmax, x, planes, g);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status max_pool2d_backward_cuda(float* dx, const float* dy, const int32_t* argmax, int64_t planes, int64_t h,
                                   int64_t w, int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw) {
    const PoolGeom g = pool_geom(h, w, kh, kw, sh, sw, ph, pw);
    const int64_t n = planes * h * w;
    const unsigned int grid = sk_grid_1d(n, kBlock);
    if (fits32(n, grid) && g.oh * g.ow <= (int64_t)UINT32_MAX)
        SK_LAUNCH((max_pool2d_backward_kernel1<uint32_t>), grid, kBlock, dx, dy, argmax, (uint32_t)planes, g);
    else
        SK_LAUNCH((max_pool2d_backward_kernel1<int64_t>), grid, kBlock, dx, dy, argmax, planes, g);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status avg_pool2d_forward_cuda(float* y, const float* x, int64_t planes, int64_t h, int64_t w, int64_t kh,
                                  int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw) {
    const PoolGeom g = pool_geom(h, w, kh, kw, sh, sw, ph, pw);
    const int64_t n = planes * g.oh * g.ow;
    const unsigned int grid = sk_grid_1d(n, kBlock);
    if (fits32(n, grid) && h * w <= (int64_t)UINT32_MAX)
        SK_LAUNCH((avg_pool2d_forward_kernel1<uint32_t>), grid, kBlock, y, x, (uint32_t)planes, g);
    else
        SK_LAUNCH((avg_pool2d_forward_kernel1<int64_t>), grid, kBlock, y, x, planes, g);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status avg_pool2d_backward_cuda(float* dx, const float* dy, int64_t planes, int64_t h, int64_t w, int64_t kh,
                                   int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw) {
    const PoolGeom g = pool_geom(h, w, kh, kw, sh, sw, ph, pw);
    const int64_t n = planes * h * w;
    const unsigned int grid = sk_grid_1d(n, kBlock);
    if (fits32(n, grid) && g.oh * g.ow <= (int64_t)UINT32_MAX)
        SK_LAUNCH((avg_pool2d_backward_kernel1<uint32_t>), grid, kBlock, dx, dy, (uint32_t)planes, g);
    else
        SK_LAUNCH((avg_pool2d_backward_kernel1<int64_t>), grid, kBlock, dx, dy, planes, g);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}
