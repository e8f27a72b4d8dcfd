/* native/src/api/embedding.cpp — ABI entry points of the K12 embedding lookup with optional differentiable
 * max-norm: size checks, buffer checks, the index range check (on the CPU here, on CUDA inside the
 * launcher), then dispatch. */
#include <climits>

#include "common.h"
#include "kernels.h"

namespace {
/* *tn = num * dim, *rn = n * dim. */
sk_status check_sizes(const char* fn, int64_t n, int64_t num, int64_t dim, int64_t* tn, int64_t* rn) {
    SK_CHECK(n >= 0, SK_ERR_SHAPE, "%s: n = %lld is negative", fn, (long long)n);
    SK_CHECK(num >= 0, SK_ERR_SHAPE, "%s: num = %lld is negative", fn, (long long)num);
    SK_CHECK(dim >= 0, SK_ERR_SHAPE, "%s: dim = %lld is negative", fn, (long long)dim);
    const int64_t ts[] = {num, dim}, rs[] = {n, dim};
    SK_RETURN_IF_ERROR(sk_numel(tn, fn, ts, 2));
    return sk_numel(rn, fn, rs, 2);
}
}  // namespace

extern "C" {

SK_API sk_status sk_embedding_forward(sk_buffer* y, const sk_buffer* table, const sk_buffer* idx, int64_t n,
                                      int64_t num, int64_t dim, float max_norm) {
    SK_API_BEGIN
    const char* fn = "embedding_forward";
    int64_t tn, yn;
    SK_RETURN_IF_ERROR(check_sizes(fn, n, num, dim, &tn, &yn));
    int32_t dev;
    sk_arg args[] = {{y, "y", sk_bytes(yn, 4), false},
                     {table, "table", sk_bytes(tn, 4), false},
                     {idx, "idx", sk_bytes(n, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    const int32_t* ix = sk_data<int32_t>(idx);
    if (dev == SK_DEVICE_CPU) {
        SK_RETURN_IF_ERROR(index_check_cpu(fn, ix, n, num));
        if (yn == 0) return SK_OK;
    }
    SK_DISPATCH(dev, embedding_forward_cpu(sk_data<float>(y), sk_data<float>(table), ix, n, dim, max_norm),
                embedding_forward_cuda(sk_data<float>(y), sk_data<float>(table), ix, n, num, dim, max_norm));
    SK_API_END("embedding_forward")
}

SK_API sk_status sk_embedding_backward(sk_buffer* dtable, const sk_buffer* dy, const sk_buffer* table,
                                       const sk_buffer* idx, int64_t n, int64_t num, int64_t dim, float max_norm) {
    SK_API_BEGIN
    const char* fn = "embedding_backward";
    int64_t tn, yn;
    SK_RETURN_IF_ERROR(check_sizes(fn, n, num, dim, &tn, &yn));
    SK_CHECK(n <= INT32_MAX, SK_ERR_SHAPE, "%s: n = %lld is above INT32_MAX", fn, (long long)n);
    int32_t dev;
    sk_arg args[] = {{dtable, "dtable", sk_bytes(tn, 4), false},
                     {dy, "dy", sk_bytes(yn, 4), false},
                     {table, "table", sk_bytes(tn, 4), false},
                     {idx, "idx", sk_bytes(n, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    const int32_t* ix = sk_data<int32_t>(idx);
    if (dev == SK_DEVICE_CPU) {
        SK_RETURN_IF_ERROR(index_check_cpu(fn, ix, n, num));
        if (yn == 0) return SK_OK;
    }
    SK_DISPATCH(dev,
                embedding_backward_cpu(sk_data<float>(dtable), sk_data<float>(dy), sk_data<float>(table), ix, n, num,
                                       dim, max_norm),
                embedding_backward_cuda(sk_data<float>(dtable), sk_data<float>(dy), sk_data<float>(table), ix, n,
                                        num, dim, max_norm));
    SK_API_END("embedding_backward")
}

}  // extern "C"
