/* native/src/api/reduce.cpp — ABI entry points of the K3 reductions (sum / mean / max over the middle
 * axis of an (outer, len, inner) view): argument checks, then dispatch. */
#include <climits>

#include "common.h"
#include "kernels.h"

namespace {
const char* op_name(int32_t op) {
    return op == SK_REDUCE_SUM ? "sum" : op == SK_REDUCE_MEAN ? "mean" : "max";
}

/* Sizes, op code and the len rules shared by forward and backward; *total = outer * len * inner. */
sk_status check_sizes(const char* fn, int64_t outer, int64_t len, int64_t inner, int32_t op, int64_t* total,
                      int64_t* out_numel) {
    SK_CHECK(outer >= 0, SK_ERR_SHAPE, "%s: outer = %lld is negative", fn, (long long)outer);
    SK_CHECK(len >= 0, SK_ERR_SHAPE, "%s: len = %lld is negative", fn, (long long)len);
    SK_CHECK(inner >= 0, SK_ERR_SHAPE, "%s: inner = %lld is negative", fn, (long long)inner);
    SK_CHECK(op >= 0 && op <= SK_REDUCE_MAX, SK_ERR_ARG, "%s: unknown op code %d", fn, op);
    SK_CHECK(len > 0 || op == SK_REDUCE_SUM, SK_ERR_SHAPE, "%s: %s over len = 0 is undefined", fn, op_name(op));
    SK_CHECK(op != SK_REDUCE_MAX || len <= INT32_MAX, SK_ERR_SHAPE,
             "%s: len = %lld does not fit the int32 argmax", fn, (long long)len);
    const int64_t sizes[] = {outer, len, inner};
    SK_RETURN_IF_ERROR(sk_numel(total, fn, sizes, 3));
    const int64_t out_sizes[] = {outer, inner};
    return sk_numel(out_numel, fn, out_sizes, 2);
}
}  // namespace

extern "C" {

SK_API sk_status sk_reduce_forward(sk_buffer* y, sk_buffer* argmax, const sk_buffer* x, int64_t outer, int64_t len,
                                   int64_t inner, int32_t op) {
    SK_API_BEGIN
    const char* fn = "reduce_forward";
    int64_t total, out_n;
    SK_RETURN_IF_ERROR(check_sizes(fn, outer, len, inner, op, &total, &out_n));
    int32_t dev;
    sk_arg args[] = {{y, "y", sk_bytes(out_n, 4), false},
                     {argmax, "argmax", sk_bytes(out_n, 4), op != SK_REDUCE_MAX},
                     {x, "x", sk_bytes(total, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (out_n == 0) return SK_OK;
    int32_t* am = op == SK_REDUCE_MAX ? sk_data<int32_t>(argmax) : nullptr;
    SK_DISPATCH(dev, reduce_forward_cpu(sk_data<float>(y), am, sk_data<float>(x), outer, len, inner, op),
                reduce_forward_cuda(sk_data<float>(y), am, sk_data<float>(x), outer, len, inner, op));
    SK_API_END("reduce_forward")
}

SK_API sk_status sk_reduce_backward(sk_buffer* dx, const sk_buffer* dy, const sk_buffer* argmax, int64_t outer,
                                    int64_t len, int64_t inner, int32_t op) {
    SK_API_BEGIN
    const char* fn = "reduce_backward";
    int64_t total, out_n;
    SK_RETURN_IF_ERROR(check_sizes(fn, outer, len, inner, op, &total, &out_n));
    int32_t dev;
    sk_arg args[] = {{dx, "dx", sk_bytes(total, 4), false},
                     {dy, "dy", sk_bytes(out_n, 4), false},
                     {argmax, "argmax", sk_bytes(out_n, 4), op != SK_REDUCE_MAX}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (total == 0) return SK_OK;
    const int32_t* am = op == SK_REDUCE_MAX ? sk_data<int32_t>(argmax) : nullptr;
    if (dev == SK_DEVICE_CPU && am) {
        /* a bad index would only zero the gradient (the kernels gather, never scatter), but say so */
        for (int64_t k = 0; k < out_n; ++k)
            SK_CHECK(am[k] >= 0 && am[k] < len, SK_ERR_ARG, "%s: argmax[%lld] = %d is outside [0, %lld)", fn,
                     (long long)k, am[k], (long long)len);
    }
    SK_DISPATCH(dev, reduce_backward_cpu(sk_data<float>(dx), sk_data<float>(dy), am, outer, len, inner, op),
                reduce_backward_cuda(sk_data<float>(dx), sk_data<float>(dy), am, outer, len, inner, op));
    SK_API_END("reduce_backward")
}

}  // extern "C"
