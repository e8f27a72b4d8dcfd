/* native/src/api/filter_expand.cpp — ABI entry points of K8 filter_expand (table-driven filter bank
 * expansion) and its transpose: size and buffer checks, the idx range check for CPU buffers (the CUDA
 * launchers download idx and run the same check), then dispatch. */
#include "common.h"
#include "filter_expand_table.h"
#include "kernels.h"

namespace {
/* Sizes of W (co, ci, q), the table (to, si, p, e) and W_exp (co, to, ci, si, p). */
struct FeSizes {
    int64_t w, table, w_exp;
};

sk_status check_sizes(const char* fn, int64_t co, int64_t ci, int64_t q, int64_t to, int64_t si, int64_t p,
                      int64_t e, FeSizes* n) {
    const char* names[] = {"co", "ci", "q", "to", "si", "p", "e"};
    const int64_t v[] = {co, ci, q, to, si, p, e};
    for (int a = 0; a < 7; ++a)
        SK_CHECK(v[a] >= 0, SK_ERR_SHAPE, "%s: %s = %lld is negative", fn, names[a], (long long)v[a]);
    const int64_t w[] = {co, ci, q}, table[] = {to, si, p, e}, w_exp[] = {co, to, ci, si, p};
    SK_RETURN_IF_ERROR(sk_numel(&n->w, fn, w, 3));
    SK_RETURN_IF_ERROR(sk_numel(&n->table, fn, table, 4));
    return sk_numel(&n->w_exp, fn, w_exp, 5);
}
}  // namespace

extern "C" {

SK_API sk_status sk_filter_expand_forward(sk_buffer* w_exp, const sk_buffer* w, const sk_buffer* idx,
                                          const sk_buffer* coef, int64_t co, int64_t ci, int64_t q, int64_t to,
                                          int64_t si, int64_t p, int64_t e) {
    SK_API_BEGIN
    const char* fn = "filter_expand_forward";
    FeSizes n;
    SK_RETURN_IF_ERROR(check_sizes(fn, co, ci, q, to, si, p, e, &n));
    int32_t dev;
    sk_arg args[] = {{w_exp, "w_exp", sk_bytes(n.w_exp, 4), false},
                     {w, "w", sk_bytes(n.w, 4), false},
                     {idx, "idx", sk_bytes(n.table, 4), false},
                     {coef, "coef", sk_bytes(n.table, 4), true}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (dev == SK_DEVICE_CPU) SK_RETURN_IF_ERROR(fe_check_idx(fn, sk_data<int32_t>(idx), to, si, p, e, q));
    SK_DISPATCH(dev,
                filter_expand_forward_cpu(sk_data<float>(w_exp), sk_data<float>(w), sk_data<int32_t>(idx),
                                          sk_data<float>(coef), co, ci, q, to, si, p, e),
                filter_expand_forward_cuda(sk_data<float>(w_exp), sk_data<float>(w), sk_data<int32_t>(idx),
                                           sk_data<float>(coef), co, ci, q, to, si, p, e));
    SK_API_END("filter_expand_forward")
}

SK_API sk_status sk_filter_expand_backward(sk_buffer* dw, const sk_buffer* dw_exp, const sk_buffer* idx,
                                           const sk_buffer* coef, int64_t co, int64_t ci, int64_t q, int64_t to,
                                           int64_t si, int64_t p, int64_t e) {
    SK_API_BEGIN
    const char* fn = "filter_expand_backward";
    FeSizes n;
    SK_RETURN_IF_ERROR(check_sizes(fn, co, ci, q, to, si, p, e, &n));
    int32_t dev;
    sk_arg args[] = {{dw, "dw", sk_bytes(n.w, 4), false},
                     {dw_exp, "dw_exp", sk_bytes(n.w_exp, 4), false},
                     {idx, "idx", sk_bytes(n.table, 4), false},
                     {coef, "coef", sk_bytes(n.table, 4), true}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, fn, args));
    if (dev == SK_DEVICE_CPU) SK_RETURN_IF_ERROR(fe_check_idx(fn, sk_data<int32_t>(idx), to, si, p, e, q));
    SK_DISPATCH(dev,
                filter_expand_backward_cpu(sk_data<float>(dw), sk_data<float>(dw_exp), sk_data<int32_t>(idx),
                                           sk_data<float>(coef), co, ci, q, to, si, p, e),
                filter_expand_backward_cuda(sk_data<float>(dw), sk_data<float>(dw_exp), sk_data<int32_t>(idx),
                                            sk_data<float>(coef), co, ci, q, to, si, p, e));
    SK_API_END("filter_expand_backward")
}

}  // extern "C"
