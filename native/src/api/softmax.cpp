/* native/src/api/softmax.cpp — ABI entry points of the K3 softmax / log_softmax over the last axis of a
 * (rows, cols) view: argument checks, then dispatch. */
#include "common.h"
#include "kernels.h"

namespace {
sk_status check_sizes(const char* fn, int64_t rows, int64_t cols, int64_t* total) {
    SK_CHECK(rows >= 0, SK_ERR_SHAPE, "%s: rows = %lld is negative", fn, (long long)rows);
    SK_CHECK(cols >= 0, SK_ERR_SHAPE, "%s: cols = %lld is negative", fn, (long long)cols);
    const int64_t sizes[] = {rows, cols};
    return sk_numel(total, fn, sizes, 2);
}
}  // namespace

extern "C" {

SK_API sk_status sk_softmax_forward(sk_buffer* y, const sk_buffer* x, int64_t rows, int64_t cols, int32_t log) {
    SK_API_BEGIN
    const char* fn = "softmax_forward";
    int64_t total;
    SK_RETURN_IF_ERROR(check_sizes(fn, rows, cols, &total));
    int32_t dev;
    sk_arg args[] = {{y, "y", sk_bytes(total, 4), false}, {x, "x", sk_bytes(total, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (total == 0) return SK_OK;
    int lg = log != 0;
    SK_DISPATCH(dev, softmax_forward_cpu(sk_data<float>(y), sk_data<float>(x), rows, cols, lg),
                softmax_forward_cuda(sk_data<float>(y), sk_data<float>(x), rows, cols, lg));
    SK_API_END("softmax_forward")
}

SK_API sk_status sk_softmax_backward(sk_buffer* dx, const sk_buffer* dy, const sk_buffer* y, int64_t rows,
                                     int64_t cols, int32_t log) {
    SK_API_BEGIN
    const char* fn = "softmax_backward";
    int64_t total;
    SK_RETURN_IF_ERROR(check_sizes(fn, rows, cols, &total));
    int32_t dev;
    sk_arg args[] = {{dx, "dx", sk_bytes(total, 4), false},
                     {dy, "dy", sk_bytes(total, 4), false},
                     {y, "y", sk_bytes(total, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (total == 0) return SK_OK;
    int lg = log != 0;
    SK_DISPATCH(dev, softmax_backward_cpu(sk_data<float>(dx), sk_data<float>(dy), sk_data<float>(y), rows, cols, lg),
                softmax_backward_cuda(sk_data<float>(dx), sk_data<float>(dy), sk_data<float>(y), rows, cols, lg));
    SK_API_END("softmax_backward")
}

}  // extern "C"
