/* kernels-test/adam_test.cpp — K16 fused Adam / AdamW step.
 *   cpu : several steps of sk_adam_step against a float64 reference of the symkern.h formula (Adam with
 *         L2 weight decay and decoupled AdamW), on n = 0, 1, odd and large; properties (the first step
 *         moves each parameter by about lr; the variants agree without weight decay); error paths.
 *   cuda: the same steps on CUDA vs the CPU, then a timing (GB/s).
 *   ./adam_test cpu | ./adam_test cuda */
#include "harness.h"

using namespace harness;

namespace {
struct Hyper {
    float lr, beta1, beta2, eps, wd;
    int decoupled;
};

/* float64 reference of one step, straight from the header comment */
void ref_step(std::vector<double>& p, std::vector<double>& m, std::vector<double>& v, const std::vector<float>& grad,
              const Hyper& h, int64_t step) {
    double b1 = h.beta1, b2 = h.beta2, lr = h.lr, wd = h.wd;
    for (size_t i = 0; i < p.size(); ++i) {
        double g = grad[i] + (h.decoupled ? 0.0 : wd * p[i]);
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        double mhat = m[i] / (1 - std::pow(b1, (double)step)), vhat = v[i] / (1 - std::pow(b2, (double)step));
        p[i] -= lr * mhat / (std::sqrt(vhat) + h.eps) + (h.decoupled ? lr * wd * p[i] : 0.0);
    }
}

struct State {
    std::vector<float> p, m, v;
};

/* `steps` updates on `dev` from param p0 and zero moments, with grads[k] at step first_step + k. */
State run(int32_t dev, const std::vector<float>& p0, const std::vector<std::vector<float>>& grads, const Hyper& h,
          int64_t first_step = 1) {
    int64_t n = (int64_t)p0.size();
    Buf p(dev, p0), m(dev, std::vector<float>(n, 0.0f)), v(dev, std::vector<float>(n, 0.0f));
    for (size_t k = 0; k < grads.size(); ++k) {
        Buf g(dev, grads[k]);
        ok(sk_adam_step(p, m, v, g, n, h.lr, h.beta1, h.beta2, h.eps, h.wd, first_step + (int64_t)k, h.decoupled),
           "adam_step");
    }
    return State{p.read(), m.read(), v.read()};
}

std::vector<std::vector<float>> make_grads(int64_t n, int steps) {
    std::vector<std::vector<float>> g;
    for (int k = 0; k < steps; ++k) {
        g.push_back(randn(n, 0.5f + 0.5f * k));
        if (n > 3) g.back()[3] = 0.0f;   /* a zero gradient somewhere */
    }
    return g;
}

const Hyper kHypers[] = {
    {1e-2f, 0.9f, 0.999f, 1e-8f, 0.0f, 0},   /* plain Adam */
    {1e-2f, 0.9f, 0.999f, 1e-8f, 0.1f, 0},   /* Adam + L2 */
    {1e-2f, 0.9f, 0.999f, 1e-8f, 0.1f, 1},   /* AdamW */
    {3e-3f, 0.5f, 0.9f, 1e-3f, 0.02f, 1},    /* other betas, large eps */
    {1e-1f, 0.0f, 0.0f, 1e-6f, 0.0f, 0},     /* betas 0: sign-like steps */
};

void cpu_checks() {
    for (const Hyper& h : kHypers) {
        for (int64_t n : {0, 1, 7, 1001, 70001}) {
            std::vector<float> p0 = randn(n);
            auto grads = make_grads(n, 6);
            for (int64_t first : {1, 1000}) {
                State s = run(SK_DEVICE_CPU, p0, grads, h, first);
                std::vector<double> p(p0.begin(), p0.end()), m(n, 0.0), v(n, 0.0);
                for (size_t k = 0; k < grads.size(); ++k) ref_step(p, m, v, grads[k], h, first + (int64_t)k);
                char tag[160];
                std::snprintf(tag, sizeof tag, "lr=%g b1=%g b2=%g eps=%g wd=%g decoupled=%d n=%lld first step %lld",
                              h.lr, h.beta1, h.beta2, h.eps, h.wd, h.decoupled, (long long)n, (long long)first);
                validate((std::string("param after 6 steps, ") + tag).c_str(), s.p, p, 1e-6, 1e-5);
                validate((std::string("m after 6 steps, ") + tag).c_str(), s.m, m, 1e-6, 1e-5);
                validate((std::string("v after 6 steps, ") + tag).c_str(), s.v, v, 1e-9, 1e-5);
            }
        }
    }

    /* the first step from zero moments moves each parameter by lr * g / (|g| + eps) ~ lr sign(g) */
    {
        std::vector<float> p0 = randn(100), g = randn(100);
        Hyper h{0.05f, 0.9f, 0.999f, 1e-8f, 0.0f, 0};
        State s = run(SK_DEVICE_CPU, p0, {g}, h);
        std::vector<double> want(100);
        for (int i = 0; i < 100; ++i) want[i] = p0[i] - (g[i] > 0 ? 0.05 : -0.05);
        validate("first Adam step moves by lr sign(g)", s.p, want, 1e-6, 1e-6);
    }
    /* without weight decay, Adam and AdamW are the same update; with it they differ */
    {
        std::vector<float> p0 = randn(257);
        auto grads = make_grads(257, 3);
        Hyper l2{1e-2f, 0.9f, 0.99f, 1e-8f, 0.0f, 0}, dec = l2;
        dec.decoupled = 1;
        check(run(SK_DEVICE_CPU, p0, grads, l2).p == run(SK_DEVICE_CPU, p0, grads, dec).p,
              "Adam and AdamW agree when weight_decay = 0");
        l2.wd = dec.wd = 0.5f;
        check(run(SK_DEVICE_CPU, p0, grads, l2).p != run(SK_DEVICE_CPU, p0, grads, dec).p,
              "Adam + L2 and AdamW differ when weight_decay > 0");
    }
    /* lr = 0 leaves the parameter unchanged but still updates the moments */
    {
        std::vector<float> p0 = randn(9);
        State s = run(SK_DEVICE_CPU, p0, make_grads(9, 2), Hyper{0.0f, 0.9f, 0.999f, 1e-8f, 0.3f, 1});
        check(s.p == p0, "lr = 0 leaves the parameter unchanged");
        bool moved = false;
        for (float x : s.m) moved |= x != 0.0f;
        check(moved, "lr = 0 still updates m");
    }

    /* error paths */
    Buf a(SK_DEVICE_CPU, 64), b(SK_DEVICE_CPU, 64), c(SK_DEVICE_CPU, 64), g(SK_DEVICE_CPU, 64), small(SK_DEVICE_CPU, 8);
    auto step = [&](int64_t n, float lr, float b1, float b2, float eps, float wd, int64_t st, int dec) {
        return sk_adam_step(a, b, c, g, n, lr, b1, b2, eps, wd, st, dec);
    };
    expect_error(step(-1, 1e-3f, 0.9f, 0.999f, 1e-8f, 0, 1, 0), SK_ERR_SHAPE, "adam_step: n = -1 is negative",
                 "negative n");
    expect_error(step(16, 1e-3f, 0.9f, 0.999f, 1e-8f, 0, 0, 0), SK_ERR_ARG, "step = 0 must be >= 1", "step 0");
    expect_error(step(16, -1e-3f, 0.9f, 0.999f, 1e-8f, 0, 1, 0), SK_ERR_ARG, "lr = -0.001 must be finite and >= 0",
                 "negative lr");
    expect_error(step(16, NAN, 0.9f, 0.999f, 1e-8f, 0, 1, 0), SK_ERR_ARG, "lr = nan", "NaN lr");
    expect_error(step(16, 1e-3f, 1.0f, 0.999f, 1e-8f, 0, 1, 0), SK_ERR_ARG, "beta1 = 1 is outside [0, 1)",
                 "beta1 = 1");
    expect_error(step(16, 1e-3f, 0.9f, -0.5f, 1e-8f, 0, 1, 0), SK_ERR_ARG, "beta2 = -0.5 is outside [0, 1)",
                 "negative beta2");
    expect_error(step(16, 1e-3f, 0.9f, 0.999f, 0.0f, 0, 1, 0), SK_ERR_ARG, "eps = 0 must be finite and > 0",
                 "eps = 0");
    expect_error(step(16, 1e-3f, 0.9f, 0.999f, 1e-8f, -0.1f, 1, 0), SK_ERR_ARG, "weight_decay = -0.1",
                 "negative weight decay");
    expect_error(step(16, 1e-3f, 0.9f, 0.999f, 1e-8f, 0, 1, 2), SK_ERR_ARG, "decoupled = 2 must be 0 or 1",
                 "decoupled = 2");
    expect_error(sk_adam_step(a, b, b, g, 16, 1e-3f, 0.9f, 0.999f, 1e-8f, 0, 1, 0), SK_ERR_ARG,
                 "must be distinct buffers", "m aliases v");
    expect_error(sk_adam_step(a, b, c, nullptr, 16, 1e-3f, 0.9f, 0.999f, 1e-8f, 0, 1, 0), SK_ERR_ARG,
                 "buffer 'grad' is NULL", "NULL grad");
    expect_error(sk_adam_step(a, small, c, g, 16, 1e-3f, 0.9f, 0.999f, 1e-8f, 0, 1, 0), SK_ERR_SHAPE,
                 "buffer 'm' holds 8 bytes but the shape needs 64", "small m");
    ok(step(0, 1e-3f, 0.9f, 0.999f, 1e-8f, 0, 1, 0), "n = 0 is a no-op");
}

void cuda_checks(int32_t dev) {
    for (const Hyper& h : kHypers) {
        for (int64_t n : {1, 7, 1001, (1 << 20) + 5}) {
            std::vector<float> p0 = randn(n);
            auto grads = make_grads(n, 5);
            State gs = run(dev, p0, grads, h), cs = run(SK_DEVICE_CPU, p0, grads, h);
            char tag[160];
            std::snprintf(tag, sizeof tag, "lr=%g b1=%g b2=%g wd=%g decoupled=%d n=%lld", h.lr, h.beta1, h.beta2, h.wd,
                          h.decoupled, (long long)n);
            validate((std::string("cuda param vs cpu, ") + tag).c_str(), gs.p, cs.p, 1e-6, 1e-5);
            validate((std::string("cuda m vs cpu, ") + tag).c_str(), gs.m, cs.m, 1e-6, 1e-5);
            validate((std::string("cuda v vs cpu, ") + tag).c_str(), gs.v, cs.v, 1e-9, 1e-5);
        }
    }
    if (skip_timings(dev)) return;
    const int64_t n = 1 << 24;
    Buf p(dev, n * 4), m(dev, n * 4), v(dev, n * 4), g(dev, n * 4);
    ok(sk_random_normal(g, n, 0.0f, 1.0f, 1, 0), "fill grad");
    int64_t st = 1;
    double ms = time_ms(dev, 20, [&] { sk_adam_step(p, m, v, g, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, st++, 1); });
    /* napkin math: read param, m, v, grad (16 B), write param, m, v (12 B) */
    std::printf("adam step n=%lld: %.4f ms, %.1f GB/s (28 B/element)\n", (long long)n, ms, 28.0 * n / ms / 1e6);
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "adam_test");
    if (dev == SK_DEVICE_CPU) cpu_checks();
    else cuda_checks(dev);
    return finish();
}
