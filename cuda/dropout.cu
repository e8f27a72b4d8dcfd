/* cuda/dropout.cu — K6 dropout and counter-based random numbers on CUDA.
 *   dropout_forward:  mask (n) = (u_i >= p) / (1-p);  y (n) = x * mask   (y may alias x)
 *   dropout_backward: dx (n) = dy * mask
 *   random_uniform:   out (n) = low + (high-low) u_i, kept < high
 *   random_normal:    out (n) = mean + std z_i, Box-Muller pairs (words 0,1 and 2,3 of a block)
 * The stream and its float conversions are in native/src/philox.h, shared with the CPU: results are
 * bit-identical to cpu/dropout.cpp (integer Philox; floats through the non-contracting __f*_rn ops).
 * One thread per 4-element block of the stream (one Philox call), grid-stride loop; 16-byte vector loads
 * and stores for full blocks when the buffers are 16-byte aligned (cudaMalloc'd buffers are).
 * Napkin math: Philox4x32-10 is ~20 integer multiplies per 4 elements, far below the memory time of
 * 12 bytes/element (dropout forward), 12 (backward), 4 (uniform / normal): bandwidth-bound.
 * kernels-test: dropout_test (version 1). */
#include <cstdint>

#include "common.cuh"
#include "kernels.h"
#include "philox.h"

namespace {
constexpr int kBlock = 256;

__device__ inline int64_t sk_tid() { return blockIdx.x * (int64_t)blockDim.x + threadIdx.x; }
__device__ inline int64_t sk_nthreads() { return (int64_t)gridDim.x * blockDim.x; }

bool aligned16(const void* p) { return ((uintptr_t)p & 15u) == 0; }

template <bool kVec>
__global__ void dropout_forward_kernel1(float* y, float* mask, const float* x, int64_t n, float p, float scale,
                                        uint64_t seed, uint64_t offset) {
    const int64_t blocks = (n + 3) / 4;
    for (int64_t b = sk_tid(); b < blocks; b += sk_nthreads()) {
        uint32_t w[4];
        sk_philox_block(w, seed, offset, (uint64_t)b);
        const int64_t i0 = 4 * b;
        if (kVec && i0 + 4 <= n) {
            float4 xv = *reinterpret_cast<const float4*>(x + i0);
            float4 mv = make_float4(sk_dropout_mask(w[0], p, scale), sk_dropout_mask(w[1], p, scale),
                                    sk_dropout_mask(w[2], p, scale), sk_dropout_mask(w[3], p, scale));
            *reinterpret_cast<float4*>(mask + i0) = mv;
            *reinterpret_cast<float4*>(y + i0) = make_float4(__fmul_rn(xv.x, mv.x), __fmul_rn(xv.y, mv.y),
                                                             __fmul_rn(xv.z, mv.z), __fmul_rn(xv.w, mv.w));
        } else {
            for (int k = 0; k < 4 && i0 + k < n; ++k) {
                float m = sk_dropout_mask(w[k], p, scale);
                mask[i0 + k] = m;
                y[i0 + k] = __fmul_rn(x[i0 + k], m);
            }
        }
    }
}

__global__ void dropout_backward_kernel1(float* dx, const float* dy, const float* mask, int64_t n) {
    for (int64_t i = sk_tid(); i < n; i += sk_nthreads()) dx[i] = __fmul_rn(dy[i], mask[i]);
}

template <bool kVec>
__global__ void random_uniform_kernel1(float* out, int64_t n, float low, float scale, float high, uint64_t seed,
                                       uint64_t offset) {
    const int64_t blocks = (n + 3) / 4;
    for (int64_t b = sk_tid(); b < blocks; b += sk_nthreads()) {
        uint32_t w[4];
        sk_philox_block(w, seed, offset, (uint64_t)b);
        const int64_t i0 = 4 * b;
        if (kVec && i0 + 4 <= n) {
            *reinterpret_cast<float4*>(out + i0) =
                make_float4(sk_uniform_range(w[0], low, scale, high), sk_uniform_range(w[1], low, scale, high),
                            sk_uniform_range(w[2], low, scale, high), sk_uniform_range(w[3], low, scale, high));
        } else {
            for (int k = 0; k < 4 && i0 + k < n; ++k) out[i0 + k] = sk_uniform_range(w[k], low, scale, high);
        }
    }
}

template <bool kVec>
__global__ void random_normal_kernel1(float* out, int64_t n, float mean, float std, uint64_t seed,
                                      uint64_t offset) {
    const int64_t blocks = (n + 3) / 4;
    for (int64_t b = sk_tid(); b < blocks; b += sk_nthreads()) {
        uint32_t w[4];
        sk_philox_block(w, seed, offset, (uint64_t)b);
        float z[4];
        sk_box_muller(w[0], w[1], &z[0], &z[1]);
        sk_box_muller(w[2], w[3], &z[2], &z[3]);
        for (int k = 0; k < 4; ++k) z[k] = sk_fadd(mean, sk_fmul(std, z[k]));
        const int64_t i0 = 4 * b;
        if (kVec && i0 + 4 <= n) {
            *reinterpret_cast<float4*>(out + i0) = make_float4(z[0], z[1], z[2], z[3]);
        } else {
            for (int k = 0; k < 4 && i0 + k < n; ++k) out[i0 + k] = z[k];
        }
    }
}
}  // namespace

sk_status dropout_forward_cuda(float* y, float* mask, const float* x, int64_t n, float p, uint64_t seed,
                               uint64_t offset) {
    const float scale = sk_dropout_scale(p);
    const unsigned grid = sk_grid_1d(ceil_div(n, 4), kBlock);
    if (aligned16(y) && aligned16(mask) && aligned16(x))
        SK_LAUNCH((dropout_forward_kernel1<true>), grid, kBlock, y, mask, x, n, p, scale, seed, offset);
    else
        SK_LAUNCH((dropout_forward_kernel1<false>), grid, kBlock, y, mask, x, n, p, scale, seed, offset);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status dropout_backward_cuda(float* dx, const float* dy, const float* mask, int64_t n) {
    SK_LAUNCH(dropout_backward_kernel1, sk_grid_1d(n, kBlock), kBlock, dx, dy, mask, n);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status random_uniform_cuda(float* out, int64_t n, float low, float high, uint64_t seed, uint64_t offset) {
    const float scale = sk_fsub(high, low);
    const unsigned grid = sk_grid_1d(ceil_div(n, 4), kBlock);
    if (aligned16(out))
        SK_LAUNCH((random_uniform_kernel1<true>), grid, kBlock, out, n, low, scale, high, seed, offset);
    else
        SK_LAUNCH((random_uniform_kernel1<false>), grid, kBlock, out, n, low, scale, high, seed, offset);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status random_normal_cuda(float* out, int64_t n, float mean, float std, uint64_t seed, uint64_t offset) {
    const unsigned grid = sk_grid_1d(ceil_div(n, 4), kBlock);
    if (aligned16(out))
        SK_LAUNCH((random_normal_kernel1<true>), grid, kBlock, out, n, mean, std, seed, offset);
    else
        SK_LAUNCH((random_normal_kernel1<false>), grid, kBlock, out, n, mean, std, seed, offset);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}
