/* native/src/api/adam.cpp — PLACEHOLDER: replaced by the real entry points when the op lands. */
#include "common.h"

extern "C" {
SK_API sk_status sk_adam_step(sk_buffer*, sk_buffer*, sk_buffer*, const sk_buffer*, int64_t, float, float, float, float, float, int64_t, int32_t) { return sk_fail(SK_ERR_ARG, "sk_adam_step: not implemented yet"); }
}
