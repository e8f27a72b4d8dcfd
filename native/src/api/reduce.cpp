/* native/src/api/reduce.cpp — PLACEHOLDER: replaced by the real entry points when the op lands. */
#include "common.h"

extern "C" {
SK_API sk_status sk_reduce_forward(sk_buffer*, sk_buffer*, const sk_buffer*, int64_t, int64_t, int64_t, int32_t) { return sk_fail(SK_ERR_ARG, "sk_reduce_forward: not implemented yet"); }
SK_API sk_status sk_reduce_backward(sk_buffer*, const sk_buffer*, const sk_buffer*, int64_t, int64_t, int64_t, int32_t) { return sk_fail(SK_ERR_ARG, "sk_reduce_backward: not implemented yet"); }
}
