/* kernels-test/segment_reduce_test.cpp — K11 segment_reduce (sum / mean / max over CSR segments of rows).
 *   cpu : forward vs a float64 reference (values; MAX: absolute argmax row, first row on ties, -1 and 0 for
 *         empty segments, NaN propagation) over segment layouts with empty, single-row, long and many
 *         segments, dim 1 / odd / 128, and no segments at all; backward vs its definition and vs central
 *         finite differences (including empty and single-row segments); repeated runs bit-identical; error
 *         paths: offsets that do not start at 0, decrease, or do not end at rows (messages name the
 *         segment), argmax outside its segment, negative sizes, unknown op, NULL / short buffers.
 *   cuda: the same inputs on CUDA vs the CPU (forward, argmax, backward), bit-identical repeats, the same
 *         offsets error messages, then timings (GB/s).
 *   ./segment_reduce_test cpu | ./segment_reduce_test cuda */
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

/* A segment layout (sizes of consecutive segments) and a feature width. */
struct Case {
    std::vector<int64_t> sizes;
    int64_t dim;
    std::vector<int64_t> offsets() const {
        std::vector<int64_t> o(1, 0);
        for (int64_t s : sizes) o.push_back(o.back() + s);
        return o;
    }
    int64_t segments() const { return (int64_t)sizes.size(); }
    int64_t rows() const { return offsets().back(); }
    std::string str() const {
        std::string r = "sizes[";
        for (size_t i = 0; i < sizes.size() && i < 8; ++i) r += (i ? "," : "") + std::to_string(sizes[i]);
        if (sizes.size() > 8) r += ",... (" + std::to_string(sizes.size()) + " segments)";
        return r + "] dim " + std::to_string(dim);
    }
};

std::vector<int64_t> random_sizes(int count, int lo, int hi) {
    std::uniform_int_distribution<int> d(lo, hi);
    std::vector<int64_t> s((size_t)count);
    for (auto& v : s) v = d(rng());
    return s;
}

std::vector<Case> cases() {
    std::vector<Case> c = {
        {{1}, 1},          {{0}, 3},           {{}, 4},           {{3, 0, 2}, 1},       {{0, 0, 0}, 2},
        {{1, 1, 1, 1}, 5}, {{5, 1, 7, 0, 33}, 7}, {{2, 3}, 33},   {{0, 4, 0}, 128},     {{40, 40, 40}, 128},
        {{1000}, 3},       {{1, 0, 2500, 0, 1}, 2},
    };
    c.push_back({random_sizes(64, 0, 9), 17});
    c.push_back({random_sizes(300, 0, 3), 1});
    c.push_back({random_sizes(64, 40, 40), 128});   /* the DeepSets benchmark shape */
    return c;
}

/* float64 reference: y and the absolute argmax row (-1 for empty segments). */
void reference(const std::vector<float>& x, const Case& c, int op, std::vector<double>& y, std::vector<int32_t>& am) {
    const std::vector<int64_t> off = c.offsets();
    const int64_t S = c.segments(), D = c.dim;
    y.assign((size_t)(S * D), 0.0);
    am.assign((size_t)(S * D), -1);
    for (int64_t s = 0; s < S; ++s)
        for (int64_t d = 0; d < D; ++d) {
            double sum = 0, best = 0;
            int32_t bi = -1;
            for (int64_t r = off[s]; r < off[s + 1]; ++r) {
                double v = x[(size_t)(r * D + d)];
                sum += v;
                if (bi < 0 || (!std::isnan(best) && (std::isnan(v) || v > best))) {
                    best = v;
                    bi = (int32_t)r;
                }
            }
            const int64_t count = off[s + 1] - off[s];
            const size_t k = (size_t)(s * D + d);
            y[k] = op == SK_REDUCE_SUM ? sum : op == SK_REDUCE_MEAN ? (count ? sum / (double)count : 0.0)
                                                                    : (bi < 0 ? 0.0 : best);
            am[k] = bi;
        }
}

std::vector<double> reference_backward(const std::vector<float>& dy, const std::vector<int32_t>& am, const Case& c,
                                       int op) {
    const std::vector<int64_t> off = c.offsets();
    const int64_t D = c.dim;
    std::vector<double> dx((size_t)(c.rows() * D), 0.0);
    for (int64_t s = 0; s < c.segments(); ++s)
        for (int64_t r = off[s]; r < off[s + 1]; ++r)
            for (int64_t d = 0; d < D; ++d) {
                const double g = dy[(size_t)(s * D + d)];
                dx[(size_t)(r * D + d)] = op == SK_REDUCE_SUM    ? g
                                          : op == SK_REDUCE_MEAN ? g / (double)(off[s + 1] - off[s])
                                                                 : (am[(size_t)(s * D + d)] == r ? g : 0.0);
            }
    return dx;
}

struct Fwd {
    std::vector<float> y;
    std::vector<int32_t> am;
};

Fwd forward(int32_t dev, const std::vector<float>& x, const Case& c, int op, const std::string& what) {
    const int64_t yn = c.segments() * c.dim;
    Buf bx(dev, x), bo(dev, c.offsets()), by(dev, std::vector<float>((size_t)yn, 7.0f)),
        bam(dev, std::vector<int32_t>((size_t)yn, 7));   /* prefilled: the op must overwrite */
    ok(sk_segment_reduce_forward(by, bam, bx, bo, c.segments(), c.rows(), c.dim, op), what.c_str());
    return {by.read(), bam.read<int32_t>()};
}

std::vector<float> backward(int32_t dev, const std::vector<float>& dy, const std::vector<int32_t>& am, const Case& c,
                            int op, const std::string& what) {
    Buf bdy(dev, dy), bam(dev, am), bo(dev, c.offsets()),
        bdx(dev, std::vector<float>((size_t)(c.rows() * c.dim), 7.0f));
    ok(sk_segment_reduce_backward(bdx, bdy, bam, bo, c.segments(), c.rows(), c.dim, op), what.c_str());
    return bdx.read();
}

void cpu_forward_backward(const std::vector<float>& x, const Case& c, const char* kind) {
    for (const OpCase& o : kOps) {
        std::string what = std::string(o.name) + " forward " + kind + " " + c.str();
        std::vector<double> ry;
        std::vector<int32_t> ram;
        reference(x, c, o.op, ry, ram);
        Fwd f = forward(SK_DEVICE_CPU, x, c, o.op, what);
        validate(what.c_str(), f.y, ry, 1e-6, 1e-6);
        if (o.op == SK_REDUCE_MAX) check_ints(what + " argmax", f.am, ram);
        check(same_bits(f.y, forward(SK_DEVICE_CPU, x, c, o.op, what).y), (what + ": repeat is bit-identical").c_str());
        std::vector<float> dy = randn(c.segments() * c.dim);
        what = std::string(o.name) + " backward " + kind + " " + c.str();
        validate(what.c_str(), backward(SK_DEVICE_CPU, dy, ram, c, o.op, what), reference_backward(dy, ram, c, o.op),
                 1e-7, 1e-6);
    }
}

void cpu_checks() {
    for (const Case& c : cases()) {
        cpu_forward_backward(randn(c.rows() * c.dim), c, "randn");
        cpu_forward_backward(with_ties(c.rows() * c.dim), c, "ties");
    }
    cpu_forward_backward(rand_uniform(300 * 5, -1000.0f, 1000.0f), {{100, 0, 150, 50}, 5}, "+-1000");

    /* explicit cases: ties go to the first row; NaN propagates (first NaN row); empty segments are 0 / -1 */
    {
        Case c{{3, 0, 2}, 2};
        std::vector<float> x = {1, 5, 4, 5, 4, 2, /* seg 0 rows 0..2 */ 7, NAN, 7, 1 /* seg 2 rows 3..4 */};
        Fwd f = forward(SK_DEVICE_CPU, x, c, SK_REDUCE_MAX, "max explicit");
        check_ints("max explicit: first row of the maximum, -1 for the empty segment", f.am, {1, 0, -1, -1, 3, 3});
        check(f.y[0] == 4 && f.y[1] == 5 && f.y[2] == 0 && f.y[3] == 0 && f.y[4] == 7 && std::isnan(f.y[5]),
              "max explicit values (empty -> 0, NaN propagates)");
        Fwd m = forward(SK_DEVICE_CPU, x, c, SK_REDUCE_MEAN, "mean explicit");
        check(m.y[0] == 3 && m.y[1] == 4 && m.y[2] == 0 && m.y[3] == 0 && m.y[4] == 7 &&
                  std::isnan(m.y[5]),
              "mean explicit values (empty -> 0)");
        /* MAX backward: the empty segment passes nothing; each column goes to its argmax row only */
        std::vector<float> dx = backward(SK_DEVICE_CPU, {1, 2, 3, 4, 5, 6}, f.am, c, SK_REDUCE_MAX, "max bwd explicit");
        validate("max backward explicit", dx, std::vector<double>{0, 2, 1, 0, 0, 0, 5, 6, 0, 0}, 0, 0);
    }

    /* gradchecks: every op, layouts with empty and single-row segments, dim 1 and odd dims */
    for (const OpCase& o : kOps)
        for (const Case& c : {Case{{3, 0, 2}, 1}, Case{{1, 4, 0, 1}, 3}, Case{{2, 5}, 2}, Case{{0, 1}, 4}}) {
            std::vector<float> x = distinct(c.rows() * c.dim), r = randn(c.segments() * c.dim);
            std::string what = std::string(o.name) + " backward vs finite differences " + c.str();
            Fwd f0 = forward(SK_DEVICE_CPU, x, c, o.op, what);
            auto f = [&](const std::vector<float>& xs) { return forward(SK_DEVICE_CPU, xs, c, o.op, what).y; };
            gradcheck(what.c_str(), x, r, f, backward(SK_DEVICE_CPU, r, f0.am, c, o.op, what), 1e-3, 2e-3, 2e-3);
        }

    /* the offsets rule: each violation names the segment */
    {
        Buf x(SK_DEVICE_CPU, std::vector<float>(12, 1.0f)), y(SK_DEVICE_CPU, 3 * 2 * 4), am(SK_DEVICE_CPU, 3 * 2 * 4),
            dx(SK_DEVICE_CPU, 12 * 4);
        struct Bad {
            std::vector<int64_t> off;
            const char* needle;
        };
        const Bad bad[] = {
            {{1, 2, 4, 6}, "offsets[0] = 1, but segment 0 must start at row 0"},
            {{0, 4, 2, 6}, "segment 1 has offsets[1] = 4 > offsets[2] = 2 (offsets must be non-decreasing)"},
            {{0, 2, 4, 5}, "the last segment 2 ends at offsets[3] = 5, but rows = 6"},
            {{0, 2, 4, 7}, "the last segment 2 ends at offsets[3] = 7, but rows = 6"},
            {{0, -1, 4, 6}, "segment 0 has offsets[0] = 0 > offsets[1] = -1"},
            {{0, 9, 3, 6}, "segment 1 has offsets[1] = 9 > offsets[2] = 3"},
        };
        for (const Bad& b : bad) {
            Buf off(SK_DEVICE_CPU, b.off);
            for (const OpCase& o : kOps) {
                std::string what = std::string("bad offsets ") + o.name + ": " + b.needle;
                expect_error(sk_segment_reduce_forward(y, am, x, off, 3, 6, 2, o.op), SK_ERR_ARG, b.needle, what.c_str());
                expect_error(sk_segment_reduce_backward(dx, y, am, off, 3, 6, 2, o.op), SK_ERR_ARG, b.needle,
                             (what + " (backward)").c_str());
            }
        }
        Buf zero(SK_DEVICE_CPU, std::vector<int64_t>{0});
        expect_error(sk_segment_reduce_forward(y, am, x, zero, 0, 6, 2, SK_REDUCE_SUM), SK_ERR_ARG,
                     "there are no segments, but rows = 6", "no segments over 6 rows");
        ok(sk_segment_reduce_forward(y, am, x, zero, 0, 0, 2, SK_REDUCE_MAX), "no segments over no rows");
        Buf five(SK_DEVICE_CPU, std::vector<int64_t>{5});
        expect_error(sk_segment_reduce_forward(y, am, x, five, 0, 5, 2, SK_REDUCE_SUM), SK_ERR_ARG,
                     "offsets[0] = 5, but segment 0 must start at row 0", "offsets [5]");
    }

    /* error paths of the arguments */
    {
        Buf x(SK_DEVICE_CPU, 6 * 2 * 4), y(SK_DEVICE_CPU, 3 * 2 * 4), am(SK_DEVICE_CPU, 3 * 2 * 4),
            off(SK_DEVICE_CPU, std::vector<int64_t>{0, 2, 4, 6}), small(SK_DEVICE_CPU, 4);
        expect_error(sk_segment_reduce_forward(y, nullptr, x, off, 3, 6, 2, SK_REDUCE_MAX), SK_ERR_ARG,
                     "'argmax' is NULL", "max without argmax");
        ok(sk_segment_reduce_forward(y, nullptr, x, off, 3, 6, 2, SK_REDUCE_SUM), "sum without argmax");
        expect_error(sk_segment_reduce_forward(y, am, x, off, -1, 6, 2, SK_REDUCE_SUM), SK_ERR_SHAPE,
                     "segments = -1 is negative", "negative segments");
        expect_error(sk_segment_reduce_forward(y, am, x, off, 3, -6, 2, SK_REDUCE_SUM), SK_ERR_SHAPE,
                     "rows = -6 is negative", "negative rows");
        expect_error(sk_segment_reduce_backward(x, y, am, off, 3, 6, -2, SK_REDUCE_SUM), SK_ERR_SHAPE,
                     "segment_reduce_backward: dim = -2 is negative", "negative dim (backward)");
        expect_error(sk_segment_reduce_forward(y, am, x, off, 3, 6, 2, 3), SK_ERR_ARG,
                     "segment_reduce_forward: unknown op code 3", "unknown op");
        expect_error(sk_segment_reduce_backward(x, y, am, off, 3, 6, 2, -1), SK_ERR_ARG,
                     "segment_reduce_backward: unknown op code -1", "unknown op (backward)");
        expect_error(sk_segment_reduce_forward(small, am, x, off, 3, 6, 2, SK_REDUCE_SUM), SK_ERR_SHAPE,
                     "buffer 'y' holds 4 bytes", "short y");
        expect_error(sk_segment_reduce_forward(y, am, small, off, 3, 6, 2, SK_REDUCE_SUM), SK_ERR_SHAPE,
                     "buffer 'x' holds 4 bytes", "short x");
        expect_error(sk_segment_reduce_forward(y, am, x, small, 3, 6, 2, SK_REDUCE_SUM), SK_ERR_SHAPE,
                     "buffer 'offsets' holds 4 bytes", "short offsets");
        expect_error(sk_segment_reduce_forward(y, am, x, nullptr, 3, 6, 2, SK_REDUCE_SUM), SK_ERR_ARG,
                     "'offsets' is NULL", "NULL offsets");
        expect_error(sk_segment_reduce_backward(x, y, small, off, 3, 6, 2, SK_REDUCE_MAX), SK_ERR_SHAPE,
                     "buffer 'argmax' holds 4 bytes", "short argmax (backward)");
        expect_error(sk_segment_reduce_forward(y, am, x, off, 3, (int64_t)INT32_MAX + 1, 2, SK_REDUCE_MAX),
                     SK_ERR_SHAPE, "does not fit the int32 argmax", "rows above INT32_MAX for max");
        expect_error(sk_segment_reduce_forward(y, am, x, off, 3, INT64_MAX, 2, SK_REDUCE_SUM), SK_ERR_SHAPE,
                     "overflows", "size overflow");
        /* backward: argmax must point into its own segment (or be -1 for an empty one) */
        Buf bad_am(SK_DEVICE_CPU, std::vector<int32_t>{0, 1, 2, 4, 5, 4});
        expect_error(sk_segment_reduce_backward(x, y, bad_am, off, 3, 6, 2, SK_REDUCE_MAX), SK_ERR_ARG,
                     "argmax[1, 1] = 4 is not a row of segment 1 (rows 2 .. 3)", "argmax outside its segment");
        Buf off_empty(SK_DEVICE_CPU, std::vector<int64_t>{0, 3, 3, 6}), am_empty(SK_DEVICE_CPU, std::vector<int32_t>{0, 1, -1, 2, 4, 5});
        expect_error(sk_segment_reduce_backward(x, y, am_empty, off_empty, 3, 6, 2, SK_REDUCE_MAX), SK_ERR_ARG,
                     "argmax[1, 1] = 2 is not -1, the mark of segment 1", "argmax of an empty segment");
    }
}

void cuda_checks(int32_t dev) {
    for (const Case& c : cases()) {
        for (int kind = 0; kind < 2; ++kind) {
            std::vector<float> x = kind == 0 ? randn(c.rows() * c.dim) : with_ties(c.rows() * c.dim);
            if (kind == 0 && x.size() > 20) x[x.size() / 3] = NAN;
            for (const OpCase& o : kOps) {
                std::string what = std::string(o.name) + (kind ? " ties " : " randn+nan ") + c.str();
                Fwd g = forward(dev, x, c, o.op, "cuda " + what), w = forward(SK_DEVICE_CPU, x, c, o.op, what);
                validate(("cuda forward vs cpu " + what).c_str(), g.y, w.y, 1e-6, 1e-6);
                if (o.op == SK_REDUCE_MAX) check_ints("cuda argmax vs cpu " + what, g.am, w.am);
                check(same_bits(g.y, forward(dev, x, c, o.op, "cuda " + what).y),
                      ("cuda repeat bit-identical " + what).c_str());
                std::vector<float> dy = randn(c.segments() * c.dim);
                validate(("cuda backward vs cpu " + what).c_str(), backward(dev, dy, w.am, c, o.op, "cuda " + what),
                         backward(SK_DEVICE_CPU, dy, w.am, c, o.op, what), 1e-7, 1e-6);
            }
        }
    }
    {   /* offsets errors on the device: same first violation, same message */
        Buf x(dev, std::vector<float>(12, 1.0f)), y(dev, 24), am(dev, 24), dx(dev, 48);
        for (auto off : {std::vector<int64_t>{1, 2, 4, 6}, std::vector<int64_t>{0, 4, 2, 6}, std::vector<int64_t>{0, 2, 4, 5},
                         std::vector<int64_t>{0, 9, 3, 6}}) {
            Buf oc(SK_DEVICE_CPU, off), og(dev, off);
            sk_status sc = sk_segment_reduce_forward(y, am, x, og, 3, 6, 2, SK_REDUCE_MAX);
            std::string got = sk_last_error();
            Buf xc(SK_DEVICE_CPU, 48), yc(SK_DEVICE_CPU, 24), amc(SK_DEVICE_CPU, 24);
            sk_status cc = sk_segment_reduce_forward(yc, amc, xc, oc, 3, 6, 2, SK_REDUCE_MAX);
            std::string want = sk_last_error();
            check(sc == SK_ERR_ARG && cc == SK_ERR_ARG && got == want, ("cuda offsets error matches cpu: " + want).c_str());
            expect_error(sk_segment_reduce_backward(dx, y, am, og, 3, 6, 2, SK_REDUCE_SUM), SK_ERR_ARG,
                         "segment_reduce_backward", "cuda offsets error (backward)");
        }
    }
    if (skip_timings(dev)) return;
    /* timings; napkin math: forward reads 4 B per x element, backward writes 4 B per dx element */
    for (const Case& c : {Case{random_sizes(64, 40, 40), 128}, Case{random_sizes(4096, 0, 64), 256},
                          Case{{1 << 22}, 16}}) {
        const int64_t xn = c.rows() * c.dim, yn = c.segments() * c.dim;
        Buf x(dev, randn(xn)), off(dev, c.offsets()), y(dev, yn * 4), am(dev, yn * 4), dx(dev, xn * 4);
        std::string shape = std::to_string(c.segments()) + " segments, " + std::to_string(c.rows()) + " rows x " +
                            std::to_string(c.dim);
        for (const OpCase& o : kOps) {
            double ms = time_ms(dev, 20, [&] { sk_segment_reduce_forward(y, am, x, off, c.segments(), c.rows(), c.dim, o.op); });
            std::printf("segment_reduce %s forward (%s): %.4f ms, %.1f GB/s\n", o.name, shape.c_str(), ms,
                        4.0 * xn / ms / 1e6);
            ms = time_ms(dev, 20, [&] { sk_segment_reduce_backward(dx, y, am, off, c.segments(), c.rows(), c.dim, o.op); });
            std::printf("segment_reduce %s backward (%s): %.4f ms, %.1f GB/s\n", o.name, shape.c_str(), ms,
                        4.0 * xn / ms / 1e6);
        }
    }
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "segment_reduce_test");
    if (dev == SK_DEVICE_CPU) cpu_checks();
    else cuda_checks(dev);
    return finish();
}
