/* kernels-test/reduce_test.cpp — K3 reductions (sum / mean / max over the middle axis of (outer, len, inner)):
 * forward vs a float64 reference (values, first-index argmax on ties, NaN propagation, len = 0 rules) on
 * odd and degenerate shapes, backward vs the reference and vs central finite differences, error paths
 * (cpu); CUDA vs CPU on the same inputs and timings (cuda).
 *   ./reduce_test cpu | ./reduce_test cuda */
#include <algorithm>
#include <numeric>

#include "harness.h"

using namespace harness;

namespace {
struct OpCase {
    int op;
    const char* name;
};
const OpCase kOps[] = {{SK_REDUCE_SUM, "sum"}, {SK_REDUCE_MEAN, "mean"}, {SK_REDUCE_MAX, "max"}};

struct Dims {
    int64_t outer, len, inner;
    int64_t n() const { return outer * len * inner; }
    int64_t out() const { return outer * inner; }
    std::string str() const {
        return "(" + std::to_string(outer) + "," + std::to_string(len) + "," + std::to_string(inner) + ")";
    }
};
/* size-1 axes, odd sizes, column blocks of 256 (+1), rows longer than the CPU's 16 Ki chunks with few
 * (chunked path) and many rows, the CUDA row kernel threshold (len 64 / 65), empty outputs */
const Dims kShapes[] = {{1, 1, 1},   {1, 7, 1},    {3, 5, 1},     {1, 5, 3},    {4, 1, 6},    {2, 3, 4},
                        {5, 33, 7},  {3, 64, 1},   {3, 65, 1},    {17, 129, 1}, {3, 1000, 1}, {2, 70001, 1},
                        {1, 40000, 3}, {3, 300, 257}, {0, 5, 3},  {3, 5, 0}};

/* float64 reference: y and first-index argmax (NaN beats everything, first NaN wins). */
void reference(const std::vector<float>& x, const Dims& d, int op, std::vector<double>& y, std::vector<int32_t>& am) {
    y.assign((size_t)d.out(), 0.0);
    am.assign((size_t)d.out(), 0);
    for (int64_t o = 0; o < d.outer; ++o)
        for (int64_t i = 0; i < d.inner; ++i) {
            double s = 0, best = 0;
            int32_t bi = -1;
            for (int64_t l = 0; l < d.len; ++l) {
                double v = x[(size_t)((o * d.len + l) * d.inner + i)];
                s += v;
                if (bi < 0) {
                    best = v;
                    bi = (int32_t)l;
                } else if (!std::isnan(best) && (std::isnan(v) || v > best)) {
                    best = v;
                    bi = (int32_t)l;
                }
            }
            size_t k = (size_t)(o * d.inner + i);
            y[k] = op == SK_REDUCE_SUM ? s : op == SK_REDUCE_MEAN ? s / (double)d.len : best;
            am[k] = bi < 0 ? 0 : bi;
        }
}

struct Fwd {
    std::vector<float> y;
    std::vector<int32_t> am;
};

Fwd forward(int32_t dev, const std::vector<float>& x, const Dims& d, int op, const std::string& what) {
    Buf bx(dev, x), by(dev, d.out() * 4), bam(dev, d.out() * 4);
    ok(sk_reduce_forward(by, bam, bx, d.outer, d.len, d.inner, op), what.c_str());
    return {by.read(), bam.read<int32_t>()};
}

std::vector<float> backward(int32_t dev, const std::vector<float>& dy, const std::vector<int32_t>& am, const Dims& d,
                            int op, const std::string& what) {
    Buf bdy(dev, dy), bam(dev, am), bdx(dev, d.n() * 4);
    ok(sk_reduce_backward(bdx, bdy, bam, d.outer, d.len, d.inner, op), what.c_str());
    return bdx.read();
}

void cpu_forward_backward(const std::vector<float>& x, const Dims& d, const char* kind) {
    for (const OpCase& c : kOps) {
        std::string what = std::string(c.name) + " forward " + kind + " " + d.str();
        if (d.len == 0 && c.op != SK_REDUCE_SUM) continue;
        std::vector<double> ry;
        std::vector<int32_t> ram;
        reference(x, d, c.op, ry, ram);
        Fwd f = forward(SK_DEVICE_CPU, x, d, c.op, what);
        validate(what.c_str(), f.y, ry, 1e-6, 1e-6);
        if (c.op == SK_REDUCE_MAX) check_ints(what + " argmax", f.am, ram);
        /* backward vs its definition */
        std::vector<float> dy = randn(d.out());
        std::vector<double> rdx((size_t)d.n());
        for (int64_t o = 0; o < d.outer; ++o)
            for (int64_t l = 0; l < d.len; ++l)
                for (int64_t i = 0; i < d.inner; ++i) {
                    double g = dy[(size_t)(o * d.inner + i)];
                    rdx[(size_t)((o * d.len + l) * d.inner + i)] =
                        c.op == SK_REDUCE_SUM ? g : c.op == SK_REDUCE_MEAN ? g / (double)d.len
                                                                         : (ram[(size_t)(o * d.inner + i)] == l ? g : 0);
                }
        what = std::string(c.name) + " backward " + kind + " " + d.str();
        validate(what.c_str(), backward(SK_DEVICE_CPU, dy, f.am, d, c.op, what), rdx, 1e-7, 1e-6);
    }
}

void cpu_checks() {
    for (const Dims& d : kShapes) {
        cpu_forward_backward(randn(d.n()), d, "randn");
        cpu_forward_backward(with_ties(d.n()), d, "ties");
    }
    cpu_forward_backward(rand_uniform(6 * 50 * 5, -1000.0f, 1000.0f), {6, 50, 5}, "+-1000");

    /* ties: explicit first-index cases on every path (rows, chunked long rows, columns) */
    {
        std::vector<float> x(2 * 70001, 1.0f);   /* row 0 all equal -> 0; row 1 max at 5 and 40000 -> 5 */
        x[70001 + 5] = x[70001 + 40000] = 3.0f;
        Fwd f = forward(SK_DEVICE_CPU, x, {2, 70001, 1}, SK_REDUCE_MAX, "max ties long rows");
        check_ints("max ties long rows", f.am, {0, 5});
        Fwd g = forward(SK_DEVICE_CPU, {2, 7, 7, 1, 5, 7, 0, 7}, {1, 4, 2}, SK_REDUCE_MAX, "max ties columns");
        check_ints("max ties columns: first index per column", g.am, {1, 0});
    }
    /* NaN propagates and its first index wins */
    {
        std::vector<float> x = {1, NAN, 5, NAN, 2, 3, 4, 1};
        Fwd f = forward(SK_DEVICE_CPU, x, {2, 4, 1}, SK_REDUCE_MAX, "max nan rows");
        check(std::isnan(f.y[0]) && f.am[0] == 1 && f.y[1] == 4 && f.am[1] == 2, "max NaN rows: first NaN wins");
        Fwd g = forward(SK_DEVICE_CPU, x, {1, 4, 2}, SK_REDUCE_MAX, "max nan columns");
        check(std::isnan(g.y[1]) && g.am[1] == 0 && g.y[0] == 5 && g.am[0] == 1, "max NaN columns: first NaN wins");
        std::vector<float> big(70001, 0.0f);
        big[30000] = NAN;
        big[50000] = 9.0f;
        Fwd h = forward(SK_DEVICE_CPU, big, {1, 70001, 1}, SK_REDUCE_MAX, "max nan chunked");
        check(std::isnan(h.y[0]) && h.am[0] == 30000, "max NaN chunked row");
        Fwd s = forward(SK_DEVICE_CPU, x, {2, 4, 1}, SK_REDUCE_SUM, "sum nan");
        check(std::isnan(s.y[0]) && s.y[1] == 10, "sum propagates NaN");
    }
    /* len == 0: SUM writes 0 over whatever was there; MEAN and MAX are shape errors */
    {
        Buf x(SK_DEVICE_CPU, 0), y(SK_DEVICE_CPU, std::vector<float>(6, 7.0f)), am(SK_DEVICE_CPU, 24);
        ok(sk_reduce_forward(y, nullptr, x, 2, 0, 3, SK_REDUCE_SUM), "sum len 0");
        validate("sum over len 0 is 0", y.read(), std::vector<double>(6, 0.0), 0, 0);
        expect_error(sk_reduce_forward(y, am, x, 2, 0, 3, SK_REDUCE_MEAN), SK_ERR_SHAPE, "mean over len = 0",
                     "mean len 0");
        expect_error(sk_reduce_forward(y, am, x, 2, 0, 3, SK_REDUCE_MAX), SK_ERR_SHAPE, "max over len = 0",
                     "max len 0");
        expect_error(sk_reduce_backward(y, y, am, 2, 0, 3, SK_REDUCE_MEAN), SK_ERR_SHAPE, "mean over len = 0",
                     "mean backward len 0");
        ok(sk_reduce_backward(x, y, nullptr, 2, 0, 3, SK_REDUCE_SUM), "sum backward len 0");
    }

    /* gradchecks (values 0.01 apart so that MAX is differentiable at x and at x +- h) */
    for (const OpCase& c : kOps) {
        for (Dims d : {Dims{3, 5, 1}, Dims{2, 4, 3}, Dims{1, 9, 1}, Dims{4, 1, 2}}) {
            std::vector<float> x = distinct(d.n()), r = randn(d.out());
            std::string what = std::string(c.name) + " backward vs finite differences " + d.str();
            Fwd f0 = forward(SK_DEVICE_CPU, x, d, c.op, what);
            auto f = [&](const std::vector<float>& xs) { return forward(SK_DEVICE_CPU, xs, d, c.op, what).y; };
            gradcheck(what.c_str(), x, r, f, backward(SK_DEVICE_CPU, r, f0.am, d, c.op, what), 1e-3, 2e-3, 2e-3);
        }
    }

    /* error paths */
    Buf b64(SK_DEVICE_CPU, 64), b16(SK_DEVICE_CPU, 16), b4(SK_DEVICE_CPU, 4);
    expect_error(sk_reduce_forward(b16, nullptr, b64, 4, 4, 1, SK_REDUCE_MAX), SK_ERR_ARG, "'argmax' is NULL",
                 "max without argmax");
    ok(sk_reduce_forward(b16, nullptr, b64, 4, 4, 1, SK_REDUCE_SUM), "sum without argmax");
    expect_error(sk_reduce_forward(b16, b16, b64, -1, 4, 1, SK_REDUCE_SUM), SK_ERR_SHAPE, "outer = -1 is negative",
                 "negative outer");
    expect_error(sk_reduce_forward(b16, b16, b64, 4, -2, 1, SK_REDUCE_SUM), SK_ERR_SHAPE, "len = -2 is negative",
                 "negative len");
    expect_error(sk_reduce_backward(b64, b16, b16, 4, 4, -3, SK_REDUCE_SUM), SK_ERR_SHAPE, "inner = -3 is negative",
                 "negative inner (backward)");
    expect_error(sk_reduce_forward(b16, b16, b64, 4, 4, 1, 3), SK_ERR_ARG, "reduce_forward: unknown op code 3",
                 "unknown op");
    expect_error(sk_reduce_backward(b64, b16, b16, 4, 4, 1, -1), SK_ERR_ARG, "reduce_backward: unknown op code -1",
                 "unknown op (backward)");
    expect_error(sk_reduce_forward(b4, b16, b64, 4, 4, 1, SK_REDUCE_SUM), SK_ERR_SHAPE, "buffer 'y' holds 4 bytes",
                 "too-small y");
    expect_error(sk_reduce_forward(b16, b4, b64, 4, 4, 1, SK_REDUCE_MAX), SK_ERR_SHAPE, "buffer 'argmax' holds 4",
                 "too-small argmax");
    expect_error(sk_reduce_forward(b16, b16, b16, 4, 4, 1, SK_REDUCE_SUM), SK_ERR_SHAPE, "buffer 'x' holds 16",
                 "too-small x");
    expect_error(sk_reduce_forward(nullptr, b16, b64, 4, 4, 1, SK_REDUCE_SUM), SK_ERR_ARG, "'y' is NULL", "NULL y");
    expect_error(sk_reduce_backward(b64, b16, nullptr, 4, 4, 1, SK_REDUCE_MAX), SK_ERR_ARG, "'argmax' is NULL",
                 "max backward without argmax");
    Buf bad_am(SK_DEVICE_CPU, std::vector<int32_t>{0, 1, 9, 2});
    expect_error(sk_reduce_backward(b64, b16, bad_am, 4, 4, 1, SK_REDUCE_MAX), SK_ERR_ARG,
                 "argmax[2] = 9 is outside [0, 4)", "argmax out of range");
    expect_error(sk_reduce_forward(b16, b16, b64, INT64_MAX, 4, 2, SK_REDUCE_SUM), SK_ERR_SHAPE, "overflows",
                 "size overflow");
}

void cuda_checks(int32_t dev) {
    for (const Dims& d : kShapes) {
        for (int kind = 0; kind < 2; ++kind) {
            std::vector<float> x = kind == 0 ? randn(d.n()) : with_ties(d.n());
            if (kind == 0 && d.n() > 20) x[(size_t)d.n() / 3] = NAN;   /* NaN on some row / column */
            for (const OpCase& c : kOps) {
                if (d.len == 0 && c.op != SK_REDUCE_SUM) continue;
                std::string what = std::string(c.name) + (kind ? " ties " : " randn+nan ") + d.str();
                Fwd g = forward(dev, x, d, c.op, "cuda " + what), w = forward(SK_DEVICE_CPU, x, d, c.op, what);
                validate(("cuda forward vs cpu " + what).c_str(), g.y, w.y, 1e-6, 1e-6);
                if (c.op == SK_REDUCE_MAX) check_ints("cuda argmax vs cpu " + what, g.am, w.am);
                std::vector<float> dy = randn(d.out());
                validate(("cuda backward vs cpu " + what).c_str(), backward(dev, dy, w.am, d, c.op, "cuda " + what),
                         backward(SK_DEVICE_CPU, dy, w.am, d, c.op, what), 0, 0);
            }
        }
    }
    {   /* len == 0 SUM on the device writes zeros */
        Buf x(dev, 0), y(dev, std::vector<float>(6, 7.0f));
        ok(sk_reduce_forward(y, nullptr, x, 2, 0, 3, SK_REDUCE_SUM), "cuda sum len 0");
        validate("cuda sum over len 0 is 0", y.read(), std::vector<double>(6, 0.0), 0, 0);
    }
    if (skip_timings(dev)) return;
    /* timings; napkin math: forward reads 4 B per x element, backward writes 4 B per dx element */
    struct T {
        Dims d;
        const char* what;
    };
    for (const T& t : {T{{4096, 4096, 1}, "rows (block per row)"}, T{{64, 512, 4096}, "columns (thread per output)"},
                       T{{1, 1 << 24, 1}, "one long row"}}) {
        const Dims& d = t.d;
        Buf x(dev, d.n() * 4), y(dev, d.out() * 4), am(dev, d.out() * 4), dx(dev, d.n() * 4);
        for (const OpCase& c : kOps) {
            double ms = time_ms(dev, 20, [&] { sk_reduce_forward(y, am, x, d.outer, d.len, d.inner, c.op); });
            std::printf("reduce %s forward %s %s: %.4f ms, %.1f GB/s\n", c.name, t.what, d.str().c_str(), ms,
                        4.0 * d.n() / ms / 1e6);
        }
        double ms = time_ms(dev, 20, [&] { sk_reduce_backward(dx, y, am, d.outer, d.len, d.inner, SK_REDUCE_MAX); });
        std::printf("reduce max backward %s %s: %.4f ms, %.1f GB/s\n", t.what, d.str().c_str(), ms, 4.0 * d.n() / ms / 1e6);
    }
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "reduce_test");
    if (dev == SK_DEVICE_CPU) cpu_checks();
    else cuda_checks(dev);
    return finish();
}
