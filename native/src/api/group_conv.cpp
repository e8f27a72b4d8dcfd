/* native/src/api/group_conv.cpp — ABI entry points of K9, the fused group convolution (filter expansion by
 * the K8 table + cross-correlation, without materializing the expanded bank): size, hyper-parameter and
 * buffer checks, the idx range check for CPU buffers (the CUDA launchers download idx and run the same
 * check), then dispatch. */
#include "common.h"
#include "filter_expand_table.h"
#include "kernels.h"

namespace {
/* Element counts of every buffer of the op. */
struct GcSizes {
    int64_t x, w, table, y;
};

sk_status check_dims(const char* fn, int64_t batch, int64_t ci, int64_t si, int64_t height, int64_t width,
                     int64_t co, int64_t to, int64_t q, int64_t k, int64_t e, int64_t stride, int64_t padding,
                     sk_gconv_dims* d, GcSizes* n) {
    const char* names[] = {"batch", "ci", "si", "height", "width", "co", "to", "q", "e"};
    const int64_t v[] = {batch, ci, si, height, width, co, to, q, e};
    for (int a = 0; a < 9; ++a)
        SK_CHECK(v[a] >= 0, SK_ERR_SHAPE, "%s: %s = %lld is negative", fn, names[a], (long long)v[a]);
    SK_CHECK(k >= 1, SK_ERR_SHAPE, "%s: kernel size k = %lld must be >= 1", fn, (long long)k);
    SK_CHECK(stride >= 1, SK_ERR_ARG, "%s: stride = %lld must be >= 1", fn, (long long)stride);
    SK_CHECK(padding >= 0, SK_ERR_ARG, "%s: padding = %lld is negative", fn, (long long)padding);
    const int64_t big = INT64_C(1) << 40;   /* keeps k * k and height + 2 * padding far from overflow */
    SK_CHECK(k < (1 << 20) && height < big && width < big && padding < big, SK_ERR_SHAPE,
             "%s: k = %lld, height, width or padding = %lld is too large", fn, (long long)k, (long long)padding);
    SK_CHECK(height + 2 * padding >= k && width + 2 * padding >= k, SK_ERR_SHAPE,
             "%s: the %lld x %lld kernel does not fit the %lld x %lld input with padding %lld", fn, (long long)k,
             (long long)k, (long long)height, (long long)width, (long long)padding);
    const int64_t ho = (height + 2 * padding - k) / stride + 1, wo = (width + 2 * padding - k) / stride + 1;
    *d = sk_gconv_dims{batch, ci, si, height, width, co, to, q, k, e, stride, padding, ho, wo,
                       ci * si, k * k, ci * si * k * k, co * to, ho * wo, height * width};
    const int64_t x[] = {batch, ci, si, height, width}, w[] = {co, ci, q}, table[] = {to, si, k * k, e},
                  y[] = {batch, co, to, ho, wo}, col[] = {ci, si, k * k, ho, wo}, bank[] = {co, to, ci, si, k * k};
    int64_t unused;   /* the im2col matrix K x N and the bank M x K must have representable sizes too */
    SK_RETURN_IF_ERROR(sk_numel(&unused, fn, col, 5));
    SK_RETURN_IF_ERROR(sk_numel(&unused, fn, bank, 5));
    SK_RETURN_IF_ERROR(sk_numel(&n->x, fn, x, 5));
    SK_RETURN_IF_ERROR(sk_numel(&n->w, fn, w, 3));
    SK_RETURN_IF_ERROR(sk_numel(&n->table, fn, table, 4));
    return sk_numel(&n->y, fn, y, 5);
}
}  // namespace

extern "C" {

SK_API sk_status sk_group_conv2d_forward(sk_buffer* y, const sk_buffer* x, const sk_buffer* w,
                                         const sk_buffer* bias, const sk_buffer* idx, const sk_buffer* coef,
                                         int64_t batch, int64_t ci, int64_t si, int64_t height, int64_t width,
                                         int64_t co, int64_t to, int64_t q, int64_t k, int64_t e, int64_t stride,
                                         int64_t padding) {
    SK_API_BEGIN
    const char* fn = "group_conv2d_forward";
    sk_gconv_dims d;
    GcSizes n;
    SK_RETURN_IF_ERROR(check_dims(fn, batch, ci, si, height, width, co, to, q, k, e, stride, padding, &d, &n));
    int32_t dev;
    sk_arg args[] = {{y, "y", sk_bytes(n.y, 4), false},
                     {x, "x", sk_bytes(n.x, 4), false},
                     {w, "w", sk_bytes(n.w, 4), false},
                     {bias, "bias", sk_bytes(co, 4), true},
                     {idx, "idx", sk_bytes(n.table, 4), false},
                     {coef, "coef", sk_bytes(n.table, 4), true}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (dev == SK_DEVICE_CPU) SK_RETURN_IF_ERROR(fe_check_idx(fn, sk_data<int32_t>(idx), to, si, k * k, e, q));
    SK_DISPATCH(dev,
                group_conv2d_forward_cpu(sk_data<float>(y), sk_data<float>(x), sk_data<float>(w), sk_data<float>(bias),
                                         sk_data<int32_t>(idx), sk_data<float>(coef), d),
                group_conv2d_forward_cuda(sk_data<float>(y), sk_data<float>(x), sk_data<float>(w),
                                          sk_data<float>(bias), sk_data<int32_t>(idx), sk_data<float>(coef), d));
    SK_API_END("group_conv2d_forward")
}

SK_API sk_status sk_group_conv2d_backward(sk_buffer* dx, sk_buffer* dw, sk_buffer* dbias, const sk_buffer* dy,
                                          const sk_buffer* x, const sk_buffer* w, const sk_buffer* idx,
                                          const sk_buffer* coef, int64_t batch, int64_t ci, int64_t si,
                                          int64_t height, int64_t width, int64_t co, int64_t to, int64_t q,
                                          int64_t k, int64_t e, int64_t stride, int64_t padding) {
    SK_API_BEGIN
    const char* fn = "group_conv2d_backward";
    sk_gconv_dims d;
    GcSizes n;
    SK_RETURN_IF_ERROR(check_dims(fn, batch, ci, si, height, width, co, to, q, k, e, stride, padding, &d, &n));
    int32_t dev;
    sk_arg args[] = {{dx, "dx", sk_bytes(n.x, 4), true},
                     {dw, "dw", sk_bytes(n.w, 4), true},
                     {dbias, "dbias", sk_bytes(co, 4), true},
                     {dy, "dy", sk_bytes(n.y, 4), false},
                     {x, "x", sk_bytes(n.x, 4), dw == nullptr},
                     {w, "w", sk_bytes(n.w, 4), dx == nullptr},
                     {idx, "idx", sk_bytes(n.table, 4), false},
                     {coef, "coef", sk_bytes(n.table, 4), true}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (dev == SK_DEVICE_CPU) SK_RETURN_IF_ERROR(fe_check_idx(fn, sk_data<int32_t>(idx), to, si, k * k, e, q));
    SK_DISPATCH(dev,
                group_conv2d_backward_cpu(sk_data<float>(dx), sk_data<float>(dw), sk_data<float>(dbias),
                                          sk_data<float>(dy), sk_data<float>(x), sk_data<float>(w),
                                          sk_data<int32_t>(idx), sk_data<float>(coef), d),
                group_conv2d_backward_cuda(sk_data<float>(dx), sk_data<float>(dw), sk_data<float>(dbias),
                                           sk_data<float>(dy), sk_data<float>(x), sk_data<float>(w),
                                           sk_data<int32_t>(idx), sk_data<float>(coef), d));
    SK_API_END("group_conv2d_backward")
}

}  // extern "C"
