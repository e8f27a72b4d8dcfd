/* native/src/conv_math.h — K7 convolution geometry shared by the ABI checks (api/conv.cpp), the CPU
 * kernels (cpu/conv.cpp) and the CUDA kernels (cuda/conv.cu).
 *
 * sk_conv_geom holds one validated conv2d problem (conv1d is the case h = kh = sh = dh = 1, ph = 0).
 * Index map of the cross-correlation, for output (oh, ow) and kernel tap (p, q):
 *   ih = oh sh - ph + p dh,  iw = ow sw - pw + q dw   (out of [0, h) x [0, w): zero padding)
 * The "im2col" matrix of one image is col (K = ci kh kw, N = ho wo): col[(c kh + p) kw + q][oh wo + ow]
 * = x[c, ih, iw]; then y_b = weight (co, K) col, and its adjoints give dx and dweight. */
#ifndef SK_CONV_MATH_H
#define SK_CONV_MATH_H

#include <stdint.h>

#include "hd.h"

struct sk_conv_geom {
    int64_t batch, ci, h, w, co;  /* x (batch, ci, h, w), weight (co, ci, kh, kw)                      */
    int64_t kh, kw, sh, sw, ph, pw, dh, dw;
    int64_t ho, wo;               /* output size, >= 1                                                 */
    SK_HD int64_t k() const { return ci * kh * kw; }   /* rows of col: the GEMM depth of the forward  */
    SK_HD int64_t n() const { return ho * wo; }        /* output positions per channel                */
    SK_HD int64_t in_plane() const { return h * w; }
    /* a 1x1 kernel with stride 1 and no padding: col_b is x_b itself (dilation is irrelevant) */
    SK_HD bool pointwise() const { return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0; }
};

/* Output size along one axis: (in + 2 pad - dil (k - 1) - 1) / stride + 1, or 0 when the kernel does
 * not fit (numerator < 0; C division would round that toward zero and report 1). Arguments < 2^31. */
SK_HD int64_t conv_out_size(int64_t in, int64_t k, int64_t stride, int64_t pad, int64_t dil) {
    const int64_t span = in + 2 * pad - dil * (k - 1) - 1;
    return span < 0 ? 0 : span / stride + 1;
}

/* Floor division for a possibly negative numerator and a positive divisor. */
SK_HD int64_t conv_floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/* Outputs o in [*lo, *hi) whose input index o stride - pad + tap dil lies in [0, in), clipped to
 * [0, out); *lo >= *hi means none. */
SK_HD void conv_valid_range(int64_t in, int64_t out, int64_t stride, int64_t pad, int64_t dil, int64_t tap,
                            int64_t* lo, int64_t* hi) {
    const int64_t off = tap * dil - pad;                       /* input index = o stride + off       */
    int64_t a = -conv_floor_div(off, stride);                  /* ceil(-off / stride)                */
    int64_t b = conv_floor_div(in - 1 - off, stride) + 1;      /* floor((in - 1 - off) / stride) + 1 */
    *lo = a < 0 ? 0 : a;
    *hi = b > out ? out : b;
}

#endif /* SK_CONV_MATH_H */
