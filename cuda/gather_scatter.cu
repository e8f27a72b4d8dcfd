/* cuda/gather_scatter.cu — K12 gather / scatter-add of rows on CUDA, plus the index helpers shared with
 * cuda/embedding.cu (index_check_cuda, index_sort_cuda).
 *   index_check_kernel1: one thread per index; the smallest r with idx[r] outside [0, limit) goes to a
 *       device flag by integer atomicMin; index_check_cuda copies it back (this synchronizes) and returns
 *       the CPU's message. Every launcher checks first, so a bad index never reaches a load or a store.
 *   index_sort_cuda: iota, then a stable cub::DeviceRadixSort::SortPairs of (idx[r], r) over the
 *       ceil(log2(limit)) low key bits: perm lists r grouped by destination, increasing r inside a group.
 *   gather_rows_kernel1: one thread per y element: y[r,d] = x[idx[r],d] (coalesced along d).
 *   scatter_add_rows_kernel1 (DETERMINISTIC): one thread per (sorted position j, column d); the thread at
 *       the first j of each run of equal keys (destination t) sums x[perm[j'],d] over the run in increasing
 *       j' (= increasing r) in double and adds the sum once to y[t,d]: no two threads touch one y element,
 *       so the result is bit-identical from run to run. Cost: one sequential pass per destination, so a
 *       destination with very many sources is slow; use ATOMIC when that matters and order does not.
 *   scatter_add_rows_kernel2 (ATOMIC): one thread per x element, float atomicAdd into y.
 * Napkin math: gather moves 8 B per y element (+ 4 B idx per row); scatter reads 4 B per x element and
 * read-modify-writes touched y elements; the sort adds ~4 passes over 8 B per index.
 * kernels-test: gather_scatter_test. */
#include "sort_pairs.cuh"

#include "common.cuh"
#include "gather_scatter_math.h"
#include "kernels.h"

namespace {
constexpr int kBlock = 256;
constexpr unsigned long long kNoBad = ~0ull;

__global__ void index_check_kernel1(unsigned long long* first_bad, const int32_t* idx, int64_t n, int64_t limit) {
    for (int64_t r = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; r < n; r += (int64_t)gridDim.x * blockDim.x)
        if (idx[r] < 0 || idx[r] >= limit) atomicMin(first_bad, (unsigned long long)r);
}

__global__ void iota_kernel1(int32_t* v, int64_t n) {
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x)
        v[i] = (int32_t)i;
}

__global__ void gather_rows_kernel1(float* y, const float* x, const int32_t* idx, int64_t n, int64_t dim) {
    const int64_t total = n * dim;
    for (int64_t t = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; t < total; t += (int64_t)gridDim.x * blockDim.x) {
        const int64_t r = t / dim, d = t - r * dim;
        y[t] = x[(int64_t)idx[r] * dim + d];
    }
}

__global__ void scatter_add_rows_kernel1(float* y, const float* x, const int32_t* perm, const int32_t* keys, int64_t n,
                                         int64_t dim) {
    const int64_t total = n * dim;
    for (int64_t t = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; t < total; t += (int64_t)gridDim.x * blockDim.x) {
        const int64_t j = t / dim, d = t - j * dim;
        const int32_t key = keys[j];
        if (j > 0 && keys[j - 1] == key) continue;   /* not the first source of its destination */
        double acc = 0.0;
        for (int64_t k = j; k < n && keys[k] == key; ++k) acc += (double)x[(int64_t)perm[k] * dim + d];
        float* out = y + (int64_t)key * dim + d;
        *out = (float)((double)*out + acc);
    }
}

__global__ void scatter_add_rows_kernel2(float* y, const float* x, const int32_t* idx, int64_t n, int64_t dim) {
    const int64_t total = n * dim;
    for (int64_t t = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; t < total; t += (int64_t)gridDim.x * blockDim.x) {
        const int64_t r = t / dim, d = t - r * dim;
        atomicAdd(y + (int64_t)idx[r] * dim + d, x[t]);
    }
}

struct Scratch {
    void* p = nullptr;
    ~Scratch() {
        if (p && cudaFreeAsync(p, 0) != cudaSuccess) cudaGetLastError();
    }
};

size_t align256(size_t b) { return (b + 255) & ~(size_t)255; }
}  // namespace

sk_status index_check_cuda(const char* fn, const int32_t* idx, int64_t n, int64_t limit) {
    if (n == 0) return SK_OK;
    Scratch s;
    SK_CUDA_TRY(cudaMallocAsync(&s.p, sizeof(unsigned long long), 0));
    auto* flag = static_cast<unsigned long long*>(s.p);
    SK_CUDA_TRY(cudaMemsetAsync(flag, 0xFF, sizeof(unsigned long long), 0));
    SK_LAUNCH(index_check_kernel1, sk_grid_1d(n, kBlock), kBlock, flag, idx, n, limit);
    SK_CUDA_LAUNCH_CHECK();
    unsigned long long r = kNoBad;
    SK_CUDA_TRY(cudaMemcpy(&r, flag, sizeof r, cudaMemcpyDeviceToHost));
    if (r == kNoBad) return SK_OK;
    int32_t value = 0;
    SK_CUDA_TRY(cudaMemcpy(&value, idx + r, sizeof value, cudaMemcpyDeviceToHost));
    return index_error(fn, (int64_t)r, value, limit);
}

sk_status index_sort_cuda(void** scratch, int32_t** perm, int32_t** keys, const int32_t* idx, int64_t n, int64_t num) {
    *scratch = nullptr;
    int bits = 1;   /* keys are < num <= 2^bits */
    while (bits < 32 && ((int64_t)1 << bits) < num) ++bits;
    const auto* keys_in = reinterpret_cast<const uint32_t*>(idx);   /* valid indices are non-negative */
    size_t temp_bytes = 0;
    SK_CUDA_TRY(sk_sort_pairs(nullptr, temp_bytes, keys_in, (uint32_t*)nullptr,
                                                (const int32_t*)nullptr, (int32_t*)nullptr, (int)n, 0, bits, 0));
    const size_t vec = align256((size_t)n * sizeof(int32_t));
    SK_CUDA_TRY(cudaMallocAsync(scratch, 3 * vec + align256(temp_bytes), 0));
    char* base = static_cast<char*>(*scratch);
    *perm = reinterpret_cast<int32_t*>(base);
    *keys = reinterpret_cast<int32_t*>(base + vec);
    int32_t* rows = reinterpret_cast<int32_t*>(base + 2 * vec);
    SK_LAUNCH(iota_kernel1, sk_grid_1d(n, kBlock), kBlock, rows, n);
    SK_CUDA_LAUNCH_CHECK();
    SK_CUDA_TRY(sk_sort_pairs(base + 3 * vec, temp_bytes, keys_in, reinterpret_cast<uint32_t*>(*keys),
                                                (const int32_t*)rows, *perm, (int)n, 0, bits, 0));
    return SK_OK;
}

sk_status gather_rows_cuda(float* y, const float* x, const int32_t* idx, int64_t n, int64_t src_rows, int64_t dim) {
    SK_RETURN_IF_ERROR(index_check_cuda("gather_rows", idx, n, src_rows));
    if (n * dim == 0) return SK_OK;
    SK_LAUNCH(gather_rows_kernel1, sk_grid_1d(n * dim, kBlock), kBlock, y, x, idx, n, dim);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

sk_status scatter_add_rows_cuda(float* y, const float* x, const int32_t* idx, int64_t n, int64_t dst_rows,
                                int64_t dim, int mode) {
    SK_RETURN_IF_ERROR(index_check_cuda("scatter_add_rows", idx, n, dst_rows));
    if (n * dim == 0) return SK_OK;
    if (mode == SK_SCATTER_ATOMIC) {
        SK_LAUNCH(scatter_add_rows_kernel2, sk_grid_1d(n * dim, kBlock), kBlock, y, x, idx, n, dim);
        SK_CUDA_LAUNCH_CHECK();
        return SK_OK;
    }
    Scratch s;
    int32_t *perm = nullptr, *keys = nullptr;
    sk_status st = index_sort_cuda(&s.p, &perm, &keys, idx, n, dst_rows);
    if (st != SK_OK) return st;
    SK_LAUNCH(scatter_add_rows_kernel1, sk_grid_1d(n * dim, kBlock), kBlock, y, x, perm, keys, n, dim);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}
