/* native/src/buffer.cpp — sk_buffer lifetime, host/device copies, fill, synchronize, memory accounting,
 * and the CPU block cache.
 *
 * CPU block cache. A training step frees and re-creates the same buffers every step; with plain malloc/free
 * glibc hands large blocks (above its mmap threshold) back to the kernel on free, so every step paid a
 * fresh mmap, a page fault per 4 KiB page on first touch (clear_page in the kernel) and a munmap. Here a
 * freed CPU block goes to a free list keyed by its size class instead, and the next request of that class
 * takes it back: a steady-state step makes no system allocation and touches only pages it already owns.
 *   size class of n bytes: r = n rounded up to 64; r itself when r <= 4 KiB, else r rounded up to a quarter
 *   of its power of two (2^k < r <= 2^(k+1) -> multiple of 2^(k-2)), so a block wastes < 25 %.
 * The cache holds at most kCacheLimit bytes (a block freed beyond that goes back to the system) and is only
 * emptied on request (sk_memory_release_cached), never in the middle of a step. Accounting is unchanged:
 * sk_memory_in_use counts the requested bytes of live buffers; cached blocks count in sk_memory_cached. */
#include "common.h"
#include "cuda_backend.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <vector>

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

/* ---- CPU block cache (see the file comment) */
constexpr size_t kCacheLimit = size_t(1) << 30;

size_t size_class(size_t n) {
    size_t r = (n + 63) / 64 * 64;
    if (r <= 4096) return r;
    int k = 63 - __builtin_clzll((unsigned long long)(r - 1)); /* 2^k < r <= 2^(k+1) */
    size_t step = size_t(1) << (k - 2);                          /* a quarter of 2^k */
    return (r + step - 1) / step * step;
}

struct BlockCache {
    std::mutex mu;
    std::unordered_map<size_t, std::vector<void*>> free_lists;
    size_t cached = 0;
    int64_t system_allocs = 0, cache_hits = 0, zero_filled = 0, system_frees = 0;
};

BlockCache& cache() {
    static BlockCache* c = new BlockCache();  /* never destroyed: buffers may be freed during exit */
    return *c;
}

/* SYMKERN_POISON_UNINIT=1 (read once): buffers made by sk_buffer_create_uninit start as all-ones bytes (NaN
 * as float32 / float64, -1 as an integer), so a test run shows any op that leaves part of an `=` output
 * unwritten. The library module's tests run with it. */
bool poison_uninit() {
    static const bool on = [] {
        const char* v = std::getenv("SYMKERN_POISON_UNINIT");
        return v != nullptr && v[0] == '1';
    }();
    return on;
}

/* SYMKERN_BLOCK_CACHE=0 (read once): the behaviour before the cache, for A/B measurements and for memory
 * checkers (which only see use-after-free when blocks really go back): every block comes from and returns
 * to the system, and sk_buffer_create_uninit zero-fills like sk_buffer_create. */
bool cache_off() {
    static const bool off = [] {
        const char* v = std::getenv("SYMKERN_BLOCK_CACHE");
        return v != nullptr && v[0] == '0';
    }();
    return off;
}

/* A block of size_class(nbytes) bytes, 64-byte aligned, from the cache or the system; NULL when out of memory.
 * zero: clear the first nbytes rounded up to 64. */
void* cpu_block_take(size_t nbytes, bool zero) {
    size_t cls = size_class(nbytes);
    void* p = nullptr;
    BlockCache& c = cache();
    if (cache_off()) zero = true;
    {
        std::lock_guard<std::mutex> lock(c.mu);
        auto it = c.free_lists.find(cls);
        if (it != c.free_lists.end() && !it->second.empty()) {
            p = it->second.back();
            it->second.pop_back();
            c.cached -= cls;
            c.cache_hits++;
        } else {
            c.system_allocs++;
        }
        if (zero) c.zero_filled += (int64_t)((nbytes + 63) / 64 * 64);
    }
    if (p == nullptr) p = std::aligned_alloc(64, cls);
    if (p != nullptr && zero) std::memset(p, 0, (nbytes + 63) / 64 * 64);
    else if (p != nullptr && poison_uninit()) std::memset(p, 0xFF, nbytes); /* every float / double a NaN */
    return p;
}

void cpu_block_give(void* p, size_t nbytes) {
    size_t cls = size_class(nbytes);
    BlockCache& c = cache();
    {
        std::lock_guard<std::mutex> lock(c.mu);
        if (!cache_off() && c.cached + cls <= kCacheLimit) {
            c.free_lists[cls].push_back(p);
            c.cached += cls;
            return;
        }
        c.system_frees++;
    }
    std::free(p);
}

int64_t cpu_cache_release() {
    std::vector<void*> blocks;
    size_t released;
    BlockCache& c = cache();
    {
        std::lock_guard<std::mutex> lock(c.mu);
        for (auto& kv : c.free_lists) {
            blocks.insert(blocks.end(), kv.second.begin(), kv.second.end());
            c.system_frees += (int64_t)kv.second.size();
        }
        c.free_lists.clear();
        released = c.cached;
        c.cached = 0;
    }
    for (void* p : blocks) std::free(p);
    return (int64_t)released;
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

static sk_status buffer_create(const char* op, sk_buffer** out, int32_t device, int64_t nbytes, bool zero) {
    SK_CHECK(out != nullptr, SK_ERR_ARG, "%s: out is NULL", op);
    *out = nullptr;
    SK_CHECK(nbytes >= 0, SK_ERR_SHAPE, "%s: byte count %lld is negative", op, (long long)nbytes);
    SK_RETURN_IF_ERROR(check_device(op, device));
    void* ptr = nullptr;
    if (nbytes > 0) {
        if (device == SK_DEVICE_CPU) {
            ptr = cpu_block_take((size_t)nbytes, zero);
            SK_CHECK(ptr != nullptr, SK_ERR_OOM, "%s: cannot allocate %lld bytes on cpu", op, (long long)nbytes);
        } else {
#ifdef SK_WITH_CUDA
            SK_RETURN_IF_ERROR(sk_cuda_alloc(&ptr, device, nbytes)); /* always zeroed (cheap on the device) */
#endif
        }
    }
    sk_buffer* b = new (std::nothrow) sk_buffer{device, nbytes, ptr};
    if (b == nullptr) {
        if (device == SK_DEVICE_CPU) {
            if (ptr != nullptr) cpu_block_give(ptr, (size_t)nbytes);
        }
#ifdef SK_WITH_CUDA
        else sk_cuda_free(ptr, device);
#endif
        return sk_fail(SK_ERR_OOM, "%s: out of host memory", op);
    }
    int64_t now = counter(device)->fetch_add(nbytes) + nbytes;
    raise_peak(peak_counter(device), now);
    *out = b;
    return SK_OK;
}

SK_API sk_status sk_buffer_create(sk_buffer** out, int32_t device, int64_t nbytes) {
    SK_API_BEGIN
    return buffer_create("buffer_create", out, device, nbytes, true);
    SK_API_END("buffer_create")
}

SK_API sk_status sk_buffer_create_uninit(sk_buffer** out, int32_t device, int64_t nbytes) {
    SK_API_BEGIN
    return buffer_create("buffer_create_uninit", out, device, nbytes, false);
    SK_API_END("buffer_create_uninit")
}

SK_API void sk_buffer_destroy(sk_buffer* buf) {
    if (buf == nullptr) return;
    if (buf->ptr != nullptr) {
        if (buf->device == SK_DEVICE_CPU) cpu_block_give(buf->ptr, (size_t)buf->nbytes);
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

SK_API int64_t sk_memory_cached(int32_t device) {
    if (device != SK_DEVICE_CPU) return 0;
    BlockCache& c = cache();
    std::lock_guard<std::mutex> lock(c.mu);
    return (int64_t)c.cached;
}

SK_API int64_t sk_memory_release_cached(int32_t device) {
    if (device != SK_DEVICE_CPU) return 0;
    return cpu_cache_release();
}

SK_API void sk_memory_cpu_counters(int64_t* out4) {
    if (out4 == nullptr) return;
    BlockCache& c = cache();
    std::lock_guard<std::mutex> lock(c.mu);
    out4[0] = c.system_allocs;
    out4[1] = c.cache_hits;
    out4[2] = c.zero_filled;
    out4[3] = c.system_frees;
}

}  // extern "C"
