/* native/src/gather_scatter_math.h — K12 formulas shared by the CPU kernels (cpu/gather_scatter.cpp) and
 * the CUDA kernels (cuda/gather_scatter.cu, cuda/embedding.cu):
 *   index_error            the SK_ERR_ARG text for an index outside [0, limit) (both devices say the same);
 *   embedding_max_norm_on  max_norm > 0 and finite (<= 0, +inf and NaN turn the scaling off);
 *   embedding_clipped      whether a row with squared norm nsq is scaled: on and ||e|| > max_norm;
 *   embedding_scale        c = max_norm / ||e|| for a clipped row;
 *   embedding_grad         one element of J^T G for a clipped row e, with dot = e . G:
 *                          c (G_d - e_d (e . G) / ||e||^2), the derivative of e -> max_norm e / ||e||.
 * Norms and dot products are accumulated in double by the callers. */
#ifndef SK_GATHER_SCATTER_MATH_H
#define SK_GATHER_SCATTER_MATH_H

#include <math.h>
#include <stdint.h>

#include "common.h"
#include "hd.h"

inline sk_status index_error(const char* fn, int64_t r, int32_t value, int64_t limit) {
    return sk_fail(SK_ERR_ARG, "%s: idx[%lld] = %d is outside [0, %lld)", fn, (long long)r, value, (long long)limit);
}

SK_HD bool embedding_max_norm_on(float max_norm) { return max_norm > 0.0f && isfinite(max_norm); }

SK_HD bool embedding_clipped(double nsq, float max_norm) {
    return embedding_max_norm_on(max_norm) && sqrt(nsq) > (double)max_norm;
}

SK_HD double embedding_scale(double nsq, float max_norm) { return (double)max_norm / sqrt(nsq); }

SK_HD double embedding_grad(double g, double e, double c, double dot, double nsq) { return c * (g - e * dot / nsq); }

#endif /* SK_GATHER_SCATTER_MATH_H */
