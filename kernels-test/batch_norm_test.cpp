/* kernels-test/batch_norm_test.cpp — K5 batch norm with statistics shared over (batch, inner):
 * training and evaluation forward vs a float64 reference (y, save_mean, save_invstd, the running-stat
 * update with the unbiased variance), with and without gamma / beta / running stats, on odd and
 * degenerate shapes (n = 2, inner = 1, channels = 0, batch = 0 in eval, a large offset that needs the
 * shifted variance); backward vs the float64 formula and vs central finite differences in both modes
 * (training includes the mean / variance dependence on x); += accumulation of dgamma / dbeta; error
 * paths (cpu); CUDA vs CPU on the same inputs and timings (cuda).
 *   ./batch_norm_test cpu | ./batch_norm_test cuda */
#include "harness.h"

using namespace harness;

namespace {
struct Dims {
    int64_t batch, channels, inner;
    int64_t total() const { return batch * channels * inner; }
    int64_t n() const { return batch * inner; }
    std::string str() const {
        return "(" + std::to_string(batch) + "," + std::to_string(channels) + "," + std::to_string(inner) + ")";
    }
};
const Dims kShapes[] = {{2, 3, 5},  {1, 1, 2},  {4, 1, 1},   {3, 2, 1},    {5, 4, 7},       {2, 3, 36},
                        {1, 3, 10}, {7, 5, 13}, {64, 5, 300}, {3, 1, 20000}, {2, 1000, 3}};
constexpr float kEps = 1e-5f, kMomentum = 0.1f;

struct Params {   /* per-channel inputs: gamma, beta, running mean / var (may be empty = NULL) */
    std::vector<float> gamma, beta, rm, rv;
};

Params make_params(int64_t c, bool affine, bool running) {
    Params p;
    if (affine) {
        p.gamma = rand_uniform(c, 0.5f, 1.5f);
        p.beta = randn(c);
    }
    if (running) {
        p.rm = randn(c, 0.5f);
        p.rv = rand_uniform(c, 0.5f, 2.0f);
    }
    return p;
}

struct Ref {
    std::vector<double> y, mean, invstd, rm, rv;
};

Ref reference(const std::vector<float>& x, const Dims& d, const Params& p, bool training) {
    Ref r;
    r.y.resize((size_t)d.total());
    for (int64_t c = 0; c < d.channels; ++c) {
        double mean, var;
        if (training) {
            double s = 0, q = 0;
            for (int64_t b = 0; b < d.batch; ++b)
                for (int64_t i = 0; i < d.inner; ++i) s += x[(size_t)((b * d.channels + c) * d.inner + i)];
            mean = s / (double)d.n();
            for (int64_t b = 0; b < d.batch; ++b)
                for (int64_t i = 0; i < d.inner; ++i) {
                    double v = x[(size_t)((b * d.channels + c) * d.inner + i)] - mean;
                    q += v * v;
                }
            var = q / (double)d.n();
            if (!p.rm.empty()) {
                r.rm.push_back((1 - kMomentum) * (double)p.rm[(size_t)c] + kMomentum * mean);
                r.rv.push_back((1 - kMomentum) * (double)p.rv[(size_t)c] +
                               kMomentum * var * (double)d.n() / (double)(d.n() - 1));
            }
        } else {
            mean = p.rm[(size_t)c];
            var = p.rv[(size_t)c];
        }
        double is = 1.0 / std::sqrt(var + (double)kEps);
        r.mean.push_back(mean);
        r.invstd.push_back(is);
        double g = p.gamma.empty() ? 1.0 : p.gamma[(size_t)c], bt = p.beta.empty() ? 0.0 : p.beta[(size_t)c];
        for (int64_t b = 0; b < d.batch; ++b)
            for (int64_t i = 0; i < d.inner; ++i) {
                size_t k = (size_t)((b * d.channels + c) * d.inner + i);
                r.y[k] = g * (x[k] - mean) * is + bt;
            }
    }
    return r;
}

/* float64 backward from the reference statistics: dx, dgamma, dbeta (no accumulation). */
void reference_backward(const std::vector<float>& dy, const std::vector<float>& x, const Dims& d, const Params& p,
                        const Ref& r, bool training, std::vector<double>& dx, std::vector<double>& dg,
                        std::vector<double>& db) {
    dx.assign((size_t)d.total(), 0.0);
    dg.assign((size_t)d.channels, 0.0);
    db.assign((size_t)d.channels, 0.0);
    for (int64_t c = 0; c < d.channels; ++c) {
        double m = r.mean[(size_t)c], is = r.invstd[(size_t)c], g = p.gamma.empty() ? 1.0 : p.gamma[(size_t)c];
        double sdy = 0, sdyx = 0;
        for (int64_t b = 0; b < d.batch; ++b)
            for (int64_t i = 0; i < d.inner; ++i) {
                size_t k = (size_t)((b * d.channels + c) * d.inner + i);
                sdy += dy[k];
                sdyx += dy[k] * (x[k] - m) * is;
            }
        db[(size_t)c] = sdy;
        dg[(size_t)c] = sdyx;
        double n = (double)d.n();
        for (int64_t b = 0; b < d.batch; ++b)
            for (int64_t i = 0; i < d.inner; ++i) {
                size_t k = (size_t)((b * d.channels + c) * d.inner + i);
                double xhat = (x[k] - m) * is;
                dx[k] = training ? g * is * (dy[k] - sdy / n - xhat * sdyx / n) : g * is * dy[k];
            }
    }
}

struct Out {
    std::vector<float> y, mean, invstd, rm, rv;
};

/* One forward on `dev`; empty vectors in p are passed as NULL. */
Out forward(int32_t dev, const std::vector<float>& x, const Dims& d, const Params& p, bool training,
            const std::string& what) {
    auto opt = [&](const std::vector<float>& v) { return v.empty() ? Buf() : Buf(dev, v); };
    Buf bx(dev, x), by(dev, d.total() * 4), bm(dev, d.channels * 4), bi(dev, d.channels * 4);
    Buf bg = opt(p.gamma), bb = opt(p.beta), brm = opt(p.rm), brv = opt(p.rv);
    ok(sk_batch_norm_forward(by, bm, bi, brm, brv, bx, bg, bb, d.batch, d.channels, d.inner, training, kMomentum, kEps),
       what.c_str());
    Out o{by.read(), bm.read(), bi.read(), {}, {}};
    if (brm.b) {
        o.rm = brm.read();
        o.rv = brv.read();
    }
    return o;
}

struct Grads {
    std::vector<float> dx, dg, db;
};

/* One backward; dgamma / dbeta start at `acc` to observe the += contract. */
Grads backward(int32_t dev, const std::vector<float>& dy, const std::vector<float>& x, const Out& f, const Dims& d,
               const Params& p, bool training, float acc, const std::string& what) {
    Buf bdx(dev, std::vector<float>(d.total(), 99.0f)), bdg(dev, std::vector<float>(d.channels, acc)),
        bdb(dev, std::vector<float>(d.channels, acc)), bdy(dev, dy), bx(dev, x), bm(dev, f.mean), bi(dev, f.invstd);
    Buf bg = p.gamma.empty() ? Buf() : Buf(dev, p.gamma);
    ok(sk_batch_norm_backward(bdx, bdg, bdb, bdy, bx, bm, bi, bg, d.batch, d.channels, d.inner, training),
       what.c_str());
    return {bdx.read(), bdg.read(), bdb.read()};
}

std::vector<double> plus(std::vector<double> v, double a) {
    for (auto& e : v) e += a;
    return v;
}

/* tol: of y and dx (the float32 mean of a large-offset channel is itself rounded by ~ulp(offset)) */
void cpu_case(const std::vector<float>& x, const Dims& d, bool affine, bool running, bool training, const char* kind,
              double tol = 1e-5) {
    Params p = make_params(d.channels, affine, running);
    std::string what = std::string(training ? "train" : "eval") + (affine ? " affine" : "") +
                       (running ? " running " : " ") + kind + " " + d.str();
    Ref r = reference(x, d, p, training);
    Out f = forward(SK_DEVICE_CPU, x, d, p, training, what);
    validate((what + " y").c_str(), f.y, r.y, tol, tol);
    validate((what + " save_mean").c_str(), f.mean, r.mean, 1e-6, 1e-6);
    validate((what + " save_invstd").c_str(), f.invstd, r.invstd, 1e-6, 1e-5);
    if (running && training) {
        validate((what + " running_mean").c_str(), f.rm, r.rm, 1e-6, 1e-6);
        validate((what + " running_var").c_str(), f.rv, r.rv, 1e-6, 1e-5);
    } else if (running) {
        validate((what + " running stats unchanged in eval").c_str(), f.rm, std::vector<double>(p.rm.begin(), p.rm.end()),
                 0, 0);
    }
    std::vector<float> dy = randn(d.total());
    std::vector<double> rdx, rdg, rdb;
    reference_backward(dy, x, d, p, r, training, rdx, rdg, rdb);
    Grads g = backward(SK_DEVICE_CPU, dy, x, f, d, p, training, 0.5f, what);
    validate((what + " dx").c_str(), g.dx, rdx, tol, 10 * tol);
    validate((what + " dgamma (+= onto 0.5)").c_str(), g.dg, plus(rdg, 0.5), 1e-4, tol);
    validate((what + " dbeta (+= onto 0.5)").c_str(), g.db, plus(rdb, 0.5), 1e-4, 1e-5);
}

void cpu_checks() {
    for (const Dims& d : kShapes)
        for (bool training : {true, false})
            for (int variant = 0; variant < 3; ++variant)   /* affine + running, affine only, neither */
                if (training || variant == 0)
                    cpu_case(randn(d.total(), 2.0f), d, variant < 2, variant == 0, training, "randn");
    /* a large offset: the one-pass variance must not cancel (shifted sums); invstd and the running variance
     * keep the 1e-5 tolerance, y and dx carry the rounding of the float32 mean (ulp(1000) = 6e-5 on std 0.01) */
    {
        Dims d{8, 2, 50};
        std::vector<float> x = randn(d.total(), 0.01f);
        for (auto& v : x) v += 1000.0f;
        cpu_case(x, d, true, true, true, "offset 1000 std 0.01", 1e-2);
    }
    /* a constant channel: variance 0, invstd = 1 / sqrt(eps), y = beta */
    {
        Dims d{3, 1, 4};
        cpu_case(std::vector<float>(12, 2.5f), d, true, true, true, "constant");
    }
    /* eval with batch = 0 and channels = 0 are no-ops; training with channels = 0 too */
    {
        Params p = make_params(3, true, true);
        Out e = forward(SK_DEVICE_CPU, {}, {0, 3, 5}, p, false, "eval batch 0");
        check(e.rm == p.rm && e.rv == p.rv, "eval batch 0 leaves running stats alone");
        forward(SK_DEVICE_CPU, {}, {4, 0, 5}, Params{}, true, "train channels 0");
    }

    /* gradchecks: x, gamma, beta in both modes (training: through the batch mean and variance) */
    for (Dims d : {Dims{2, 3, 5}, Dims{4, 2, 1}, Dims{1, 1, 3}, Dims{3, 2, 4}})
        for (bool training : {true, false}) {
            Params p = make_params(d.channels, true, true);
            std::vector<float> x = randn(d.total()), r = randn(d.total());
            std::string what = std::string(training ? "train" : "eval") + " backward vs finite differences " + d.str();
            Out f0 = forward(SK_DEVICE_CPU, x, d, p, training, what);
            Grads g = backward(SK_DEVICE_CPU, r, x, f0, d, p, training, 0.0f, what);
            auto fx = [&](const std::vector<float>& xs) { return forward(SK_DEVICE_CPU, xs, d, p, training, what).y; };
            gradcheck((what + " dx").c_str(), x, r, fx, g.dx, 1e-3, 3e-3, 3e-3);
            auto fg = [&](const std::vector<float>& gs) {
                Params q = p;
                q.gamma = gs;
                return forward(SK_DEVICE_CPU, x, d, q, training, what).y;
            };
            gradcheck((what + " dgamma").c_str(), p.gamma, r, fg, g.dg, 1e-3, 3e-3, 3e-3);
            auto fb = [&](const std::vector<float>& bs) {
                Params q = p;
                q.beta = bs;
                return forward(SK_DEVICE_CPU, x, d, q, training, what).y;
            };
            gradcheck((what + " dbeta").c_str(), p.beta, r, fb, g.db, 1e-3, 3e-3, 3e-3);
        }
    /* NULL dgamma / dbeta: dx alone */
    {
        Dims d{2, 2, 3};
        Buf x(SK_DEVICE_CPU, randn(12)), dy(SK_DEVICE_CPU, randn(12)), m(SK_DEVICE_CPU, 8), is(SK_DEVICE_CPU, 8),
            y(SK_DEVICE_CPU, 48), dx(SK_DEVICE_CPU, 48);
        ok(sk_batch_norm_forward(y, m, is, nullptr, nullptr, x, nullptr, nullptr, 2, 2, 3, 1, 0.1f, 1e-5f), "no params");
        ok(sk_batch_norm_backward(dx, nullptr, nullptr, dy, x, m, is, nullptr, 2, 2, 3, 1), "dx only");
    }

    /* error paths */
    Buf b48(SK_DEVICE_CPU, 48), b8(SK_DEVICE_CPU, 8), b4(SK_DEVICE_CPU, 4);
    /* (2, 2, 3): 12 elements, 2 channels */
    ok(sk_batch_norm_forward(b48, b8, b8, b8, b8, b48, b8, b8, 2, 2, 3, 1, 0.1f, 1e-5f), "valid call");
    expect_error(sk_batch_norm_forward(b48, b8, b8, b8, b8, b48, b8, b8, -2, 2, 3, 1, 0.1f, 1e-5f), SK_ERR_SHAPE,
                 "batch_norm_forward: batch = -2 is negative", "negative batch");
    expect_error(sk_batch_norm_forward(b48, b8, b8, b8, b8, b48, b8, b8, 2, -1, 3, 1, 0.1f, 1e-5f), SK_ERR_SHAPE,
                 "channels = -1 is negative", "negative channels");
    expect_error(sk_batch_norm_backward(b48, b8, b8, b48, b48, b8, b8, b8, 2, 2, -3, 1), SK_ERR_SHAPE,
                 "batch_norm_backward: inner = -3 is negative", "negative inner");
    expect_error(sk_batch_norm_forward(b48, b8, b8, b8, b8, b48, b8, b8, 1, 2, 1, 1, 0.1f, 1e-5f), SK_ERR_SHAPE,
                 "training needs more than one value per channel, got batch * inner = 1", "training with n = 1");
    expect_error(sk_batch_norm_forward(b48, b8, b8, b8, b8, b48, b8, b8, 2, 2, 3, 1, 1.5f, 1e-5f), SK_ERR_ARG,
                 "momentum = 1.5 is outside [0, 1]", "momentum > 1");
    expect_error(sk_batch_norm_forward(b48, b8, b8, b8, b8, b48, b8, b8, 2, 2, 3, 1, NAN, 1e-5f), SK_ERR_ARG,
                 "momentum = nan is outside [0, 1]", "momentum NaN");
    expect_error(sk_batch_norm_forward(b48, b8, b8, b8, b8, b48, b8, b8, 2, 2, 3, 1, 0.1f, -1e-5f), SK_ERR_ARG,
                 "eps = -1e-05 must be finite and >= 0", "negative eps");
    expect_error(sk_batch_norm_forward(b48, b8, b8, b8, nullptr, b48, b8, b8, 2, 2, 3, 1, 0.1f, 1e-5f), SK_ERR_ARG,
                 "running_mean and running_var must both be given or both be NULL", "one running stat");
    expect_error(sk_batch_norm_forward(b48, b8, b8, nullptr, nullptr, b48, b8, b8, 2, 2, 3, 0, 0.1f, 1e-5f),
                 SK_ERR_ARG, "evaluation mode (training = 0) needs running_mean and running_var", "eval without stats");
    expect_error(sk_batch_norm_forward(b48, nullptr, b8, b8, b8, b48, b8, b8, 2, 2, 3, 1, 0.1f, 1e-5f), SK_ERR_ARG,
                 "'save_mean' is NULL", "NULL save_mean");
    expect_error(sk_batch_norm_forward(b48, b8, b8, b8, b8, b8, b8, b8, 2, 2, 3, 1, 0.1f, 1e-5f), SK_ERR_SHAPE,
                 "buffer 'x' holds 8", "too-small x");
    expect_error(sk_batch_norm_forward(b48, b8, b8, b8, b8, b48, b4, b8, 2, 2, 3, 1, 0.1f, 1e-5f), SK_ERR_SHAPE,
                 "buffer 'gamma' holds 4", "too-small gamma");
    expect_error(sk_batch_norm_forward(b48, b8, b8, b4, b4, b48, b8, b8, 2, 2, 3, 1, 0.1f, 1e-5f), SK_ERR_SHAPE,
                 "buffer 'running_mean' holds 4", "too-small running_mean");
    expect_error(sk_batch_norm_backward(b48, b4, b8, b48, b48, b8, b8, b8, 2, 2, 3, 1), SK_ERR_SHAPE,
                 "buffer 'dgamma' holds 4", "too-small dgamma");
    expect_error(sk_batch_norm_backward(b48, b8, b8, b48, b48, b8, nullptr, b8, 2, 2, 3, 1), SK_ERR_ARG,
                 "'save_invstd' is NULL", "NULL save_invstd");
    expect_error(sk_batch_norm_backward(b48, b8, b8, nullptr, b48, b8, b8, b8, 2, 2, 3, 1), SK_ERR_ARG,
                 "'dy' is NULL", "NULL dy");
    expect_error(sk_batch_norm_forward(b48, b8, b8, b8, b8, b48, b8, b8, INT64_MAX, 2, 3, 1, 0.1f, 1e-5f),
                 SK_ERR_SHAPE, "overflows", "size overflow");
}

void cuda_checks(int32_t dev) {
    for (const Dims& d : kShapes)
        for (bool training : {true, false})
            for (int variant = 0; variant < 2; ++variant) {
                if (!training && variant) continue;
                Params p = make_params(d.channels, variant == 0, training ? variant == 0 : true);
                std::vector<float> x = randn(d.total(), 2.0f);
                for (int64_t k = 0; k < d.total(); k += 7) x[(size_t)k] += 3.0f;   /* skewed channels */
                std::string what = std::string(training ? "train " : "eval ") + std::to_string(variant) + " " + d.str();
                Out g = forward(dev, x, d, p, training, "cuda " + what), c = forward(SK_DEVICE_CPU, x, d, p, training, what);
                validate(("cuda y vs cpu " + what).c_str(), g.y, c.y, 1e-5, 1e-5);
                validate(("cuda save_mean vs cpu " + what).c_str(), g.mean, c.mean, 1e-6, 1e-6);
                validate(("cuda save_invstd vs cpu " + what).c_str(), g.invstd, c.invstd, 1e-6, 1e-6);
                if (!c.rm.empty()) {
                    validate(("cuda running_mean vs cpu " + what).c_str(), g.rm, c.rm, 1e-6, 1e-6);
                    validate(("cuda running_var vs cpu " + what).c_str(), g.rv, c.rv, 1e-6, 1e-6);
                }
                std::vector<float> dy = randn(d.total());
                Grads gg = backward(dev, dy, x, c, d, p, training, 0.25f, "cuda " + what),
                      cg = backward(SK_DEVICE_CPU, dy, x, c, d, p, training, 0.25f, what);
                validate(("cuda dx vs cpu " + what).c_str(), gg.dx, cg.dx, 1e-5, 1e-5);
                validate(("cuda dgamma vs cpu " + what).c_str(), gg.dg, cg.dg, 1e-5, 1e-5);
                validate(("cuda dbeta vs cpu " + what).c_str(), gg.db, cg.db, 1e-5, 1e-5);
            }
    if (skip_timings(dev)) return;
    /* timings: a P4CNN-sized (B, C, |G| H W) map and a wide BatchNorm2d map;
     * napkin math: training forward moves 12 B per element (x twice, y), backward 20 B (dy, x twice, dx) */
    for (Dims d : {Dims{128, 10, 4 * 26 * 26}, Dims{64, 256, 32 * 32}}) {
        Buf x(dev, d.total() * 4), y(dev, d.total() * 4), m(dev, d.channels * 4), is(dev, d.channels * 4),
            rm(dev, d.channels * 4), rv(dev, std::vector<float>(d.channels, 1.0f)), dx(dev, d.total() * 4),
            dg(dev, d.channels * 4), db(dev, d.channels * 4);
        double ms = time_ms(dev, 20, [&] {
            sk_batch_norm_forward(y, m, is, rm, rv, x, nullptr, nullptr, d.batch, d.channels, d.inner, 1, 0.1f, 1e-5f);
        });
        std::printf("batch_norm forward (training) %s: %.4f ms, %.1f GB/s\n", d.str().c_str(), ms,
                    12.0 * d.total() / ms / 1e6);
        ms = time_ms(dev, 20, [&] {
            sk_batch_norm_backward(dx, dg, db, y, x, m, is, nullptr, d.batch, d.channels, d.inner, 1);
        });
        std::printf("batch_norm backward (training) %s: %.4f ms, %.1f GB/s\n", d.str().c_str(), ms,
                    20.0 * d.total() / ms / 1e6);
    }
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "batch_norm_test");
    if (dev == SK_DEVICE_CPU) cpu_checks();
    else cuda_checks(dev);
    return finish();
}
