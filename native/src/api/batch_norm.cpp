/* native/src/api/batch_norm.cpp — ABI entry points of K5 batch norm with statistics shared over
 * (batch, inner) ("inner" batch norm for group feature maps): argument checks, then dispatch. */
#include <cmath>

#include "common.h"
#include "kernels.h"

namespace {
/* Sizes shared by forward and backward: *total = batch * channels * inner, *n = batch * inner. */
sk_status check_sizes(const char* fn, int64_t batch, int64_t channels, int64_t inner, int32_t training,
                      int64_t* total, int64_t* n) {
    SK_CHECK(batch >= 0, SK_ERR_SHAPE, "%s: batch = %lld is negative", fn, (long long)batch);
    SK_CHECK(channels >= 0, SK_ERR_SHAPE, "%s: channels = %lld is negative", fn, (long long)channels);
    SK_CHECK(inner >= 0, SK_ERR_SHAPE, "%s: inner = %lld is negative", fn, (long long)inner);
    const int64_t sizes[] = {batch, channels, inner}, per_channel[] = {batch, inner};
    SK_RETURN_IF_ERROR(sk_numel(total, fn, sizes, 3));
    SK_RETURN_IF_ERROR(sk_numel(n, fn, per_channel, 2));
    SK_CHECK(!training || channels == 0 || *n >= 2, SK_ERR_SHAPE,
             "%s: training needs more than one value per channel, got batch * inner = %lld", fn, (long long)*n);
    return SK_OK;
}
}  // namespace

extern "C" {

SK_API sk_status sk_batch_norm_forward(sk_buffer* y, sk_buffer* save_mean, sk_buffer* save_invstd,
                                       sk_buffer* running_mean, sk_buffer* running_var, const sk_buffer* x,
                                       const sk_buffer* gamma, const sk_buffer* beta, int64_t batch,
                                       int64_t channels, int64_t inner, int32_t training, float momentum,
                                       float eps) {
    SK_API_BEGIN
    const char* fn = "batch_norm_forward";
    int64_t total, n;
    SK_RETURN_IF_ERROR(check_sizes(fn, batch, channels, inner, training, &total, &n));
    SK_CHECK(momentum >= 0.0f && momentum <= 1.0f, SK_ERR_ARG, "%s: momentum = %g is outside [0, 1]", fn,
             (double)momentum);
    SK_CHECK(eps >= 0.0f && std::isfinite(eps), SK_ERR_ARG, "%s: eps = %g must be finite and >= 0", fn, (double)eps);
    SK_CHECK((running_mean == nullptr) == (running_var == nullptr), SK_ERR_ARG,
             "%s: running_mean and running_var must both be given or both be NULL", fn);
    SK_CHECK(training || running_mean != nullptr, SK_ERR_ARG,
             "%s: evaluation mode (training = 0) needs running_mean and running_var", fn);
    int32_t dev;
    const int64_t cb = sk_bytes(channels, 4);
    sk_arg args[] = {{y, "y", sk_bytes(total, 4), false},
                     {save_mean, "save_mean", cb, false},
                     {save_invstd, "save_invstd", cb, false},
                     {running_mean, "running_mean", cb, true},
                     {running_var, "running_var", cb, true},
                     {x, "x", sk_bytes(total, 4), false},
                     {gamma, "gamma", cb, true},
                     {beta, "beta", cb, true}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (channels == 0 || n == 0) return SK_OK;
    SK_DISPATCH(dev,
                batch_norm_forward_cpu(sk_data<float>(y), sk_data<float>(save_mean), sk_data<float>(save_invstd),
                                       sk_data<float>(running_mean), sk_data<float>(running_var), sk_data<float>(x),
                                       sk_data<float>(gamma), sk_data<float>(beta), batch, channels, inner,
                                       training != 0, momentum, eps),
                batch_norm_forward_cuda(sk_data<float>(y), sk_data<float>(save_mean), sk_data<float>(save_invstd),
                                        sk_data<float>(running_mean), sk_data<float>(running_var), sk_data<float>(x),
                                        sk_data<float>(gamma), sk_data<float>(beta), batch, channels, inner,
                                        training != 0, momentum, eps));
    SK_API_END("batch_norm_forward")
}

SK_API sk_status sk_batch_norm_backward(sk_buffer* dx, sk_buffer* dgamma, sk_buffer* dbeta, const sk_buffer* dy,
                                        const sk_buffer* x, const sk_buffer* save_mean, const sk_buffer* save_invstd,
                                        const sk_buffer* gamma, int64_t batch, int64_t channels, int64_t inner,
                                        int32_t training) {
    SK_API_BEGIN
    const char* fn = "batch_norm_backward";
    int64_t total, n;
    SK_RETURN_IF_ERROR(check_sizes(fn, batch, channels, inner, training, &total, &n));
    int32_t dev;
    const int64_t cb = sk_bytes(channels, 4);
    sk_arg args[] = {{dx, "dx", sk_bytes(total, 4), false},
                     {dgamma, "dgamma", cb, true},
                     {dbeta, "dbeta", cb, true},
                     {dy, "dy", sk_bytes(total, 4), false},
                     {x, "x", sk_bytes(total, 4), false},
                     {save_mean, "save_mean", cb, false},
                     {save_invstd, "save_invstd", cb, false},
                     {gamma, "gamma", cb, true}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (channels == 0 || n == 0) return SK_OK;   /* dx is empty and the += sums are 0 */
    SK_DISPATCH(dev,
                batch_norm_backward_cpu(sk_data<float>(dx), sk_data<float>(dgamma), sk_data<float>(dbeta),
                                        sk_data<float>(dy), sk_data<float>(x), sk_data<float>(save_mean),
                                        sk_data<float>(save_invstd), sk_data<float>(gamma), batch, channels, inner,
                                        training != 0),
                batch_norm_backward_cuda(sk_data<float>(dx), sk_data<float>(dgamma), sk_data<float>(dbeta),
                                         sk_data<float>(dy), sk_data<float>(x), sk_data<float>(save_mean),
                                         sk_data<float>(save_invstd), sk_data<float>(gamma), batch, channels, inner,
                                         training != 0));
    SK_API_END("batch_norm_backward")
}

}  // extern "C"
