/* native/src/api/segment_reduce.cpp — ABI entry points of K11 segment_reduce (sum / mean / max over CSR
 * segments of rows): size and op checks, buffer checks, the offsets rule (segment_math.h; on the CPU
 * here, on CUDA inside the launcher), the argmax check of the CPU backward, then dispatch. */
#include <climits>

#include "common.h"
#include "kernels.h"
#include "segment_math.h"

namespace {
/* Sizes and op shared by forward and backward; *xn = rows * dim, *yn = segments * dim. */
sk_status check_sizes(const char* fn, int64_t segments, int64_t rows, int64_t dim, int32_t op, int64_t* xn,
                      int64_t* yn) {
    SK_CHECK(segments >= 0, SK_ERR_SHAPE, "%s: segments = %lld is negative", fn, (long long)segments);
    SK_CHECK(rows >= 0, SK_ERR_SHAPE, "%s: rows = %lld is negative", fn, (long long)rows);
    SK_CHECK(dim >= 0, SK_ERR_SHAPE, "%s: dim = %lld is negative", fn, (long long)dim);
    SK_CHECK(segments < INT64_MAX / 8, SK_ERR_SHAPE, "%s: segments = %lld is too large", fn, (long long)segments);
    SK_CHECK(op >= SK_REDUCE_SUM && op <= SK_REDUCE_MAX, SK_ERR_ARG, "%s: unknown op code %d", fn, op);
    SK_CHECK(op != SK_REDUCE_MAX || rows <= INT32_MAX, SK_ERR_SHAPE,
             "%s: rows = %lld does not fit the int32 argmax", fn, (long long)rows);
    const int64_t xs[] = {rows, dim}, ys[] = {segments, dim};
    SK_RETURN_IF_ERROR(sk_numel(xn, fn, xs, 2));
    return sk_numel(yn, fn, ys, 2);
}
}  // namespace

extern "C" {

SK_API sk_status sk_segment_reduce_forward(sk_buffer* y, sk_buffer* argmax, const sk_buffer* x,
                                           const sk_buffer* offsets, int64_t segments, int64_t rows, int64_t dim,
                                           int32_t op) {
    SK_API_BEGIN
    const char* fn = "segment_reduce_forward";
    int64_t xn, yn;
    SK_RETURN_IF_ERROR(check_sizes(fn, segments, rows, dim, op, &xn, &yn));
    int32_t dev;
    sk_arg args[] = {{y, "y", sk_bytes(yn, 4), false},
                     {argmax, "argmax", sk_bytes(yn, 4), op != SK_REDUCE_MAX},
                     {x, "x", sk_bytes(xn, 4), false},
                     {offsets, "offsets", sk_bytes(segments + 1, 8), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    const int64_t* off = sk_data<int64_t>(offsets);
    if (dev == SK_DEVICE_CPU) {
        SK_RETURN_IF_ERROR(segment_offsets_check_host(fn, off, segments, rows));
        if (yn == 0) return SK_OK;
    }
    int32_t* am = op == SK_REDUCE_MAX ? sk_data<int32_t>(argmax) : nullptr;
    SK_DISPATCH(dev, segment_reduce_forward_cpu(sk_data<float>(y), am, sk_data<float>(x), off, segments, rows, dim, op),
                segment_reduce_forward_cuda(sk_data<float>(y), am, sk_data<float>(x), off, segments, rows, dim, op));
    SK_API_END("segment_reduce_forward")
}

SK_API sk_status sk_segment_reduce_backward(sk_buffer* dx, const sk_buffer* dy, const sk_buffer* argmax,
                                            const sk_buffer* offsets, int64_t segments, int64_t rows, int64_t dim,
                                            int32_t op) {
    SK_API_BEGIN
    const char* fn = "segment_reduce_backward";
    int64_t xn, yn;
    SK_RETURN_IF_ERROR(check_sizes(fn, segments, rows, dim, op, &xn, &yn));
    int32_t dev;
    sk_arg args[] = {{dx, "dx", sk_bytes(xn, 4), false},
                     {dy, "dy", sk_bytes(yn, 4), false},
                     {argmax, "argmax", sk_bytes(yn, 4), op != SK_REDUCE_MAX},
                     {offsets, "offsets", sk_bytes(segments + 1, 8), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    const int64_t* off = sk_data<int64_t>(offsets);
    const int32_t* am = op == SK_REDUCE_MAX ? sk_data<int32_t>(argmax) : nullptr;
    if (dev == SK_DEVICE_CPU) {
        SK_RETURN_IF_ERROR(segment_offsets_check_host(fn, off, segments, rows));
        for (int64_t s = 0; am && s < segments; ++s)
            for (int64_t d = 0; d < dim; ++d) {
                const int32_t a = am[s * dim + d];
                const bool empty = off[s] == off[s + 1];
                SK_CHECK(empty ? a == -1 : (a >= off[s] && a < off[s + 1]), SK_ERR_ARG,
                         "%s: argmax[%lld, %lld] = %d is not %s of segment %lld (rows %lld .. %lld)", fn,
                         (long long)s, (long long)d, a, empty ? "-1, the mark" : "a row", (long long)s,
                         (long long)off[s], (long long)off[s + 1] - 1);
            }
        if (xn == 0) return SK_OK;
    }
    SK_DISPATCH(dev,
                segment_reduce_backward_cpu(sk_data<float>(dx), sk_data<float>(dy), am, off, segments, rows, dim, op),
                segment_reduce_backward_cuda(sk_data<float>(dx), sk_data<float>(dy), am, off, segments, rows, dim, op));
    SK_API_END("segment_reduce_backward")
}

}  // extern "C"
