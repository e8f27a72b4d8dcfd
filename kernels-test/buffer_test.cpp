/* kernels-test/buffer_test.cpp — buffers: create/read/write/copy/fill round trips, zero-initialisation,
 * memory accounting, range and device errors (cpu); host<->CUDA and CUDA<->CUDA copies (cuda); the CPU
 * block cache (reuse without a system allocation, zeroing of reused blocks, exact accounting, release,
 * concurrent use). */
#include "harness.h"

#include <thread>

using namespace harness;

namespace {
void round_trip(int32_t dev) {
    int64_t base = sk_memory_in_use(dev);
    {
        std::vector<float> host = randn(1001);
        Buf a(dev, host);
        check(sk_memory_in_use(dev) == base + 1001 * 4, "memory accounting counts a live buffer");
        check(sk_buffer_nbytes(a) == 1001 * 4 && sk_buffer_device(a) == dev, "buffer reports size and device");
        validate("write/read round trip", a.read(), host, 0, 0);
        Buf zero(dev, 37 * 4);
        validate("new buffers are zero", zero.read(), std::vector<float>(37, 0.0f), 0, 0);
        Buf b(dev, 1001 * 4);
        ok(sk_buffer_copy(b, 4, a, 0, 1000 * 4), "copy with offset");
        std::vector<float> got = b.read(), want(1001, 0.0f);
        for (int i = 1; i < 1001; ++i) want[i] = host[i - 1];
        validate("copy with offset", got, want, 0, 0);
        ok(sk_buffer_fill_f32(b, 500, 2.5f), "fill");
        got = b.read();
        for (int i = 0; i < 500; ++i) want[i] = 2.5f;
        validate("fill first 500", got, want, 0, 0);
        Buf cpu(SK_DEVICE_CPU, 1001 * 4);
        ok(sk_buffer_copy(cpu, 0, a, 0, 1001 * 4), "copy to cpu");
        validate("copy to cpu", cpu.read(), host, 0, 0);
        Buf empty(dev, 0);
        check(sk_buffer_nbytes(empty) == 0, "zero-byte buffer");
    }
    check(sk_memory_in_use(dev) == base, "memory returns to baseline after destroy");
}

/* The peak follows the highest in-use level since the last reset, and a reset brings it down to in-use. */
void peak(int32_t dev) {
    sk_memory_reset_peak(dev);
    int64_t base = sk_memory_in_use(dev);
    check(sk_memory_peak(dev) == base, "reset sets the peak to the bytes in use");
    {
        Buf a(dev, 4000);
        {
            Buf b(dev, 6000);
            check(sk_memory_peak(dev) == base + 10000, "peak counts two live buffers");
        }
        Buf c(dev, 1000);
        check(sk_memory_peak(dev) == base + 10000, "peak stays at the maximum after a free");
        sk_memory_reset_peak(dev);
        check(sk_memory_peak(dev) == base + 5000, "reset brings the peak down to the bytes in use");
    }
    check(sk_memory_peak(dev) == base + 5000, "freeing does not lower the peak");
    check(sk_memory_peak(-5) == 0, "a bad device has peak 0");
    sk_memory_reset_peak(-5);
}

/* The CPU block cache: a freed block is reused by the next request of its size class (no system allocation),
 * a reused block is zeroed again by sk_buffer_create, uninitialised buffers are not zero-filled, accounting
 * counts requested bytes only, and release hands every cached block back. */
void block_cache() {
    int64_t c0[4], c1[4];
    sk_memory_release_cached(SK_DEVICE_CPU);
    check(sk_memory_cached(SK_DEVICE_CPU) == 0, "release empties the cache");
    int64_t base = sk_memory_in_use(SK_DEVICE_CPU);
    const int64_t n = 1000003;  /* floats: 4000012 bytes, above glibc's mmap threshold */
    {
        Buf a(SK_DEVICE_CPU, n * 4);
        ok(sk_buffer_fill_f32(a, n, 7.0f), "fill a block before freeing it");
    }
    check(sk_memory_in_use(SK_DEVICE_CPU) == base, "a cached block is not in use");
    int64_t cached = sk_memory_cached(SK_DEVICE_CPU);
    check(cached >= n * 4 && cached < n * 4 * 5 / 4, "the freed block is cached in its size class (< 25 % over)");
    sk_memory_cpu_counters(c0);
    {
        Buf b(SK_DEVICE_CPU, n * 4 - 100);  /* same size class */
        sk_memory_cpu_counters(c1);
        check(c1[0] == c0[0] && c1[1] == c0[1] + 1, "same size class: reused, no system allocation");
        check(c1[2] - c0[2] == (n * 4 - 100 + 63) / 64 * 64, "sk_buffer_create counts the bytes it zero-fills");
        check(sk_memory_in_use(SK_DEVICE_CPU) == base + n * 4 - 100, "accounting counts requested bytes");
        check(sk_memory_cached(SK_DEVICE_CPU) == 0, "the reused block left the cache");
        std::vector<float> got = b.read();
        bool zero = true;
        for (float v : got) zero = zero && v == 0.0f;
        check(zero, "a reused block is zeroed by sk_buffer_create");
        ok(sk_buffer_fill_f32(b, n - 25, 3.0f), "dirty the block");
    }
    sk_buffer* u = nullptr;
    sk_memory_cpu_counters(c0);
    ok(sk_buffer_create_uninit(&u, SK_DEVICE_CPU, n * 4), "create_uninit");
    sk_memory_cpu_counters(c1);
    check(c1[1] == c0[1] + 1 && c1[2] == c0[2], "create_uninit reuses the block and zero-fills nothing");
    check(sk_buffer_nbytes(u) == n * 4 && sk_memory_in_use(SK_DEVICE_CPU) == base + n * 4, "uninit accounting");
    sk_buffer_destroy(u);
    sk_buffer* e = nullptr;
    expect_error(sk_buffer_create_uninit(&e, SK_DEVICE_CPU, -1), SK_ERR_SHAPE, "buffer_create_uninit: byte count",
                 "uninit negative size");
    check(sk_memory_release_cached(SK_DEVICE_CPU) >= n * 4, "release reports the bytes handed back");
    check(sk_memory_cached(SK_DEVICE_CPU) == 0 && sk_memory_in_use(SK_DEVICE_CPU) == base, "after release");
    check(sk_memory_cached(0) == 0 && sk_memory_release_cached(0) == 0, "no CPU cache for a CUDA device");
    /* two threads creating and destroying buffers of many sizes: accounting stays exact */
    auto churn = [](int seed) {
        for (int i = 0; i < 2000; ++i) {
            sk_buffer* b = nullptr;
            int64_t bytes = 64 + ((i * 7919 + seed * 104729) % 300000);
            if (sk_buffer_create(&b, SK_DEVICE_CPU, bytes) == SK_OK) sk_buffer_destroy(b);
        }
    };
    std::thread t1(churn, 1), t2(churn, 2);
    t1.join();
    t2.join();
    check(sk_memory_in_use(SK_DEVICE_CPU) == base, "concurrent create/destroy: accounting back to baseline");
    sk_memory_release_cached(SK_DEVICE_CPU);
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "buffer_test");
    round_trip(dev);
    peak(dev);
    if (dev == SK_DEVICE_CPU) {
        block_cache();
        Buf a(SK_DEVICE_CPU, 16);
        float host[8] = {0};
        expect_error(sk_buffer_write(a, 8, host, 16), SK_ERR_SHAPE, "outside buffer 'dst'", "write past end");
        expect_error(sk_buffer_read(host, a, -4, 4), SK_ERR_SHAPE, "negative offset", "negative offset");
        expect_error(sk_buffer_read(host, nullptr, 0, 4), SK_ERR_ARG, "'src' is NULL", "NULL buffer");
        sk_buffer* out = nullptr;
        expect_error(sk_buffer_create(&out, SK_DEVICE_CPU, -8), SK_ERR_SHAPE, "negative", "negative size");
        expect_error(sk_buffer_create(&out, -5, 8), SK_ERR_ARG, "is not a device", "bad device code");
        sk_status s = sk_buffer_create(&out, 0, 8);
        if (sk_cuda_compiled() == 0) expect_error(s, SK_ERR_NO_CUDA, "built without CUDA", "cuda without CUDA build");
        else if (sk_cuda_device_count() == 0) expect_error(s, SK_ERR_NO_DEVICE, "no CUDA device", "cuda without GPU");
        else sk_buffer_destroy(out);
        check(out == nullptr || sk_cuda_device_count() > 0, "failed create leaves out NULL");
        sk_buffer_destroy(nullptr);
        check(sk_noop(41) == 41, "noop returns its argument");
        std::printf("cuda: compiled=%d devices=%d (%s)\n", sk_cuda_compiled(), sk_cuda_device_count(), sk_cuda_status());
    } else {
        Buf a(dev, 64), c(SK_DEVICE_CPU, 64);
        expect_error(sk_unary_forward(a, c, 16, SK_UNARY_RELU, 0), SK_ERR_DEVICE, "is on cuda:0 but 'x' is on cpu",
                     "mixed devices");
    }
    return finish();
}
