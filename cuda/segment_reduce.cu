/* cuda/segment_reduce.cu — K11 segment reduction on CUDA.
 * x (rows, dim), offsets int64 (segments + 1), y / argmax (segments, dim), dx (rows, dim) from dy
 * (segments, dim), all on the device. Contract as cpu/segment_reduce.cpp: sums in double, MEAN divides by
 * the count, MAX keeps the first row of the maximum and propagates NaN (reduce_math.h's total order on
 * (value, row) pairs, so the lane combination below picks the CPU's winner); empty segments give 0 / -1.
 *   segment_offsets_check_kernel1: one thread per check k of the offsets rule (segment_math.h); the smallest
 *       failing k goes to a device flag by integer atomicMin; the launcher copies it back (this
 *       synchronizes) and reports it with the CPU's message before any other kernel runs.
 *   segment_reduce_forward_kernel1: a block of 32 columns x 8 row lanes per (segment, column tile); lane l
 *       reduces rows offsets[s] + l, + 8, ... (loads coalesced along the columns), then lane 0 combines the
 *       8 partials in lane order. Grid (column tiles, segments), grid-stride over segments.
 *   segment_reduce_backward_kernel1: the same block layout writing dx row by row (a gather: no scatter).
 * Deterministic: every order depends only on offsets and dim; no float atomics.
 * Napkin math: forward reads 4 B per x element and writes 4-8 B per output; backward writes 4 B per dx
 * element and reads dy / argmax once per (segment, column): bandwidth-bound. kernels-test: segment_reduce_test. */
#include "common.cuh"
#include "kernels.h"
#include "reduce_math.h"
#include "segment_math.h"

namespace {
constexpr int kCols = 32;    /* columns per block (one warp wide) */
constexpr int kLanes = 8;    /* row lanes per block */
constexpr unsigned long long kNoBad = ~0ull;

__global__ void segment_offsets_check_kernel1(unsigned long long* first_bad, const int64_t* off, int64_t segments,
                                              int64_t rows) {
    for (int64_t k = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; k <= segments; k += (int64_t)gridDim.x * blockDim.x)
        if (segment_offsets_bad(off, k, segments, rows)) atomicMin(first_bad, (unsigned long long)k);
}

__global__ void segment_reduce_forward_kernel1(float* y, int32_t* argmax, const float* x, const int64_t* off,
                                               int64_t segments, int64_t dim, int op) {
    SK_SHARED(double[kLanes][kCols], part_sum);
    SK_SHARED(float[kLanes][kCols], part_val);
    SK_SHARED(int64_t[kLanes][kCols], part_row);
    const int tx = threadIdx.x, ty = threadIdx.y;
    const int64_t d = blockIdx.x * (int64_t)kCols + tx;
    for (int64_t s = blockIdx.y; s < segments; s += gridDim.y) {
        const int64_t r0 = off[s], r1 = off[s + 1];
        double acc = 0.0;
        float best = 0.0f;
        int64_t bi = -1;
        if (d < dim) {
            for (int64_t r = r0 + ty; r < r1; r += kLanes) {
                const float v = x[r * dim + d];
                if (op == SK_REDUCE_MAX) {
                    if (bi < 0 || reduce_max_takes(v, r, best, bi)) {
                        best = v;
                        bi = r;
                    }
                } else {
                    acc += (double)v;
                }
            }
        }
        part_sum[ty][tx] = acc;
        part_val[ty][tx] = best;
        part_row[ty][tx] = bi;
        __syncthreads();
        if (ty == 0 && d < dim) {
            for (int l = 1; l < kLanes; ++l) {
                acc += part_sum[l][tx];
                const int64_t li = part_row[l][tx];
                if (li >= 0 && (bi < 0 || reduce_max_takes(part_val[l][tx], li, best, bi))) {
                    best = part_val[l][tx];
                    bi = li;
                }
            }
            const int64_t k = s * dim + d, count = r1 - r0;
            if (op == SK_REDUCE_MAX) {
                y[k] = bi < 0 ? 0.0f : best;
                argmax[k] = (int32_t)bi;
            } else {
                y[k] = (float)(op == SK_REDUCE_MEAN && count > 0 ? acc / (double)count : acc);
            }
        }
        __syncthreads();
    }
}

__global__ void segment_reduce_backward_kernel1(float* dx, const float* dy, const int32_t* argmax, const int64_t* off,
                                                int64_t segments, int64_t dim, int op) {
    const int tx = threadIdx.x, ty = threadIdx.y;
    const int64_t d = blockIdx.x * (int64_t)kCols + tx;
    if (d >= dim) return;
    for (int64_t s = blockIdx.y; s < segments; s += gridDim.y) {
        const int64_t r0 = off[s], r1 = off[s + 1];
        if (r0 == r1) continue;
        float g = dy[s * dim + d];
        if (op == SK_REDUCE_MEAN) g = (float)((double)g / (double)(r1 - r0));
        const int64_t am = op == SK_REDUCE_MAX ? argmax[s * dim + d] : -1;
        for (int64_t r = r0 + ty; r < r1; r += kLanes)
            dx[r * dim + d] = op == SK_REDUCE_MAX ? (r == am ? g : 0.0f) : g;
    }
}

/* Stream-ordered scratch memory, freed on every return path. */
struct Scratch {
    void* p = nullptr;
    ~Scratch() {
        if (p && cudaFreeAsync(p, 0) != cudaSuccess) cudaGetLastError();
    }
};

/* Runs the offsets rule on the device; SK_ERR_ARG with the CPU's message for the first violation. */
sk_status check_offsets(const char* fn, const int64_t* off, int64_t segments, int64_t rows) {
    Scratch s;
    SK_CUDA_TRY(cudaMallocAsync(&s.p, sizeof(unsigned long long), 0));
    auto* flag = static_cast<unsigned long long*>(s.p);
    SK_CUDA_TRY(cudaMemsetAsync(flag, 0xFF, sizeof(unsigned long long), 0));
    SK_LAUNCH(segment_offsets_check_kernel1, sk_grid_1d(segments + 1, 256), 256, flag, off, segments, rows);
    SK_CUDA_LAUNCH_CHECK();
    unsigned long long k = kNoBad;
    SK_CUDA_TRY(cudaMemcpy(&k, flag, sizeof k, cudaMemcpyDeviceToHost));
    if (k == kNoBad) return SK_OK;
    int64_t pair[2] = {0, 0};   /* offsets[k-1], offsets[k] */
    if (k > 0) SK_CUDA_TRY(cudaMemcpy(pair, off + k - 1, 2 * sizeof(int64_t), cudaMemcpyDeviceToHost));
    else SK_CUDA_TRY(cudaMemcpy(pair + 1, off, sizeof(int64_t), cudaMemcpyDeviceToHost));
    return segment_offsets_error(fn, (int64_t)k, pair[0], pair[1], segments, rows);
}

dim3 grid_for(int64_t segments, int64_t dim) {
    return dim3((unsigned int)ceil_div(dim, kCols), (unsigned int)(segments < 65535 ? segments : 65535));
}
}  // namespace

sk_status segment_reduce_forward_cuda(float* y, int32_t* argmax, const float* x, const int64_t* offsets,
                                      int64_t segments, int64_t rows, int64_t dim, int op) {
    SK_RETURN_IF_ERROR(check_offsets("segment_reduce_forward", offsets, segments, rows));
    if (segments == 0 || dim == 0) return SK_OK;
    SK_LAUNCH(segment_reduce_forward_kernel1, grid_for(segments, dim), dim3(kCols, kLanes), y, argmax, x, offsets, segments,
                                                                                      dim, op);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status segment_reduce_backward_cuda(float* dx, const float* dy, const int32_t* argmax, const int64_t* offsets,
                                       int64_t segments, int64_t rows, int64_t dim, int op) {
    SK_RETURN_IF_ERROR(check_offsets("segment_reduce_backward", offsets, segments, rows));
    if (segments == 0 || dim == 0 || rows == 0) return SK_OK;
    SK_LAUNCH(segment_reduce_backward_kernel1, grid_for(segments, dim), dim3(kCols, kLanes), dx, dy, argmax, offsets,
                                                                                       segments, dim, op);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}
