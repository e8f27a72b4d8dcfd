/* native/src/error.cpp — the thread-local last-error message and the shared argument checks. */
#include "common.h"

#include <cstdarg>
#include <cstdio>

static thread_local char sk_error_message[1024] = "no error";

sk_status sk_fail(sk_status status, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sk_error_message, sizeof sk_error_message, fmt, ap);
    va_end(ap);
    return status;
}

extern "C" SK_API const char* sk_last_error(void) { return sk_error_message; }

int64_t sk_bytes(int64_t n, int64_t elem_bytes) {
    if (n < 0 || elem_bytes < 0) return -1;
    if (elem_bytes != 0 && n > INT64_MAX / elem_bytes) return -1;
    return n * elem_bytes;
}

sk_status sk_numel(int64_t* out, const char* op, const int64_t* sizes, int count) {
    int64_t total = 1;
    for (int i = 0; i < count; ++i) {
        SK_CHECK(sizes[i] >= 0, SK_ERR_SHAPE, "%s: size %lld at position %d is negative", op,
                 (long long)sizes[i], i);
        SK_CHECK(sizes[i] == 0 || total <= INT64_MAX / sizes[i], SK_ERR_SHAPE, "%s: element count overflows", op);
        total *= sizes[i];
    }
    *out = total;
    return SK_OK;
}

static const char* device_name(int32_t device, char* buf, size_t n) {
    if (device == SK_DEVICE_CPU) snprintf(buf, n, "cpu");
    else snprintf(buf, n, "cuda:%d", device);
    return buf;
}

sk_status sk_check_args(int32_t* device, const char* op, const sk_arg* args, int count) {
    int32_t dev = SK_DEVICE_CPU;
    const char* first = nullptr;
    for (int i = 0; i < count; ++i) {
        const sk_arg& a = args[i];
        if (a.buf == nullptr) {
            SK_CHECK(a.optional, SK_ERR_ARG, "%s: buffer '%s' is NULL", op, a.name);
            continue;
        }
        SK_CHECK(a.need_bytes >= 0, SK_ERR_SHAPE, "%s: size of '%s' is negative or overflows", op, a.name);
        SK_CHECK(a.buf->nbytes >= a.need_bytes, SK_ERR_SHAPE,
                 "%s: buffer '%s' holds %lld bytes but the shape needs %lld", op, a.name,
                 (long long)a.buf->nbytes, (long long)a.need_bytes);
        if (first == nullptr) {
            first = a.name;
            dev = a.buf->device;
        } else if (a.buf->device != dev) {
            char d1[32], d2[32];
            return sk_fail(SK_ERR_DEVICE, "%s: '%s' is on %s but '%s' is on %s", op, first,
                           device_name(dev, d1, sizeof d1), a.name, device_name(a.buf->device, d2, sizeof d2));
        }
    }
    *device = dev;
    return SK_OK;
}
