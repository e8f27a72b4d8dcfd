/* native/src/api/adam.cpp — ABI entry point of K16, the fused Adam / AdamW step: argument checks, then
 * dispatch. Formula: symkern.h and adam_math.h. */
#include <cmath>

#include "common.h"
#include "kernels.h"

extern "C" {

SK_API sk_status sk_adam_step(sk_buffer* param, sk_buffer* m, sk_buffer* v, const sk_buffer* grad, int64_t n,
                              float lr, float beta1, float beta2, float eps, float weight_decay, int64_t step,
                              int32_t decoupled) {
    SK_API_BEGIN
    SK_CHECK(n >= 0, SK_ERR_SHAPE, "adam_step: n = %lld is negative", (long long)n);
    SK_CHECK(step >= 1, SK_ERR_ARG, "adam_step: step = %lld must be >= 1 (steps are 1-based)", (long long)step);
    SK_CHECK(lr >= 0.0f && std::isfinite(lr), SK_ERR_ARG, "adam_step: lr = %g must be finite and >= 0", (double)lr);
    SK_CHECK(beta1 >= 0.0f && beta1 < 1.0f, SK_ERR_ARG, "adam_step: beta1 = %g is outside [0, 1)", (double)beta1);
    SK_CHECK(beta2 >= 0.0f && beta2 < 1.0f, SK_ERR_ARG, "adam_step: beta2 = %g is outside [0, 1)", (double)beta2);
    SK_CHECK(eps > 0.0f && std::isfinite(eps), SK_ERR_ARG, "adam_step: eps = %g must be finite and > 0", (double)eps);
    SK_CHECK(weight_decay >= 0.0f && std::isfinite(weight_decay), SK_ERR_ARG,
             "adam_step: weight_decay = %g must be finite and >= 0", (double)weight_decay);
    SK_CHECK(decoupled == 0 || decoupled == 1, SK_ERR_ARG, "adam_step: decoupled = %d must be 0 or 1", decoupled);
    int32_t dev;
    sk_arg args[] = {{param, "param", sk_bytes(n, 4), false}, {m, "m", sk_bytes(n, 4), false},
                     {v, "v", sk_bytes(n, 4), false}, {grad, "grad", sk_bytes(n, 4), false}};
    SK_RETURN_IF_ERROR(sk_check_args(&dev, "adam_step", args));
    SK_CHECK(param != m && param != v && m != v, SK_ERR_ARG, "adam_step: 'param', 'm' and 'v' must be distinct buffers");
    if (n == 0) return SK_OK;
    SK_DISPATCH(dev,
                adam_step_cpu(sk_data<float>(param), sk_data<float>(m), sk_data<float>(v), sk_data<float>(grad), n,
                              lr, beta1, beta2, eps, weight_decay, step, decoupled),
                adam_step_cuda(sk_data<float>(param), sk_data<float>(m), sk_data<float>(v), sk_data<float>(grad), n,
                               lr, beta1, beta2, eps, weight_decay, step, decoupled));
    SK_API_END("adam_step")
}

}  // extern "C"
