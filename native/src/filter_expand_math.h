/* native/src/filter_expand_math.h — the one formula of K8, shared by the CPU kernels (cpu/filter_expand.cpp)
 * and the CUDA kernels (cuda/filter_expand.cu, cuda/group_conv.cu):
 *   fe_tap(wrow, idx, coef, e) = sum_{m < e} coef[m] * wrow[idx[m]]
 * for one tap (t, s, x) of the expanded bank, with wrow = W[o, i, :] and idx / coef pointing at the e table
 * entries of that tap (coef NULL = all ones). Summed in m order. */
#ifndef SK_FILTER_EXPAND_MATH_H
#define SK_FILTER_EXPAND_MATH_H

#include <stdint.h>

#include "hd.h"

SK_HD float fe_tap(const float* wrow, const int32_t* idx, const float* coef, int64_t e) {
    float v = 0.0f;
    for (int64_t m = 0; m < e; ++m) v += (coef ? coef[m] : 1.0f) * wrow[idx[m]];
    return v;
}

#endif /* SK_FILTER_EXPAND_MATH_H */
