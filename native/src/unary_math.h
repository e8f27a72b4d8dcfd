/* native/src/unary_math.h — the formulas of the K2 unary ops, shared by cpu/unary.cpp and cuda/unary.cu.
 *   unary_f(op, x, alpha)              = y
 *   unary_df(op, x, y, alpha)          = dy/dx (y is the forward output; used where cheaper/stabler)  */
#ifndef SK_UNARY_MATH_H
#define SK_UNARY_MATH_H

#include <math.h>

#include "hd.h"
#include "symkern.h"

SK_HD float sk_sigmoidf(float x) {
    /* split by sign so that expf never overflows */
    if (x >= 0.0f) return 1.0f / (1.0f + expf(-x));
    float e = expf(x);
    return e / (1.0f + e);
}

SK_HD float unary_f(int op, float x, float alpha) {
    switch (op) {
        case SK_UNARY_NEG:        return -x;
        case SK_UNARY_RELU:       return x > 0.0f ? x : 0.0f;
        case SK_UNARY_LEAKY_RELU: return x > 0.0f ? x : alpha * x;
        case SK_UNARY_ELU:        return x > 0.0f ? x : alpha * expm1f(x);
        case SK_UNARY_SILU:       return x * sk_sigmoidf(x);
        case SK_UNARY_TANH:       return tanhf(x);
        case SK_UNARY_SIGMOID:    return sk_sigmoidf(x);
        case SK_UNARY_EXP:        return expf(x);
        case SK_UNARY_LOG:        return logf(x);
        case SK_UNARY_SQRT:       return sqrtf(x);
        case SK_UNARY_POW:        return powf(x, alpha);
        case SK_UNARY_SCALE:      return alpha * x;
        case SK_UNARY_ADD_SCALAR: return x + alpha;
        case SK_UNARY_ABS:        return fabsf(x);
        default:                  return 0.0f;
    }
}

SK_HD float unary_df(int op, float x, float y, float alpha) {
    switch (op) {
        case SK_UNARY_NEG:        return -1.0f;
        case SK_UNARY_RELU:       return x > 0.0f ? 1.0f : 0.0f;
        case SK_UNARY_LEAKY_RELU: return x > 0.0f ? 1.0f : alpha;
        case SK_UNARY_ELU:        return x > 0.0f ? 1.0f : alpha * expf(x);
        case SK_UNARY_SILU: {
            float s = sk_sigmoidf(x);
            return s * (1.0f + x * (1.0f - s));
        }
        case SK_UNARY_TANH:       return 1.0f - y * y;
        case SK_UNARY_SIGMOID:    return y * (1.0f - y);
        case SK_UNARY_EXP:        return y;
        case SK_UNARY_LOG:        return 1.0f / x;
        case SK_UNARY_SQRT:       return 0.5f / y;
        case SK_UNARY_POW:        return alpha == 0.0f ? 0.0f : alpha * powf(x, alpha - 1.0f);
        case SK_UNARY_SCALE:      return alpha;
        case SK_UNARY_ADD_SCALAR: return 1.0f;
        case SK_UNARY_ABS:        return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : 0.0f);
        default:                  return 0.0f;
    }
}

/* Ops whose derivative reads the forward output y. */
SK_HD bool unary_needs_y(int op) {
    return op == SK_UNARY_TANH || op == SK_UNARY_SIGMOID || op == SK_UNARY_EXP || op == SK_UNARY_SQRT;
}

#endif /* SK_UNARY_MATH_H */
