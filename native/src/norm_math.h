/* native/src/norm_math.h — the formulas of K5 batch norm and layer norm, shared by cpu/batch_norm.cpp,
 * cpu/layer_norm.cpp, cuda/batch_norm.cu and cuda/layer_norm.cu (the devices differ only in the order of
 * their double sums):
 *   norm_invstd        1 / sqrt(var + eps), in double, rounded once to float;
 *   norm_apply         y = (x - mean) * (invstd * gamma) + beta;
 *   bn_moments         mean and biased variance from the sums of (x - shift) and (x - shift)^2, where the
 *                      shift is one element of the channel (keeps the one-pass variance accurate);
 *   bn_running_update  running_mean / running_var update with the unbiased variance (PyTorch's rule);
 *   bn_grad_coeffs / bn_grad   dx = a (dy - b - (x - mean) c) with per-channel a, b, c;
 *   ln_grad            dx = rstd (g - mean(g) - xhat mean(g xhat)), g = gamma dy. */
#ifndef SK_NORM_MATH_H
#define SK_NORM_MATH_H

#include <math.h>
#include <stdint.h>

#include "hd.h"

SK_HD float norm_invstd(double var, float eps) { return (float)(1.0 / sqrt(var + (double)eps)); }

SK_HD float norm_apply(float x, float mean, float invstd, float gamma, float beta) {
    return (x - mean) * (invstd * gamma) + beta;
}

/* s1 = sum (x - shift), s2 = sum (x - shift)^2 over n >= 1 values. */
SK_HD void bn_moments(double s1, double s2, int64_t n, float shift, double* mean, double* var) {
    double m = s1 / (double)n, v = s2 / (double)n - m * m;
    *mean = (double)shift + m;
    *var = v < 0 ? 0 : v;   /* rounding can make a constant channel's variance slightly negative */
}

/* n >= 2 values were normalised with the batch mean and biased variance var. */
SK_HD void bn_running_update(float* running_mean, float* running_var, double mean, double var, int64_t n,
                             float momentum) {
    double m = (double)momentum;
    *running_mean = (float)((1.0 - m) * (double)*running_mean + m * mean);
    *running_var = (float)((1.0 - m) * (double)*running_var + m * var * (double)n / (double)(n - 1));
}

/* From sum_dy = sum dy and sum_dy_xmu = sum dy (x - mean) over the channel's n values:
 * training: a = gamma invstd, b = sum_dy / n, c = invstd^2 sum_dy_xmu / n; eval: b = c = 0. */
SK_HD void bn_grad_coeffs(double sum_dy, double sum_dy_xmu, float invstd, float gamma, int64_t n, int training,
                          float* a, float* b, float* c) {
    *a = gamma * invstd;
    *b = training ? (float)(sum_dy / (double)n) : 0.0f;
    *c = training ? (float)((double)invstd * (double)invstd * sum_dy_xmu / (double)n) : 0.0f;
}

SK_HD float bn_grad(float dy, float x, float mean, float a, float b, float c) { return a * (dy - b - (x - mean) * c); }

/* mean_g = mean_j(g), mean_gx = mean_j(g xhat) over the row. */
SK_HD float ln_grad(float g, float xhat, float rstd, float mean_g, float mean_gx) {
    return rstd * (g - mean_g - xhat * mean_gx);
}

#endif /* SK_NORM_MATH_H */
