/* kernels-test/buffer_test.cpp — buffers: create/read/write/copy/fill round trips, zero-initialisation,
 * memory accounting, range and device errors (cpu); host<->CUDA and CUDA<->CUDA copies (cuda). */
#include "harness.h"

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
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "buffer_test");
    round_trip(dev);
    peak(dev);
    if (dev == SK_DEVICE_CPU) {
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
