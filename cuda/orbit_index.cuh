/* cuda/orbit_index.cuh — device-side index helpers shared by cuda/orbit_linear.cu and cuda/edge_attention.cu
 * (catalog K13-K14):
 *   OrbitScratch              stream-ordered temporaries (cudaMallocAsync), all freed on every return path;
 *   orbit_check_tables_cuda   range checks of int32 id tables and CSR offsets: one small kernel per table
 *                             records the first bad position with an integer atomicMin, the flag is copied
 *                             back (this synchronizes) and turned into the same SK_ERR_ARG message as the
 *                             CPU check (native/src/orbit_tables.h);
 *   orbit_group_by_key_cuda   item ids 0..count-1 grouped by an int32 key, stable (cub radix sort of
 *                             (key, id) pairs), plus segment starts seg[k] = first position of key k: the
 *                             fixed order in which per-category and per-source sums are taken;
 *   orbit_colsum_add_cuda     out[c] += sum_r in[r, c] in a fixed two-stage order (no float atomics).
 * Everything runs on the legacy default stream. */
#ifndef SK_ORBIT_INDEX_CUH
#define SK_ORBIT_INDEX_CUH

#include "sort_pairs.cuh"

#include <vector>

#include "common.cuh"
#include "orbit_tables.h"

/* Temporaries of one launcher call, freed (stream-ordered) when it goes out of scope. */
struct OrbitScratch {
    std::vector<void*> ptrs;
    OrbitScratch() = default;
    OrbitScratch(const OrbitScratch&) = delete;
    OrbitScratch& operator=(const OrbitScratch&) = delete;
    ~OrbitScratch() {
        for (void* p : ptrs)
            if (p && cudaFreeAsync(p, 0) != cudaSuccess) cudaGetLastError();
    }
    template <typename T>
    sk_status alloc(T** out, int64_t count) {
        *out = nullptr;
        if (count <= 0) return SK_OK;
        void* p = nullptr;
        SK_CUDA_TRY(cudaMallocAsync(&p, (size_t)count * sizeof(T), 0));
        ptrs.push_back(p);
        *out = static_cast<T*>(p);
        return SK_OK;
    }
};

/* One int32 table whose entries must lie in [0, limit). */
struct OrbitIdTable {
    const int32_t* values;
    int64_t count;
    int64_t limit;
    const char* name;
};

constexpr unsigned long long kOrbitNoBad = ~0ull;
constexpr int kOrbitKeyShift = 40;   /* flag = (check index << 40) | position */

static __global__ void orbit_check_offsets_kernel1(unsigned long long* flag, const int32_t* offsets, int64_t nodes,
                                                   int64_t edges) {
    for (int64_t p = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; p <= nodes; p += (int64_t)gridDim.x * blockDim.x) {
        bool bad = (p == 0 && offsets[0] != 0) || (p > 0 && offsets[p] < offsets[p - 1]) ||
                   (p == nodes && offsets[p] != edges);
        if (bad) atomicMin(flag, (unsigned long long)p);
    }
}

static __global__ void orbit_check_ids_kernel1(unsigned long long* flag, const int32_t* v, int64_t count,
                                               int64_t limit, unsigned long long which) {
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < count; i += (int64_t)gridDim.x * blockDim.x)
        if (v[i] < 0 || v[i] >= limit) atomicMin(flag, (which << kOrbitKeyShift) | (unsigned long long)i);
}

/* Checks offsets (when non-NULL: nodes + 1 entries, 0 .. edges, non-decreasing) first, then each table. */
static inline sk_status orbit_check_tables_cuda(const char* op, const OrbitIdTable* tables, int ntables,
                                                const int32_t* offsets, int64_t nodes, int64_t edges,
                                                OrbitScratch& s) {
    unsigned long long* flag;
    SK_RETURN_IF_ERROR(s.alloc(&flag, 1));
    SK_CUDA_TRY(cudaMemsetAsync(flag, 0xFF, sizeof *flag, 0));
    if (offsets) {
        SK_LAUNCH(orbit_check_offsets_kernel1, sk_grid_1d(nodes + 1, 256), 256, flag, offsets, nodes, edges);
        SK_CUDA_LAUNCH_CHECK();
    }
    for (int t = 0; t < ntables; ++t) {
        if (tables[t].count <= 0) continue;
        SK_LAUNCH(orbit_check_ids_kernel1, sk_grid_1d(tables[t].count, 256), 256, flag, tables[t].values, tables[t].count,
                                                                           tables[t].limit, (unsigned long long)t + 1);
        SK_CUDA_LAUNCH_CHECK();
    }
    unsigned long long bad = kOrbitNoBad;
    SK_CUDA_TRY(cudaMemcpy(&bad, flag, sizeof bad, cudaMemcpyDeviceToHost));
    if (bad == kOrbitNoBad) return SK_OK;
    const int64_t which = (int64_t)(bad >> kOrbitKeyShift), pos = (int64_t)(bad & ((1ull << kOrbitKeyShift) - 1));
    if (which == 0) {
        int32_t v[2] = {0, 0};
        SK_CUDA_TRY(cudaMemcpy(v + 1, offsets + pos, sizeof(int32_t), cudaMemcpyDeviceToHost));
        if (pos > 0) SK_CUDA_TRY(cudaMemcpy(v, offsets + pos - 1, sizeof(int32_t), cudaMemcpyDeviceToHost));
        return orbit_bad_offset(op, pos, v[0], v[1], nodes, edges);
    }
    const OrbitIdTable& t = tables[which - 1];
    int32_t value = 0;
    SK_CUDA_TRY(cudaMemcpy(&value, t.values + pos, sizeof value, cudaMemcpyDeviceToHost));
    return orbit_bad_id(op, t.name, pos, value, t.limit);
}

static __global__ void orbit_iota_kernel1(int32_t* v, int64_t count) {
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < count; i += (int64_t)gridDim.x * blockDim.x)
        v[i] = (int32_t)i;
}

/* seg[k] = first position p of sorted with sorted[p] >= k, for k in [0, num_keys] (binary search). */
static __global__ void orbit_segments_kernel1(int32_t* seg, const int32_t* sorted, int64_t count, int64_t num_keys) {
    for (int64_t k = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; k <= num_keys; k += (int64_t)gridDim.x * blockDim.x) {
        int64_t lo = 0, hi = count;
        while (lo < hi) {
            int64_t mid = (lo + hi) / 2;
            if (sorted[mid] < k) lo = mid + 1;
            else hi = mid;
        }
        seg[k] = (int32_t)lo;
    }
}

/* perm (count): item ids sorted by keys[id] (stable); seg (num_keys + 1): items of key k are
 * perm[seg[k] .. seg[k+1]). Keys must be in [0, num_keys); count < 2^31. */
static inline sk_status orbit_group_by_key_cuda(int32_t* perm, int32_t* seg, const int32_t* keys, int64_t count,
                                                int64_t num_keys, OrbitScratch& s) {
    int32_t *ids = nullptr, *sorted = nullptr;
    if (count > 0) {
        SK_RETURN_IF_ERROR(s.alloc(&ids, count));
        SK_RETURN_IF_ERROR(s.alloc(&sorted, count));
        SK_LAUNCH(orbit_iota_kernel1, sk_grid_1d(count, 256), 256, ids, count);
        SK_CUDA_LAUNCH_CHECK();
        int end_bit = 1;
        while (end_bit < 31 && (1ll << end_bit) < num_keys) ++end_bit;
        size_t temp_bytes = 0;
        SK_CUDA_TRY(sk_sort_pairs(nullptr, temp_bytes, keys, sorted, ids, perm, (int)count, 0,
                                                    end_bit, (cudaStream_t)0));
        unsigned char* temp;
        SK_RETURN_IF_ERROR(s.alloc(&temp, (int64_t)temp_bytes + 1));
        SK_CUDA_TRY(sk_sort_pairs(temp, temp_bytes, keys, sorted, ids, perm, (int)count, 0, end_bit,
                                                    (cudaStream_t)0));
    }
    SK_LAUNCH(orbit_segments_kernel1, sk_grid_1d(num_keys + 1, 256), 256, seg, sorted, count, num_keys);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

static __global__ void orbit_colsum_partial_kernel1(float* partial, const float* in, int64_t rows, int64_t cols,
                                                    int64_t rows_per_split) {
    const int64_t c = blockIdx.x * (int64_t)blockDim.x + threadIdx.x;
    if (c >= cols) return;
    const int64_t r0 = blockIdx.y * rows_per_split, r1 = min(rows, r0 + rows_per_split);
    float acc = 0.0f;
    for (int64_t r = r0; r < r1; ++r) acc += in[r * cols + c];
    partial[blockIdx.y * cols + c] = acc;
}

static __global__ void orbit_colsum_final_kernel1(float* out, const float* partial, int64_t splits, int64_t cols) {
    for (int64_t c = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; c < cols; c += (int64_t)gridDim.x * blockDim.x) {
        float acc = 0.0f;
        for (int64_t s = 0; s < splits; ++s) acc += partial[s * cols + c];
        out[c] += acc;
    }
}

/* out[c] += sum_r in[r*cols + c]: split rows into at most 64 fixed ranges, then add the ranges in order. */
static inline sk_status orbit_colsum_add_cuda(float* out, const float* in, int64_t rows, int64_t cols,
                                              OrbitScratch& s) {
    if (rows <= 0 || cols <= 0) return SK_OK;
    const int64_t splits = rows < 64 * 32 ? ceil_div(rows, 32) : 64, per = ceil_div(rows, splits);
    float* partial;
    SK_RETURN_IF_ERROR(s.alloc(&partial, splits * cols));
    dim3 grid((unsigned)ceil_div(cols, 128), (unsigned)splits);
    SK_LAUNCH(orbit_colsum_partial_kernel1, grid, 128, partial, in, rows, cols, per);
    SK_CUDA_LAUNCH_CHECK();
    SK_LAUNCH(orbit_colsum_final_kernel1, sk_grid_1d(cols, 256), 256, out, partial, splits, cols);
    SK_CUDA_LAUNCH_CHECK();
    return SK_OK;
}

#endif /* SK_ORBIT_INDEX_CUH */
