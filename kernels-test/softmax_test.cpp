/* kernels-test/softmax_test.cpp — K3 softmax / log_softmax over the last axis of (rows, cols): forward vs a
 * float64 reference on odd and degenerate shapes and on logits of +-1000 (finite results), backward vs its
 * formula in float64 and vs central finite differences, in-place use, error paths (cpu); CUDA vs CPU on
 * the same inputs and timings (cuda).
 *   ./softmax_test cpu | ./softmax_test cuda */
#include "harness.h"

using namespace harness;

namespace {
struct Dims {
    int64_t rows, cols;
    int64_t n() const { return rows * cols; }
    std::string str() const { return "(" + std::to_string(rows) + "," + std::to_string(cols) + ")"; }
};
/* size 1, odd sizes, around the CUDA warp/block threshold (1024), block sizes 256 and 512, empty */
const Dims kShapes[] = {{1, 1}, {1, 7}, {3, 5}, {5, 1},    {7, 33},  {300, 17}, {2, 1000},
                        {3, 1024}, {3, 1025}, {2, 5000}, {1, 9000}, {0, 4},   {4, 0}};
const char* mode_name(int log) { return log ? "log_softmax" : "softmax"; }

std::vector<double> reference(const std::vector<float>& x, const Dims& d, int log) {
    std::vector<double> y((size_t)d.n());
    if (d.cols == 0) return y;
    for (int64_t r = 0; r < d.rows; ++r) {
        const float* xr = x.data() + r * d.cols;
        double m = xr[0], s = 0;
        for (int64_t j = 1; j < d.cols; ++j) m = std::max(m, (double)xr[j]);
        for (int64_t j = 0; j < d.cols; ++j) s += std::exp((double)xr[j] - m);
        for (int64_t j = 0; j < d.cols; ++j)
            y[(size_t)(r * d.cols + j)] = log ? (double)xr[j] - m - std::log(s) : std::exp((double)xr[j] - m) / s;
    }
    return y;
}

/* dx from the float forward output y, in float64. */
std::vector<double> reference_backward(const std::vector<float>& dy, const std::vector<float>& y, const Dims& d,
                                       int log) {
    std::vector<double> dx((size_t)d.n());
    for (int64_t r = 0; r < d.rows; ++r) {
        size_t b = (size_t)(r * d.cols);
        double s = 0;
        for (int64_t j = 0; j < d.cols; ++j) s += log ? (double)dy[b + j] : (double)dy[b + j] * y[b + j];
        for (int64_t j = 0; j < d.cols; ++j)
            dx[b + j] = log ? dy[b + j] - std::exp((double)y[b + j]) * s : y[b + j] * (dy[b + j] - s);
    }
    return dx;
}

std::vector<float> forward(int32_t dev, const std::vector<float>& x, const Dims& d, int log, const std::string& what) {
    Buf bx(dev, x), by(dev, d.n() * 4);
    ok(sk_softmax_forward(by, bx, d.rows, d.cols, log), what.c_str());
    return by.read();
}

std::vector<float> backward(int32_t dev, const std::vector<float>& dy, const std::vector<float>& y, const Dims& d,
                            int log, const std::string& what) {
    Buf bdy(dev, dy), by(dev, y), bdx(dev, d.n() * 4);
    ok(sk_softmax_backward(bdx, bdy, by, d.rows, d.cols, log), what.c_str());
    return bdx.read();
}

bool all_finite(const std::vector<float>& v) {
    for (float f : v)
        if (!std::isfinite(f)) return false;
    return true;
}

void cpu_checks() {
    for (int log = 0; log < 2; ++log) {
        for (const Dims& d : kShapes) {
            std::vector<float> x = randn(d.n(), 3.0f);
            std::string what = std::string(mode_name(log)) + " forward " + d.str();
            std::vector<float> y = forward(SK_DEVICE_CPU, x, d, log, what);
            validate(what.c_str(), y, reference(x, d, log), 1e-6, 2e-6);
            std::vector<float> dy = randn(d.n());
            what = std::string(mode_name(log)) + " backward " + d.str();
            validate(what.c_str(), backward(SK_DEVICE_CPU, dy, y, d, log, what), reference_backward(dy, y, d, log), 1e-6,
                     2e-6);
        }
        /* large-magnitude logits: max-subtraction keeps everything finite */
        {
            Dims d{3, 6};
            std::vector<float> x = {1000, -1000, 999, 0, 1000, -999, -1000, -1000, -1000, -1000, -1000, -1001,
                                    88.8f, 100, -88, 1e4f, -1e4f, 3};
            std::string what = std::string(mode_name(log)) + " forward logits +-1000";
            std::vector<float> y = forward(SK_DEVICE_CPU, x, d, log, what);
            check(all_finite(y), (what + ": finite").c_str());
            validate(what.c_str(), y, reference(x, d, log), 1e-6, 2e-6);
            std::vector<float> dy = randn(d.n());
            std::vector<float> dx = backward(SK_DEVICE_CPU, dy, y, d, log, what);
            check(all_finite(dx), (what + ": finite gradient").c_str());
            validate((what + " backward").c_str(), dx, reference_backward(dy, y, d, log), 1e-6, 2e-6);
        }
        /* gradchecks */
        for (Dims d : {Dims{3, 5}, Dims{1, 1}, Dims{2, 9}, Dims{4, 2}}) {
            std::vector<float> x = randn(d.n(), 1.5f), r = randn(d.n());
            std::string what = std::string(mode_name(log)) + " backward vs finite differences " + d.str();
            auto f = [&](const std::vector<float>& xs) { return forward(SK_DEVICE_CPU, xs, d, log, what); };
            gradcheck(what.c_str(), x, r, f, backward(SK_DEVICE_CPU, r, f(x), d, log, what), 1e-3, 2e-3, 2e-3);
        }
        /* in place (y aliases x) gives the same result */
        {
            Dims d{5, 77};
            std::vector<float> x = randn(d.n(), 2.0f);
            Buf b(SK_DEVICE_CPU, x);
            ok(sk_softmax_forward(b, b, d.rows, d.cols, log), "in place");
            validate((std::string(mode_name(log)) + " in place").c_str(), b.read(), reference(x, d, log), 1e-6, 2e-6);
        }
    }
    /* any nonzero `log` selects log_softmax */
    {
        std::vector<float> x = randn(12);
        validate("log = 7 is log_softmax", forward(SK_DEVICE_CPU, x, {3, 4}, 7, "log 7"), reference(x, {3, 4}, 1), 1e-6,
                 2e-6);
    }

    /* error paths */
    Buf b64(SK_DEVICE_CPU, 64), b16(SK_DEVICE_CPU, 16);
    expect_error(sk_softmax_forward(b64, b64, -1, 4, 0), SK_ERR_SHAPE, "softmax_forward: rows = -1 is negative",
                 "negative rows");
    expect_error(sk_softmax_forward(b64, b64, 4, -4, 0), SK_ERR_SHAPE, "softmax_forward: cols = -4 is negative",
                 "negative cols");
    expect_error(sk_softmax_backward(b64, b64, b64, -2, 4, 1), SK_ERR_SHAPE, "softmax_backward: rows = -2",
                 "negative rows (backward)");
    expect_error(sk_softmax_forward(b16, b64, 4, 4, 0), SK_ERR_SHAPE, "buffer 'y' holds 16 bytes", "too-small y");
    expect_error(sk_softmax_forward(b64, b16, 4, 4, 0), SK_ERR_SHAPE, "buffer 'x' holds 16 bytes", "too-small x");
    expect_error(sk_softmax_backward(b64, b64, b16, 4, 4, 0), SK_ERR_SHAPE, "buffer 'y' holds 16 bytes",
                 "too-small y (backward)");
    expect_error(sk_softmax_backward(b64, nullptr, b64, 4, 4, 0), SK_ERR_ARG, "'dy' is NULL", "NULL dy");
    expect_error(sk_softmax_forward(nullptr, b64, 4, 4, 0), SK_ERR_ARG, "'y' is NULL", "NULL y");
    expect_error(sk_softmax_forward(b64, b64, INT64_MAX, 4, 0), SK_ERR_SHAPE, "overflows", "size overflow");
}

void cuda_checks(int32_t dev) {
    for (int log = 0; log < 2; ++log) {
        for (const Dims& d : kShapes) {
            std::vector<float> x = randn(d.n(), 3.0f), dy = randn(d.n());
            if (d.n() > 1) x[0] = 1000.0f, x[(size_t)d.n() - 1] = -1000.0f;
            std::string what = std::string(mode_name(log)) + " " + d.str();
            std::vector<float> yc = forward(SK_DEVICE_CPU, x, d, log, what), yg = forward(dev, x, d, log, "cuda " + what);
            validate(("cuda forward vs cpu " + what).c_str(), yg, yc, 1e-6, 1e-5);
            check(all_finite(yg), ("cuda forward finite " + what).c_str());
            validate(("cuda backward vs cpu " + what).c_str(), backward(dev, dy, yc, d, log, "cuda " + what),
                     backward(SK_DEVICE_CPU, dy, yc, d, log, what), 1e-6, 1e-5);
        }
        Dims d{7, 2000};   /* in place on the device */
        std::vector<float> x = randn(d.n());
        Buf b(dev, x);
        ok(sk_softmax_forward(b, b, d.rows, d.cols, log), "cuda in place");
        validate("cuda in place vs cpu", b.read(), forward(SK_DEVICE_CPU, x, d, log, "cpu"), 1e-6, 1e-5);
    }
    if (skip_timings(dev)) return;
    /* timings; napkin math: forward reads and writes 4 B per element (8 B), backward reads dy, y and writes dx (12 B) */
    for (Dims d : {Dims{65536, 128}, Dims{4096, 4096}, Dims{256, 65536}}) {
        Buf x(dev, d.n() * 4), y(dev, d.n() * 4), dx(dev, d.n() * 4);
        for (int log = 0; log < 2; ++log) {
            double ms = time_ms(dev, 20, [&] { sk_softmax_forward(y, x, d.rows, d.cols, log); });
            std::printf("%s forward %s: %.4f ms, %.1f GB/s\n", mode_name(log), d.str().c_str(), ms, 8.0 * d.n() / ms / 1e6);
            ms = time_ms(dev, 20, [&] { sk_softmax_backward(dx, x, y, d.rows, d.cols, log); });
            std::printf("%s backward %s: %.4f ms, %.1f GB/s\n", mode_name(log), d.str().c_str(), ms, 12.0 * d.n() / ms / 1e6);
        }
    }
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "softmax_test");
    if (dev == SK_DEVICE_CPU) cpu_checks();
    else cuda_checks(dev);
    return finish();
}
