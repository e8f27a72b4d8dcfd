/* kernels-test/pool_test.cpp — K10 2D pooling over planes (max with argmax, average without padding):
 * forward vs a float64 reference (first-index argmax on ties, NaN propagation, -inf inputs) on odd and
 * degenerate geometries (size 1, planes = 0, overlapping windows with stride < kernel, padding on one or
 * both axes), backward vs a scatter reference and vs central finite differences, error paths (cpu);
 * CUDA vs CPU on the same inputs (bit-identical: shared formulas) and timings (cuda).
 *   ./pool_test cpu | ./pool_test cuda */
#include <algorithm>

#include "harness.h"

using namespace harness;

namespace {
struct Geo {
    int64_t planes, h, w, kh, kw, sh, sw, ph, pw;
    int64_t oh() const { return (h + 2 * ph - kh) / sh + 1; }
    int64_t ow() const { return (w + 2 * pw - kw) / sw + 1; }
    int64_t in() const { return planes * h * w; }
    int64_t out() const { return planes * oh() * ow(); }
    std::string str() const {
        char b[160];
        std::snprintf(b, sizeof b, "(planes %lld, %lldx%lld, k %lldx%lld, s %lldx%lld, p %lldx%lld)", (long long)planes,
                      (long long)h, (long long)w, (long long)kh, (long long)kw, (long long)sh, (long long)sw,
                      (long long)ph, (long long)pw);
        return b;
    }
};
/* size 1, the 2x2/2 plane pooling on even and odd sizes, overlapping windows (stride < kernel), padding
 * on one axis or both (ph = kh / 2 included), rectangular kernels and strides, a 1x1 output, planes = 0,
 * and a plane large enough for the OpenMP path */
const Geo kGeos[] = {{1, 1, 1, 1, 1, 1, 1, 0, 0},   {3, 4, 4, 2, 2, 2, 2, 0, 0},   {2, 5, 7, 2, 2, 2, 2, 0, 0},
                     {2, 5, 7, 3, 3, 1, 1, 1, 1},   {1, 6, 6, 3, 3, 2, 2, 1, 1},   {2, 7, 5, 3, 2, 2, 1, 1, 1},
                     {4, 9, 11, 4, 3, 3, 2, 2, 1},  {2, 1, 9, 1, 3, 1, 2, 0, 1},   {3, 2, 2, 2, 2, 1, 1, 1, 1},
                     {2, 3, 3, 3, 3, 1, 1, 0, 0},   {1, 33, 35, 5, 5, 3, 3, 2, 2}, {6, 28, 28, 2, 2, 2, 2, 0, 0},
                     {0, 4, 4, 2, 2, 2, 2, 0, 0},   {2, 300, 257, 3, 3, 2, 2, 1, 1}};

/* float64 reference: y and argmax (first maximum in row-major window order; NaN beats every number). */
void reference(const std::vector<float>& x, const Geo& g, bool max_pool, std::vector<double>& y,
               std::vector<int32_t>& am) {
    y.assign((size_t)g.out(), 0.0);
    am.assign((size_t)g.out(), -1);
    for (int64_t p = 0; p < g.planes; ++p)
        for (int64_t i = 0; i < g.oh(); ++i)
            for (int64_t j = 0; j < g.ow(); ++j) {
                double best = 0, sum = 0;
                int64_t bi = -1, count = 0;
                for (int64_t a = 0; a < g.kh; ++a)
                    for (int64_t b = 0; b < g.kw; ++b) {
                        int64_t r = i * g.sh - g.ph + a, c = j * g.sw - g.pw + b;
                        if (r < 0 || r >= g.h || c < 0 || c >= g.w) continue;
                        double v = x[(size_t)((p * g.h + r) * g.w + c)];
                        sum += v;
                        ++count;
                        if (bi < 0 || (!std::isnan(best) && (std::isnan(v) || v > best))) {
                            best = v;
                            bi = r * g.w + c;
                        }
                    }
                size_t k = (size_t)((p * g.oh() + i) * g.ow() + j);
                y[k] = max_pool ? best : sum / (double)count;
                am[k] = (int32_t)bi;
            }
}

/* backward by scattering each dy into the input (the definition), in double */
std::vector<double> reference_backward(const std::vector<float>& dy, const std::vector<int32_t>& am, const Geo& g,
                                       bool max_pool) {
    std::vector<double> dx((size_t)g.in(), 0.0);
    for (int64_t p = 0; p < g.planes; ++p)
        for (int64_t i = 0; i < g.oh(); ++i)
            for (int64_t j = 0; j < g.ow(); ++j) {
                size_t k = (size_t)((p * g.oh() + i) * g.ow() + j);
                if (max_pool) {
                    dx[(size_t)(p * g.h * g.w + am[k])] += dy[k];
                    continue;
                }
                int64_t r0 = std::max<int64_t>(0, i * g.sh - g.ph), r1 = std::min(g.h, i * g.sh - g.ph + g.kh);
                int64_t c0 = std::max<int64_t>(0, j * g.sw - g.pw), c1 = std::min(g.w, j * g.sw - g.pw + g.kw);
                double share = dy[k] / (double)((r1 - r0) * (c1 - c0));
                for (int64_t r = r0; r < r1; ++r)
                    for (int64_t c = c0; c < c1; ++c) dx[(size_t)((p * g.h + r) * g.w + c)] += share;
            }
    return dx;
}

struct Fwd {
    std::vector<float> y;
    std::vector<int32_t> am;
};

Fwd forward(int32_t dev, const std::vector<float>& x, const Geo& g, bool max_pool, const std::string& what) {
    Buf bx(dev, x), by(dev, g.out() * 4), bam(dev, g.out() * 4);
    if (max_pool)
        ok(sk_max_pool2d_forward(by, bam, bx, g.planes, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw), what.c_str());
    else
        ok(sk_avg_pool2d_forward(by, bx, g.planes, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw), what.c_str());
    return {by.read(), max_pool ? bam.read<int32_t>() : std::vector<int32_t>()};
}

std::vector<float> backward(int32_t dev, const std::vector<float>& dy, const std::vector<int32_t>& am, const Geo& g,
                            bool max_pool, const std::string& what) {
    Buf bdy(dev, dy), bam(dev, max_pool ? am : std::vector<int32_t>(1)), bdx(dev, std::vector<float>(g.in(), 99.0f));
    if (max_pool)
        ok(sk_max_pool2d_backward(bdx, bdy, bam, g.planes, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw), what.c_str());
    else
        ok(sk_avg_pool2d_backward(bdx, bdy, g.planes, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw), what.c_str());
    return bdx.read();
}

void check_ints(const std::string& what, const std::vector<int32_t>& got, const std::vector<int32_t>& want) {
    int bad = 0;
    for (size_t k = 0; k < std::min(got.size(), want.size()); ++k)
        if (got[k] != want[k] && bad++ < 5) std::printf("  %s[%zu]: got %d want %d\n", what.c_str(), k, got[k], want[k]);
    check(bad == 0 && got.size() == want.size(), what.c_str());
}

/* Distinct values 0.01 apart in random order: no ties, every max separated by more than the FD step. */
std::vector<float> distinct(int64_t n) {
    std::vector<float> x((size_t)n);
    for (int64_t k = 0; k < n; ++k) x[(size_t)k] = 0.01f * (float)(k - n / 2);
    std::shuffle(x.begin(), x.end(), rng());
    return x;
}

std::vector<float> with_ties(int64_t n) {
    std::uniform_int_distribution<int> d(-1, 1);
    std::vector<float> x((size_t)n);
    for (auto& v : x) v = (float)d(rng());
    return x;
}

void cpu_forward_backward(const std::vector<float>& x, const Geo& g, const char* kind) {
    for (bool max_pool : {true, false}) {
        std::string what = std::string(max_pool ? "max" : "avg") + " forward " + kind + " " + g.str();
        std::vector<double> ry;
        std::vector<int32_t> ram;
        reference(x, g, max_pool, ry, ram);
        Fwd f = forward(SK_DEVICE_CPU, x, g, max_pool, what);
        validate(what.c_str(), f.y, ry, 1e-6, 1e-6);
        if (max_pool) check_ints(what + " argmax", f.am, ram);
        std::vector<float> dy = randn(g.out());
        what = std::string(max_pool ? "max" : "avg") + " backward " + kind + " " + g.str();
        validate(what.c_str(), backward(SK_DEVICE_CPU, dy, ram, g, max_pool, what),
                 reference_backward(dy, ram, g, max_pool), 1e-6, 1e-6);
    }
}

void cpu_checks() {
    for (const Geo& g : kGeos) {
        cpu_forward_backward(randn(g.in()), g, "randn");
        cpu_forward_backward(with_ties(g.in()), g, "ties");
    }
    /* explicit first-index ties and NaN / -inf rules on a 3x3 plane, 2x2 windows, stride 1 */
    {
        Geo g{1, 3, 3, 2, 2, 1, 1, 0, 0};
        Fwd f = forward(SK_DEVICE_CPU, {1, 5, 5, 5, 5, 0, 2, 2, 0}, g, true, "ties");
        check_ints("max ties: first in row-major window order", f.am, {1, 1, 3, 4});
        Fwd n = forward(SK_DEVICE_CPU, {1, NAN, 3, 9, 4, NAN, 2, 2, 0}, g, true, "nan");
        check(std::isnan(n.y[0]) && n.am[0] == 1 && std::isnan(n.y[1]) && n.am[1] == 1 && n.y[2] == 9 &&
                  n.am[2] == 3 && std::isnan(n.y[3]) && n.am[3] == 5,
              "max NaN propagates, first NaN wins");
        const float inf = INFINITY;
        Fwd m = forward(SK_DEVICE_CPU, {-inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf}, g, true, "-inf");
        check(m.y[0] == -inf && m.am[0] == 0 && m.am[3] == 4, "max of all -inf keeps a valid first index");
        /* padding is never the maximum: all-negative plane with padding 1 */
        Geo gp{1, 2, 2, 3, 3, 1, 1, 1, 1};
        Fwd q = forward(SK_DEVICE_CPU, {-5, -4, -3, -6}, gp, true, "padding");
        check(q.y[0] == -3 && q.am[0] == 2 && q.y[3] == -3, "max padding counts as -inf");
        Fwd a = forward(SK_DEVICE_CPU, {-5, -4, -3, -6}, gp, false, "avg padding");
        validate("avg excludes the padding from the count", a.y, std::vector<double>(4, -4.5), 1e-7, 0);
    }
    /* the same rules with disjoint 2x2 windows, stride 2 (the G-CNNs' pooling): ties, first NaN, all -inf */
    {
        Geo g{1, 4, 4, 2, 2, 2, 2, 0, 0};
        const float inf = INFINITY;
        Fwd f = forward(SK_DEVICE_CPU, {5, 5, 1, NAN, 5, 5, NAN, NAN, -inf, -inf, 2, 3, -inf, -inf, 3, 1}, g, true,
                        "2x2 stride 2 rules");
        check_ints("max 2x2 stride 2: first tie, first NaN, first -inf, first of two equal maxima", f.am, {0, 3, 8, 11});
        check(f.y[0] == 5 && std::isnan(f.y[1]) && f.y[2] == -inf && f.y[3] == 3, "max 2x2 stride 2 values");
    }
    /* overlapping windows route several gradients to one shared maximum: 1x5, k = 3, s = 1 */
    {
        Geo g{1, 1, 5, 1, 3, 1, 1, 0, 0};
        Fwd f = forward(SK_DEVICE_CPU, {0, 1, 9, 2, 3}, g, true, "overlap");
        check_ints("overlap argmax", f.am, {2, 2, 2});
        validate("overlapping windows add their gradients", backward(SK_DEVICE_CPU, {1, 10, 100}, f.am, g, true, "o"),
                 std::vector<double>{0, 0, 111, 0, 0}, 0, 0);
    }
    /* gradchecks */
    for (Geo g : {Geo{2, 5, 7, 3, 3, 1, 1, 1, 1}, Geo{1, 6, 6, 3, 3, 2, 2, 1, 1}, Geo{2, 4, 4, 2, 2, 2, 2, 0, 0},
                  Geo{1, 5, 4, 2, 3, 1, 2, 1, 1}, Geo{1, 1, 1, 1, 1, 1, 1, 0, 0}}) {
        for (bool max_pool : {true, false}) {
            std::vector<float> x = max_pool ? distinct(g.in()) : randn(g.in()), r = randn(g.out());
            std::string what = std::string(max_pool ? "max" : "avg") + " backward vs finite differences " + g.str();
            Fwd f0 = forward(SK_DEVICE_CPU, x, g, max_pool, what);
            auto f = [&](const std::vector<float>& xs) { return forward(SK_DEVICE_CPU, xs, g, max_pool, what).y; };
            gradcheck(what.c_str(), x, r, f, backward(SK_DEVICE_CPU, r, f0.am, g, max_pool, what), 1e-3, 2e-3, 2e-3);
        }
    }

    /* error paths */
    Buf b64(SK_DEVICE_CPU, 64), b16(SK_DEVICE_CPU, 16), b4(SK_DEVICE_CPU, 4);
    /* (1, 4, 4), k 2, s 2 -> (1, 2, 2) */
    ok(sk_max_pool2d_forward(b16, b16, b64, 1, 4, 4, 2, 2, 2, 2, 0, 0), "valid call");
    expect_error(sk_max_pool2d_forward(b16, b16, b64, -1, 4, 4, 2, 2, 2, 2, 0, 0), SK_ERR_SHAPE,
                 "max_pool2d_forward: planes = -1 is negative", "negative planes");
    expect_error(sk_avg_pool2d_forward(b16, b64, 1, -4, 4, 2, 2, 2, 2, 0, 0), SK_ERR_SHAPE, "h = -4 is negative",
                 "negative h");
    expect_error(sk_avg_pool2d_backward(b64, b16, 1, 4, -2, 2, 2, 2, 2, 0, 0), SK_ERR_SHAPE, "w = -2 is negative",
                 "negative w");
    expect_error(sk_max_pool2d_forward(b16, b16, b64, 1, 4, 4, 0, 2, 2, 2, 0, 0), SK_ERR_ARG,
                 "kernel (kh, kw) = (0, 2) must be positive", "zero kernel");
    expect_error(sk_max_pool2d_forward(b16, b16, b64, 1, 4, 4, 2, 2, 2, 0, 0, 0), SK_ERR_ARG,
                 "stride (sh, sw) = (2, 0) must be positive", "zero stride");
    expect_error(sk_avg_pool2d_forward(b16, b64, 1, 4, 4, 2, 2, 2, 2, -1, 0), SK_ERR_ARG,
                 "padding (ph, pw) = (-1, 0) is negative", "negative padding");
    expect_error(sk_max_pool2d_forward(b16, b16, b64, 1, 4, 4, 3, 3, 1, 1, 2, 1), SK_ERR_ARG,
                 "padding (ph, pw) = (2, 1) exceeds half the kernel (3, 3)", "padding > kernel / 2");
    expect_error(sk_max_pool2d_forward(b16, b16, b64, 1, 0, 4, 1, 1, 1, 1, 0, 0), SK_ERR_SHAPE,
                 "plane (h, w) = (0, 4) is empty", "empty plane");
    expect_error(sk_max_pool2d_forward(b16, b16, b64, 1, 4, 4, 5, 2, 1, 1, 0, 0), SK_ERR_SHAPE,
                 "kernel (5, 2) is larger than the padded plane (4, 4)", "kernel larger than the plane");
    expect_error(sk_max_pool2d_forward(b16, b16, b64, 1, 65536, 65536, 2, 2, 2, 2, 0, 0), SK_ERR_SHAPE,
                 "does not fit the int32 argmax", "plane too large for int32 argmax");
    expect_error(sk_max_pool2d_forward(b4, b16, b64, 1, 4, 4, 2, 2, 2, 2, 0, 0), SK_ERR_SHAPE,
                 "buffer 'y' holds 4 bytes", "too-small y");
    expect_error(sk_max_pool2d_forward(b16, b4, b64, 1, 4, 4, 2, 2, 2, 2, 0, 0), SK_ERR_SHAPE,
                 "buffer 'argmax' holds 4", "too-small argmax");
    expect_error(sk_avg_pool2d_forward(b16, b16, 1, 4, 4, 2, 2, 2, 2, 0, 0), SK_ERR_SHAPE, "buffer 'x' holds 16",
                 "too-small x");
    expect_error(sk_max_pool2d_backward(b16, b16, b16, 1, 4, 4, 2, 2, 2, 2, 0, 0), SK_ERR_SHAPE,
                 "buffer 'dx' holds 16", "too-small dx");
    expect_error(sk_max_pool2d_forward(b16, nullptr, b64, 1, 4, 4, 2, 2, 2, 2, 0, 0), SK_ERR_ARG, "'argmax' is NULL",
                 "NULL argmax");
    expect_error(sk_avg_pool2d_backward(b64, nullptr, 1, 4, 4, 2, 2, 2, 2, 0, 0), SK_ERR_ARG, "'dy' is NULL",
                 "NULL dy");
    expect_error(sk_max_pool2d_forward(b16, b16, b64, INT64_MAX, 4, 4, 2, 2, 2, 2, 0, 0), SK_ERR_SHAPE, "overflows",
                 "size overflow");
    /* argmax entries outside their own window (or the plane) */
    Buf am_bad(SK_DEVICE_CPU, std::vector<int32_t>{0, 2, 8, 5});   /* window (1, 1) covers 10, 11, 14, 15 */
    expect_error(sk_max_pool2d_backward(b64, b16, am_bad, 1, 4, 4, 2, 2, 2, 2, 0, 0), SK_ERR_ARG,
                 "argmax[3] = 5 is outside its window (rows 2..3, columns 2..3", "argmax outside its window");
    Buf am_neg(SK_DEVICE_CPU, std::vector<int32_t>{-1, 2, 8, 10});
    expect_error(sk_max_pool2d_backward(b64, b16, am_neg, 1, 4, 4, 2, 2, 2, 2, 0, 0), SK_ERR_ARG,
                 "argmax[0] = -1 is outside its window", "negative argmax");
    /* planes == 0 is a no-op that still checks its arguments */
    Buf empty(SK_DEVICE_CPU, 0);
    ok(sk_max_pool2d_backward(empty, empty, empty, 0, 4, 4, 2, 2, 2, 2, 0, 0), "planes 0 backward");
}

void cuda_checks(int32_t dev) {
    for (const Geo& g : kGeos) {
        for (int kind = 0; kind < 2; ++kind) {
            std::vector<float> x = kind == 0 ? randn(g.in()) : with_ties(g.in());
            if (kind == 0 && g.in() > 20) x[(size_t)g.in() / 3] = NAN;
            for (bool max_pool : {true, false}) {
                std::string what = std::string(max_pool ? "max" : "avg") + (kind ? " ties " : " randn+nan ") + g.str();
                Fwd d = forward(dev, x, g, max_pool, "cuda " + what), c = forward(SK_DEVICE_CPU, x, g, max_pool, what);
                validate(("cuda forward vs cpu " + what).c_str(), d.y, c.y, 0, 0);
                if (max_pool) check_ints("cuda argmax vs cpu " + what, d.am, c.am);
                std::vector<float> dy = randn(g.out());
                validate(("cuda backward vs cpu " + what).c_str(), backward(dev, dy, c.am, g, max_pool, "cuda " + what),
                         backward(SK_DEVICE_CPU, dy, c.am, g, max_pool, what), 0, 0);
            }
        }
    }
    if (skip_timings(dev)) return;
    /* timings; napkin math: forward reads x and writes y (+ argmax), backward reads dy (+ argmax), writes dx */
    for (Geo g : {Geo{128 * 10 * 4, 28, 28, 2, 2, 2, 2, 0, 0}, Geo{256 * 64, 32, 32, 3, 3, 2, 2, 1, 1}}) {
        Buf x(dev, g.in() * 4), y(dev, g.out() * 4), am(dev, g.out() * 4), dx(dev, g.in() * 4);
        for (bool max_pool : {true, false}) {
            const double bytes_f = 4.0 * g.in() + (max_pool ? 8.0 : 4.0) * g.out();
            double ms = time_ms(dev, 20, [&] {
                if (max_pool) sk_max_pool2d_forward(y, am, x, g.planes, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw);
                else sk_avg_pool2d_forward(y, x, g.planes, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw);
            });
            std::printf("%s_pool2d forward %s: %.4f ms, %.1f GB/s\n", max_pool ? "max" : "avg", g.str().c_str(), ms,
                        bytes_f / ms / 1e6);
            ms = time_ms(dev, 20, [&] {
                if (max_pool) sk_max_pool2d_backward(dx, y, am, g.planes, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw);
                else sk_avg_pool2d_backward(dx, y, g.planes, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw);
            });
            std::printf("%s_pool2d backward %s: %.4f ms, %.1f GB/s\n", max_pool ? "max" : "avg", g.str().c_str(), ms,
                        bytes_f / ms / 1e6);
        }
    }
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "pool_test");
    if (dev == SK_DEVICE_CPU) cpu_checks();
    else cuda_checks(dev);
    return finish();
}
