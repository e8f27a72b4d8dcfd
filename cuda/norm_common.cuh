/* cuda/norm_common.cuh — helpers shared by cuda/batch_norm.cu and cuda/layer_norm.cu: stream-ordered
 * scratch memory (freed on every return path) and fixed-order double reductions over a warp or a block
 * (deterministic: the trees depend only on blockDim). */
#ifndef SK_CUDA_NORM_COMMON_CUH
#define SK_CUDA_NORM_COMMON_CUH

#include "common.cuh"

namespace sk_norm {

/* cudaMallocAsync'd bytes on the legacy default stream, released when this goes out of scope. */
struct Scratch {
    void* p = nullptr;
    Scratch() = default;
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    ~Scratch() {
        if (p && cudaFreeAsync(p, 0) != cudaSuccess) cudaGetLastError();
    }
};

__device__ inline double warp_sum_d(double v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

/* Block-wide sums of (a, b) for blockDim.x a multiple of 32 (<= 1024); every thread gets the result.
 * Every thread of the block must call it (it synchronizes). */
__device__ inline void block_sum2_d(double& a, double& b) {
    SK_SHARED(double[32], sa);
    SK_SHARED(double[32], sb);
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    a = warp_sum_d(a);
    b = warp_sum_d(b);
    if (lane == 0) {
        sa[warp] = a;
        sb[warp] = b;
    }
    __syncthreads();
    if (warp == 0) {
        a = warp_sum_d(lane < warps ? sa[lane] : 0.0);
        b = warp_sum_d(lane < warps ? sb[lane] : 0.0);
        if (lane == 0) {   /* every lane has read sa / sb before the shuffles above completed */
            sa[0] = a;
            sb[0] = b;
        }
    }
    __syncthreads();
    a = sa[0];
    b = sb[0];
    __syncthreads();   /* sa / sb are reused by the next call */
}

/* Sums of (a, b) over a group of kThreads consecutive threads: a warp (32) or the whole block. */
template <int kThreads>
__device__ inline void group_sum2_d(double& a, double& b) {
    if (kThreads == 32) {
        a = warp_sum_d(a);
        b = warp_sum_d(b);
    } else {
        block_sum2_d(a, b);
    }
}

}  // namespace sk_norm

#endif /* SK_CUDA_NORM_COMMON_CUH */
