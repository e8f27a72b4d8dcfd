/* native/src/common.h — internal helpers shared by the ABI entry points (never seen by Java).
 *
 * sk_buffer layout, the thread-local error state (sk_fail), argument checks that name the op and the
 * argument, and SK_DISPATCH, which routes an op to its CPU or CUDA implementation. */
#ifndef SK_COMMON_H
#define SK_COMMON_H

#include "symkern.h"

#include <cstdint>
#include <exception>
#include <new>

struct sk_buffer {
    int32_t device;   /* SK_DEVICE_CPU or CUDA ordinal */
    int64_t nbytes;
    void*   ptr;      /* host pointer (CPU) or device pointer (CUDA); NULL when nbytes == 0 */
};

/* Sets the thread-local message (printf-style) and returns `status`. */
sk_status sk_fail(sk_status status, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

#define SK_CHECK(cond, status, ...) do { if (!(cond)) return sk_fail((status), __VA_ARGS__); } while (0)
#define SK_RETURN_IF_ERROR(expr) do { sk_status s_ = (expr); if (s_ != SK_OK) return s_; } while (0)

/* Wraps an ABI body so that no C++ exception crosses the C boundary. */
#define SK_API_BEGIN try {
#define SK_API_END(opname)                                                                       \
    } catch (const std::bad_alloc&) {                                                            \
        return sk_fail(SK_ERR_OOM, "%s: out of host memory", opname);                            \
    } catch (const std::exception& e_) {                                                         \
        return sk_fail(SK_ERR_ARG, "%s: internal error: %s", opname, e_.what());                 \
    } catch (...) {                                                                              \
        return sk_fail(SK_ERR_ARG, "%s: unknown internal error", opname);                        \
    }

/* One buffer argument of an op and the bytes it must hold. `optional` buffers may be NULL. */
struct sk_arg {
    const sk_buffer* buf;
    const char*      name;
    int64_t          need_bytes;
    bool             optional;
};

/* Checks that every non-NULL argument holds its bytes and that all live on one device, which is
 * written to *device. Names the op and the argument in the message. */
sk_status sk_check_args(int32_t* device, const char* op, const sk_arg* args, int count);

template <int N>
inline sk_status sk_check_args(int32_t* device, const char* op, const sk_arg (&args)[N]) {
    return sk_check_args(device, op, args, N);
}

/* n * elem_bytes, or -1 when n < 0 or the product overflows. */
int64_t sk_bytes(int64_t n, int64_t elem_bytes);
/* Product of sizes; SK_ERR_SHAPE (naming op) for a negative size or overflow. */
sk_status sk_numel(int64_t* out, const char* op, const int64_t* sizes, int count);

template <typename T> inline T* sk_data(sk_buffer* b) { return b ? static_cast<T*>(b->ptr) : nullptr; }
template <typename T> inline const T* sk_data(const sk_buffer* b) { return b ? static_cast<const T*>(b->ptr) : nullptr; }

/* Brings the calling thread's OpenMP team size in line with sk_set_num_threads (threads.cpp): one atomic
 * load and a thread-local compare when nothing changed. */
void sk_threads_adopt_slow(int32_t generation);
extern int32_t sk_threads_generation_now(void);
inline void sk_threads_adopt(void) {
    static thread_local int32_t seen = 0;
    int32_t now = sk_threads_generation_now();
    if (now != seen) {
        sk_threads_adopt_slow(now);
        seen = now;
    }
}

#ifdef SK_WITH_CUDA
/* Makes `device` current after checking that it exists (SK_ERR_NO_DEVICE otherwise). */
sk_status sk_cuda_enter(int32_t device);
#define SK_DISPATCH(device, cpu_call, cuda_call)                                                 \
    do {                                                                                         \
        if ((device) == SK_DEVICE_CPU) { sk_threads_adopt(); return (cpu_call); }                \
        SK_RETURN_IF_ERROR(sk_cuda_enter(device));                                               \
        return (cuda_call);                                                                      \
    } while (0)
#else
#define SK_DISPATCH(device, cpu_call, cuda_call)                                                 \
    do {                                                                                         \
        if ((device) == SK_DEVICE_CPU) { sk_threads_adopt(); return (cpu_call); }                \
        return sk_fail(SK_ERR_NO_CUDA, "libsymkern was built without CUDA");                     \
    } while (0)
#endif

#endif /* SK_COMMON_H */
