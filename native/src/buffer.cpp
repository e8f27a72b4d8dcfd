/* native/src/buffer.cpp — sk_buffer lifetime, host/device copies, fill, synchronize, memory accounting. */
#include "common.h"
#include "cuda_backend.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace {
constexpr int kMaxDevices = 64;
std::atomic<int64_t> g_cpu_bytes{0};
std::atomic<int64_t> g_cuda_bytes[kMaxDevices];
std::atomic<int64_t> g_cpu_peak{0};
std::atomic<int64_t> g_cuda_peak[kMaxDevices];

std::atomic<int64_t>* counter(int32_t device) {
    if (device == SK_DEVICE_CPU) return &g_cpu_bytes;
    if (device >= 0 && device < kMaxDevices) return &g_cuda_bytes[device];
    return nullptr;
}

std::atomic<int64_t>* peak_counter(int32_t device) {
    if (device == SK_DEVICE_CPU) return &g_cpu_peak;
    if (device >= 0 && device < kMaxDevices) return &g_cuda_peak[device];
    return nullptr;
}

/* peak = max(peak, value), lock-free (compare-exchange loop). */
void raise_peak(std::atomic<int64_t>* peak, int64_t value) {
    int64_t seen = peak->load();
    while (value > seen && !peak->compare_exchange_weak(seen, value)) {
    }
}

sk_status check_device(const char* op, int32_t device) {
    if (device == SK_DEVICE_CPU) return SK_OK;
    SK_CHECK(device >= 0 && device < kMaxDevices, SK_ERR_ARG, "%s: device %d is not a device (cpu is -1, cuda:N is N)",
             op, device);
#ifdef SK_WITH_CUDA
    return sk_cuda_enter(device);
#else
    return sk_fail(SK_ERR_NO_CUDA, "%s: cuda:%d requested but libsymkern was built without CUDA", op, device);
#endif
}

sk_status check_range(const char* op, const char* name, const sk_buffer* b, int64_t offset, int64_t nbytes) {
    SK_CHECK(b != nullptr, SK_ERR_ARG, "%s: buffer '%s' is NULL", op, name);
    SK_CHECK(offset >= 0 && nbytes >= 0, SK_ERR_SHAPE, "%s: negative offset %lld or byte count %lld", op,
             (long long)offset, (long long)nbytes);
    SK_CHECK(offset <= b->nbytes && nbytes <= b->nbytes - offset, SK_ERR_SHAPE,
             "%s: range [%lld, %lld) is outside buffer '%s' of %lld bytes", op, (long long)offset,
             (long long)(offset + nbytes), name, (long long)b->nbytes);
    return SK_OK;
}
}  // namespace

extern "C" {

SK_API sk_status sk_buffer_create(sk_buffer** out, int32_t device, int64_t nbytes) {
    SK_API_BEGIN
    SK_CHECK(out != nullptr, SK_ERR_ARG, "buffer_create: out is NULL");
    *out = nullptr;
    SK_CHECK(nbytes >= 0, SK_ERR_SHAPE, "buffer_create: byte count %lld is negative", (long long)nbytes);
    SK_RETURN_IF_ERROR(check_device("buffer_create", device));
    void* ptr = nullptr;
    if (nbytes > 0) {
        if (device == SK_DEVICE_CPU) {
            size_t rounded = (size_t)((nbytes + 63) / 64 * 64);
            ptr = std::aligned_alloc(64, rounded);
            SK_CHECK(ptr != nullptr, SK_ERR_OOM, "buffer_create: cannot allocate %lld bytes on cpu", (long long)nbytes);
            std::memset(ptr, 0, rounded);
        } else {
#ifdef SK_WITH_CUDA
            SK_RETURN_IF_ERROR(sk_cuda_alloc(&ptr, device, nbytes));
#endif
        }
    }
    sk_buffer* b = new (std::nothrow) sk_buffer{device, nbytes, ptr};
    if (b == nullptr) {
        if (device == SK_DEVICE_CPU) std::free(ptr);
#ifdef SK_WITH_CUDA
        else sk_cuda_free(ptr, device);
#endif
        return sk_fail(SK_ERR_OOM, "buffer_create: out of host memory");
    }
    int64_t now = counter(device)->fetch_add(nbytes) + nbytes;
    raise_peak(peak_counter(device), now);
    *out = b;
    return SK_OK;
    SK_API_END("buffer_create")
}

SK_API void sk_buffer_destroy(sk_buffer* buf) {
    if (buf == nullptr) return;
    if (buf->ptr != nullptr) {
        if (buf->device == SK_DEVICE_CPU) std::free(buf->ptr);
#ifdef SK_WITH_CUDA
        else sk_cuda_free(buf->ptr, buf->device);
#endif
    }
    if (std::atomic<int64_t>* c = counter(buf->device)) c->fetch_sub(buf->nbytes);
    delete buf;
}

SK_API int64_t sk_buffer_nbytes(const sk_buffer* buf) { return buf ? buf->nbytes : -1; }
SK_API int32_t sk_buffer_device(const sk_buffer* buf) { return buf ? buf->device : SK_DEVICE_CPU; }

SK_API sk_status sk_buffer_write(sk_buffer* dst, int64_t dst_offset, const void* src, int64_t nbytes) {
    SK_API_BEGIN
    SK_RETURN_IF_ERROR(check_range("buffer_write", "dst", dst, dst_offset, nbytes));
    SK_CHECK(src != nullptr || nbytes == 0, SK_ERR_ARG, "buffer_write: host source is NULL");
    if (nbytes == 0) return SK_OK;
    char* d = static_cast<char*>(dst->ptr) + dst_offset;
    if (dst->device == SK_DEVICE_CPU) { std::memcpy(d, src, (size_t)nbytes); return SK_OK; }
#ifdef SK_WITH_CUDA
    SK_RETURN_IF_ERROR(sk_cuda_enter(dst->device));
    return sk_cuda_copy(d, dst->device, src, SK_DEVICE_CPU, nbytes);
#else
    return sk_fail(SK_ERR_NO_CUDA, "buffer_write: built without CUDA");
#endif
    SK_API_END("buffer_write")
}

SK_API sk_status sk_buffer_read(void* dst, const sk_buffer* src, int64_t src_offset, int64_t nbytes) {
    SK_API_BEGIN
    SK_RETURN_IF_ERROR(check_range("buffer_read", "src", src, src_offset, nbytes));
    SK_CHECK(dst != nullptr || nbytes == 0, SK_ERR_ARG, "buffer_read: host destination is NULL");
    if (nbytes == 0) return SK_OK;
    const char* s = static_cast<const char*>(src->ptr) + src_offset;
    if (src->device == SK_DEVICE_CPU) { std::memcpy(dst, s, (size_t)nbytes); return SK_OK; }
#ifdef SK_WITH_CUDA
    SK_RETURN_IF_ERROR(sk_cuda_enter(src->device));
    return sk_cuda_copy(dst, SK_DEVICE_CPU, s, src->device, nbytes);
#else
    return sk_fail(SK_ERR_NO_CUDA, "buffer_read: built without CUDA");
#endif
    SK_API_END("buffer_read")
}

SK_API sk_status sk_buffer_copy(sk_buffer* dst, int64_t dst_offset, const sk_buffer* src, int64_t src_offset,
                                int64_t nbytes) {
    SK_API_BEGIN
    SK_RETURN_IF_ERROR(check_range("buffer_copy", "dst", dst, dst_offset, nbytes));
    SK_RETURN_IF_ERROR(check_range("buffer_copy", "src", src, src_offset, nbytes));
    if (nbytes == 0) return SK_OK;
    char* d = static_cast<char*>(dst->ptr) + dst_offset;
    const char* s = static_cast<const char*>(src->ptr) + src_offset;
    if (dst->device == SK_DEVICE_CPU && src->device == SK_DEVICE_CPU) {
        std::memmove(d, s, (size_t)nbytes);
        return SK_OK;
    }
#ifdef SK_WITH_CUDA
    SK_RETURN_IF_ERROR(sk_cuda_enter(dst->device != SK_DEVICE_CPU ? dst->device : src->device));
    return sk_cuda_copy(d, dst->device, s, src->device, nbytes);
#else
    return sk_fail(SK_ERR_NO_CUDA, "buffer_copy: built without CUDA");
#endif
    SK_API_END("buffer_copy")
}

SK_API sk_status sk_buffer_fill_f32(sk_buffer* dst, int64_t n, float value) {
    SK_API_BEGIN
    int32_t device;
    sk_arg args[] = {{dst, "dst", sk_bytes(n, 4), false}};
    SK_CHECK(n >= 0, SK_ERR_SHAPE, "buffer_fill_f32: n = %lld is negative", (long long)n);
    SK_RETURN_IF_ERROR(sk_check_args(&device, "buffer_fill_f32", args));
    float* d = sk_data<float>(dst);
    if (device == SK_DEVICE_CPU) {
        for (int64_t i = 0; i < n; ++i) d[i] = value;
        return SK_OK;
    }
#ifdef SK_WITH_CUDA
    SK_RETURN_IF_ERROR(sk_cuda_enter(device));
    return sk_cuda_fill_f32(d, n, value);
#else
    return sk_fail(SK_ERR_NO_CUDA, "buffer_fill_f32: built without CUDA");
#endif
    SK_API_END("buffer_fill_f32")
}

SK_API sk_status sk_synchronize(int32_t device) {
    SK_API_BEGIN
    if (device == SK_DEVICE_CPU) return SK_OK;
    SK_RETURN_IF_ERROR(check_device("synchronize", device));
#ifdef SK_WITH_CUDA
    return sk_cuda_synchronize(device);
#else
    return SK_OK;
#endif
    SK_API_END("synchronize")
}

SK_API int64_t sk_memory_in_use(int32_t device) {
    std::atomic<int64_t>* c = counter(device);
    return c ? c->load() : 0;
}

SK_API int64_t sk_memory_peak(int32_t device) {
    std::atomic<int64_t>* p = peak_counter(device);
    return p ? p->load() : 0;
}

SK_API void sk_memory_reset_peak(int32_t device) {
    std::atomic<int64_t>* c = counter(device);
    if (c != nullptr) peak_counter(device)->store(c->load());
}

}  // extern "C"
