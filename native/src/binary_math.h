/* native/src/binary_math.h — shared by cpu/binary.cpp and cuda/binary.cu:
 *   binary_f(op, a, b)   the K2 binary formulas (add sub mul div);
 *   sk_bcast_plan        broadcasting of binary_forward with its dims collapsed;
 *   sk_sum_plan          the reduction structure of sum_to_shape with its dims collapsed.
 * Plans are built on the host from shapes already validated by native/src/api/binary.cpp. Collapsing drops
 * size-1 dims and merges neighbouring dims that broadcast (or reduce) alike, so that the common cases
 * become rank 1 or 2: same shapes -> [n]; bias add (m,n)+(1,n) -> [m, n]; sum (m,n)->(1,n) -> [m, n]. */
#ifndef SK_BINARY_MATH_H
#define SK_BINARY_MATH_H

#include <stdint.h>

#include "hd.h"
#include "symkern.h"

SK_HD float binary_f(int op, float a, float b) {
    switch (op) {
        case SK_BINARY_ADD: return a + b;
        case SK_BINARY_SUB: return a - b;
        case SK_BINARY_MUL: return a * b;
        case SK_BINARY_DIV: return a / b;
        default:            return 0.0f;
    }
}

/* out = a (op) b over `ndim` collapsed dims (outermost first). sa / sb are the element strides of a and b
 * per dim: 0 where the operand is broadcast, its contiguous stride otherwise. ndim >= 1; every dim >= 1
 * (empty outputs never reach a plan). The innermost strides are 0 or 1. */
struct sk_bcast_plan {
    int     ndim;
    int64_t shape[SK_MAX_DIMS];
    int64_t sa[SK_MAX_DIMS];
    int64_t sb[SK_MAX_DIMS];
};

inline sk_bcast_plan sk_make_bcast_plan(int ndim, const int64_t* out_shape, const int64_t* a_shape,
                                        const int64_t* b_shape) {
    sk_bcast_plan p{};
    bool fa[SK_MAX_DIMS], fb[SK_MAX_DIMS];   /* operand is full (not broadcast) along collapsed dim */
    int r = 0;
    for (int d = 0; d < ndim; ++d) {
        if (out_shape[d] == 1) continue;
        bool a_full = a_shape[d] != 1, b_full = b_shape[d] != 1;
        if (r > 0 && fa[r - 1] == a_full && fb[r - 1] == b_full) {
            p.shape[r - 1] *= out_shape[d];
        } else {
            p.shape[r] = out_shape[d];
            fa[r] = a_full;
            fb[r] = b_full;
            ++r;
        }
    }
    if (r == 0) {   /* a single element */
        p.shape[0] = 1;
        fa[0] = fb[0] = true;
        r = 1;
    }
    p.ndim = r;
    int64_t ka = 1, kb = 1;
    for (int d = r - 1; d >= 0; --d) {
        p.sa[d] = fa[d] ? ka : 0;
        p.sb[d] = fb[d] ? kb : 0;
        if (fa[d]) ka *= p.shape[d];
        if (fb[d]) kb *= p.shape[d];
    }
    return p;
}

/* sum_to_shape viewed as: `in` = rows of `inner` contiguous elements. The outer dims (all but the
 * innermost collapsed dim) split into kept dims (k*) and reduced dims (r*), which alternate after
 * collapsing. Output row ok in [0, n_kept) and reduced tuple t in [0, n_red) select the input row at
 *   koff(ok) + roff(t),  koff = sum_i idx_i(ok) kstride_i,  roff = sum_i idx_i(t) rstride_i
 * (idx_i = row-major digits of ok over kshape, of t over rshape). When the innermost dim is kept
 * (inner_reduced == 0), out[ok * inner + j] = sum_t in[koff + roff + j]; otherwise
 * out[ok] = sum_t sum_j in[koff + roff + j]. */
struct sk_sum_plan {
    int64_t inner;
    int     inner_reduced;
    int     nk, nr;
    int64_t n_kept, n_red;
    int64_t kshape[SK_MAX_DIMS], kstride[SK_MAX_DIMS];
    int64_t rshape[SK_MAX_DIMS], rstride[SK_MAX_DIMS];
};

/* Requires numel(in_shape) > 0. */
inline sk_sum_plan sk_make_sum_plan(int ndim, const int64_t* out_shape, const int64_t* in_shape) {
    int64_t shape[SK_MAX_DIMS];
    bool red[SK_MAX_DIMS];
    int r = 0;
    for (int d = 0; d < ndim; ++d) {
        if (in_shape[d] == 1) continue;
        bool reduced = out_shape[d] == 1;
        if (r > 0 && red[r - 1] == reduced) {
            shape[r - 1] *= in_shape[d];
        } else {
            shape[r] = in_shape[d];
            red[r] = reduced;
            ++r;
        }
    }
    if (r == 0) {   /* a single element: a copy */
        shape[0] = 1;
        red[0] = false;
        r = 1;
    }
    sk_sum_plan p{};
    p.inner = shape[r - 1];
    p.inner_reduced = red[r - 1] ? 1 : 0;
    p.n_kept = p.n_red = 1;
    int64_t stride = p.inner;
    /* strides from the innermost outer dim outwards, then reversed into outermost-first order */
    int64_t ks[SK_MAX_DIMS], kst[SK_MAX_DIMS], rs[SK_MAX_DIMS], rst[SK_MAX_DIMS];
    for (int d = r - 2; d >= 0; --d) {
        if (red[d]) {
            rs[p.nr] = shape[d];
            rst[p.nr++] = stride;
            p.n_red *= shape[d];
        } else {
            ks[p.nk] = shape[d];
            kst[p.nk++] = stride;
            p.n_kept *= shape[d];
        }
        stride *= shape[d];
    }
    for (int i = 0; i < p.nk; ++i) {
        p.kshape[i] = ks[p.nk - 1 - i];
        p.kstride[i] = kst[p.nk - 1 - i];
    }
    for (int i = 0; i < p.nr; ++i) {
        p.rshape[i] = rs[p.nr - 1 - i];
        p.rstride[i] = rst[p.nr - 1 - i];
    }
    return p;
}

/* Offset of the row-major index `i` (< the product of shape[0, n)) over (shape, stride)[0, n). The
 * outermost digit needs no division, so one dim costs a multiply. */
SK_HD int64_t sk_digits_offset(int64_t i, int n, const int64_t* shape, const int64_t* stride) {
    if (n == 0) return 0;
    int64_t off = 0;
    for (int d = n - 1; d > 0; --d) {
        int64_t q = i / shape[d];
        off += (i - q * shape[d]) * stride[d];
        i = q;
    }
    return off + i * stride[0];
}

#endif /* SK_BINARY_MATH_H */
