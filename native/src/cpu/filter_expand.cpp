/* native/src/cpu/filter_expand.cpp — K8 filter_expand on the CPU.
 *   forward:  w_exp[o, t, i, s, x] = sum_{m < e} coef[t, s, x, m] * w[o, i, idx[t, s, x, m]]   (overwrites)
 *             w (co, ci, q), idx / coef (to, si, p, e), coef NULL = all ones, w_exp (co, to, ci, si, p).
 *             One (o, t) pair per OpenMP iteration; each reads the co-located row w[o, i, :].
 *   backward: dw[o, i, j] += sum over the inverse table's entries of j of coef * dw_exp[...]   (accumulates)
 *             The inverse table (filter_expand_table.h) lists each j's entries in ascending flat order, so
 *             every dw element is one thread's fixed-order sum: deterministic, no atomics. OpenMP over (o, i).
 * Formula: filter_expand_math.h. idx is already range-checked by the ABI entry point. cpu/group_conv.cpp
 * also calls the forward and filter_expand_backward_apply_cpu (a prebuilt inverse) on slices of W. */
#include "filter_expand_math.h"
#include "filter_expand_table.h"
#include "kernels.h"

namespace {
constexpr int64_t kParallelMin = 1 << 14;   /* output elements below which one thread does it all */
}

sk_status filter_expand_forward_cpu(float* w_exp, const float* w, const int32_t* idx, const float* coef, int64_t co,
                                    int64_t ci, int64_t q, int64_t to, int64_t si, int64_t p, int64_t e) {
    const int64_t sp = si * p;
#pragma omp parallel for schedule(static) if (co * to * ci * sp > kParallelMin)
    for (int64_t ot = 0; ot < co * to; ++ot) {
        const int64_t o = ot / to, t = ot % to;
        const int32_t* tidx = idx + t * sp * e;
        const float* tcoef = coef ? coef + t * sp * e : nullptr;
        for (int64_t i = 0; i < ci; ++i) {
            const float* wrow = w + (o * ci + i) * q;
            float* out = w_exp + (ot * ci + i) * sp;
            for (int64_t sx = 0; sx < sp; ++sx)
                out[sx] = fe_tap(wrow, tidx + sx * e, tcoef ? tcoef + sx * e : nullptr, e);
        }
    }
    return SK_OK;
}

void filter_expand_backward_apply_cpu(float* dw, const float* dw_exp, const FeInverse& inv, int64_t co, int64_t ci,
                                      int64_t q, int64_t to, int64_t sp) {
    const int64_t* start = inv.start.data();
    const int64_t* off = inv.off.data();
    const float* c = inv.coef.data();
#pragma omp parallel for schedule(static) if (co * to * ci * sp > kParallelMin)
    for (int64_t oi = 0; oi < co * ci; ++oi) {
        const int64_t o = oi / ci, i = oi % ci;
        const float* g = dw_exp + (o * to * ci + i) * sp;   /* + off = dw_exp[o, t, i, s, x] */
        float* out = dw + oi * q;
        for (int64_t j = 0; j < q; ++j) {
            float acc = 0.0f;
            for (int64_t n = start[j]; n < start[j + 1]; ++n) acc += c[n] * g[off[n]];
            out[j] += acc;
        }
    }
}

sk_status filter_expand_backward_cpu(float* dw, const float* dw_exp, const int32_t* idx, const float* coef,
                                     int64_t co, int64_t ci, int64_t q, int64_t to, int64_t si, int64_t p,
                                     int64_t e) {
    filter_expand_backward_apply_cpu(dw, dw_exp, fe_inverse(idx, coef, ci, q, to, si, p, e), co, ci, q, to, si * p);
    return SK_OK;
}
