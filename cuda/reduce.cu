/* cuda/reduce.cu — K3 reductions on CUDA.
 * x is viewed as (outer, len, inner); y, argmax are (outer, inner); dx (outer, len, inner) from dy (outer, inner).
 * Same contract as cpu/reduce.cpp: sums in double, MEAN divides by len, MAX keeps the first index of the
 * maximum and propagates NaN by the shared rule of native/src/reduce_math.h (a total order on (value,
 * index) pairs, so every combination order picks the same winner as the CPU).
 *   reduce_forward_kernel1: one thread per (outer, inner) output looping over len; neighbouring threads
 *       read neighbouring columns, so loads coalesce when inner > 1 (also used for rows of len <= 64).
 *   reduce_forward_kernel2: inner == 1 and len > 64: one 256-thread block per row, each thread strides
 *       through the row (coalesced), then a warp-shuffle / shared-memory tree.
 *   Few outputs and long len (all-reductions, Tensor.sum()): len is cut into `segs` fixed segments
 *       (a function of the shape only); each thread (kernel1) or block (kernel2) reduces one segment into
 *       a partial, and reduce_forward_kernel3 combines each output's partials in segment order.
 *   reduce_backward_kernel1: one thread per dx element (a gather: no scatter, no races).
 * Deterministic: shares, segments and trees depend only on the shape; no atomics.
 * Napkin math: forward reads 4 B per x element (+ partials: <1%), backward writes 4 B per dx element and
 * reads dy / argmax mostly from cache: bandwidth-bound. kernels-test: reduce_test. */
#include "common.cuh"
#include "kernels.h"
#include "reduce_math.h"

namespace {
constexpr int kBlock = 256;
constexpr int64_t kRowKernelMinLen = 64;
constexpr int64_t kRowSegment = 1 << 15;     /* elements per block-segment of a long row */
constexpr int64_t kColSegment = 1 << 10;     /* rows of len per thread-segment of a column */
constexpr int64_t kFewRows = 1024;           /* fewer rows than this: segment long rows */
constexpr int64_t kFewOutputs = 1 << 14;     /* fewer (outer, inner) outputs than this: segment long columns */

/* Partial results of one segment: a double sum, or a (value, index) pair. */
struct Partials {
    double* sum;
    float* val;
    int32_t* idx;
};

/* Writes the result of output k (or, when segmented, the partial of slot k). */
__device__ inline void put(float* y, int32_t* argmax, Partials p, bool partial, int64_t k, int op, double s,
                           float best, int64_t bi, int64_t len) {
    if (partial) {
        if (op == SK_REDUCE_MAX) {
            p.val[k] = best;
            p.idx[k] = (int32_t)bi;
        } else {
            p.sum[k] = s;
        }
    } else if (op == SK_REDUCE_MAX) {
        y[k] = best;
        argmax[k] = (int32_t)bi;
    } else {
        y[k] = (float)(op == SK_REDUCE_MEAN ? s / (double)len : s);
    }
}

/* Thread t handles output (o, i) over segment s of len; t = (o * segs + s) * inner + i. */
__global__ void reduce_forward_kernel1(float* y, int32_t* argmax, Partials part, const float* x, int64_t outer,
                                       int64_t len, int64_t inner, int64_t seg_len, int64_t segs, int op) {
    int64_t n = outer * segs * inner;
    for (int64_t t = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; t < n; t += (int64_t)gridDim.x * blockDim.x) {
        int64_t i = t % inner, os = t / inner, s = os % segs, o = os / segs;
        int64_t l0 = s * seg_len, l1 = l0 + seg_len < len ? l0 + seg_len : len;
        const float* p = x + o * len * inner + i;
        double sum = 0;
        float best = -INFINITY;
        int64_t bi = len;   /* placeholder (-inf, len) loses to every real element */
        if (op == SK_REDUCE_MAX) {
            for (int64_t l = l0; l < l1; ++l) {
                float v = p[l * inner];
                if (reduce_max_takes(v, l, best, bi)) {
                    best = v;
                    bi = l;
                }
            }
        } else {
            for (int64_t l = l0; l < l1; ++l) sum += (double)p[l * inner];
        }
        put(y, argmax, part, segs > 1, segs > 1 ? t : o * inner + i, op, sum, best, bi, len);
    }
}

__device__ inline double warp_sum_d(double v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

/* (value, index) reduction over a warp under reduce_max_takes; every lane gets the winner. */
__device__ inline void warp_max_arg(float& v, int64_t& i) {
    for (int o = 16; o > 0; o >>= 1) {
        float ov = __shfl_xor_sync(0xffffffffu, v, o);
        long long oi = __shfl_xor_sync(0xffffffffu, (long long)i, o);
        if (reduce_max_takes(ov, oi, v, i)) {
            v = ov;
            i = oi;
        }
    }
}

/* Block b handles segment s = b % segs of row o = b / segs (inner == 1). */
__global__ void reduce_forward_kernel2(float* y, int32_t* argmax, Partials part, const float* x, int64_t outer,
                                       int64_t len, int64_t seg_len, int64_t segs, int op) {
    SK_SHARED(double[kBlock / 32], psum);
    SK_SHARED(float[kBlock / 32], pval);
    SK_SHARED(long long[kBlock / 32], pidx);
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    for (int64_t b = blockIdx.x; b < outer * segs; b += gridDim.x) {
        int64_t o = b / segs, s = b % segs, l0 = s * seg_len, l1 = l0 + seg_len < len ? l0 + seg_len : len;
        const float* row = x + o * len;
        double sum = 0;
        float best = -INFINITY;
        int64_t bi = len;
        if (op == SK_REDUCE_MAX) {
            /* each thread scans its strided share in increasing index order */
            for (int64_t l = l0 + threadIdx.x; l < l1; l += blockDim.x) {
                float v = row[l];
                if (reduce_max_takes(v, l, best, bi)) {
                    best = v;
                    bi = l;
                }
            }
            warp_max_arg(best, bi);
            if (lane == 0) {
                pval[warp] = best;
                pidx[warp] = bi;
            }
            __syncthreads();
            if (warp == 0) {
                best = lane < warps ? pval[lane] : -INFINITY;
                bi = lane < warps ? pidx[lane] : len;
                warp_max_arg(best, bi);
            }
        } else {
            for (int64_t l = l0 + threadIdx.x; l < l1; l += blockDim.x) sum += (double)row[l];
            sum = warp_sum_d(sum);
            if (lane == 0) psum[warp] = sum;
            __syncthreads();
            if (warp == 0) sum = warp_sum_d(lane < warps ? psum[lane] : 0.0);
        }
        if (threadIdx.x == 0) put(y, argmax, part, segs > 1, segs > 1 ? b : o, op, sum, best, bi, len);
        __syncthreads();   /* the shared partials are reused by the next row */
    }
}

/* One thread per output (o, i): combines its segs partials, stored at (o * segs + s) * inner + i, in order. */
__global__ void reduce_forward_kernel3(float* y, int32_t* argmax, Partials part, int64_t outer, int64_t len,
                                       int64_t inner, int64_t segs, int op) {
    int64_t n = outer * inner;
    for (int64_t t = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; t < n; t += (int64_t)gridDim.x * blockDim.x) {
        int64_t o = t / inner, i = t % inner;
        double sum = 0;
        float best = -INFINITY;
        int64_t bi = len;
        for (int64_t s = 0; s < segs; ++s) {
            int64_t k = (o * segs + s) * inner + i;
            if (op != SK_REDUCE_MAX) {
                sum += part.sum[k];
            } else if (reduce_max_takes(part.val[k], part.idx[k], best, bi)) {
                best = part.val[k];
                bi = part.idx[k];
            }
        }
        put(y, argmax, part, false, t, op, sum, best, bi, len);
    }
}

/* I is the index type: 32-bit when the element count allows (64-bit division is emulated and would make
 * this bandwidth-bound kernel compute-bound). */
template <typename I>
__global__ void reduce_backward_kernel1(float* dx, const float* dy, const int32_t* argmax, I outer, I len, I inner,
                                        int op) {
    I n = outer * len * inner;
    float flen = (float)len;
    for (I t = blockIdx.x * (I)blockDim.x + threadIdx.x; t < n; t += (I)gridDim.x * blockDim.x) {
        I i = t % inner, r = t / inner, l = r % len, o = r / len;
        float g = dy[o * inner + i];
        if (op == SK_REDUCE_SUM) dx[t] = g;
        else if (op == SK_REDUCE_MEAN) dx[t] = g / flen;
        else dx[t] = argmax[o * inner + i] == (int32_t)l ? g : 0.0f;   /* out-of-range argmax: zero, never a stray write */
    }
}

/* Stream-ordered scratch memory, freed on every return path. */
struct Scratch {
    void* p = nullptr;
    ~Scratch() {
        if (p && cudaFreeAsync(p, 0) != cudaSuccess) cudaGetLastError();
    }
};
}  // namespace

sk_status reduce_forward_cuda(float* y, int32_t* argmax, const float* x, int64_t outer, int64_t len, int64_t inner,
                              int op) {
    const bool rows = inner == 1 && len > kRowKernelMinLen;
    int64_t seg_len = len, segs = 1;
    if (rows && outer < kFewRows && len > kRowSegment) seg_len = kRowSegment;
    if (!rows && outer * inner < kFewOutputs && len > 2 * kColSegment) seg_len = kColSegment;
    if (seg_len < len) segs = ceil_div(len, seg_len);

    Scratch scratch;
    Partials part = {nullptr, nullptr, nullptr};
    if (segs > 1) {
        int64_t slots = outer * segs * inner;   /* 16 B per slot: double sum, float value, int32 index */
        SK_CUDA_TRY(cudaMallocAsync(&scratch.p, (size_t)slots * 16, 0));
        part.sum = static_cast<double*>(scratch.p);
        part.val = reinterpret_cast<float*>(part.sum + slots);
        part.idx = reinterpret_cast<int32_t*>(part.val + slots);
    }
    if (rows) {
        int64_t blocks = outer * segs;
        SK_LAUNCH(reduce_forward_kernel2, (unsigned int)(blocks < 65535 * 8 ? blocks : 65535 * 8), kBlock,
            y, argmax, part, x, outer, len, seg_len, segs, op);
    } else {
        /* len == 0 (SUM only) writes the empty sum 0 through this kernel */
        SK_LAUNCH(reduce_forward_kernel1, sk_grid_1d(outer * segs * inner, kBlock), kBlock, y, argmax, part, x, outer, len,
                                                                                     inner, seg_len, segs, op);
    }
    SK_CUDA_LAUNCH_CHECK();
    if (segs > 1) {
        SK_LAUNCH(reduce_forward_kernel3, sk_grid_1d(outer * inner, kBlock), kBlock, y, argmax, part, outer, len, inner, segs,
                                                                              op);
        SK_CUDA_LAUNCH_CHECK();
    }
    return SK_OK;
}

sk_status reduce_backward_cuda(float* dx, const float* dy, const int32_t* argmax, int64_t outer, int64_t len,
                               int64_t inner, int op) {
    int64_t n = outer * len * inner;
    unsigned int grid = sk_grid_1d(n, kBlock);
    /* 32-bit indices need t + gridDim * blockDim to stay below 2^32 as well */
    if (n + (int64_t)grid * kBlock <= (int64_t)UINT32_MAX)
        SK_LAUNCH((reduce_backward_kernel1<uint32_t>), grid, kBlock, dx, dy, argmax, (uint32_t)outer, (uint32_t)len,
                                                            (uint32_t)inner, op);
    else
        SK_LAUNCH((reduce_backward_kernel1<int64_t>), grid, kBlock, dx, dy, argmax, outer, len, inner, op);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}
