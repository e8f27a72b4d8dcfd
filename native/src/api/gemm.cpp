/* native/src/api/gemm.cpp — PLACEHOLDER: replaced by the real entry points when the op lands. */
#include "common.h"

extern "C" {
SK_API sk_status sk_gemm(sk_buffer*, const sk_buffer*, const sk_buffer*, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int32_t, int32_t, float, float) { return sk_fail(SK_ERR_ARG, "sk_gemm: not implemented yet"); }
}
