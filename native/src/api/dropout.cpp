/* native/src/api/dropout.cpp — ABI entry points of K6: dropout forward/backward and the Philox uniform
 * and normal generators. Argument checks, then dispatch; the stream is defined in philox.h. */
#include <cmath>

#include "common.h"
#include "kernels.h"

extern "C" {

SK_API sk_status sk_dropout_forward(sk_buffer* y, sk_buffer* mask, const sk_buffer* x, int64_t n, float p,
                                    uint64_t seed, uint64_t offset) {
    SK_API_BEGIN
    SK_CHECK(n >= 0, SK_ERR_SHAPE, "dropout_forward: n = %lld is negative", (long long)n);
    SK_CHECK(p >= 0.0f && p < 1.0f, SK_ERR_ARG, "dropout_forward: p = %g is outside [0, 1)", (double)p);
    int32_t dev;
    sk_arg args[] = {{y, "y", sk_bytes(n, 4), false}, {mask, "mask", sk_bytes(n, 4), false},
                     {x, "x", sk_bytes(n, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, "dropout_forward", args));
    SK_CHECK(mask != x && mask != y, SK_ERR_ARG, "dropout_forward: 'mask' must not alias 'x' or 'y'");
    if (n == 0) return SK_OK;
    SK_DISPATCH(dev,
                dropout_forward_cpu(sk_data<float>(y), sk_data<float>(mask), sk_data<float>(x), n, p, seed, offset),
                dropout_forward_cuda(sk_data<float>(y), sk_data<float>(mask), sk_data<float>(x), n, p, seed, offset));
    SK_API_END("dropout_forward")
}

SK_API sk_status sk_dropout_backward(sk_buffer* dx, const sk_buffer* dy, const sk_buffer* mask, int64_t n) {
    SK_API_BEGIN
    SK_CHECK(n >= 0, SK_ERR_SHAPE, "dropout_backward: n = %lld is negative", (long long)n);
    int32_t dev;
    sk_arg args[] = {{dx, "dx", sk_bytes(n, 4), false}, {dy, "dy", sk_bytes(n, 4), false},
                     {mask, "mask", sk_bytes(n, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, "dropout_backward", args));
    if (n == 0) return SK_OK;
    SK_DISPATCH(dev, dropout_backward_cpu(sk_data<float>(dx), sk_data<float>(dy), sk_data<float>(mask), n),
                dropout_backward_cuda(sk_data<float>(dx), sk_data<float>(dy), sk_data<float>(mask), n));
    SK_API_END("dropout_backward")
}

SK_API sk_status sk_random_uniform(sk_buffer* out, int64_t n, float low, float high, uint64_t seed,
                                   uint64_t offset) {
    SK_API_BEGIN
    SK_CHECK(n >= 0, SK_ERR_SHAPE, "random_uniform: n = %lld is negative", (long long)n);
    SK_CHECK(low < high, SK_ERR_ARG, "random_uniform: needs low < high, got low = %g, high = %g", (double)low,
             (double)high);
    SK_CHECK(std::isfinite(high - low), SK_ERR_ARG,
             "random_uniform: high - low is not a finite float (low = %g, high = %g)", (double)low, (double)high);
    int32_t dev;
    sk_arg args[] = {{out, "out", sk_bytes(n, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, "random_uniform", args));
    if (n == 0) return SK_OK;
    SK_DISPATCH(dev, random_uniform_cpu(sk_data<float>(out), n, low, high, seed, offset),
                random_uniform_cuda(sk_data<float>(out), n, low, high, seed, offset));
    SK_API_END("random_uniform")
}

SK_API sk_status sk_random_normal(sk_buffer* out, int64_t n, float mean, float std, uint64_t seed,
                                  uint64_t offset) {
    SK_API_BEGIN
    SK_CHECK(n >= 0, SK_ERR_SHAPE, "random_normal: n = %lld is negative", (long long)n);
    SK_CHECK(std::isfinite(mean), SK_ERR_ARG, "random_normal: mean = %g is not finite", (double)mean);
    SK_CHECK(std >= 0.0f && std::isfinite(std), SK_ERR_ARG, "random_normal: std = %g must be finite and >= 0",
             (double)std);
    int32_t dev;
    sk_arg args[] = {{out, "out", sk_bytes(n, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, "random_normal", args));
    if (n == 0) return SK_OK;
    SK_DISPATCH(dev, random_normal_cpu(sk_data<float>(out), n, mean, std, seed, offset),
                random_normal_cuda(sk_data<float>(out), n, mean, std, seed, offset));
    SK_API_END("random_normal")
}

}  // extern "C"
