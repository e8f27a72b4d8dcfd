/* native/src/api/conv.cpp — ABI entry points of K7 conv2d / conv1d: size and hyper-parameter checks
 * (naming the op and the argument), the output-size rule, buffer checks, then dispatch. conv1d is conv2d
 * with height 1 and a 1-tall kernel. */
#include <cinttypes>

#include "common.h"
#include "conv_math.h"
#include "kernels.h"

namespace {

constexpr int64_t kMaxDim = (int64_t(1) << 31) - 1;

/* Argument names for messages: conv2d names both axes, conv1d only the second ("length", "kernel"...). */
struct Names {
    const char *h, *w, *kh, *kw, *sh, *sw, *ph, *pw, *dh, *dw, *out_h, *out_w;
};
const Names kNames2d = {"height", "width", "kernel_h", "kernel_w", "stride_h", "stride_w",
                        "pad_h",  "pad_w", "dil_h",    "dil_w",    "out_h",    "out_w"};
const Names kNames1d = {"(height)", "length", "(kernel_h)", "kernel", "(stride_h)", "stride",
                        "(pad_h)",  "pad",    "(dil_h)",    "dil",    "(out_h)",    "out_len"};

sk_status check_range(const char* op, const char* name, int64_t v, int64_t min) {
    if (v < 0) return sk_fail(SK_ERR_SHAPE, "%s: %s = %" PRId64 " is negative", op, name, v);
    if (v < min) return sk_fail(SK_ERR_SHAPE, "%s: %s = %" PRId64 " must be >= %" PRId64, op, name, v, min);
    if (v > kMaxDim) return sk_fail(SK_ERR_SHAPE, "%s: %s = %" PRId64 " exceeds 2^31 - 1", op, name, v);
    return SK_OK;
}

sk_status check_out(const char* op, const char* out, int64_t in, const char* in_name, int64_t k,
                    const char* k_name, int64_t s, const char* s_name, int64_t p, const char* p_name, int64_t d,
                    const char* d_name, int64_t* size) {
    *size = conv_out_size(in, k, s, p, d);
    SK_CHECK(*size >= 1, SK_ERR_SHAPE,
             "%s: %s = (%s %" PRId64 " + 2*%s %" PRId64 " - %s %" PRId64 "*(%s %" PRId64 " - 1) - 1) / %s %" PRId64
             " + 1 is < 1: the input is too small for the dilated kernel",
             op, out, in_name, in, p_name, p, d_name, d, k_name, k, s_name, s);
    return SK_OK;
}

/* Validates sizes and hyper-parameters and fills g (output size included). */
sk_status make_geom(sk_conv_geom* g, const char* op, const Names& nm, int64_t batch, int64_t ci, int64_t h,
                    int64_t w, int64_t co, int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw,
                    int64_t dh, int64_t dw) {
    SK_RETURN_IF_ERROR(check_range(op, "batch", batch, 0));
    SK_RETURN_IF_ERROR(check_range(op, "c_in", ci, 0));
    SK_RETURN_IF_ERROR(check_range(op, nm.h, h, 0));
    SK_RETURN_IF_ERROR(check_range(op, nm.w, w, 0));
    SK_RETURN_IF_ERROR(check_range(op, "c_out", co, 0));
    SK_RETURN_IF_ERROR(check_range(op, nm.kh, kh, 1));
    SK_RETURN_IF_ERROR(check_range(op, nm.kw, kw, 1));
    SK_RETURN_IF_ERROR(check_range(op, nm.sh, sh, 1));
    SK_RETURN_IF_ERROR(check_range(op, nm.sw, sw, 1));
    SK_RETURN_IF_ERROR(check_range(op, nm.ph, ph, 0));
    SK_RETURN_IF_ERROR(check_range(op, nm.pw, pw, 0));
    SK_RETURN_IF_ERROR(check_range(op, nm.dh, dh, 1));
    SK_RETURN_IF_ERROR(check_range(op, nm.dw, dw, 1));
    *g = sk_conv_geom{batch, ci, h, w, co, kh, kw, sh, sw, ph, pw, dh, dw, 0, 0};
    SK_RETURN_IF_ERROR(check_out(op, nm.out_h, h, nm.h, kh, nm.kh, sh, nm.sh, ph, nm.ph, dh, nm.dh, &g->ho));
    SK_RETURN_IF_ERROR(check_out(op, nm.out_w, w, nm.w, kw, nm.kw, sw, nm.sw, pw, nm.pw, dw, nm.dw, &g->wo));
    return SK_OK;
}

/* Byte sizes of x, weight, y and bias (-1 on overflow, which sk_check_args reports). */
struct Bytes {
    int64_t x, weight, y, bias;
};
sk_status make_bytes(Bytes* b, const char* op, const sk_conv_geom& g) {
    int64_t nx, nw, ny;
    const int64_t sx[] = {g.batch, g.ci, g.h, g.w}, sw[] = {g.co, g.ci, g.kh, g.kw}, sy[] = {g.batch, g.co, g.ho, g.wo};
    SK_RETURN_IF_ERROR(sk_numel(&nx, op, sx, 4));
    SK_RETURN_IF_ERROR(sk_numel(&nw, op, sw, 4));
    SK_RETURN_IF_ERROR(sk_numel(&ny, op, sy, 4));
    *b = Bytes{sk_bytes(nx, 4), sk_bytes(nw, 4), sk_bytes(ny, 4), sk_bytes(g.co, 4)};
    return SK_OK;
}

sk_status forward(const char* op, const Names& nm, sk_buffer* y, const sk_buffer* x, const sk_buffer* weight,
                  const sk_buffer* bias, int64_t batch, int64_t ci, int64_t h, int64_t w, int64_t co, int64_t kh,
                  int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw, int64_t dh, int64_t dw) {
    sk_conv_geom g;
    SK_RETURN_IF_ERROR(make_geom(&g, op, nm, batch, ci, h, w, co, kh, kw, sh, sw, ph, pw, dh, dw));
    Bytes nb;
    SK_RETURN_IF_ERROR(make_bytes(&nb, op, g));
    int32_t dev;
    sk_arg args[] = {{y, "y", nb.y, false},
                     {x, "x", nb.x, false},
                     {weight, "weight", nb.weight, false},
                     {bias, "bias", nb.bias, true}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, op, args));
    if (g.batch == 0 || g.co == 0) return SK_OK;
    SK_DISPATCH(dev,
                conv2d_forward_cpu(sk_data<float>(y), sk_data<float>(x), sk_data<float>(weight), sk_data<float>(bias), g),
                conv2d_forward_cuda(sk_data<float>(y), sk_data<float>(x), sk_data<float>(weight), sk_data<float>(bias), g));
}

sk_status backward(const char* op, const Names& nm, sk_buffer* dx, sk_buffer* dweight, sk_buffer* dbias,
                   const sk_buffer* dy, const sk_buffer* x, const sk_buffer* weight, int64_t batch, int64_t ci,
                   int64_t h, int64_t w, int64_t co, int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph,
                   int64_t pw, int64_t dh, int64_t dw) {
    sk_conv_geom g;
    SK_RETURN_IF_ERROR(make_geom(&g, op, nm, batch, ci, h, w, co, kh, kw, sh, sw, ph, pw, dh, dw));
    Bytes nb;
    SK_RETURN_IF_ERROR(make_bytes(&nb, op, g));
    int32_t dev;
    sk_arg args[] = {{dx, "dx", nb.x, true},         {dweight, "dweight", nb.weight, true},
                     {dbias, "dbias", nb.bias, true}, {dy, "dy", nb.y, false},
                     {x, "x", nb.x, !dweight},       {weight, "weight", nb.weight, !dx}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, op, args));
    if (g.batch == 0 || (!dx && !dweight && !dbias)) return SK_OK;   /* += of an empty sum; dx is empty */
    /* only pass the pointers that are used, so that the kernels never read an unneeded x or weight */
    const float* xs = dweight ? sk_data<float>(x) : nullptr;
    const float* ws = dx ? sk_data<float>(weight) : nullptr;
    SK_DISPATCH(dev,
                conv2d_backward_cpu(sk_data<float>(dx), sk_data<float>(dweight), sk_data<float>(dbias),
                                    sk_data<float>(dy), xs, ws, g),
                conv2d_backward_cuda(sk_data<float>(dx), sk_data<float>(dweight), sk_data<float>(dbias),
                                     sk_data<float>(dy), xs, ws, g));
}

}  // namespace

extern "C" {

SK_API sk_status sk_conv2d_forward(sk_buffer* y, const sk_buffer* x, const sk_buffer* weight, const sk_buffer* bias,
                                   int64_t batch, int64_t c_in, int64_t height, int64_t width, int64_t c_out,
                                   int64_t kernel_h, int64_t kernel_w, int64_t stride_h, int64_t stride_w,
                                   int64_t pad_h, int64_t pad_w, int64_t dil_h, int64_t dil_w) {
    SK_API_BEGIN
    return forward("conv2d_forward", kNames2d, y, x, weight, bias, batch, c_in, height, width, c_out, kernel_h,
                   kernel_w, stride_h, stride_w, pad_h, pad_w, dil_h, dil_w);
    SK_API_END("conv2d_forward")
}

SK_API sk_status sk_conv2d_backward(sk_buffer* dx, sk_buffer* dweight, sk_buffer* dbias, const sk_buffer* dy,
                                    const sk_buffer* x, const sk_buffer* weight, int64_t batch, int64_t c_in,
                                    int64_t height, int64_t width, int64_t c_out, int64_t kernel_h,
                                    int64_t kernel_w, int64_t stride_h, int64_t stride_w, int64_t pad_h,
                                    int64_t pad_w, int64_t dil_h, int64_t dil_w) {
    SK_API_BEGIN
    return backward("conv2d_backward", kNames2d, dx, dweight, dbias, dy, x, weight, batch, c_in, height, width,
                    c_out, kernel_h, kernel_w, stride_h, stride_w, pad_h, pad_w, dil_h, dil_w);
    SK_API_END("conv2d_backward")
}

SK_API sk_status sk_conv1d_forward(sk_buffer* y, const sk_buffer* x, const sk_buffer* weight, const sk_buffer* bias,
                                   int64_t batch, int64_t c_in, int64_t length, int64_t c_out, int64_t kernel,
                                   int64_t stride, int64_t pad, int64_t dil) {
    SK_API_BEGIN
    return forward("conv1d_forward", kNames1d, y, x, weight, bias, batch, c_in, 1, length, c_out, 1, kernel, 1,
                   stride, 0, pad, 1, dil);
    SK_API_END("conv1d_forward")
}

SK_API sk_status sk_conv1d_backward(sk_buffer* dx, sk_buffer* dweight, sk_buffer* dbias, const sk_buffer* dy,
                                    const sk_buffer* x, const sk_buffer* weight, int64_t batch, int64_t c_in,
                                    int64_t length, int64_t c_out, int64_t kernel, int64_t stride, int64_t pad,
                                    int64_t dil) {
    SK_API_BEGIN
    return backward("conv1d_backward", kNames1d, dx, dweight, dbias, dy, x, weight, batch, c_in, 1, length, c_out,
                    1, kernel, 1, stride, 0, pad, 1, dil);
    SK_API_END("conv1d_backward")
}

}  // extern "C"
