/* native/src/api/dropout.cpp — PLACEHOLDER: replaced by the real entry points when the op lands. */
#include "common.h"

extern "C" {
SK_API sk_status sk_dropout_forward(sk_buffer*, sk_buffer*, const sk_buffer*, int64_t, float, uint64_t, uint64_t) { return sk_fail(SK_ERR_ARG, "sk_dropout_forward: not implemented yet"); }
SK_API sk_status sk_dropout_backward(sk_buffer*, const sk_buffer*, const sk_buffer*, int64_t) { return sk_fail(SK_ERR_ARG, "sk_dropout_backward: not implemented yet"); }
SK_API sk_status sk_random_uniform(sk_buffer*, int64_t, float, float, uint64_t, uint64_t) { return sk_fail(SK_ERR_ARG, "sk_random_uniform: not implemented yet"); }
SK_API sk_status sk_random_normal(sk_buffer*, int64_t, float, float, uint64_t, uint64_t) { return sk_fail(SK_ERR_ARG, "sk_random_normal: not implemented yet"); }
}
