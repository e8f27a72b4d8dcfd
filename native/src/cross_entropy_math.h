/* native/src/cross_entropy_math.h — the K4 formulas shared by cpu/cross_entropy.cpp and cuda/cross_entropy.cu.
 * With p = log_softmax(logits), w_c the class weights (1 when absent), eps the smoothing and y_i the label:
 *   row term   t_i = (1-eps) w_{y_i} (-p_{i,y_i}) + eps/cols * sum_c w_c (-p_{i,c});  loss = sum_i t_i / sum_i w_{y_i}
 *   gradient   dlogits_ic = scale * (A_i exp(p_ic) - a_ic),  scale = dloss / sum_i w_{y_i},
 *              a_ic = (1-eps) w_{y_i} [c == y_i] + eps w_c / cols,  A_i = sum_c a_ic = (1-eps) w_{y_i} + eps/cols sum_c w_c */
#ifndef SK_CROSS_ENTROPY_MATH_H
#define SK_CROSS_ENTROPY_MATH_H

#include <math.h>
#include <stdint.h>

#include "hd.h"

SK_HD float ce_weight(const float* w, int64_t c) { return w ? w[c] : 1.0f; }

SK_HD double ce_row_term(double eps, double cols, double w_label, double logp_label, double smooth_sum) {
    /* smooth_sum = sum_c w_c (-p_c) */
    return (1.0 - eps) * w_label * -logp_label + (eps > 0.0 ? eps / cols * smooth_sum : 0.0);
}

SK_HD float ce_dlogit(float scale, float eps, float inv_cols, float sum_w, float w_label, float w_c, bool is_label,
                      float logp) {
    float a_sum = (1.0f - eps) * w_label + eps * inv_cols * sum_w;
    float a = eps * inv_cols * w_c + (is_label ? (1.0f - eps) * w_label : 0.0f);
    return scale * (a_sum * expf(logp) - a);
}

#endif /* SK_CROSS_ENTROPY_MATH_H */
