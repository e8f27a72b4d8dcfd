/* native/src/api/binary.cpp — PLACEHOLDER: replaced by the real entry points when the op lands. */
#include "common.h"

extern "C" {
SK_API sk_status sk_binary_forward(sk_buffer*, const sk_buffer*, const sk_buffer*, int32_t, const int64_t*, const int64_t*, const int64_t*, int32_t) { return sk_fail(SK_ERR_ARG, "sk_binary_forward: not implemented yet"); }
SK_API sk_status sk_sum_to_shape(sk_buffer*, const sk_buffer*, int32_t, const int64_t*, const int64_t*) { return sk_fail(SK_ERR_ARG, "sk_sum_to_shape: not implemented yet"); }
}
