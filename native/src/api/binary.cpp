/* native/src/api/binary.cpp — ABI entry points of the K2 broadcasting ops binary_forward and sum_to_shape:
 * shape and argument checks (naming the op, the operand and the dim), buffer sizes from the shape
 * products, aliasing rules, then dispatch to cpu/binary.cpp or cuda/binary.cu. */
#include "common.h"
#include "kernels.h"

namespace {

sk_status check_ndim(const char* op, int32_t ndim) {
    SK_CHECK(ndim >= 1 && ndim <= SK_MAX_DIMS, SK_ERR_SHAPE, "%s: ndim = %d is outside [1, %d]", op, ndim,
             SK_MAX_DIMS);
    return SK_OK;
}

/* Non-negative dims, and an element count that fits int64 (the product is written to *numel). */
sk_status check_dims(const char* op, const char* name, const int64_t* shape, int32_t ndim, int64_t* numel) {
    SK_CHECK(shape != nullptr, SK_ERR_ARG, "%s: %s is NULL", op, name);
    for (int d = 0; d < ndim; ++d)
        SK_CHECK(shape[d] >= 0, SK_ERR_SHAPE, "%s: %s[%d] = %lld is negative", op, name, d, (long long)shape[d]);
    return sk_numel(numel, op, shape, ndim);
}

/* Every small[d] must be 1 or big[d]: `small` broadcasts to `big`. */
sk_status check_broadcast(const char* op, const char* small_name, const int64_t* small, const char* big_name,
                          const int64_t* big, int32_t ndim) {
    for (int d = 0; d < ndim; ++d)
        SK_CHECK(small[d] == 1 || small[d] == big[d], SK_ERR_SHAPE, "%s: %s[%d] = %lld is neither 1 nor %s[%d] = %lld",
                 op, small_name, d, (long long)small[d], big_name, d, (long long)big[d]);
    return SK_OK;
}

bool same_shape(const int64_t* x, const int64_t* y, int32_t ndim) {
    for (int d = 0; d < ndim; ++d)
        if (x[d] != y[d]) return false;
    return true;
}

}  // namespace

extern "C" {

SK_API sk_status sk_binary_forward(sk_buffer* out, const sk_buffer* a, const sk_buffer* b, int32_t ndim,
                                   const int64_t* out_shape, const int64_t* a_shape, const int64_t* b_shape,
                                   int32_t op) {
    SK_API_BEGIN
    const char* name = "binary_forward";
    SK_RETURN_IF_ERROR(check_ndim(name, ndim));
    SK_CHECK(op >= 0 && op < SK_BINARY_COUNT, SK_ERR_ARG, "binary_forward: unknown op code %d", op);
    int64_t n_out, n_a, n_b;
    SK_RETURN_IF_ERROR(check_dims(name, "out_shape", out_shape, ndim, &n_out));
    SK_RETURN_IF_ERROR(check_dims(name, "a_shape", a_shape, ndim, &n_a));
    SK_RETURN_IF_ERROR(check_dims(name, "b_shape", b_shape, ndim, &n_b));
    SK_RETURN_IF_ERROR(check_broadcast(name, "a_shape", a_shape, "out_shape", out_shape, ndim));
    SK_RETURN_IF_ERROR(check_broadcast(name, "b_shape", b_shape, "out_shape", out_shape, ndim));
    int32_t dev;
    sk_arg args[] = {{out, "out", sk_bytes(n_out, 4), false},
                     {a, "a", sk_bytes(n_a, 4), false},
                     {b, "b", sk_bytes(n_b, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, name, args));
    if (n_out == 0) return SK_OK;
    /* Writing out would overwrite a broadcast operand while it is still being read. */
    SK_CHECK(out != a || same_shape(a_shape, out_shape, ndim), SK_ERR_ARG,
             "binary_forward: out aliases a, which is broadcast (a_shape differs from out_shape)");
    SK_CHECK(out != b || same_shape(b_shape, out_shape, ndim), SK_ERR_ARG,
             "binary_forward: out aliases b, which is broadcast (b_shape differs from out_shape)");
    SK_DISPATCH(dev,
                binary_forward_cpu(sk_data<float>(out), sk_data<float>(a), sk_data<float>(b), ndim, out_shape,
                                   a_shape, b_shape, op),
                binary_forward_cuda(sk_data<float>(out), sk_data<float>(a), sk_data<float>(b), ndim, out_shape,
                                    a_shape, b_shape, op));
    SK_API_END("binary_forward")
}

SK_API sk_status sk_sum_to_shape(sk_buffer* out, const sk_buffer* in, int32_t ndim, const int64_t* out_shape,
                                 const int64_t* in_shape) {
    SK_API_BEGIN
    const char* name = "sum_to_shape";
    SK_RETURN_IF_ERROR(check_ndim(name, ndim));
    int64_t n_out, n_in;
    SK_RETURN_IF_ERROR(check_dims(name, "out_shape", out_shape, ndim, &n_out));
    SK_RETURN_IF_ERROR(check_dims(name, "in_shape", in_shape, ndim, &n_in));
    SK_RETURN_IF_ERROR(check_broadcast(name, "out_shape", out_shape, "in_shape", in_shape, ndim));
    int32_t dev;
    sk_arg args[] = {{out, "out", sk_bytes(n_out, 4), false}, {in, "in", sk_bytes(n_in, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, name, args));
    if (n_out == 0) return SK_OK;
    SK_CHECK(out != in || same_shape(out_shape, in_shape, ndim), SK_ERR_ARG,
             "sum_to_shape: out aliases in, but out_shape differs from in_shape");
    SK_DISPATCH(dev, sum_to_shape_cpu(sk_data<float>(out), sk_data<float>(in), ndim, out_shape, in_shape),
                sum_to_shape_cuda(sk_data<float>(out), sk_data<float>(in), ndim, out_shape, in_shape));
    SK_API_END("sum_to_shape")
}

}  // extern "C"
