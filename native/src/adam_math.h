/* native/src/adam_math.h — the K16 Adam / AdamW update of one element, shared by cpu/adam.cpp and
 * cuda/adam.cu. The step-dependent factors are computed once per call on the host in double:
 *   bc1 = 1 - beta1^step,  bc2 = 1 - beta2^step
 *   step_size = lr / bc1,  inv_sqrt_bc2 = 1 / sqrt(bc2),  l2 = decoupled ? 0 : wd,  decay = decoupled ? lr wd : 0
 * and the element update, in float, is
 *   g = grad + l2 p;  m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2
 *   p = p - step_size m / (sqrt(v) inv_sqrt_bc2 + eps) - decay p          (p on the right: the old p) */
#ifndef SK_ADAM_MATH_H
#define SK_ADAM_MATH_H

#include <math.h>
#include <stdint.h>

#include "hd.h"

struct sk_adam_consts {
    float beta1, beta2, one_minus_beta1, one_minus_beta2;
    float step_size, inv_sqrt_bc2, eps, l2, decay;
};

inline sk_adam_consts sk_adam_make_consts(float lr, float beta1, float beta2, float eps, float weight_decay,
                                          int64_t step, int decoupled) {
    double bc1 = 1.0 - pow((double)beta1, (double)step);
    double bc2 = 1.0 - pow((double)beta2, (double)step);
    sk_adam_consts c;
    c.beta1 = beta1;
    c.beta2 = beta2;
    c.one_minus_beta1 = (float)(1.0 - (double)beta1);
    c.one_minus_beta2 = (float)(1.0 - (double)beta2);
    c.step_size = (float)((double)lr / bc1);
    c.inv_sqrt_bc2 = (float)(1.0 / sqrt(bc2));
    c.eps = eps;
    c.l2 = decoupled ? 0.0f : weight_decay;
    c.decay = decoupled ? (float)((double)lr * (double)weight_decay) : 0.0f;
    return c;
}

/* Updates one element in place. */
SK_HD void sk_adam_update(float* param, float* m, float* v, float grad, const sk_adam_consts& c) {
    float p = *param;
    float g = grad + c.l2 * p;
    float mi = c.beta1 * *m + c.one_minus_beta1 * g;
    float vi = c.beta2 * *v + c.one_minus_beta2 * (g * g);
    *m = mi;
    *v = vi;
    *param = p - c.step_size * mi / (sqrtf(vi) * c.inv_sqrt_bc2 + c.eps) - c.decay * p;
}

#endif /* SK_ADAM_MATH_H */
