/* native/src/api/layer_norm.cpp — ABI entry points of K5 layer norm over the last axis of (rows, cols):
 * argument checks, then dispatch. */
#include <cmath>

#include "common.h"
#include "kernels.h"

namespace {
sk_status check_sizes(const char* fn, int64_t rows, int64_t cols, int64_t* total) {
    SK_CHECK(rows >= 0, SK_ERR_SHAPE, "%s: rows = %lld is negative", fn, (long long)rows);
    SK_CHECK(cols >= 0, SK_ERR_SHAPE, "%s: cols = %lld is negative", fn, (long long)cols);
    SK_CHECK(cols > 0 || rows == 0, SK_ERR_SHAPE, "%s: cannot normalise rows of cols = 0 elements", fn);
    const int64_t sizes[] = {rows, cols};
    return sk_numel(total, fn, sizes, 2);
}
}  // namespace

extern "C" {

SK_API sk_status sk_layer_norm_forward(sk_buffer* y, sk_buffer* mean, sk_buffer* rstd, const sk_buffer* x,
                                       const sk_buffer* gamma, const sk_buffer* beta, int64_t rows, int64_t cols,
                                       float eps) {
    SK_API_BEGIN
    const char* fn = "layer_norm_forward";
    int64_t total;
    SK_RETURN_IF_ERROR(check_sizes(fn, rows, cols, &total));
    SK_CHECK(eps >= 0.0f && std::isfinite(eps), SK_ERR_ARG, "%s: eps = %g must be finite and >= 0", fn, (double)eps);
    int32_t dev;
    sk_arg args[] = {{y, "y", sk_bytes(total, 4), false},  {mean, "mean", sk_bytes(rows, 4), false},
                     {rstd, "rstd", sk_bytes(rows, 4), false}, {x, "x", sk_bytes(total, 4), false},
                     {gamma, "gamma", sk_bytes(cols, 4), true}, {beta, "beta", sk_bytes(cols, 4), true}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (rows == 0) return SK_OK;
    SK_DISPATCH(dev,
                layer_norm_forward_cpu(sk_data<float>(y), sk_data<float>(mean), sk_data<float>(rstd),
                                       sk_data<float>(x), sk_data<float>(gamma), sk_data<float>(beta), rows, cols, eps),
                layer_norm_forward_cuda(sk_data<float>(y), sk_data<float>(mean), sk_data<float>(rstd),
                                        sk_data<float>(x), sk_data<float>(gamma), sk_data<float>(beta), rows, cols,
                                        eps));
    SK_API_END("layer_norm_forward")
}

SK_API sk_status sk_layer_norm_backward(sk_buffer* dx, sk_buffer* dgamma, sk_buffer* dbeta, const sk_buffer* dy,
                                        const sk_buffer* x, const sk_buffer* mean, const sk_buffer* rstd,
                                        const sk_buffer* gamma, int64_t rows, int64_t cols) {
    SK_API_BEGIN
    const char* fn = "layer_norm_backward";
    int64_t total;
    SK_RETURN_IF_ERROR(check_sizes(fn, rows, cols, &total));
    int32_t dev;
    sk_arg args[] = {{dx, "dx", sk_bytes(total, 4), false},       {dgamma, "dgamma", sk_bytes(cols, 4), true},
                     {dbeta, "dbeta", sk_bytes(cols, 4), true},   {dy, "dy", sk_bytes(total, 4), false},
                     {x, "x", sk_bytes(total, 4), false},         {mean, "mean", sk_bytes(rows, 4), false},
                     {rstd, "rstd", sk_bytes(rows, 4), false},    {gamma, "gamma", sk_bytes(cols, 4), true}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (rows == 0) return SK_OK;   /* the += sums over no rows are 0 */
    SK_DISPATCH(dev,
                layer_norm_backward_cpu(sk_data<float>(dx), sk_data<float>(dgamma), sk_data<float>(dbeta),
                                        sk_data<float>(dy), sk_data<float>(x), sk_data<float>(mean),
                                        sk_data<float>(rstd), sk_data<float>(gamma), rows, cols),
                layer_norm_backward_cuda(sk_data<float>(dx), sk_data<float>(dgamma), sk_data<float>(dbeta),
                                         sk_data<float>(dy), sk_data<float>(x), sk_data<float>(mean),
                                         sk_data<float>(rstd), sk_data<float>(gamma), rows, cols));
    SK_API_END("layer_norm_backward")
}

}  // extern "C"
