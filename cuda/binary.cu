/* cuda/binary.cu — K2 broadcasting ops on CUDA (formulas and dim collapsing shared with the CPU in
 * native/src/binary_math.h). kernels-test: binary_test (version 1).
 *
 * binary_forward_kernel1: out = a (op) b with broadcasting. One thread per output element (grid-stride);
 *   the flat index is decomposed over the collapsed dims (<= 8, passed by value in an sk_bcast_plan, with
 *   stride 0 on broadcast dims) in 32-bit arithmetic when the output has < 2^31 elements. Same shapes and
 *   scalar operands collapse to one dim (no division); bias add (m,n)+(1,n) to two (one division).
 *   Napkin math: 12 bytes moved per element when neither operand is broadcast, ~8 when one is (its reads
 *   hit cache): bandwidth-bound, ~0.25 flop/byte.
 *
 * sum_to_shape: out = in summed over the broadcast axes (sk_sum_plan: rows of `inner` contiguous
 *   elements; output row ok and reduced tuple t select an input row). Deterministic, no atomics: every
 *   sum is in double with a fixed order that depends only on the shapes.
 *   kernel1 (inner dim kept, e.g. bias gradient (m,n)->(1,n)): a 32x8 block owns 32 output columns of
 *     one output row and one segment of reduced rows; thread (x, y) sums rows t = t0+y, t0+y+8, ... of
 *     column x (coalesced 128-byte loads per warp), then thread y = 0 adds the 8 partials in order.
 *   kernel2 (inner dim reduced, e.g. (m,n)->(m,1) or to a scalar): a block (32 or 256 threads) owns one
 *     output element and one segment (a range of reduced rows, or of the run when there are none);
 *     threads stride over the elements, then a fixed shuffle tree (block_sum_d) adds them.
 *   kernel3 (inner dim reduced, <= 16 inputs per output): one thread per output, in flat order.
 *   kernel4: when an output has several segments (chosen to give >= ~1024 blocks for small outputs),
 *     kernels 1/2 write double partials to a stream-ordered scratch buffer and kernel4 adds them per
 *     output in segment order. Napkin math: 4 bytes read per input element: bandwidth-bound. */
#include <algorithm>

#include "binary_math.h"
#include "common.cuh"
#include "kernels.h"

namespace {
constexpr int kBlock = 256;
constexpr int kColX = 32, kColY = 8;       /* kernel1 block */
constexpr int64_t kTargetBlocks = 1024;    /* blocks wanted before splitting outputs into segments */

template <typename Idx>
__global__ void binary_forward_kernel1(float* out, const float* a, const float* b, sk_bcast_plan p, Idx n,
                                       int op) {
    for (Idx i = (Idx)blockIdx.x * (Idx)blockDim.x + threadIdx.x; i < n; i += (Idx)gridDim.x * blockDim.x) {
        Idx rem = i, oa = 0, ob = 0;
        for (int d = p.ndim - 1; d > 0; --d) {
            const Idx dim = (Idx)p.shape[d];
            const Idx q = rem / dim, c = rem - q * dim;
            oa += c * (Idx)p.sa[d];
            ob += c * (Idx)p.sb[d];
            rem = q;
        }
        oa += rem * (Idx)p.sa[0];
        ob += rem * (Idx)p.sb[0];
        out[i] = binary_f(op, a[oa], b[ob]);
    }
}

/* Sum over the block (blockDim.x a multiple of 32, <= 1024) in a fixed order; every thread gets it. */
__device__ double block_sum_d(double v) {
    SK_SHARED(double[32], part);
    SK_SHARED(double, total);
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    if (lane == 0) part[warp] = v;
    __syncthreads();
    if (warp == 0) {
        double w = lane < (int)(blockDim.x >> 5) ? part[lane] : 0.0;
        for (int o = 16; o > 0; o >>= 1) w += __shfl_xor_sync(0xffffffffu, w, o);
        if (lane == 0) total = w;
    }
    __syncthreads();
    const double r = total;
    __syncthreads();
    return r;
}

/* Inner dim kept. grid = (column tiles, output rows (strided), segments of tc reduced rows). */
__global__ void sum_to_shape_kernel1(double* part, float* out, const float* in, sk_sum_plan p, int64_t tc) {
    SK_SHARED(double[kColY][kColX + 1], sh);
    const int64_t col = (int64_t)blockIdx.x * kColX + threadIdx.x;
    const int64_t s = blockIdx.z;
    const int64_t t0 = s * tc, t1 = min(p.n_red, t0 + tc);
    const int64_t n_out = p.n_kept * p.inner;
    for (int64_t ok = blockIdx.y; ok < p.n_kept; ok += gridDim.y) {
        double acc = 0.0;
        if (col < p.inner) {
            const float* base = in + sk_digits_offset(ok, p.nk, p.kshape, p.kstride) + col;
            for (int64_t t = t0 + threadIdx.y; t < t1; t += kColY)
                acc += (double)base[sk_digits_offset(t, p.nr, p.rshape, p.rstride)];
        }
        sh[threadIdx.y][threadIdx.x] = acc;
        __syncthreads();
        if (threadIdx.y == 0 && col < p.inner) {
            double v = 0.0;
            for (int y = 0; y < kColY; ++y) v += sh[y][threadIdx.x];
            const int64_t o = ok * p.inner + col;
            if (part) part[s * n_out + o] = v;
            else out[o] = (float)v;
        }
        __syncthreads();
    }
}

/* Inner dim reduced. grid = (segments, output elements (strided)). A segment is `chunk` elements of the
 * run when n_red == 1, else `chunk` reduced rows. */
__global__ void sum_to_shape_kernel2(double* part, float* out, const float* in, sk_sum_plan p, int64_t chunk) {
    const int64_t s = blockIdx.x;
    for (int64_t ok = blockIdx.y; ok < p.n_kept; ok += gridDim.y) {
        const float* base = in + sk_digits_offset(ok, p.nk, p.kshape, p.kstride);
        double acc = 0.0;
        if (p.n_red == 1) {
            const int64_t j1 = min(p.inner, (s + 1) * chunk);
            for (int64_t j = s * chunk + threadIdx.x; j < j1; j += blockDim.x) acc += (double)base[j];
        } else {
            const int64_t t1 = min(p.n_red, (s + 1) * chunk);
            for (int64_t t = s * chunk; t < t1; ++t) {
                const float* row = base + sk_digits_offset(t, p.nr, p.rshape, p.rstride);
                for (int64_t j = threadIdx.x; j < p.inner; j += blockDim.x) acc += (double)row[j];
            }
        }
        acc = block_sum_d(acc);
        if (threadIdx.x == 0) {
            if (part) part[s * p.n_kept + ok] = acc;
            else out[ok] = (float)acc;
        }
    }
}

/* Inner dim reduced, few inputs per output: one thread per output element. */
__global__ void sum_to_shape_kernel3(float* out, const float* in, sk_sum_plan p) {
    for (int64_t ok = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; ok < p.n_kept;
         ok += (int64_t)gridDim.x * blockDim.x) {
        const float* base = in + sk_digits_offset(ok, p.nk, p.kshape, p.kstride);
        double acc = 0.0;
        for (int64_t t = 0; t < p.n_red; ++t) {
            const float* row = base + sk_digits_offset(t, p.nr, p.rshape, p.rstride);
            for (int64_t j = 0; j < p.inner; ++j) acc += (double)row[j];
        }
        out[ok] = (float)acc;
    }
}

/* out[o] = sum over segments s (in order) of part[s * n_out + o]. */
__global__ void sum_to_shape_kernel4(float* out, const double* part, int64_t nseg, int64_t n_out) {
    for (int64_t o = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; o < n_out; o += (int64_t)gridDim.x * blockDim.x) {
        double v = 0.0;
        for (int64_t s = 0; s < nseg; ++s) v += part[s * n_out + o];
        out[o] = (float)v;
    }
}

/* Stream-ordered scratch, freed on scope exit (after the kernels queued on the same stream). */
struct Scratch {
    double* ptr = nullptr;
    ~Scratch() {
        if (ptr) cudaFreeAsync(ptr, 0);
    }
};

sk_status alloc_scratch(Scratch* s, int64_t count) {
    cudaError_t err = cudaMallocAsync((void**)&s->ptr, (size_t)count * sizeof(double), 0);
    if (err != cudaSuccess) {
        s->ptr = nullptr;
        cudaGetLastError();
        if (err == cudaErrorMemoryAllocation)
            return sk_fail(SK_ERR_OOM, "sum_to_shape: cannot allocate %lld bytes of scratch",
                           (long long)(count * (int64_t)sizeof(double)));
        return sk_fail(SK_ERR_CUDA, "sum_to_shape: cudaMallocAsync: %s", cudaGetErrorString(err));
    }
    return SK_OK;
}

/* Number of segments for `len` units of work per output when `base` blocks exist without splitting:
 * enough for ~kTargetBlocks blocks, each segment at least `min_len` units. Depends only on shapes. */
int64_t segments(int64_t len, int64_t base, int64_t min_len) {
    int64_t nseg = base >= kTargetBlocks ? 1 : ceil_div(kTargetBlocks, base);
    nseg = std::min(nseg, ceil_div(len, min_len));
    return nseg < 1 ? 1 : nseg;
}
}  // namespace

sk_status binary_forward_cuda(float* out, const float* a, const float* b, int ndim, const int64_t* out_shape,
                              const int64_t* a_shape, const int64_t* b_shape, int op) {
    const sk_bcast_plan p = sk_make_bcast_plan(ndim, out_shape, a_shape, b_shape);
    int64_t n = 1;
    for (int d = 0; d < p.ndim; ++d) n *= p.shape[d];
    const unsigned int grid = sk_grid_1d(n, kBlock);
    if (n < ((int64_t)1 << 31))
        SK_LAUNCH((binary_forward_kernel1<uint32_t>), grid, kBlock, out, a, b, p, (uint32_t)n, op);
    else
        SK_LAUNCH((binary_forward_kernel1<int64_t>), grid, kBlock, out, a, b, p, n, op);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status sum_to_shape_cuda(float* out, const float* in, int ndim, const int64_t* out_shape,
                            const int64_t* in_shape) {
    int64_t n_in = 1, n_out = 1;
    for (int d = 0; d < ndim; ++d) {
        n_in *= in_shape[d];
        n_out *= out_shape[d];
    }
    if (n_in == 0) {   /* sums over empty axes */
        SK_CUDA_TRY(cudaMemsetAsync(out, 0, (size_t)n_out * sizeof(float), 0));
        return SK_OK;
    }
    const sk_sum_plan p = sk_make_sum_plan(ndim, out_shape, in_shape);
    if (!p.inner_reduced && p.n_red == 1) {   /* nothing reduced: a copy */
        if (out != in)
            SK_CUDA_TRY(cudaMemcpyAsync(out, in, (size_t)n_out * sizeof(float), cudaMemcpyDeviceToDevice, 0));
        return SK_OK;
    }
    const int64_t rows_in_grid = std::min<int64_t>(p.n_kept, 65535);
    Scratch scratch;
    int64_t nseg;
    if (!p.inner_reduced) {
        const int64_t tiles = ceil_div(p.inner, kColX);
        nseg = segments(p.n_red, tiles * rows_in_grid, 8 * kColY);
        const int64_t tc = ceil_div(p.n_red, nseg);
        nseg = ceil_div(p.n_red, tc);
        if (nseg > 1) SK_RETURN_IF_ERROR(alloc_scratch(&scratch, nseg * n_out));
        const dim3 grid((unsigned int)tiles, (unsigned int)rows_in_grid, (unsigned int)nseg);
        SK_LAUNCH(sum_to_shape_kernel1, grid, dim3(kColX, kColY), scratch.ptr, out, in, p, tc);
        SK_CUDA_LAUNCH_CHECK();
    } else {
        const int64_t len = p.n_red * p.inner;   /* inputs per output */
        if (len <= 16) {
            SK_LAUNCH(sum_to_shape_kernel3, sk_grid_1d(p.n_kept, kBlock), kBlock, out, in, p);
            SK_CUDA_LAUNCH_CHECK();
            return SK_OK;
        }
        const int block = len >= 4096 ? 256 : 32;
        const bool split_run = p.n_red == 1;
        const int64_t units = split_run ? p.inner : p.n_red;
        nseg = segments(units, rows_in_grid, split_run ? 8192 : std::max<int64_t>(1, ceil_div(8192, p.inner)));
        const int64_t chunk = ceil_div(units, nseg);
        nseg = ceil_div(units, chunk);
        if (nseg > 1) SK_RETURN_IF_ERROR(alloc_scratch(&scratch, nseg * n_out));
        const dim3 grid((unsigned int)nseg, (unsigned int)rows_in_grid);
        SK_LAUNCH(sum_to_shape_kernel2, grid, block, scratch.ptr, out, in, p, chunk);
        SK_CUDA_LAUNCH_CHECK();
    }
    if (nseg > 1) {
        SK_LAUNCH(sum_to_shape_kernel4, sk_grid_1d(n_out, kBlock), kBlock, out, scratch.ptr, nseg, n_out);
        SK_CUDA_LAUNCH_CHECK();
    }
    return SK_OK;
}
