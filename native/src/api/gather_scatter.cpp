/* native/src/api/gather_scatter.cpp — ABI entry points of the K12 row-index ops: gather_rows,
 * scatter_add_rows and the embedding lookup (forward / backward, optional differentiable max-norm).
 * Size and mode checks, buffer checks, the index range check (on the CPU here, on CUDA inside the
 * launcher, before anything is written), then dispatch. */
#include <climits>

#include "common.h"
#include "kernels.h"

namespace {
/* Sizes shared by every op here: n indices into a table of table_rows rows of width dim;
 * *tn = table_rows * dim, *rn = n * dim. */
sk_status check_sizes(const char* fn, int64_t n, const char* table_name, int64_t table_rows, int64_t dim,
                      int64_t* tn, int64_t* rn) {
    SK_CHECK(n >= 0, SK_ERR_SHAPE, "%s: n = %lld is negative", fn, (long long)n);
    SK_CHECK(table_rows >= 0, SK_ERR_SHAPE, "%s: %s = %lld is negative", fn, table_name, (long long)table_rows);
    SK_CHECK(dim >= 0, SK_ERR_SHAPE, "%s: dim = %lld is negative", fn, (long long)dim);
    const int64_t ts[] = {table_rows, dim}, rs[] = {n, dim};
    SK_RETURN_IF_ERROR(sk_numel(tn, fn, ts, 2));
    return sk_numel(rn, fn, rs, 2);
}
}  // namespace

extern "C" {

SK_API sk_status sk_gather_rows(sk_buffer* y, const sk_buffer* x, const sk_buffer* idx, int64_t n, int64_t src_rows,
                                int64_t dim) {
    SK_API_BEGIN
    const char* fn = "gather_rows";
    int64_t xn, yn;
    SK_RETURN_IF_ERROR(check_sizes(fn, n, "src_rows", src_rows, dim, &xn, &yn));
    int32_t dev;
    sk_arg args[] = {{y, "y", sk_bytes(yn, 4), false},
                     {x, "x", sk_bytes(xn, 4), false},
                     {idx, "idx", sk_bytes(n, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    const int32_t* ix = sk_data<int32_t>(idx);
    if (dev == SK_DEVICE_CPU) {
        SK_RETURN_IF_ERROR(index_check_cpu(fn, ix, n, src_rows));
        if (yn == 0) return SK_OK;
    }
    SK_DISPATCH(dev, gather_rows_cpu(sk_data<float>(y), sk_data<float>(x), ix, n, dim),
                gather_rows_cuda(sk_data<float>(y), sk_data<float>(x), ix, n, src_rows, dim));
    SK_API_END("gather_rows")
}

SK_API sk_status sk_scatter_add_rows(sk_buffer* y, const sk_buffer* x, const sk_buffer* idx, int64_t n,
                                     int64_t dst_rows, int64_t dim, int32_t mode) {
    SK_API_BEGIN
    const char* fn = "scatter_add_rows";
    int64_t yn, xn;
    SK_RETURN_IF_ERROR(check_sizes(fn, n, "dst_rows", dst_rows, dim, &yn, &xn));
    SK_CHECK(mode == SK_SCATTER_DETERMINISTIC || mode == SK_SCATTER_ATOMIC, SK_ERR_ARG,
             "%s: unknown mode %d (SK_SCATTER_DETERMINISTIC = 0, SK_SCATTER_ATOMIC = 1)", fn, mode);
    SK_CHECK(n <= INT32_MAX, SK_ERR_SHAPE, "%s: n = %lld is above INT32_MAX", fn, (long long)n);
    int32_t dev;
    sk_arg args[] = {{y, "y", sk_bytes(yn, 4), false},
                     {x, "x", sk_bytes(xn, 4), false},
                     {idx, "idx", sk_bytes(n, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    const int32_t* ix = sk_data<int32_t>(idx);
    if (dev == SK_DEVICE_CPU) {
        SK_RETURN_IF_ERROR(index_check_cpu(fn, ix, n, dst_rows));
        if (xn == 0) return SK_OK;
    }
    SK_DISPATCH(dev, scatter_add_rows_cpu(sk_data<float>(y), sk_data<float>(x), ix, n, dst_rows, dim, mode),
                scatter_add_rows_cuda(sk_data<float>(y), sk_data<float>(x), ix, n, dst_rows, dim, mode));
    SK_API_END("scatter_add_rows")
}

SK_API sk_status sk_embedding_forward(sk_buffer* y, const sk_buffer* table, const sk_buffer* idx, int64_t n,
                                      int64_t num, int64_t dim, float max_norm) {
    SK_API_BEGIN
    const char* fn = "embedding_forward";
    int64_t tn, yn;
    SK_RETURN_IF_ERROR(check_sizes(fn, n, "num", num, dim, &tn, &yn));
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
    SK_RETURN_IF_ERROR(check_sizes(fn, n, "num", num, dim, &tn, &yn));
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
