/* native/src/api/cross_entropy.cpp — PLACEHOLDER: replaced by the real entry points when the op lands. */
#include "common.h"

extern "C" {
SK_API sk_status sk_cross_entropy_forward(sk_buffer*, sk_buffer*, const sk_buffer*, const sk_buffer*, const sk_buffer*, int64_t, int64_t, float) { return sk_fail(SK_ERR_ARG, "sk_cross_entropy_forward: not implemented yet"); }
SK_API sk_status sk_cross_entropy_backward(sk_buffer*, const sk_buffer*, const sk_buffer*, const sk_buffer*, const sk_buffer*, int64_t, int64_t, float) { return sk_fail(SK_ERR_ARG, "sk_cross_entropy_backward: not implemented yet"); }
}
