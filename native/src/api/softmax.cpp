/* native/src/api/softmax.cpp — PLACEHOLDER: replaced by the real entry points when the op lands. */
#include "common.h"

extern "C" {
SK_API sk_status sk_softmax_forward(sk_buffer*, const sk_buffer*, int64_t, int64_t, int32_t) { return sk_fail(SK_ERR_ARG, "sk_softmax_forward: not implemented yet"); }
SK_API sk_status sk_softmax_backward(sk_buffer*, const sk_buffer*, const sk_buffer*, int64_t, int64_t, int32_t) { return sk_fail(SK_ERR_ARG, "sk_softmax_backward: not implemented yet"); }
}
