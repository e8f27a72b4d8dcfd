/* native/src/reduce_math.h — the comparison rule of the K3 MAX reduction, shared by cpu/reduce.cpp and
 * cuda/reduce.cu so that both pick the same argmax:
 *   reduce_max_takes(v, i, best, bi)  true when candidate (v, i) replaces the current (best, bi):
 *     a NaN beats every number (NaN propagates, as in PyTorch), a larger value beats a smaller one, and
 *     among equal values (or two NaNs) the smaller index wins ("first index of the maximum").
 * The rule is a total order on (value, index) pairs, so any combination order (sequential scan, tree)
 * gives the same winner. */
#ifndef SK_REDUCE_MATH_H
#define SK_REDUCE_MATH_H

#include <math.h>
#include <stdint.h>

#include "hd.h"

SK_HD bool reduce_max_takes(float v, int64_t i, float best, int64_t bi) {
    bool vn = isnan(v), bn = isnan(best);
    if (vn != bn) return vn;
    if (!vn && v != best) return v > best;
    return i < bi;
}

#endif /* SK_REDUCE_MATH_H */
