/* native/src/cpu/unary.cpp — K2 unary ops on the CPU.
 * y (n) = f(x (n)); dx (n) = dy (n) * f'(x, y). Overwrites y / dx. Formulas: unary_math.h. */
#include "kernels.h"
#include "parallel.h"
#include "unary_math.h"

sk_status unary_forward_cpu(float* y, const float* x, int64_t n, int op, float alpha) {
    sk_parallel_for(0, n, n > (1 << 16), [&](int64_t i) { y[i] = unary_f(op, x[i], alpha); });
    return SK_OK;
}

sk_status unary_backward_cpu(float* dx, const float* dy, const float* x, const float* y, int64_t n, int op,
                             float alpha) {
    sk_parallel_for(0, n, n > (1 << 16), [&](int64_t i) { dx[i] = dy[i] * unary_df(op, x[i], y ? y[i] : 0.0f, alpha); });
    return SK_OK;
}
