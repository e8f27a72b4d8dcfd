/* kernels-test/group_conv_test.cpp — K9 fused group conv: forward vs a float64 reference written here
 * (filter expansion by the table, then a direct cross-correlation) for p4 / p4m lifting and group layers,
 * a dense random table (e = 3), stride 1 / 2, padding 0 / 1 / 2, odd and non-square sizes, k = 1 / 3 / 5,
 * enough output channels for several W_exp slices, enough images for the image-parallel path and for
 * weight-gradient partials over groups of images, and
 * degenerate sizes (batch 0, ci 0, 1x1 everything); backward dx (=), dw (+=), dbias (+=) vs the float64
 * adjoint and vs central finite differences, the NULL-gradient variants, determinism; error paths (cpu).
 * CUDA vs CPU on the same cases plus timings of the 28x28, 10-field p4 / p4m layers (cuda).
 *   ./group_conv_test cpu | ./group_conv_test cuda */
#include <limits>

#include "filter_expand_tables.h"
#include "harness.h"

using namespace harness;
using tables::Table;

namespace {
struct Conv {
    Table tb;   /* to, si, p = k*k, e, q */
    int64_t batch, ci, h, w, co, k, stride, pad;
    bool bias;
    int64_t ho() const { return (h + 2 * pad - k) / stride + 1; }
    int64_t wo() const { return (w + 2 * pad - k) / stride + 1; }
    int64_t nx() const { return batch * ci * tb.si * h * w; }
    int64_t nw() const { return co * ci * tb.q; }
    int64_t ny() const { return batch * co * tb.to * ho() * wo(); }
    std::string name() const {
        char buf[200];
        std::snprintf(buf, sizeof buf, "%s B=%lld ci=%lld %lldx%lld co=%lld stride=%lld pad=%lld%s", tb.name.c_str(),
                      (long long)batch, (long long)ci, (long long)h, (long long)w, (long long)co, (long long)stride,
                      (long long)pad, bias ? "" : " nobias");
        return buf;
    }
};

std::vector<Conv> cases() {
    using tables::d4_table;
    std::vector<Conv> c;
    c.push_back({d4_table(4, 3, true), 2, 3, 9, 9, 4, 3, 1, 0, true});      /* p4 lifting, valid */
    c.push_back({d4_table(4, 3, false), 2, 2, 7, 7, 3, 3, 1, 1, true});     /* p4 group, same padding */
    c.push_back({d4_table(4, 3, false), 2, 2, 8, 7, 2, 3, 2, 1, true});     /* stride 2, non-square */
    c.push_back({d4_table(8, 3, false), 1, 2, 6, 5, 2, 3, 2, 0, true});     /* p4m group, stride 2 */
    c.push_back({d4_table(8, 5, true), 2, 1, 9, 9, 2, 5, 1, 2, true});      /* p4m lifting k = 5 */
    c.push_back({d4_table(4, 5, false), 1, 1, 7, 6, 2, 5, 1, 0, false});    /* p4 k = 5, no bias */
    c.push_back({d4_table(4, 1, false), 2, 3, 5, 6, 2, 1, 1, 0, true});     /* k = 1: the no-im2col path */
    c.push_back({d4_table(4, 1, false), 2, 2, 5, 6, 2, 1, 2, 0, true});     /* k = 1, stride 2 */
    c.push_back({tables::random_table(3, 2, 9, 3, 13), 2, 2, 5, 5, 3, 3, 1, 1, false});   /* dense, e = 3 */
    c.push_back({d4_table(8, 3, false), 2, 4, 6, 6, 20, 3, 1, 1, true});    /* several W_exp slices */
    c.push_back({d4_table(4, 3, false), 30, 2, 32, 32, 2, 3, 1, 1, true});  /* images in parallel */
    c.push_back({d4_table(8, 3, false), 50, 8, 5, 5, 40, 3, 1, 0, true});   /* dw partials over 2-image groups */
    c.push_back({d4_table(4, 1, true), 1, 1, 1, 1, 1, 1, 1, 0, true});      /* everything 1 */
    c.push_back({d4_table(4, 3, false), 1, 2, 2, 1, 2, 3, 1, 1, true});     /* kernel = padded input: 1 x 1 out */
    c.push_back({d4_table(4, 3, false), 0, 2, 5, 5, 2, 3, 1, 1, true});     /* batch 0 */
    c.push_back({d4_table(4, 3, false), 2, 0, 5, 5, 2, 3, 1, 1, true});     /* ci 0: y = bias */
    return c;
}

const sk_buffer* opt(const Buf& b, bool present) { return present ? (const sk_buffer*)b : nullptr; }

std::vector<float> forward(int32_t dev, const Conv& c, const std::vector<float>& x, const std::vector<float>& w,
                           const std::vector<float>& bias) {
    const Table& tb = c.tb;
    Buf bx(dev, x), bw(dev, w), bb(dev, bias), bi(dev, tb.idx), bc(dev, tb.coef), y(dev, c.ny() * 4);
    ok(sk_group_conv2d_forward(y, bx, bw, opt(bb, c.bias), bi, opt(bc, !tb.coef.empty()), c.batch, c.ci, tb.si, c.h,
                               c.w, c.co, tb.to, tb.q, c.k, tb.e, c.stride, c.pad),
       ("forward " + c.name()).c_str());
    return y.read();
}

struct Grads {
    std::vector<float> dx, dw, db;
};

/* dx (overwritten: starts as NaN), dw0 + dw, db0 + dbias; any of the three can be skipped (NULL). */
Grads backward(int32_t dev, const Conv& c, const std::vector<float>& dy, const std::vector<float>& x,
               const std::vector<float>& w, const std::vector<float>& dw0, const std::vector<float>& db0,
               bool want_dx = true, bool want_dw = true, bool want_db = true) {
    const Table& tb = c.tb;
    std::vector<float> nan(x.size(), std::numeric_limits<float>::quiet_NaN());
    Buf bdy(dev, dy), bx(dev, x), bw(dev, w), bi(dev, tb.idx), bc(dev, tb.coef), dx(dev, nan), dw(dev, dw0),
        db(dev, db0);
    ok(sk_group_conv2d_backward(want_dx ? (sk_buffer*)dx : nullptr, want_dw ? (sk_buffer*)dw : nullptr,
                                want_db ? (sk_buffer*)db : nullptr, bdy, opt(bx, want_dw), opt(bw, want_dx), bi,
                                opt(bc, !tb.coef.empty()), c.batch, c.ci, tb.si, c.h, c.w, c.co, tb.to, tb.q, c.k,
                                tb.e, c.stride, c.pad),
       ("backward " + c.name()).c_str());
    return {dx.read(), dw.read(), db.read()};
}

/* float64 reference: y, and the adjoint (dx, dw0 + dw, db0 + dbias) for a given dy. */
struct Ref {
    std::vector<double> y, dx, dw, db;
};

Ref reference(const Conv& c, const std::vector<float>& x, const std::vector<float>& w, const std::vector<float>& bias,
              const std::vector<float>& dy, const std::vector<float>& dw0, const std::vector<float>& db0) {
    const Table& tb = c.tb;
    const int64_t si = tb.si, to = tb.to, P = tb.p, k = c.k, ho = c.ho(), wo = c.wo();
    const std::vector<double> wexp = tables::expand_ref(w, tb, c.co, c.ci);
    std::vector<double> gexp(wexp.size(), 0.0);
    Ref r;
    r.y.assign((size_t)c.ny(), 0.0);
    r.dx.assign((size_t)c.nx(), 0.0);
    r.db.assign(db0.begin(), db0.end());
    auto X = [&](int64_t b, int64_t i, int64_t s, int64_t y, int64_t xx) {
        return (size_t)((((b * c.ci + i) * si + s) * c.h + y) * c.w + xx);
    };
    for (int64_t b = 0; b < c.batch; ++b)
        for (int64_t o = 0; o < c.co; ++o)
            for (int64_t t = 0; t < to; ++t)
                for (int64_t py = 0; py < ho; ++py)
                    for (int64_t px = 0; px < wo; ++px) {
                        const size_t yi = (size_t)((((b * c.co + o) * to + t) * ho + py) * wo + px);
                        double acc = c.bias ? bias[(size_t)o] : 0.0;
                        const double g = dy[yi];
                        r.db[(size_t)o] += g;
                        for (int64_t i = 0; i < c.ci; ++i)
                            for (int64_t s = 0; s < si; ++s)
                                for (int64_t ky = 0; ky < k; ++ky)
                                    for (int64_t kx = 0; kx < k; ++kx) {
                                        const int64_t iy = py * c.stride - c.pad + ky, ix = px * c.stride - c.pad + kx;
                                        if (iy < 0 || iy >= c.h || ix < 0 || ix >= c.w) continue;
                                        const size_t wi = (size_t)((((o * to + t) * c.ci + i) * si + s) * P + ky * k + kx);
                                        acc += (double)x[X(b, i, s, iy, ix)] * wexp[wi];
                                        r.dx[X(b, i, s, iy, ix)] += g * wexp[wi];
                                        gexp[wi] += g * x[X(b, i, s, iy, ix)];
                                    }
                        r.y[yi] = acc;
                    }
    /* dw = dw0 + the transposed table applied to gexp */
    r.dw.assign(dw0.begin(), dw0.end());
    for (int64_t o = 0; o < c.co; ++o)
        for (int64_t t = 0; t < to; ++t)
            for (int64_t i = 0; i < c.ci; ++i)
                for (int64_t s = 0; s < si; ++s)
                    for (int64_t xx = 0; xx < P; ++xx)
                        for (int64_t m = 0; m < tb.e; ++m) {
                            const size_t f = (size_t)(((t * si + s) * P + xx) * tb.e + m);
                            const double cf = tb.coef.empty() ? 1.0 : tb.coef[f];
                            r.dw[(size_t)((o * c.ci + i) * tb.q + tb.idx[f])] +=
                                cf * gexp[(size_t)((((o * to + t) * c.ci + i) * si + s) * P + xx)];
                        }
    return r;
}

/* Absolute tolerance for a float32 sum of n terms of size ~1: rounding grows about like sqrt(n). */
double sum_tol(double n) { return 1e-5 * (1.0 + std::sqrt(std::max(n, 1.0))); }

/* Terms per element of y (K), dx, dw and dbias. */
struct Terms {
    double y, dx, dw, db;
};
Terms terms(const Conv& c) {
    const double P = (double)c.tb.p, N = (double)c.ho() * c.wo(), s2 = (double)c.stride * c.stride;
    const double per_j = c.tb.q > 0 ? (double)c.tb.entries() / c.tb.q : 0.0;
    return {c.ci * c.tb.si * P * c.tb.e, c.co * c.tb.to * P * c.tb.e / s2, c.batch * N * per_j, c.batch * c.tb.to * N};
}

struct Inputs {
    std::vector<float> x, w, bias, dy, dw0, db0;
};

Inputs inputs(const Conv& c) {
    return {randn(c.nx()), randn(c.nw(), 0.5f), randn(c.co), randn(c.ny()), randn(c.nw()), randn(c.co)};
}

void cpu_checks() {
    for (const Conv& c : cases()) {
        const std::string n = c.name();
        Inputs in = inputs(c);
        Ref ref = reference(c, in.x, in.w, in.bias, in.dy, in.dw0, in.db0);
        const Terms tm = terms(c);
        validate(("forward " + n).c_str(), forward(SK_DEVICE_CPU, c, in.x, in.w, in.bias), ref.y, sum_tol(tm.y), 1e-5);
        Grads g = backward(SK_DEVICE_CPU, c, in.dy, in.x, in.w, in.dw0, in.db0);
        validate(("dx " + n).c_str(), g.dx, ref.dx, sum_tol(tm.dx), 1e-5);
        validate(("dw (+=) " + n).c_str(), g.dw, ref.dw, sum_tol(tm.dw), 1e-5);
        validate(("dbias (+=) " + n).c_str(), g.db, ref.db, sum_tol(tm.db), 1e-5);
        Grads again = backward(SK_DEVICE_CPU, c, in.dy, in.x, in.w, in.dw0, in.db0);
        check(again.dx == g.dx && again.dw == g.dw && again.db == g.db, ("backward deterministic " + n).c_str());
        /* each gradient alone (the others NULL) gives the same numbers */
        check(backward(SK_DEVICE_CPU, c, in.dy, in.x, in.w, in.dw0, in.db0, true, false, false).dx == g.dx,
              ("dx alone " + n).c_str());
        check(backward(SK_DEVICE_CPU, c, in.dy, in.x, in.w, in.dw0, in.db0, false, true, false).dw == g.dw,
              ("dw alone " + n).c_str());
        check(backward(SK_DEVICE_CPU, c, in.dy, in.x, in.w, in.dw0, in.db0, false, false, true).db == g.db,
              ("dbias alone " + n).c_str());

        /* central finite differences of L = sum dy * y (the forward is linear in each input: h = 1e-2 is exact
         * up to float rounding) */
        if (c.nx() > 0 && c.nx() <= 1000 && c.nw() <= 1000) {
            std::vector<float> zw(in.w.size(), 0.0f), zb(in.bias.size(), 0.0f);
            Grads a = backward(SK_DEVICE_CPU, c, in.dy, in.x, in.w, zw, zb);
            gradcheck(("dx vs finite differences " + n).c_str(), in.x, in.dy,
                      [&](const std::vector<float>& v) { return forward(SK_DEVICE_CPU, c, v, in.w, in.bias); }, a.dx,
                      1e-2, 2e-3, 2e-3);
            gradcheck(("dw vs finite differences " + n).c_str(), in.w, in.dy,
                      [&](const std::vector<float>& v) { return forward(SK_DEVICE_CPU, c, in.x, v, in.bias); }, a.dw,
                      1e-2, 2e-3, 2e-3);
            if (c.bias)
                gradcheck(("dbias vs finite differences " + n).c_str(), in.bias, in.dy,
                          [&](const std::vector<float>& v) { return forward(SK_DEVICE_CPU, c, in.x, in.w, v); }, a.db,
                          1e-2, 2e-3, 2e-3);
        }
    }

    /* error paths (p4 group layer, batch 1, ci = co = 2, 5 x 5, k = 3) */
    const Table tb = tables::d4_table(4, 3, false);
    const int64_t ny = 1 * 2 * 4 * 3 * 3;
    Buf x(SK_DEVICE_CPU, 2 * 4 * 25 * 4), w(SK_DEVICE_CPU, 2 * 2 * 36 * 4), y(SK_DEVICE_CPU, ny * 4),
        idx(SK_DEVICE_CPU, tb.idx), small(SK_DEVICE_CPU, 4);
    std::vector<int32_t> bad = tb.idx;
    bad[(size_t)((2 * 4 + 3) * 9 + 7)] = 36;   /* t = 2, s = 3, x = 7 */
    Buf badidx(SK_DEVICE_CPU, bad);
    expect_error(sk_group_conv2d_forward(y, x, w, nullptr, badidx, nullptr, 1, 2, 4, 5, 5, 2, 4, 36, 3, 1, 1, 0),
                 SK_ERR_ARG, "group_conv2d_forward: idx[t=2, s=3, x=7, m=0] = 36 is outside [0, 36)",
                 "forward idx out of range");
    expect_error(sk_group_conv2d_backward(x, w, nullptr, y, x, w, badidx, nullptr, 1, 2, 4, 5, 5, 2, 4, 36, 3, 1, 1, 0),
                 SK_ERR_ARG, "group_conv2d_backward: idx[t=2, s=3, x=7, m=0] = 36", "backward idx out of range");
    expect_error(sk_group_conv2d_forward(y, x, w, nullptr, idx, nullptr, 1, 2, 4, 5, 5, 2, 4, 35, 3, 1, 1, 0),
                 SK_ERR_ARG, "= 35 is outside [0, 35)", "q smaller than the table's range");
    expect_error(sk_group_conv2d_forward(y, x, w, nullptr, idx, nullptr, 1, 2, 4, 5, 5, 2, 4, 36, 3, 1, 0, 0),
                 SK_ERR_ARG, "stride = 0 must be >= 1", "stride 0");
    expect_error(sk_group_conv2d_forward(y, x, w, nullptr, idx, nullptr, 1, 2, 4, 5, 5, 2, 4, 36, 3, 1, 1, -1),
                 SK_ERR_ARG, "padding = -1 is negative", "negative padding");
    expect_error(sk_group_conv2d_forward(y, x, w, nullptr, idx, nullptr, 1, 2, 4, 1, 5, 2, 4, 36, 3, 1, 1, 0),
                 SK_ERR_SHAPE, "the 3 x 3 kernel does not fit the 1 x 5 input with padding 0", "kernel larger than input");
    expect_error(sk_group_conv2d_forward(y, x, w, nullptr, idx, nullptr, 1, 2, 4, 5, 5, 2, 4, 36, 0, 1, 1, 0),
                 SK_ERR_SHAPE, "kernel size k = 0", "k = 0");
    expect_error(sk_group_conv2d_forward(y, x, w, nullptr, idx, nullptr, -1, 2, 4, 5, 5, 2, 4, 36, 3, 1, 1, 0),
                 SK_ERR_SHAPE, "batch = -1 is negative", "negative batch");
    expect_error(sk_group_conv2d_forward(y, x, w, nullptr, idx, nullptr, 1, 2, 4, 5, 5, 2, 4, 36, 3, 2, 1, 0),
                 SK_ERR_SHAPE, "buffer 'idx' holds 576 bytes but the shape needs 1152", "idx too small for e = 2");
    expect_error(sk_group_conv2d_forward(y, x, w, small, idx, nullptr, 1, 2, 4, 5, 5, 2, 4, 36, 3, 1, 1, 0),
                 SK_ERR_SHAPE, "buffer 'bias' holds 4 bytes but the shape needs 8", "bias too small");
    expect_error(sk_group_conv2d_forward(y, x, w, nullptr, idx, nullptr, 1, 2, 4, 5, 5, 2, 4, 36, 3, 1, 1, 1),
                 SK_ERR_SHAPE, "buffer 'y' holds", "y too small for padding 1");
    expect_error(sk_group_conv2d_forward(y, nullptr, w, nullptr, idx, nullptr, 1, 2, 4, 5, 5, 2, 4, 36, 3, 1, 1, 0),
                 SK_ERR_ARG, "'x' is NULL", "NULL x");
    expect_error(sk_group_conv2d_backward(nullptr, w, nullptr, y, nullptr, w, idx, nullptr, 1, 2, 4, 5, 5, 2, 4, 36, 3,
                                          1, 1, 0),
                 SK_ERR_ARG, "'x' is NULL", "dw needs x");
    expect_error(sk_group_conv2d_backward(x, nullptr, nullptr, y, x, nullptr, idx, nullptr, 1, 2, 4, 5, 5, 2, 4, 36, 3,
                                          1, 1, 0),
                 SK_ERR_ARG, "'w' is NULL", "dx needs w");
    ok(sk_group_conv2d_backward(nullptr, nullptr, small, y, nullptr, nullptr, idx, nullptr, 1, 2, 4, 5, 5, 1, 4, 36, 3,
                                1, 1, 0),
       "dbias alone needs neither x nor w");
}

void cuda_checks(int32_t dev) {
    for (const Conv& c : cases()) {
        const std::string n = c.name();
        Inputs in = inputs(c);
        const Terms tm = terms(c);
        validate(("cuda forward vs cpu " + n).c_str(), forward(dev, c, in.x, in.w, in.bias),
                 forward(SK_DEVICE_CPU, c, in.x, in.w, in.bias), 2 * sum_tol(tm.y), 1e-5);
        Grads gd = backward(dev, c, in.dy, in.x, in.w, in.dw0, in.db0);
        Grads gc = backward(SK_DEVICE_CPU, c, in.dy, in.x, in.w, in.dw0, in.db0);
        validate(("cuda dx vs cpu " + n).c_str(), gd.dx, gc.dx, 2 * sum_tol(tm.dx), 1e-5);
        validate(("cuda dw vs cpu " + n).c_str(), gd.dw, gc.dw, 2 * sum_tol(tm.dw), 1e-5);
        validate(("cuda dbias vs cpu " + n).c_str(), gd.db, gc.db, 2 * sum_tol(tm.db), 1e-5);
        Grads again = backward(dev, c, in.dy, in.x, in.w, in.dw0, in.db0);
        check(again.dx == gd.dx && again.dw == gd.dw && again.db == gd.db, ("cuda backward deterministic " + n).c_str());
        check(backward(dev, c, in.dy, in.x, in.w, in.dw0, in.db0, true, false, false).dx == gd.dx,
              ("cuda dx alone " + n).c_str());
        check(backward(dev, c, in.dy, in.x, in.w, in.dw0, in.db0, false, true, false).dw == gd.dw,
              ("cuda dw alone " + n).c_str());
    }
    const Table tb = tables::d4_table(4, 3, false);
    std::vector<int32_t> bad = tb.idx;
    bad[(size_t)((2 * 4 + 3) * 9 + 7)] = -1;
    Buf x(dev, 2 * 4 * 25 * 4), w(dev, 2 * 2 * 36 * 4), y(dev, 2 * 4 * 9 * 4), badidx(dev, bad);
    expect_error(sk_group_conv2d_forward(y, x, w, nullptr, badidx, nullptr, 1, 2, 4, 5, 5, 2, 4, 36, 3, 1, 1, 0),
                 SK_ERR_ARG, "group_conv2d_forward: idx[t=2, s=3, x=7, m=0] = -1 is outside [0, 36)",
                 "cuda forward idx out of range");
    expect_error(sk_group_conv2d_backward(x, w, nullptr, y, x, w, badidx, nullptr, 1, 2, 4, 5, 5, 2, 4, 36, 3, 1, 1, 0),
                 SK_ERR_ARG, "idx[t=2, s=3, x=7, m=0] = -1", "cuda backward idx out of range");

    if (skip_timings(dev)) return;
    /* timings: batch 64, 28 x 28, 10 fields in and out, 3 x 3, padding 1 (the P4CNN / p4m layer) */
    for (int order : {4, 8}) {
        const Table t = tables::d4_table(order, 3, false);
        const Conv c{t, 64, 10, 28, 28, 10, 3, 1, 1, true};
        Buf bx(dev, c.nx() * 4), bw(dev, randn(c.nw())), bb(dev, c.co * 4), bi(dev, t.idx), by(dev, c.ny() * 4),
            bdx(dev, c.nx() * 4), bdw(dev, c.nw() * 4), bdb(dev, c.co * 4);
        const double flops = 2.0 * c.batch * c.co * t.to * c.ho() * c.wo() * c.ci * t.si * 9;
        double ms = time_ms(dev, 20, [&] {
            sk_group_conv2d_forward(by, bx, bw, bb, bi, nullptr, c.batch, c.ci, t.si, c.h, c.w, c.co, t.to, t.q, 3, 1, 1,
                                    1);
        });
        std::printf("%s forward B=64 28x28 10->10 fields: %.4f ms, %.1f GFLOP/s\n", t.name.c_str(), ms, flops / ms / 1e6);
        ms = time_ms(dev, 20, [&] {
            sk_group_conv2d_backward(bdx, bdw, bdb, by, bx, bw, bi, nullptr, c.batch, c.ci, t.si, c.h, c.w, c.co, t.to,
                                     t.q, 3, 1, 1, 1);
        });
        std::printf("%s backward (dx, dw, dbias): %.4f ms, %.1f GFLOP/s\n", t.name.c_str(), ms, 2 * flops / ms / 1e6);
    }
}
/* p4 table for any k: the rotation about the kernel centre (k-1)/2 in doubled coordinates (GrouPy's
 * half-shift rule for even k, the same table as d4_table for odd k). */
Table p4_table_any_k(int64_t k, bool lifting) {
    Table tb = tables::d4_table(4, 1, lifting);
    tb.name = std::string("p4") + (lifting ? " lifting" : " group") + " k=" + std::to_string(k);
    tb.p = k * k;
    tb.q = tb.si * tb.p;
    tb.idx.clear();
    for (int t = 0; t < 4; ++t)
        for (int64_t s = 0; s < tb.si; ++s)
            for (int64_t y = 0; y < k; ++y)
                for (int64_t x = 0; x < k; ++x) {
                    int64_t u = 2 * y - (k - 1), v = 2 * x - (k - 1);
                    for (int r = 0; r < t; ++r) {
                        const int64_t nu = v;
                        v = -u;
                        u = nu;
                    }
                    const int64_t T = lifting ? 0 : tables::d4_mul(tables::d4_inv(t), (int)s);
                    tb.idx.push_back((int32_t)(T * tb.p + ((u + k - 1) / 2) * k + (v + k - 1) / 2));
                }
    return tb;
}

/* The group convs of P4CNN (docs/models.md, section MNIST-rot CNNs: 10 fields, valid, 28 -> 26 -> 24 -> pool 12 -> 10 -> 8 -> 6
 * -> 4, then a 4x4 conv to 1x1), batch 64: per-layer forward and backward (dx, dw, dbias; no dx for the
 * lifting layer) wall times, as in one training step. */
void time_p4cnn_stack(int32_t dev) {
    const Table lift = p4_table_any_k(3, true), grp = p4_table_any_k(3, false), top = p4_table_any_k(4, false);
    const Conv layers[] = {{lift, 64, 1, 28, 28, 10, 3, 1, 0, true},  {grp, 64, 10, 26, 26, 10, 3, 1, 0, true},
                           {grp, 64, 10, 12, 12, 10, 3, 1, 0, true},  {grp, 64, 10, 10, 10, 10, 3, 1, 0, true},
                           {grp, 64, 10, 8, 8, 10, 3, 1, 0, true},    {grp, 64, 10, 6, 6, 10, 3, 1, 0, true},
                           {top, 64, 10, 4, 4, 10, 4, 1, 0, true}};
    double total_f = 0, total_b = 0, flop = 0;
    const int reps = dev == SK_DEVICE_CPU ? 10 : 50;
    for (size_t l = 0; l < 7; ++l) {
        const Conv& c = layers[l];
        const Table& t = c.tb;
        Buf bx(dev, randn(c.nx())), bw(dev, randn(c.nw(), 0.3f)), bb(dev, c.co * 4), bi(dev, t.idx), by(dev, c.ny() * 4),
            bdy(dev, randn(c.ny())), bdx(dev, c.nx() * 4), bdw(dev, c.nw() * 4), bdb(dev, c.co * 4);
        const double f = 2.0 * c.batch * c.co * t.to * c.ho() * c.wo() * c.ci * t.si * t.p;
        const double fwd = time_ms(dev, reps, [&] {
            sk_group_conv2d_forward(by, bx, bw, bb, bi, nullptr, c.batch, c.ci, t.si, c.h, c.w, c.co, t.to, t.q, c.k,
                                    1, c.stride, c.pad);
        });
        const double bwd = time_ms(dev, reps, [&] {
            sk_group_conv2d_backward(l == 0 ? nullptr : bdx.b, bdw, bdb, bdy, bx, bw, bi, nullptr, c.batch, c.ci, t.si,
                                     c.h, c.w, c.co, t.to, t.q, c.k, 1, c.stride, c.pad);
        });
        std::printf("TIME P4CNN layer %zu (%s, %lldx%lld -> %lldx%lld): forward %.3f ms (%.1f GFLOP/s), backward %.3f ms "
                    "(%.1f GFLOP/s)\n", l + 1, t.name.c_str(), (long long)c.h, (long long)c.w, (long long)c.ho(),
                    (long long)c.wo(), fwd, f / fwd / 1e6, bwd, (l == 0 ? 1 : 2) * f / bwd / 1e6);
        total_f += fwd;
        total_b += bwd;
        flop += (l == 0 ? 2 : 3) * f;
    }
    std::printf("TIME P4CNN group-conv stack (7 layers, B=64): forward %.3f ms + backward %.3f ms = %.3f ms (%.1f GFLOP/s "
                "over %.3f GFLOP)\n", total_f, total_b, total_f + total_b, flop / (total_f + total_b) / 1e6, flop / 1e9);
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "group_conv_test");
    if (dev == SK_DEVICE_CPU) cpu_checks();
    else cuda_checks(dev);
    if (argc > 2 && std::string(argv[2]) == "time") time_p4cnn_stack(dev);
    return finish();
}
