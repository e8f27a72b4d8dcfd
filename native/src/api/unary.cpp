/* native/src/api/unary.cpp — ABI entry points of the K2 unary ops: argument checks, then dispatch. */
#include "common.h"
#include "kernels.h"
#include "unary_math.h"

extern "C" {

SK_API sk_status sk_unary_forward(sk_buffer* y, const sk_buffer* x, int64_t n, int32_t op, float alpha) {
    SK_API_BEGIN
    SK_CHECK(n >= 0, SK_ERR_SHAPE, "unary_forward: n = %lld is negative", (long long)n);
    SK_CHECK(op >= 0 && op < SK_UNARY_COUNT, SK_ERR_ARG, "unary_forward: unknown op code %d", op);
    int32_t dev;
    sk_arg args[] = {{y, "y", sk_bytes(n, 4), false}, {x, "x", sk_bytes(n, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, "unary_forward", args));
    if (n == 0) return SK_OK;
    SK_DISPATCH(dev, unary_forward_cpu(sk_data<float>(y), sk_data<float>(x), n, op, alpha),
                unary_forward_cuda(sk_data<float>(y), sk_data<float>(x), n, op, alpha));
    SK_API_END("unary_forward")
}

SK_API sk_status sk_unary_backward(sk_buffer* dx, const sk_buffer* dy, const sk_buffer* x, const sk_buffer* y,
                                   int64_t n, int32_t op, float alpha) {
    SK_API_BEGIN
    SK_CHECK(n >= 0, SK_ERR_SHAPE, "unary_backward: n = %lld is negative", (long long)n);
    SK_CHECK(op >= 0 && op < SK_UNARY_COUNT, SK_ERR_ARG, "unary_backward: unknown op code %d", op);
    int32_t dev;
    sk_arg args[] = {{dx, "dx", sk_bytes(n, 4), false},
                     {dy, "dy", sk_bytes(n, 4), false},
                     {x, "x", sk_bytes(n, 4), false},
                     {y, "y", sk_bytes(n, 4), !unary_needs_y(op)}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, "unary_backward", args));
    if (n == 0) return SK_OK;
    SK_DISPATCH(dev,
                unary_backward_cpu(sk_data<float>(dx), sk_data<float>(dy), sk_data<float>(x), sk_data<float>(y), n,
                                   op, alpha),
                unary_backward_cuda(sk_data<float>(dx), sk_data<float>(dy), sk_data<float>(x), sk_data<float>(y), n,
                                    op, alpha));
    SK_API_END("unary_backward")
}

}  // extern "C"
