/* native/src/cpu/adam.cpp — K16 fused Adam / AdamW step on the CPU: param, m, v (n) updated in place
 * from grad (n). Formula and the host-side (double) bias corrections: adam_math.h. */
#include "adam_math.h"
#include "kernels.h"
#include "parallel.h"

sk_status adam_step_cpu(float* param, float* m, float* v, const float* grad, int64_t n, float lr, float beta1,
                        float beta2, float eps, float weight_decay, int64_t step, int decoupled) {
    const sk_adam_consts c = sk_adam_make_consts(lr, beta1, beta2, eps, weight_decay, step, decoupled);
    sk_parallel_for(0, n, n > (1 << 15), [&](int64_t i) { sk_adam_update(&param[i], &m[i], &v[i], grad[i], c); });
    return SK_OK;
}
