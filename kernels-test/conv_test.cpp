/* kernels-test/conv_test.cpp — K7 conv2d / conv1d harness.
 *   cpu : forward, dx (=), dweight (+=), dbias (+=) vs a float64 direct convolution written here, over
 *         strides 1/2/3, padding 0/1/2, dilation 1/2, kh != kw, odd sizes, B = 1, Ci/Co = 1, output size 1,
 *         the pointwise (1x1) path, the column-tiled path (large images), many-image weight-gradient
 *         blocks, zero sizes; central finite differences of dx, dweight, dbias; run-to-run bitwise
 *         determinism; the ABI error paths; timings of the P4CNN-sized layers (GFLOP/s).
 *   cuda: the same cases on CUDA vs the CPU kernels, CUDA determinism, timings.
 *   ./conv_test cpu | ./conv_test cuda */
#include <ctime>

#include "harness.h"

using namespace harness;

namespace {

struct Cfg {
    int64_t B, Ci, H, W, Co, kh, kw, sh, sw, ph, pw, dh, dw;
    bool one_d;   /* run through sk_conv1d_* (H = kh = sh = dh = 1, ph = 0) */
    bool bias;
    int64_t ho() const { return out_size(H, kh, sh, ph, dh); }
    int64_t wo() const { return out_size(W, kw, sw, pw, dw); }
    int64_t nx() const { return B * Ci * H * W; }
    int64_t nw() const { return Co * Ci * kh * kw; }
    int64_t ny() const { return B * Co * ho() * wo(); }
    static int64_t out_size(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d) {
        int64_t span = in + 2 * p - d * (k - 1) - 1;
        return span < 0 ? 0 : span / s + 1;
    }
    std::string name() const {
        char buf[200];
        if (one_d)
            std::snprintf(buf, sizeof buf, "conv1d B%lld Ci%lld T%lld Co%lld k%lld s%lld p%lld d%lld%s", (long long)B,
                          (long long)Ci, (long long)W, (long long)Co, (long long)kw, (long long)sw, (long long)pw,
                          (long long)dw, bias ? "" : " nobias");
        else
            std::snprintf(buf, sizeof buf, "conv2d B%lld Ci%lld %lldx%lld Co%lld k%lldx%lld s%lld,%lld p%lld,%lld d%lld,%lld%s",
                          (long long)B, (long long)Ci, (long long)H, (long long)W, (long long)Co, (long long)kh,
                          (long long)kw, (long long)sh, (long long)sw, (long long)ph, (long long)pw, (long long)dh,
                          (long long)dw, bias ? "" : " nobias");
        return buf;
    }
};

Cfg c2(int64_t B, int64_t Ci, int64_t H, int64_t W, int64_t Co, int64_t kh, int64_t kw, int64_t s = 1, int64_t p = 0,
       int64_t d = 1) {
    return Cfg{B, Ci, H, W, Co, kh, kw, s, s, p, p, d, d, false, true};
}
Cfg c1(int64_t B, int64_t C, int64_t T, int64_t Co, int64_t k, int64_t s = 1, int64_t p = 0, int64_t d = 1) {
    return Cfg{B, C, 1, T, Co, 1, k, 1, s, 0, p, 1, d, true, true};
}

/* ---- float64 references ------------------------------------------------------------------------ */
/* Calls fn(b, o, c, i, j, p, q, x_index, y_index, w_index) for every in-range term of the sum. */
template <typename Fn>
void for_each_term(const Cfg& g, Fn&& fn) {
    const int64_t ho = g.ho(), wo = g.wo();
    for (int64_t b = 0; b < g.B; ++b)
        for (int64_t o = 0; o < g.Co; ++o)
            for (int64_t i = 0; i < ho; ++i)
                for (int64_t j = 0; j < wo; ++j)
                    for (int64_t c = 0; c < g.Ci; ++c)
                        for (int64_t p = 0; p < g.kh; ++p)
                            for (int64_t q = 0; q < g.kw; ++q) {
                                int64_t ih = i * g.sh - g.ph + p * g.dh, iw = j * g.sw - g.pw + q * g.dw;
                                if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
                                fn(((b * g.Ci + c) * g.H + ih) * g.W + iw, ((b * g.Co + o) * ho + i) * wo + j,
                                   ((o * g.Ci + c) * g.kh + p) * g.kw + q);
                            }
}

std::vector<double> ref_forward(const Cfg& g, const std::vector<float>& x, const std::vector<float>& w,
                                const std::vector<float>& bias) {
    std::vector<double> y((size_t)g.ny(), 0.0);
    const int64_t n = g.ho() * g.wo();
    if (g.bias)
        for (size_t t = 0; t < y.size(); ++t) y[t] = bias[(t / n) % g.Co];
    for_each_term(g, [&](int64_t xi, int64_t yi, int64_t wi) { y[yi] += (double)x[xi] * w[wi]; });
    return y;
}

struct Grads {
    std::vector<double> dx, dw, db;
};
/* dx = adjoint; dw = dw0 + grad; db = db0 + grad */
Grads ref_backward(const Cfg& g, const std::vector<float>& dy, const std::vector<float>& x, const std::vector<float>& w,
                   const std::vector<float>& dw0, const std::vector<float>& db0) {
    Grads r{std::vector<double>((size_t)g.nx(), 0.0), std::vector<double>(dw0.begin(), dw0.end()),
            std::vector<double>(db0.begin(), db0.end())};
    for_each_term(g, [&](int64_t xi, int64_t yi, int64_t wi) {
        r.dx[xi] += (double)dy[yi] * w[wi];
        r.dw[wi] += (double)dy[yi] * x[xi];
    });
    const int64_t n = g.ho() * g.wo();
    for (size_t t = 0; t < dy.size(); ++t) r.db[(t / n) % g.Co] += dy[t];
    return r;
}

/* ---- ABI calls --------------------------------------------------------------------------------- */
sk_status call_forward(const Cfg& g, sk_buffer* y, sk_buffer* x, sk_buffer* w, sk_buffer* b) {
    if (g.one_d) return sk_conv1d_forward(y, x, w, b, g.B, g.Ci, g.W, g.Co, g.kw, g.sw, g.pw, g.dw);
    return sk_conv2d_forward(y, x, w, b, g.B, g.Ci, g.H, g.W, g.Co, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw);
}
sk_status call_backward(const Cfg& g, sk_buffer* dx, sk_buffer* dw, sk_buffer* db, sk_buffer* dy, sk_buffer* x,
                        sk_buffer* w) {
    if (g.one_d) return sk_conv1d_backward(dx, dw, db, dy, x, w, g.B, g.Ci, g.W, g.Co, g.kw, g.sw, g.pw, g.dw);
    return sk_conv2d_backward(dx, dw, db, dy, x, w, g.B, g.Ci, g.H, g.W, g.Co, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw,
                              g.dh, g.dw);
}

std::vector<float> forward(int32_t dev, const Cfg& g, const std::vector<float>& x, const std::vector<float>& w,
                           const std::vector<float>& bias) {
    Buf bx(dev, x), bw(dev, w), bb(dev, bias), by(dev, std::vector<float>((size_t)g.ny(), NAN));
    ok(call_forward(g, by, bx, bw, g.bias ? bb.b : nullptr), g.name().c_str());
    return by.read();
}

struct Out {
    std::vector<float> dx, dw, db;
};
/* dx starts as NaN (must be overwritten), dw / db start as dw0 / db0 (accumulated into). */
Out backward(int32_t dev, const Cfg& g, const std::vector<float>& dy, const std::vector<float>& x,
             const std::vector<float>& w, const std::vector<float>& dw0, const std::vector<float>& db0,
             bool want_dx = true, bool want_dw = true, bool want_db = true) {
    Buf bdy(dev, dy), bx(dev, x), bw(dev, w), bdx(dev, std::vector<float>((size_t)g.nx(), NAN)), bdw(dev, dw0),
        bdb(dev, db0);
    ok(call_backward(g, want_dx ? bdx.b : nullptr, want_dw ? bdw.b : nullptr, want_db ? bdb.b : nullptr, bdy,
                     want_dw ? bx.b : nullptr, want_dx ? bw.b : nullptr),
       g.name().c_str());
    return Out{bdx.read(), bdw.read(), bdb.read()};
}

struct Inputs {
    std::vector<float> x, w, bias, dy, dw0, db0;
};
Inputs make_inputs(const Cfg& g) {
    return Inputs{randn(g.nx()), randn(g.nw(), 0.5f), randn(g.Co), randn(g.ny()), randn(g.nw()), randn(g.Co)};
}

/* The configuration list: hand-picked edges plus random ones. */
std::vector<Cfg> configs() {
    std::vector<Cfg> v = {
        c2(2, 3, 7, 9, 4, 3, 3, 1, 1),            /* same padding, odd sizes                     */
        c2(1, 1, 5, 5, 1, 3, 3),                  /* B = Ci = Co = 1, valid                      */
        c2(3, 2, 8, 7, 5, 2, 3, 2, 1),            /* kh != kw, stride 2                          */
        c2(2, 4, 11, 10, 3, 3, 2, 3, 2),          /* stride 3, pad 2                             */
        c2(2, 3, 9, 9, 2, 3, 3, 1, 2, 2),         /* dilation 2, pad 2                           */
        c2(1, 2, 12, 13, 3, 3, 3, 2, 1, 2),       /* stride 2 + dilation 2                       */
        c2(2, 3, 4, 4, 2, 4, 4),                  /* output size 1 x 1                           */
        c2(2, 2, 3, 3, 2, 5, 5, 1, 1),            /* kernel larger than the image (padding)      */
        c2(2, 2, 1, 1, 3, 3, 3, 1, 1),            /* 1x1 image, pad 1                            */
        c2(3, 5, 6, 7, 4, 1, 1),                  /* pointwise (no col)                          */
        c2(2, 5, 6, 7, 4, 1, 1, 2),               /* 1x1 kernel, stride 2 (needs col)            */
        c2(2, 3, 5, 6, 2, 1, 1, 1, 1),            /* 1x1 kernel with padding                     */
        c2(37, 2, 5, 4, 3, 3, 3, 1, 1),           /* B = 37: grouped images, several per block   */
        c2(24, 3, 9, 8, 4, 3, 2, 2, 1, 2),        /* grouped images with stride and dilation     */
        c2(2, 16, 64, 64, 3, 3, 3, 1, 1),         /* col larger than a tile: column tiling       */
        c2(1, 6, 200, 190, 2, 5, 3, 2, 2, 2),     /* tiling with stride and dilation             */
        Cfg{2, 3, 9, 8, 2, 3, 2, 2, 1, 0, 1, 1, 2, false, true},   /* per-axis stride / pad / dilation */
        c1(2, 3, 17, 4, 3, 1, 1),                 /* conv1d same padding                         */
        c1(1, 1, 5, 1, 5),                        /* conv1d output length 1                      */
        c1(3, 2, 20, 3, 4, 3, 2, 2),              /* conv1d stride 3, pad 2, dilation 2          */
        c1(2, 4, 20000, 3, 7, 1, 3),              /* conv1d tiled                                */
        c1(2, 3, 10, 2, 1),                       /* conv1d pointwise                            */
    };
    Cfg nb = c2(2, 3, 6, 5, 2, 3, 3, 1, 1);
    nb.bias = false;
    v.push_back(nb);
    std::uniform_int_distribution<int64_t> d(0, 1 << 30);
    for (int t = 0; t < 24; ++t) {
        Cfg g = c2(1 + d(rng()) % 3, 1 + d(rng()) % 4, 1 + d(rng()) % 12, 1 + d(rng()) % 12, 1 + d(rng()) % 4,
                   1 + d(rng()) % 4, 1 + d(rng()) % 4);
        g.sh = 1 + d(rng()) % 3, g.sw = 1 + d(rng()) % 3, g.ph = d(rng()) % 3, g.pw = d(rng()) % 3;
        g.dh = 1 + d(rng()) % 2, g.dw = 1 + d(rng()) % 2;
        g.one_d = t % 4 == 3;
        if (g.one_d) g.H = 1, g.kh = 1, g.sh = 1, g.ph = 0, g.dh = 1;
        if (g.ho() < 1 || g.wo() < 1) continue;
        v.push_back(g);
    }
    return v;
}

/* ---- cpu mode ---------------------------------------------------------------------------------- */
void check_against_reference(const Cfg& g) {
    Inputs in = make_inputs(g);
    const std::string nm = g.name();
    validate((nm + " forward").c_str(), forward(SK_DEVICE_CPU, g, in.x, in.w, in.bias),
             ref_forward(g, in.x, in.w, in.bias), 1e-4, 1e-4);
    Grads r = ref_backward(g, in.dy, in.x, in.w, in.dw0, in.db0);
    Out got = backward(SK_DEVICE_CPU, g, in.dy, in.x, in.w, in.dw0, in.db0);
    validate((nm + " dx").c_str(), got.dx, r.dx, 1e-4, 1e-4);
    validate((nm + " dweight (+=)").c_str(), got.dw, r.dw, 2e-4, 1e-4);
    validate((nm + " dbias (+=)").c_str(), got.db, r.db, 2e-4, 1e-4);
    /* each gradient alone (the others NULL) gives the same values; dx alone must not read x, etc. */
    Out only_dx = backward(SK_DEVICE_CPU, g, in.dy, in.x, in.w, in.dw0, in.db0, true, false, false);
    Out only_dw = backward(SK_DEVICE_CPU, g, in.dy, in.x, in.w, in.dw0, in.db0, false, true, false);
    Out only_db = backward(SK_DEVICE_CPU, g, in.dy, in.x, in.w, in.dw0, in.db0, false, false, true);
    check(only_dx.dx == got.dx && only_dx.dw == in.dw0 && only_dx.db == in.db0, (nm + " dx alone").c_str());
    check(only_dw.dw == got.dw && only_dw.db == in.db0, (nm + " dweight alone").c_str());
    check(only_db.db == got.db && only_db.dw == in.dw0, (nm + " dbias alone").c_str());
    Out again = backward(SK_DEVICE_CPU, g, in.dy, in.x, in.w, in.dw0, in.db0);
    check(again.dx == got.dx && again.dw == got.dw && again.db == got.db, (nm + " backward is bitwise repeatable").c_str());
}

void finite_differences(const Cfg& g) {
    Inputs in = make_inputs(g);
    const std::string nm = g.name();
    std::vector<float> zw((size_t)g.nw(), 0.0f), zb((size_t)g.Co, 0.0f);
    Out an = backward(SK_DEVICE_CPU, g, in.dy, in.x, in.w, zw, zb);
    /* conv is linear in each argument: a large step has no truncation error and little rounding error */
    const double h = 0.05;
    gradcheck((nm + " dx vs finite differences").c_str(), in.x, in.dy,
              [&](const std::vector<float>& xs) { return forward(SK_DEVICE_CPU, g, xs, in.w, in.bias); }, an.dx, h,
              1e-3, 1e-3);
    gradcheck((nm + " dweight vs finite differences").c_str(), in.w, in.dy,
              [&](const std::vector<float>& ws) { return forward(SK_DEVICE_CPU, g, in.x, ws, in.bias); }, an.dw, h,
              1e-3, 1e-3);
    if (g.bias)
        gradcheck((nm + " dbias vs finite differences").c_str(), in.bias, in.dy,
                  [&](const std::vector<float>& bs) { return forward(SK_DEVICE_CPU, g, in.x, in.w, bs); }, an.db, h,
                  1e-3, 1e-3);
}

void zero_sizes() {
    /* batch 0: nothing is written; c_out 0: empty y; c_in 0: y = bias and dweight / dx are empty */
    Cfg g = c2(0, 3, 5, 5, 2, 3, 3, 1, 1);
    Inputs in = make_inputs(g);
    Out o = backward(SK_DEVICE_CPU, g, in.dy, in.x, in.w, in.dw0, in.db0);
    check(o.dw == in.dw0 && o.db == in.db0, "batch 0 leaves dweight and dbias unchanged");
    forward(SK_DEVICE_CPU, g, in.x, in.w, in.bias);
    Cfg z = c2(2, 3, 5, 5, 0, 3, 3, 1, 1);
    Inputs iz = make_inputs(z);
    check(forward(SK_DEVICE_CPU, z, iz.x, iz.w, iz.bias).empty(), "c_out 0 gives an empty y");
    Out oz = backward(SK_DEVICE_CPU, z, iz.dy, iz.x, iz.w, iz.dw0, iz.db0);
    check(oz.dx == std::vector<float>((size_t)z.nx(), 0.0f), "c_out 0 gives dx = 0");
    Cfg e = c2(2, 0, 4, 4, 3, 3, 3, 1, 1);
    Inputs ie = make_inputs(e);
    validate("c_in 0 forward is the bias", forward(SK_DEVICE_CPU, e, ie.x, ie.w, ie.bias),
             ref_forward(e, ie.x, ie.w, ie.bias), 0, 0);
    Out oe = backward(SK_DEVICE_CPU, e, ie.dy, ie.x, ie.w, ie.dw0, ie.db0);
    validate("c_in 0 dbias", oe.db, ref_backward(e, ie.dy, ie.x, ie.w, ie.dw0, ie.db0).db, 1e-4, 1e-4);
}

void error_paths() {
    const int32_t cpu = SK_DEVICE_CPU;
    Buf y(cpu, 4096), x(cpu, 4096), w(cpu, 4096), b(cpu, 4096), small(cpu, 8);
    /* 5x5 input, 7x7 kernel, no padding: out_h = (5 + 0 - 6 - 1) / 1 + 1 < 1 */
    expect_error(sk_conv2d_forward(y, x, w, nullptr, 1, 1, 5, 5, 1, 7, 7, 1, 1, 0, 0, 1, 1), SK_ERR_SHAPE,
                 "conv2d_forward: out_h = (height 5 + 2*pad_h 0 - dil_h 1*(kernel_h 7 - 1) - 1) / stride_h 1 + 1 is < 1",
                 "output height < 1");
    expect_error(sk_conv2d_forward(y, x, w, nullptr, 1, 1, 9, 4, 1, 3, 3, 1, 1, 0, 0, 1, 2), SK_ERR_SHAPE,
                 "out_w = (width 4 + 2*pad_w 0 - dil_w 2*(kernel_w 3 - 1) - 1) / stride_w 1 + 1 is < 1",
                 "dilated output width < 1");
    expect_error(sk_conv2d_backward(x, w, b, y, x, w, 1, 1, 5, 5, 1, 7, 7, 1, 1, 0, 0, 1, 1), SK_ERR_SHAPE,
                 "conv2d_backward: out_h", "backward output height < 1");
    expect_error(sk_conv1d_forward(y, x, w, nullptr, 1, 1, 4, 1, 7, 1, 1, 1), SK_ERR_SHAPE,
                 "conv1d_forward: out_len = (length 4 + 2*pad 1 - dil 1*(kernel 7 - 1) - 1) / stride 1 + 1 is < 1",
                 "conv1d output length < 1");
    expect_error(sk_conv2d_forward(y, x, w, nullptr, -1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 1, 1), SK_ERR_SHAPE,
                 "conv2d_forward: batch = -1 is negative", "negative batch");
    expect_error(sk_conv2d_forward(y, x, w, nullptr, 1, 1, 5, -5, 1, 3, 3, 1, 1, 0, 0, 1, 1), SK_ERR_SHAPE,
                 "conv2d_forward: width = -5 is negative", "negative width");
    expect_error(sk_conv2d_forward(y, x, w, nullptr, 1, 1, 5, 5, 1, 3, 3, 1, 1, -1, 0, 1, 1), SK_ERR_SHAPE,
                 "conv2d_forward: pad_h = -1 is negative", "negative padding");
    expect_error(sk_conv2d_forward(y, x, w, nullptr, 1, 1, 5, 5, 1, 3, 3, 0, 1, 0, 0, 1, 1), SK_ERR_SHAPE,
                 "conv2d_forward: stride_h = 0 must be >= 1", "zero stride");
    expect_error(sk_conv2d_forward(y, x, w, nullptr, 1, 1, 5, 5, 1, 3, 0, 1, 1, 0, 0, 1, 1), SK_ERR_SHAPE,
                 "conv2d_forward: kernel_w = 0 must be >= 1", "zero kernel");
    expect_error(sk_conv1d_backward(x, w, b, y, x, w, 1, 1, 5, 1, 3, 1, 0, 0), SK_ERR_SHAPE,
                 "conv1d_backward: dil = 0 must be >= 1", "zero dilation");
    expect_error(sk_conv2d_forward(y, x, w, nullptr, 1, 1, int64_t(1) << 40, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1),
                 SK_ERR_SHAPE, "height = 1099511627776 exceeds 2^31 - 1", "huge size");
    /* x (2, 3, 5, 5) needs 600 bytes */
    expect_error(sk_conv2d_forward(y, small, w, nullptr, 2, 3, 5, 5, 1, 3, 3, 1, 1, 1, 1, 1, 1), SK_ERR_SHAPE,
                 "conv2d_forward: buffer 'x' holds 8 bytes but the shape needs 600", "x too small");
    expect_error(sk_conv2d_forward(y, x, w, small, 1, 1, 5, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1), SK_ERR_SHAPE,
                 "buffer 'bias' holds 8 bytes but the shape needs 16", "bias too small");
    expect_error(sk_conv2d_backward(x, small, nullptr, y, x, w, 1, 2, 5, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1), SK_ERR_SHAPE,
                 "conv2d_backward: buffer 'dweight' holds 8 bytes but the shape needs 288", "dweight too small");
    expect_error(sk_conv2d_backward(x, nullptr, nullptr, small, x, w, 1, 2, 5, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1),
                 SK_ERR_SHAPE, "buffer 'dy' holds 8 bytes but the shape needs 400", "dy too small");
    expect_error(sk_conv2d_forward(nullptr, x, w, nullptr, 1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 1, 1), SK_ERR_ARG,
                 "conv2d_forward: buffer 'y' is NULL", "NULL y");
    expect_error(sk_conv2d_backward(nullptr, w, nullptr, y, nullptr, w, 1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 1, 1),
                 SK_ERR_ARG, "conv2d_backward: buffer 'x' is NULL", "dweight without x");
    expect_error(sk_conv2d_backward(x, nullptr, nullptr, y, x, nullptr, 1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 1, 1),
                 SK_ERR_ARG, "conv2d_backward: buffer 'weight' is NULL", "dx without weight");
    expect_error(sk_conv2d_backward(x, nullptr, nullptr, nullptr, x, w, 1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 1, 1),
                 SK_ERR_ARG, "buffer 'dy' is NULL", "NULL dy");
    /* nothing requested: fine, and x / weight may then be NULL */
    ok(sk_conv2d_backward(nullptr, nullptr, nullptr, y, nullptr, nullptr, 1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 1, 1),
       "backward with no gradient requested");
}

/* ---- timings ----------------------------------------------------------------------------------- */
/* CPU time of the whole process (all threads) per call, in ms: on a shared machine the wall time also
 * counts time spent waiting for a core, the CPU time does not. */
double cpu_time_ms(int reps, const std::function<void()>& fn) {
    fn();
    timespec a, b;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    for (int i = 0; i < reps; ++i) fn();
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    return ((double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6) / reps;
}

void time_case(int32_t dev, const Cfg& g) {
    if (skip_timings(dev)) return;
    Inputs in = make_inputs(g);
    Buf bx(dev, in.x), bw(dev, in.w), bb(dev, in.bias), by(dev, g.ny() * 4), bdy(dev, in.dy), bdx(dev, g.nx() * 4),
        bdw(dev, g.nw() * 4), bdb(dev, g.Co * 4);
    const double flop = 2.0 * g.B * g.Co * g.ho() * g.wo() * g.Ci * g.kh * g.kw;
    const int reps = dev == SK_DEVICE_CPU ? 5 : 50;
    double tf = time_ms(dev, reps, [&] { call_forward(g, by, bx, bw, bb); });
    double td = time_ms(dev, reps, [&] { call_backward(g, bdx, nullptr, nullptr, bdy, bx, bw); });
    double tw = time_ms(dev, reps, [&] { call_backward(g, nullptr, bdw, bdb, bdy, bx, bw); });
    double tb = time_ms(dev, reps, [&] { call_backward(g, bdx, bdw, bdb, bdy, bx, bw); });
    std::printf("TIME %-50s forward %7.3f ms %6.1f GFLOP/s | dgrad %7.3f ms %6.1f | wgrad+bias %7.3f ms %6.1f | "
                "backward (all) %7.3f ms | fwd+bwd %7.3f ms\n",
                g.name().c_str(), tf, flop / tf / 1e6, td, flop / td / 1e6, tw, flop / tw / 1e6, tb, tf + tb);
    if (dev == SK_DEVICE_CPU) {
        double cf = cpu_time_ms(reps, [&] { call_forward(g, by, bx, bw, bb); });
        double cb = cpu_time_ms(reps, [&] { call_backward(g, bdx, bdw, bdb, bdy, bx, bw); });
        std::printf("     %-50s CPU time (all threads): forward %7.3f ms (%.1f GFLOP per CPU-second), backward "
                    "(all) %7.3f ms (%.1f)\n", "", cf, flop / cf / 1e6, cb, 2 * flop / cb / 1e6);
    }
}

/* The conv layers of P4CNN (gconv_experiments, MNIST-rot; filter-expanded: 10 fields x 4 rotations = 40
 * channels, valid 3x3 convs, 28 -> 26 -> 24 -> pool 12 -> 10 -> 8 -> 6 -> 4, then a 4x4 conv to 1x1), batch
 * 64: forward + backward of every layer (no dx for the first), as in one training step. */
void time_p4cnn_stack(int32_t dev) {
    if (skip_timings(dev)) return;
    const Cfg layers[] = {c2(64, 1, 28, 28, 40, 3, 3),  c2(64, 40, 26, 26, 40, 3, 3), c2(64, 40, 12, 12, 40, 3, 3),
                          c2(64, 40, 10, 10, 40, 3, 3), c2(64, 40, 8, 8, 40, 3, 3),   c2(64, 40, 6, 6, 40, 3, 3),
                          c2(64, 40, 4, 4, 40, 4, 4)};
    std::vector<Inputs> in;
    std::vector<Buf> bufs;
    for (const Cfg& g : layers) {
        in.push_back(make_inputs(g));
        const Inputs& i = in.back();
        bufs.emplace_back(dev, i.x), bufs.emplace_back(dev, i.w), bufs.emplace_back(dev, i.bias);
        bufs.emplace_back(dev, g.ny() * 4), bufs.emplace_back(dev, i.dy), bufs.emplace_back(dev, g.nx() * 4);
        bufs.emplace_back(dev, g.nw() * 4), bufs.emplace_back(dev, g.Co * 4);
    }
    auto step = [&] {
        for (size_t l = 0; l < 7; ++l) {
            Buf* b = &bufs[l * 8];
            call_forward(layers[l], b[3], b[0], b[1], b[2]);
        }
        for (size_t l = 7; l-- > 0;) {
            Buf* b = &bufs[l * 8];
            call_backward(layers[l], l == 0 ? nullptr : b[5].b, b[6], b[7], b[4], b[0], b[1]);
        }
    };
    double flop = 0;
    for (const Cfg& g : layers) flop += 3 * 2.0 * g.B * g.Co * g.ho() * g.wo() * g.Ci * g.kh * g.kw;
    const int reps = dev == SK_DEVICE_CPU ? 5 : 50;
    double t = time_ms(dev, reps, step);
    std::printf("TIME P4CNN conv stack (7 layers, B=64, fwd + bwd): %.3f ms wall (%.1f GFLOP/s)", t, flop / t / 1e6);
    if (dev == SK_DEVICE_CPU) {
        double c = cpu_time_ms(reps, step);
        std::printf(", %.3f ms CPU time over all threads", c);
    }
    std::printf("\n");
}

std::vector<Cfg> timing_cases() {
    Cfg lift = c2(64, 1, 28, 28, 40, 3, 3, 1, 0);
    return {c2(64, 40, 28, 28, 40, 3, 3, 1, 1), lift, c1(64, 32, 256, 32, 7, 1, 3)};
}

/* ---- cuda mode --------------------------------------------------------------------------------- */
void cuda_checks(int32_t dev) {
    std::vector<Cfg> cs = configs();
    /* The timing-sized layers add no code path that configs() lacks (tiling, grouping, pointwise and
     * conv1d are all there); on the emulator their ~10^9 multiply-adds per pass would take many minutes. */
    if (!on_emulator(dev))
        for (const Cfg& g : timing_cases()) cs.push_back(g);
    for (const Cfg& g : cs) {
        Inputs in = make_inputs(g);
        const std::string nm = g.name();
        validate((nm + " forward cuda vs cpu").c_str(), forward(dev, g, in.x, in.w, in.bias),
                 forward(SK_DEVICE_CPU, g, in.x, in.w, in.bias), 1e-4, 1e-4);
        Out c = backward(SK_DEVICE_CPU, g, in.dy, in.x, in.w, in.dw0, in.db0);
        Out d = backward(dev, g, in.dy, in.x, in.w, in.dw0, in.db0);
        validate((nm + " dx cuda vs cpu").c_str(), d.dx, c.dx, 1e-4, 1e-4);
        validate((nm + " dweight cuda vs cpu").c_str(), d.dw, c.dw, 5e-4, 1e-4);
        validate((nm + " dbias cuda vs cpu").c_str(), d.db, c.db, 5e-4, 1e-4);
        Out only_dw = backward(dev, g, in.dy, in.x, in.w, in.dw0, in.db0, false, true, false);
        Out again = backward(dev, g, in.dy, in.x, in.w, in.dw0, in.db0);
        check(again.dx == d.dx && again.dw == d.dw && again.db == d.db && only_dw.dw == d.dw,
              (nm + " cuda backward is bitwise repeatable").c_str());
    }
    Cfg z = c2(0, 3, 5, 5, 2, 3, 3, 1, 1);
    Inputs iz = make_inputs(z);
    Out oz = backward(dev, z, iz.dy, iz.x, iz.w, iz.dw0, iz.db0);
    check(oz.dw == iz.dw0 && oz.db == iz.db0, "cuda batch 0 leaves dweight and dbias unchanged");
    Cfg zc = c2(2, 3, 5, 5, 0, 3, 3, 1, 1);
    Inputs izc = make_inputs(zc);
    check(backward(dev, zc, izc.dy, izc.x, izc.w, izc.dw0, izc.db0).dx == std::vector<float>((size_t)zc.nx(), 0.0f),
          "cuda c_out 0 gives dx = 0");
    Cfg e = c2(2, 0, 4, 4, 3, 3, 3, 1, 1);
    Inputs ie = make_inputs(e);
    validate("cuda c_in 0 forward is the bias", forward(dev, e, ie.x, ie.w, ie.bias),
             forward(SK_DEVICE_CPU, e, ie.x, ie.w, ie.bias), 0, 0);
}

}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "conv_test");
    if (dev == SK_DEVICE_CPU) {
        for (const Cfg& g : configs()) check_against_reference(g);
        finite_differences(c2(2, 2, 5, 6, 3, 3, 2, 2, 1, 1));
        finite_differences(c2(1, 3, 6, 5, 2, 2, 3, 1, 2, 2));
        finite_differences(c2(2, 2, 4, 4, 2, 1, 1));
        finite_differences(c1(2, 2, 11, 3, 3, 2, 1, 2));
        zero_sizes();
        error_paths();
    } else {
        cuda_checks(dev);
    }
    for (const Cfg& g : timing_cases()) time_case(dev, g);
    time_p4cnn_stack(dev);
    return finish();
}
