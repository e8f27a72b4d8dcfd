/* cuda/filter_expand.cuh — the K8 table on CUDA, shared by cuda/filter_expand.cu (which defines these) and
 * cuda/group_conv.cu:
 *   FeScratch               stream-ordered scratch memory (cudaMallocAsync on the legacy stream), freed on
 *                           every return path;
 *   fe_cuda_check_idx       downloads idx (to, si, p, e) — one synchronizing copy — and runs the host check
 *                           of filter_expand_table.h, so CUDA reports exactly the CPU's SK_ERR_ARG message;
 *   fe_cuda_inverse         the same check, then the inverse (transposed) table built on the host and
 *                           uploaded: start (q + 1), off, coef (one per table entry), all in device scratch;
 *   fe_cuda_gather_backward dw[o, i, j] += sum over j's inverse entries of coef * g[(o*to*ci + i)*si*p + off],
 *                           one thread per dw element, entries in ascending order: deterministic.
 * The tables are tiny (to * si * p * e entries), so the copies cost a synchronization, not bandwidth. */
#ifndef SK_CUDA_FILTER_EXPAND_CUH
#define SK_CUDA_FILTER_EXPAND_CUH

#include "common.cuh"

struct FeScratch {
    void* p = nullptr;
    FeScratch() = default;
    FeScratch(const FeScratch&) = delete;
    FeScratch& operator=(const FeScratch&) = delete;
    ~FeScratch() {
        if (p && cudaFreeAsync(p, 0) != cudaSuccess) cudaGetLastError();
    }
    sk_status alloc(size_t bytes) {
        SK_CUDA_TRY(cudaMallocAsync(&p, bytes > 0 ? bytes : 1, 0));
        return SK_OK;
    }
};

struct FeDeviceInverse {
    FeScratch mem;
    const int64_t* start = nullptr;   /* q + 1 */
    const int64_t* off = nullptr;
    const float* coef = nullptr;
};

sk_status fe_cuda_check_idx(const char* fn, const int32_t* idx, int64_t to, int64_t si, int64_t p, int64_t e,
                            int64_t q);
sk_status fe_cuda_inverse(FeDeviceInverse* inv, const char* fn, const int32_t* idx, const float* coef, int64_t ci,
                          int64_t q, int64_t to, int64_t si, int64_t p, int64_t e);
sk_status fe_cuda_gather_backward(float* dw, const float* g, const FeDeviceInverse& inv, int64_t co, int64_t ci,
                                  int64_t q, int64_t to, int64_t sp);

#endif /* SK_CUDA_FILTER_EXPAND_CUH */
