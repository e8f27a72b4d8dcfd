/* kernels-test/layer_norm_test.cpp — K5 layer norm over the last axis of (rows, cols): forward vs a
 * float64 reference (y, mean, rstd) with and without gamma / beta on odd and degenerate shapes (cols = 1,
 * rows = 0, rows longer than the CUDA warp-per-row limit, a large offset); backward vs the float64
 * formula and vs central finite differences for x, gamma and beta; += accumulation of dgamma / dbeta;
 * error paths (cpu); CUDA vs CPU on the same inputs and timings (cuda).
 *   ./layer_norm_test cpu | ./layer_norm_test cuda */
#include "harness.h"

using namespace harness;

namespace {
struct Dims {
    int64_t rows, cols;
    int64_t n() const { return rows * cols; }
    std::string str() const { return "(" + std::to_string(rows) + "," + std::to_string(cols) + ")"; }
};
/* cols = 1 (y = beta), odd sizes, the CUDA warp / block switch at 1024 / 1025, many short rows (the
 * segmented parameter-gradient pass), one long row */
const Dims kShapes[] = {{1, 1},   {3, 1},    {1, 7},     {4, 5},     {7, 33},   {3, 1024},
                        {3, 1025}, {500, 3}, {2000, 64}, {1, 40000}, {65, 257}};
constexpr float kEps = 1e-5f;

struct Ref {
    std::vector<double> y, mean, rstd;
};

Ref reference(const std::vector<float>& x, const Dims& d, const std::vector<float>& gamma,
              const std::vector<float>& beta) {
    Ref r;
    r.y.resize((size_t)d.n());
    for (int64_t i = 0; i < d.rows; ++i) {
        double s = 0, q = 0;
        for (int64_t j = 0; j < d.cols; ++j) s += x[(size_t)(i * d.cols + j)];
        double m = s / (double)d.cols;
        for (int64_t j = 0; j < d.cols; ++j) q += (x[(size_t)(i * d.cols + j)] - m) * (x[(size_t)(i * d.cols + j)] - m);
        double rs = 1.0 / std::sqrt(q / (double)d.cols + (double)kEps);
        r.mean.push_back(m);
        r.rstd.push_back(rs);
        for (int64_t j = 0; j < d.cols; ++j) {
            size_t k = (size_t)(i * d.cols + j);
            r.y[k] = (gamma.empty() ? 1.0 : gamma[(size_t)j]) * (x[k] - m) * rs + (beta.empty() ? 0.0 : beta[(size_t)j]);
        }
    }
    return r;
}

void reference_backward(const std::vector<float>& dy, const std::vector<float>& x, const Dims& d,
                        const std::vector<float>& gamma, const Ref& r, std::vector<double>& dx, std::vector<double>& dg,
                        std::vector<double>& db) {
    dx.assign((size_t)d.n(), 0.0);
    dg.assign((size_t)d.cols, 0.0);
    db.assign((size_t)d.cols, 0.0);
    for (int64_t i = 0; i < d.rows; ++i) {
        double m = r.mean[(size_t)i], rs = r.rstd[(size_t)i], sg = 0, sgx = 0;
        for (int64_t j = 0; j < d.cols; ++j) {
            size_t k = (size_t)(i * d.cols + j);
            double g = dy[k] * (gamma.empty() ? 1.0 : gamma[(size_t)j]), xhat = (x[k] - m) * rs;
            sg += g;
            sgx += g * xhat;
            dg[(size_t)j] += dy[k] * xhat;
            db[(size_t)j] += dy[k];
        }
        for (int64_t j = 0; j < d.cols; ++j) {
            size_t k = (size_t)(i * d.cols + j);
            double g = dy[k] * (gamma.empty() ? 1.0 : gamma[(size_t)j]), xhat = (x[k] - m) * rs;
            dx[k] = rs * (g - sg / (double)d.cols - xhat * sgx / (double)d.cols);
        }
    }
}

struct Out {
    std::vector<float> y, mean, rstd;
};

Out forward(int32_t dev, const std::vector<float>& x, const Dims& d, const std::vector<float>& gamma,
            const std::vector<float>& beta, const std::string& what) {
    Buf bx(dev, x), by(dev, d.n() * 4), bm(dev, d.rows * 4), br(dev, d.rows * 4);
    Buf bg = gamma.empty() ? Buf() : Buf(dev, gamma), bb = beta.empty() ? Buf() : Buf(dev, beta);
    ok(sk_layer_norm_forward(by, bm, br, bx, bg, bb, d.rows, d.cols, kEps), what.c_str());
    return {by.read(), bm.read(), br.read()};
}

struct Grads {
    std::vector<float> dx, dg, db;
};

Grads backward(int32_t dev, const std::vector<float>& dy, const std::vector<float>& x, const Out& f, const Dims& d,
               const std::vector<float>& gamma, float acc, const std::string& what) {
    Buf bdx(dev, std::vector<float>(d.n(), 99.0f)), bdg(dev, std::vector<float>(d.cols, acc)),
        bdb(dev, std::vector<float>(d.cols, acc)), bdy(dev, dy), bx(dev, x), bm(dev, f.mean), br(dev, f.rstd);
    Buf bg = gamma.empty() ? Buf() : Buf(dev, gamma);
    ok(sk_layer_norm_backward(bdx, bdg, bdb, bdy, bx, bm, br, bg, d.rows, d.cols), what.c_str());
    return {bdx.read(), bdg.read(), bdb.read()};
}

std::vector<double> plus(std::vector<double> v, double a) {
    for (auto& e : v) e += a;
    return v;
}

void cpu_case(const std::vector<float>& x, const Dims& d, bool affine, const char* kind) {
    std::vector<float> gamma = affine ? rand_uniform(d.cols, 0.5f, 1.5f) : std::vector<float>(),
                       beta = affine ? randn(d.cols) : std::vector<float>();
    std::string what = std::string(affine ? "affine " : "plain ") + kind + " " + d.str();
    Ref r = reference(x, d, gamma, beta);
    Out f = forward(SK_DEVICE_CPU, x, d, gamma, beta, what);
    validate((what + " y").c_str(), f.y, r.y, 1e-5, 1e-5);
    validate((what + " mean").c_str(), f.mean, r.mean, 1e-6, 1e-6);
    validate((what + " rstd").c_str(), f.rstd, r.rstd, 1e-6, 1e-5);
    std::vector<float> dy = randn(d.n());
    std::vector<double> rdx, rdg, rdb;
    reference_backward(dy, x, d, gamma, r, rdx, rdg, rdb);
    Grads g = backward(SK_DEVICE_CPU, dy, x, f, d, gamma, -0.5f, what);
    validate((what + " dx").c_str(), g.dx, rdx, 1e-5, 1e-4);
    validate((what + " dgamma (+= onto -0.5)").c_str(), g.dg, plus(rdg, -0.5), 1e-4, 1e-5);
    validate((what + " dbeta (+= onto -0.5)").c_str(), g.db, plus(rdb, -0.5), 1e-4, 1e-5);
}

void cpu_checks() {
    for (const Dims& d : kShapes)
        for (bool affine : {true, false}) cpu_case(randn(d.n(), 2.0f), d, affine, "randn");
    {
        Dims d{5, 40};
        std::vector<float> x = randn(d.n(), 0.5f);
        for (auto& v : x) v += 50.0f;
        cpu_case(x, d, true, "offset 50");
    }
    /* rows = 0 is a no-op */
    {
        Buf e(SK_DEVICE_CPU, 0), g(SK_DEVICE_CPU, std::vector<float>(3, 1.0f));
        ok(sk_layer_norm_forward(e, e, e, e, g, g, 0, 3, kEps), "rows 0 forward");
        ok(sk_layer_norm_backward(e, g, g, e, e, e, e, g, 0, 3), "rows 0 backward");
        validate("rows 0 leaves dgamma alone", g.read(), std::vector<double>(3, 1.0), 0, 0);
    }
    /* gradchecks for x, gamma, beta */
    for (Dims d : {Dims{3, 5}, Dims{2, 8}, Dims{4, 2}, Dims{1, 3}}) {
        std::vector<float> x = randn(d.n()), r = randn(d.n()), gamma = rand_uniform(d.cols, 0.5f, 1.5f),
                           beta = randn(d.cols);
        std::string what = "backward vs finite differences " + d.str();
        Out f0 = forward(SK_DEVICE_CPU, x, d, gamma, beta, what);
        Grads g = backward(SK_DEVICE_CPU, r, x, f0, d, gamma, 0.0f, what);
        auto fx = [&](const std::vector<float>& xs) { return forward(SK_DEVICE_CPU, xs, d, gamma, beta, what).y; };
        gradcheck((what + " dx").c_str(), x, r, fx, g.dx, 1e-3, 3e-3, 3e-3);
        auto fg = [&](const std::vector<float>& gs) { return forward(SK_DEVICE_CPU, x, d, gs, beta, what).y; };
        gradcheck((what + " dgamma").c_str(), gamma, r, fg, g.dg, 1e-3, 3e-3, 3e-3);
        auto fb = [&](const std::vector<float>& bs) { return forward(SK_DEVICE_CPU, x, d, gamma, bs, what).y; };
        gradcheck((what + " dbeta").c_str(), beta, r, fb, g.db, 1e-3, 3e-3, 3e-3);
    }

    /* error paths; (2, 3) */
    Buf b24(SK_DEVICE_CPU, 24), b12(SK_DEVICE_CPU, 12), b8(SK_DEVICE_CPU, 8), b4(SK_DEVICE_CPU, 4);
    ok(sk_layer_norm_forward(b24, b8, b8, b24, b12, b12, 2, 3, kEps), "valid call");
    ok(sk_layer_norm_backward(b24, nullptr, nullptr, b24, b24, b8, b8, nullptr, 2, 3), "dx only");
    expect_error(sk_layer_norm_forward(b24, b8, b8, b24, b12, b12, -2, 3, kEps), SK_ERR_SHAPE,
                 "layer_norm_forward: rows = -2 is negative", "negative rows");
    expect_error(sk_layer_norm_backward(b24, b12, b12, b24, b24, b8, b8, b12, 2, -3), SK_ERR_SHAPE,
                 "layer_norm_backward: cols = -3 is negative", "negative cols");
    expect_error(sk_layer_norm_forward(b24, b8, b8, b24, b12, b12, 2, 0, kEps), SK_ERR_SHAPE,
                 "cannot normalise rows of cols = 0 elements", "cols 0");
    expect_error(sk_layer_norm_forward(b24, b8, b8, b24, b12, b12, 2, 3, -1.0f), SK_ERR_ARG,
                 "eps = -1 must be finite and >= 0", "negative eps");
    expect_error(sk_layer_norm_forward(b24, b8, b8, b24, b12, b12, 2, 3, INFINITY), SK_ERR_ARG,
                 "must be finite", "infinite eps");
    expect_error(sk_layer_norm_forward(b24, b4, b8, b24, b12, b12, 2, 3, kEps), SK_ERR_SHAPE,
                 "buffer 'mean' holds 4", "too-small mean");
    expect_error(sk_layer_norm_forward(b24, b8, b8, b12, b12, b12, 2, 3, kEps), SK_ERR_SHAPE, "buffer 'x' holds 12",
                 "too-small x");
    expect_error(sk_layer_norm_forward(b24, b8, b8, b24, b8, b12, 2, 3, kEps), SK_ERR_SHAPE,
                 "buffer 'gamma' holds 8", "too-small gamma");
    expect_error(sk_layer_norm_forward(b24, b8, nullptr, b24, b12, b12, 2, 3, kEps), SK_ERR_ARG, "'rstd' is NULL",
                 "NULL rstd");
    expect_error(sk_layer_norm_backward(b24, b8, b12, b24, b24, b8, b8, b12, 2, 3), SK_ERR_SHAPE,
                 "buffer 'dgamma' holds 8", "too-small dgamma");
    expect_error(sk_layer_norm_backward(nullptr, b12, b12, b24, b24, b8, b8, b12, 2, 3), SK_ERR_ARG, "'dx' is NULL",
                 "NULL dx");
    expect_error(sk_layer_norm_forward(b24, b8, b8, b24, b12, b12, INT64_MAX, 3, kEps), SK_ERR_SHAPE, "overflows",
                 "size overflow");
}

void cuda_checks(int32_t dev) {
    for (const Dims& d : kShapes)
        for (bool affine : {true, false}) {
            std::vector<float> x = randn(d.n(), 2.0f), dy = randn(d.n());
            std::vector<float> gamma = affine ? rand_uniform(d.cols, 0.5f, 1.5f) : std::vector<float>(),
                               beta = affine ? randn(d.cols) : std::vector<float>();
            std::string what = std::string(affine ? "affine " : "plain ") + d.str();
            Out g = forward(dev, x, d, gamma, beta, "cuda " + what), c = forward(SK_DEVICE_CPU, x, d, gamma, beta, what);
            validate(("cuda y vs cpu " + what).c_str(), g.y, c.y, 1e-5, 1e-5);
            validate(("cuda mean vs cpu " + what).c_str(), g.mean, c.mean, 1e-6, 1e-6);
            validate(("cuda rstd vs cpu " + what).c_str(), g.rstd, c.rstd, 1e-6, 1e-6);
            Grads gg = backward(dev, dy, x, c, d, gamma, 0.25f, "cuda " + what),
                  cg = backward(SK_DEVICE_CPU, dy, x, c, d, gamma, 0.25f, what);
            validate(("cuda dx vs cpu " + what).c_str(), gg.dx, cg.dx, 1e-5, 1e-5);
            validate(("cuda dgamma vs cpu " + what).c_str(), gg.dg, cg.dg, 1e-5, 1e-5);
            validate(("cuda dbeta vs cpu " + what).c_str(), gg.db, cg.db, 1e-5, 1e-5);
        }
    if (skip_timings(dev)) return;
    /* timings; napkin math: forward ~8 B per element (x, y), backward ~20 B (dy, x twice, dx) */
    for (Dims d : {Dims{65536, 64}, Dims{8192, 1024}, Dims{1024, 8192}}) {
        Buf x(dev, d.n() * 4), y(dev, d.n() * 4), m(dev, d.rows * 4), r(dev, d.rows * 4), g(dev, d.cols * 4),
            b(dev, d.cols * 4), dx(dev, d.n() * 4), dg(dev, d.cols * 4), db(dev, d.cols * 4);
        double ms = time_ms(dev, 20, [&] { sk_layer_norm_forward(y, m, r, x, g, b, d.rows, d.cols, kEps); });
        std::printf("layer_norm forward %s: %.4f ms, %.1f GB/s\n", d.str().c_str(), ms, 8.0 * d.n() / ms / 1e6);
        ms = time_ms(dev, 20, [&] { sk_layer_norm_backward(dx, dg, db, y, x, m, r, g, d.rows, d.cols); });
        std::printf("layer_norm backward %s: %.4f ms, %.1f GB/s\n", d.str().c_str(), ms, 20.0 * d.n() / ms / 1e6);
    }
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "layer_norm_test");
    if (dev == SK_DEVICE_CPU) cpu_checks();
    else cuda_checks(dev);
    return finish();
}
