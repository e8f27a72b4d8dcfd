/* kernels-test/unary_test.cpp — K2 unary ops: forward vs float64 reference, backward vs central finite
 * differences, error paths (cpu); CUDA vs CPU and timings (cuda).
 *   ./unary_test cpu | ./unary_test cuda */
#include "harness.h"

using namespace harness;

namespace {
struct OpCase {
    int op;
    const char* name;
    float alpha;
    bool positive_only;   /* domain x > 0 (log, sqrt, pow) */
};
const OpCase kOps[] = {
    {SK_UNARY_NEG, "neg", 0}, {SK_UNARY_RELU, "relu", 0}, {SK_UNARY_LEAKY_RELU, "leaky_relu", 0.2f},
    {SK_UNARY_ELU, "elu", 1.3f}, {SK_UNARY_SILU, "silu", 0}, {SK_UNARY_TANH, "tanh", 0},
    {SK_UNARY_SIGMOID, "sigmoid", 0}, {SK_UNARY_EXP, "exp", 0}, {SK_UNARY_LOG, "log", 0, true},
    {SK_UNARY_SQRT, "sqrt", 0, true}, {SK_UNARY_POW, "pow", 2.5f, true}, {SK_UNARY_SCALE, "scale", -1.7f},
    {SK_UNARY_ADD_SCALAR, "add_scalar", 0.3f}, {SK_UNARY_ABS, "abs", 0},
};

double ref_f(int op, double x, double a) {
    switch (op) {
        case SK_UNARY_NEG: return -x;
        case SK_UNARY_RELU: return x > 0 ? x : 0;
        case SK_UNARY_LEAKY_RELU: return x > 0 ? x : a * x;
        case SK_UNARY_ELU: return x > 0 ? x : a * (std::exp(x) - 1);
        case SK_UNARY_SILU: return x / (1 + std::exp(-x));
        case SK_UNARY_TANH: return std::tanh(x);
        case SK_UNARY_SIGMOID: return 1 / (1 + std::exp(-x));
        case SK_UNARY_EXP: return std::exp(x);
        case SK_UNARY_LOG: return std::log(x);
        case SK_UNARY_SQRT: return std::sqrt(x);
        case SK_UNARY_POW: return std::pow(x, a);
        case SK_UNARY_SCALE: return a * x;
        case SK_UNARY_ADD_SCALAR: return x + a;
        case SK_UNARY_ABS: return std::fabs(x);
    }
    return NAN;
}

/* Inputs kept away from kinks (0) so that finite differences are meaningful. */
std::vector<float> inputs(const OpCase& c, int64_t n) {
    std::vector<float> x = c.positive_only ? rand_uniform(n, 0.2f, 3.0f) : randn(n, 1.5f);
    if (!c.positive_only)
        for (auto& v : x)
            if (std::fabs(v) < 0.05f) v = v < 0 ? -0.05f - std::fabs(v) : 0.05f + v;
    return x;
}

std::vector<float> forward(int32_t dev, const std::vector<float>& x, const OpCase& c) {
    Buf bx(dev, x), by(dev, (int64_t)x.size() * 4);
    ok(sk_unary_forward(by, bx, (int64_t)x.size(), c.op, c.alpha), c.name);
    return by.read();
}

std::vector<float> backward(int32_t dev, const std::vector<float>& x, const std::vector<float>& dy, const OpCase& c) {
    int64_t n = (int64_t)x.size();
    Buf bx(dev, x), by(dev, n * 4), bdy(dev, dy), bdx(dev, n * 4);
    ok(sk_unary_forward(by, bx, n, c.op, c.alpha), c.name);
    ok(sk_unary_backward(bdx, bdy, bx, by, n, c.op, c.alpha), c.name);
    return bdx.read();
}

void cpu_checks() {
    const int64_t sizes[] = {0, 1, 7, 1000, 65537};
    for (const OpCase& c : kOps) {
        for (int64_t n : sizes) {
            std::vector<float> x = inputs(c, n);
            std::vector<double> ref(x.size());
            for (size_t i = 0; i < x.size(); ++i) ref[i] = ref_f(c.op, x[i], c.alpha);
            std::string what = std::string(c.name) + " forward n=" + std::to_string(n);
            validate(what.c_str(), forward(SK_DEVICE_CPU, x, c), ref, 1e-6, 2e-6);
        }
        std::vector<float> x = inputs(c, 33), r = randn(33);
        auto f = [&](const std::vector<float>& xs) { return forward(SK_DEVICE_CPU, xs, c); };
        std::string what = std::string(c.name) + " backward vs finite differences";
        gradcheck(what.c_str(), x, r, f, backward(SK_DEVICE_CPU, x, r, c), 1e-3, 2e-3, 2e-3);
    }
    /* in place: y aliases x */
    std::vector<float> x = randn(100);
    Buf bx(SK_DEVICE_CPU, x);
    ok(sk_unary_forward(bx, bx, 100, SK_UNARY_TANH, 0), "tanh in place");
    std::vector<double> ref(100);
    for (int i = 0; i < 100; ++i) ref[i] = std::tanh((double)x[i]);
    validate("tanh in place", bx.read(), ref, 1e-6, 2e-6);

    /* error paths */
    Buf small(SK_DEVICE_CPU, 16), big(SK_DEVICE_CPU, 64);
    expect_error(sk_unary_forward(small, big, 16, SK_UNARY_RELU, 0), SK_ERR_SHAPE, "buffer 'y' holds 16 bytes",
                 "too-small output");
    expect_error(sk_unary_forward(big, big, -1, SK_UNARY_RELU, 0), SK_ERR_SHAPE, "negative", "negative n");
    expect_error(sk_unary_forward(big, big, 4, 99, 0), SK_ERR_ARG, "unknown op code 99", "bad op");
    expect_error(sk_unary_forward(nullptr, big, 4, SK_UNARY_RELU, 0), SK_ERR_ARG, "'y' is NULL", "NULL output");
    expect_error(sk_unary_backward(big, big, big, nullptr, 4, SK_UNARY_TANH, 0), SK_ERR_ARG, "'y' is NULL",
                 "tanh backward needs y");
    ok(sk_unary_backward(big, big, big, nullptr, 4, SK_UNARY_RELU, 0), "relu backward without y");
}

void cuda_checks(int32_t dev) {
    for (const OpCase& c : kOps) {
        for (int64_t n : {1, 1000, 1 << 20}) {
            std::vector<float> x = inputs(c, n), dy = randn(n);
            std::string what = std::string(c.name) + " cuda forward vs cpu n=" + std::to_string(n);
            validate(what.c_str(), forward(dev, x, c), forward(SK_DEVICE_CPU, x, c), 1e-6, 1e-5);
            what = std::string(c.name) + " cuda backward vs cpu n=" + std::to_string(n);
            validate(what.c_str(), backward(dev, x, dy, c), backward(SK_DEVICE_CPU, x, dy, c), 1e-6, 1e-5);
        }
    }
    if (skip_timings(dev)) return;
    const int64_t n = 1 << 24;
    Buf x(dev, n * 4), y(dev, n * 4);
    double ms = time_ms(dev, 20, [&] { sk_unary_forward(y, x, n, SK_UNARY_SILU, 0); });
    /* napkin math: 4 bytes read + 4 written per element */
    std::printf("silu forward n=%lld: %.4f ms, %.1f GB/s\n", (long long)n, ms, 8.0 * n / ms / 1e6);
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "unary_test");
    if (dev == SK_DEVICE_CPU) cpu_checks();
    else cuda_checks(dev);
    return finish();
}
