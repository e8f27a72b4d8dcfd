/* kernels-test/binary_test.cpp — K2 binary_forward (add sub mul div with broadcasting) and sum_to_shape.
 *   cpu : forward vs a float64 reference over many shape pairs (equal, scalar, bias (m,n)+(1,n), column,
 *         outer (m,1)+(1,n), rank 4 mixed, size 1 and 0, ndim 8, out larger than both operands), in place
 *         (out aliasing a or b); sum_to_shape vs a float64 reference (rows, columns, to [1,...,1], ndim 8,
 *         segmented large cases) and bitwise determinism; gradients of a (op) b for broadcast operands
 *         composed as da = sum_to_shape(dout * d(a op b)/da) vs central finite differences; error paths.
 *   cuda: the same cases on CUDA vs CPU, determinism, then timings with GB/s.
 *   ./binary_test cpu | ./binary_test cuda */
#include "harness.h"

using namespace harness;

namespace {
using Shape = std::vector<int64_t>;

const int kOps[] = {SK_BINARY_ADD, SK_BINARY_SUB, SK_BINARY_MUL, SK_BINARY_DIV};
const char* kOpNames[] = {"add", "sub", "mul", "div"};

int64_t numel(const Shape& s) {
    int64_t n = 1;
    for (int64_t d : s) n *= d;
    return n;
}

std::string str(const Shape& s) {
    std::string r = "(";
    for (size_t i = 0; i < s.size(); ++i) r += (i ? "," : "") + std::to_string(s[i]);
    return r + ")";
}

/* Element strides of a contiguous tensor of shape s, 0 on size-1 dims (so they broadcast). */
std::vector<int64_t> bstrides(const Shape& s) {
    std::vector<int64_t> st(s.size());
    int64_t k = 1;
    for (int d = (int)s.size() - 1; d >= 0; --d) {
        st[d] = s[d] == 1 ? 0 : k;
        k *= s[d];
    }
    return st;
}

/* Offset of out-element i in an operand with strides st (div/mod per dim: the slow obvious way). */
int64_t offset_of(int64_t i, const Shape& out, const std::vector<int64_t>& st) {
    int64_t off = 0;
    for (int d = (int)out.size() - 1; d >= 0; --d) {
        off += (i % out[d]) * st[d];
        i /= out[d];
    }
    return off;
}

double ref_op(int op, double a, double b) {
    switch (op) {
        case SK_BINARY_ADD: return a + b;
        case SK_BINARY_SUB: return a - b;
        case SK_BINARY_MUL: return a * b;
        default: return a / b;
    }
}

std::vector<double> ref_binary(const Shape& out, const Shape& as, const Shape& bs, const std::vector<float>& a,
                               const std::vector<float>& b, int op) {
    std::vector<double> r((size_t)numel(out));
    auto sa = bstrides(as), sb = bstrides(bs);
    for (int64_t i = 0; i < numel(out); ++i)
        r[i] = ref_op(op, a[offset_of(i, out, sa)], b[offset_of(i, out, sb)]);
    return r;
}

std::vector<double> ref_sum(const Shape& out, const Shape& in, const std::vector<float>& x) {
    std::vector<double> r((size_t)numel(out), 0.0);
    auto so = bstrides(out);
    for (int64_t i = 0; i < numel(in); ++i) r[offset_of(i, in, so)] += x[i];
    return r;
}

std::vector<float> run_binary(int32_t dev, const Shape& out, const Shape& as, const Shape& bs,
                              const std::vector<float>& a, const std::vector<float>& b, int op) {
    Buf ba(dev, a), bb(dev, b), bo(dev, numel(out) * 4);
    ok(sk_binary_forward(bo, ba, bb, (int32_t)out.size(), out.data(), as.data(), bs.data(), op),
       ("binary_forward " + str(as) + " op " + str(bs)).c_str());
    return bo.read();
}

std::vector<float> run_sum(int32_t dev, const Shape& out, const Shape& in, const std::vector<float>& x) {
    Buf bx(dev, x), bo(dev, numel(out) * 4);
    sk_buffer_fill_f32(bo, numel(out), 123.0f);   /* must be overwritten */
    ok(sk_sum_to_shape(bo, bx, (int32_t)in.size(), out.data(), in.data()),
       ("sum_to_shape " + str(in) + " -> " + str(out)).c_str());
    return bo.read();
}

/* b of div is kept away from zero. */
std::vector<float> operand(int64_t n, bool divisor) {
    std::vector<float> v = randn(n);
    if (divisor)
        for (auto& x : v) x = (x < 0 ? -1.0f : 1.0f) * (0.5f + std::fabs(x));
    return v;
}

struct Case {
    Shape out, a, b;
};
const Case kCases[] = {
    {{1000}, {1000}, {1000}},                                        /* equal */
    {{65537}, {65537}, {65537}},                                     /* equal, threaded */
    {{37, 5}, {37, 5}, {1, 1}},                                      /* b scalar */
    {{37, 5}, {1, 1}, {37, 5}},                                      /* a scalar */
    {{129, 257}, {129, 257}, {1, 257}},                              /* bias add */
    {{129, 257}, {129, 257}, {129, 1}},                              /* column broadcast */
    {{129, 257}, {129, 1}, {1, 257}},                                /* outer */
    {{3, 4, 5, 7}, {3, 1, 5, 7}, {1, 4, 5, 1}},                      /* rank 4 mixed */
    {{2, 3, 4, 5}, {2, 1, 4, 1}, {2, 3, 4, 5}},
    {{1}, {1}, {1}},                                                 /* size 1 */
    {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}},
    {{0, 5}, {1, 5}, {0, 5}},                                        /* size 0 */
    {{3, 0}, {3, 1}, {1, 0}},
    {{2, 2, 3, 3, 2, 2, 3, 2}, {2, 1, 3, 1, 2, 1, 3, 2}, {1, 2, 1, 3, 1, 2, 1, 2}},   /* ndim 8 */
    {{3, 4}, {1, 4}, {1, 4}},                                        /* out larger than both */
    {{300, 7, 65}, {300, 1, 65}, {300, 7, 65}},                      /* threaded rows */
    {{513, 257}, {513, 1}, {1, 257}},                                /* threaded outer */
    {{7, 1, 9}, {7, 1, 1}, {1, 1, 9}},
};

struct SumCase {
    Shape in, out;
};
const SumCase kSums[] = {
    {{129, 257}, {1, 257}},   {{129, 257}, {129, 1}},   {{129, 257}, {1, 1}},   {{1000}, {1}},
    {{3, 4, 5, 7}, {1, 4, 1, 7}},   {{3, 4, 5, 7}, {3, 1, 5, 1}},   {{2, 3, 4, 5}, {1, 1, 1, 1}},
    {{2, 2, 3, 3, 2, 2, 3, 2}, {2, 1, 3, 1, 2, 1, 3, 1}},   {{2, 2, 3, 3, 2, 2, 3, 2}, {1, 1, 1, 1, 1, 1, 1, 1}},
    {{300001}, {1}},                 /* run split into segments */
    {{70001, 3}, {1, 3}},            /* column sums split into segments */
    {{3, 70001}, {3, 1}},            /* row sums split into segments */
    {{40000, 2, 3}, {1, 2, 1}},      /* reduced rows in segments, kept dim in between */
    {{5000, 3000}, {1, 3000}},       /* several column chunks */
    {{5, 6}, {5, 6}},                /* copy */
    {{1}, {1}},   {{1, 1, 1}, {1, 1, 1}},   {{4, 1, 3}, {1, 1, 3}},
    {{0, 5}, {1, 5}},                /* empty sums are 0 */
    {{4, 0}, {4, 1}},   {{0, 5}, {0, 5}},   {{0, 5}, {0, 1}},
};

/* d(a op b)/da and /db composed with the library itself, reduced with sum_to_shape (like the Java
 * backward): returns {da, db}. */
std::pair<std::vector<float>, std::vector<float>> composed_grads(int32_t dev, const Shape& out, const Shape& as,
                                                                 const Shape& bs, const std::vector<float>& a,
                                                                 const std::vector<float>& b,
                                                                 const std::vector<float>& dout, int op) {
    const int32_t nd = (int32_t)out.size();
    const Shape ones(out.size(), 1);
    const int64_t n = numel(out);
    Buf ba(dev, a), bb(dev, b), bd(dev, dout), zero(dev, 4), ga(dev, n * 4), gb(dev, n * 4), t(dev, n * 4);
    const char* what = "composed gradient";
    switch (op) {
        case SK_BINARY_ADD:   /* ga = gb = dout */
            ok(sk_binary_forward(ga, bd, zero, nd, out.data(), out.data(), ones.data(), SK_BINARY_ADD), what);
            ok(sk_binary_forward(gb, bd, zero, nd, out.data(), out.data(), ones.data(), SK_BINARY_ADD), what);
            break;
        case SK_BINARY_SUB:   /* ga = dout, gb = 0 - dout */
            ok(sk_binary_forward(ga, bd, zero, nd, out.data(), out.data(), ones.data(), SK_BINARY_ADD), what);
            ok(sk_binary_forward(gb, zero, bd, nd, out.data(), ones.data(), out.data(), SK_BINARY_SUB), what);
            break;
        case SK_BINARY_MUL:   /* ga = dout * b, gb = dout * a */
            ok(sk_binary_forward(ga, bd, bb, nd, out.data(), out.data(), bs.data(), SK_BINARY_MUL), what);
            ok(sk_binary_forward(gb, bd, ba, nd, out.data(), out.data(), as.data(), SK_BINARY_MUL), what);
            break;
        case SK_BINARY_DIV:   /* ga = dout / b, gb = 0 - ((dout * a) / b) / b */
            ok(sk_binary_forward(ga, bd, bb, nd, out.data(), out.data(), bs.data(), SK_BINARY_DIV), what);
            ok(sk_binary_forward(t, bd, ba, nd, out.data(), out.data(), as.data(), SK_BINARY_MUL), what);
            ok(sk_binary_forward(t, t, bb, nd, out.data(), out.data(), bs.data(), SK_BINARY_DIV), what);
            ok(sk_binary_forward(t, t, bb, nd, out.data(), out.data(), bs.data(), SK_BINARY_DIV), what);
            ok(sk_binary_forward(gb, zero, t, nd, out.data(), ones.data(), out.data(), SK_BINARY_SUB), what);
            break;
    }
    Buf da(dev, numel(as) * 4), db(dev, numel(bs) * 4);
    ok(sk_sum_to_shape(da, ga, nd, as.data(), out.data()), what);
    ok(sk_sum_to_shape(db, gb, nd, bs.data(), out.data()), what);
    return {da.read(), db.read()};
}

void forward_checks() {
    for (const Case& c : kCases) {
        for (int k = 0; k < 4; ++k) {
            std::vector<float> a = operand(numel(c.a), false), b = operand(numel(c.b), kOps[k] == SK_BINARY_DIV);
            std::string what = std::string(kOpNames[k]) + " " + str(c.a) + " op " + str(c.b) + " -> " + str(c.out);
            validate(what.c_str(), run_binary(SK_DEVICE_CPU, c.out, c.a, c.b, a, b, kOps[k]),
                     ref_binary(c.out, c.a, c.b, a, b, kOps[k]), 1e-6, 2e-6);
        }
    }
    /* in place: out aliases a full-shaped operand (the other one full or broadcast) */
    struct Alias {
        Shape full, other;
        bool out_is_a;
    };
    const Alias aliases[] = {{{64, 33}, {64, 33}, true}, {{64, 33}, {1, 33}, true}, {{64, 33}, {64, 1}, false},
                             {{100000}, {1}, true}};
    for (const Alias& al : aliases) {
        for (int k = 0; k < 4; ++k) {
            const Shape& as = al.out_is_a ? al.full : al.other;
            const Shape& bs = al.out_is_a ? al.other : al.full;
            std::vector<float> a = operand(numel(as), false), b = operand(numel(bs), kOps[k] == SK_BINARY_DIV);
            std::vector<double> ref = ref_binary(al.full, as, bs, a, b, kOps[k]);
            Buf ba(SK_DEVICE_CPU, a), bb(SK_DEVICE_CPU, b);
            sk_buffer* o = al.out_is_a ? ba.b : bb.b;
            std::string what = std::string(kOpNames[k]) + " in place, out aliases " + (al.out_is_a ? "a " : "b ") +
                               str(as) + " op " + str(bs);
            ok(sk_binary_forward(o, ba, bb, (int32_t)al.full.size(), al.full.data(), as.data(), bs.data(), kOps[k]),
               what.c_str());
            validate(what.c_str(), al.out_is_a ? ba.read() : bb.read(), ref, 1e-6, 2e-6);
        }
    }
    /* x + x with all three buffers the same */
    std::vector<float> x = randn(77);
    Buf bx(SK_DEVICE_CPU, x);
    Shape s{7, 11};
    ok(sk_binary_forward(bx, bx, bx, 2, s.data(), s.data(), s.data(), SK_BINARY_ADD), "x + x in place");
    std::vector<double> ref(x.begin(), x.end());
    for (auto& v : ref) v *= 2;
    validate("x + x in place", bx.read(), ref, 0, 0);
}

void sum_checks() {
    for (const SumCase& c : kSums) {
        std::vector<float> x = randn(numel(c.in));
        std::string what = "sum_to_shape " + str(c.in) + " -> " + str(c.out);
        std::vector<float> got = run_sum(SK_DEVICE_CPU, c.out, c.in, x);
        validate(what.c_str(), got, ref_sum(c.out, c.in, x), 1e-5, 1e-6);
        std::vector<float> again = run_sum(SK_DEVICE_CPU, c.out, c.in, x);
        check(got.size() == again.size() && (got.empty() || std::memcmp(got.data(), again.data(), got.size() * 4) == 0),
              (what + " is bitwise deterministic").c_str());
    }
    /* in place with equal shapes is a no-op copy */
    std::vector<float> x = randn(30);
    Buf bx(SK_DEVICE_CPU, x);
    Shape s{5, 6};
    ok(sk_sum_to_shape(bx, bx, 2, s.data(), s.data()), "sum_to_shape in place, equal shapes");
    validate("sum_to_shape in place, equal shapes", bx.read(), std::vector<double>(x.begin(), x.end()), 0, 0);
}

void grad_checks() {
    const Case cases[] = {
        {{3, 5, 4}, {3, 1, 4}, {1, 5, 4}},   /* both sides broadcast */
        {{4, 3}, {4, 1}, {1, 3}},            /* outer */
        {{2, 3}, {2, 3}, {1, 1}},            /* scalar b */
        {{2, 3, 2}, {1, 1, 1}, {2, 3, 2}},   /* scalar a */
        {{6, 5}, {6, 5}, {1, 5}},            /* bias */
    };
    for (const Case& c : cases) {
        for (int k = 0; k < 4; ++k) {
            const int op = kOps[k];
            std::vector<float> a = operand(numel(c.a), false), b = operand(numel(c.b), op == SK_BINARY_DIV);
            std::vector<float> r = randn(numel(c.out));
            auto grads = composed_grads(SK_DEVICE_CPU, c.out, c.a, c.b, a, b, r, op);
            std::string base = std::string(kOpNames[k]) + " " + str(c.a) + " op " + str(c.b);
            auto fa = [&](const std::vector<float>& xa) { return run_binary(SK_DEVICE_CPU, c.out, c.a, c.b, xa, b, op); };
            auto fb = [&](const std::vector<float>& xb) { return run_binary(SK_DEVICE_CPU, c.out, c.a, c.b, a, xb, op); };
            gradcheck((base + ": da = sum_to_shape(dout * d/da) vs finite differences").c_str(), a, r, fa, grads.first,
                      5e-3, 3e-3, 3e-3);
            gradcheck((base + ": db = sum_to_shape(dout * d/db) vs finite differences").c_str(), b, r, fb, grads.second,
                      5e-3, 3e-3, 3e-3);
        }
    }
}

void error_checks() {
    Buf big(SK_DEVICE_CPU, 4 * 64), small(SK_DEVICE_CPU, 8);
    Shape s24{2, 4}, s14{1, 4}, s13{1, 3}, s23{2, 3}, sneg{2, -2};
    const int64_t* n = nullptr;
    expect_error(sk_binary_forward(big, big, big, 0, s24.data(), s24.data(), s24.data(), 0), SK_ERR_SHAPE,
                 "binary_forward: ndim = 0 is outside [1, 8]", "ndim 0");
    expect_error(sk_binary_forward(big, big, big, 9, s24.data(), s24.data(), s24.data(), 0), SK_ERR_SHAPE,
                 "ndim = 9 is outside", "ndim 9");
    expect_error(sk_binary_forward(big, big, big, 2, n, s24.data(), s24.data(), 0), SK_ERR_ARG,
                 "binary_forward: out_shape is NULL", "NULL out_shape");
    expect_error(sk_binary_forward(big, big, big, 2, s24.data(), n, s24.data(), 0), SK_ERR_ARG, "a_shape is NULL",
                 "NULL a_shape");
    expect_error(sk_binary_forward(big, big, big, 2, s24.data(), s24.data(), n, 0), SK_ERR_ARG, "b_shape is NULL",
                 "NULL b_shape");
    expect_error(sk_binary_forward(big, big, big, 2, s24.data(), sneg.data(), s24.data(), 0), SK_ERR_SHAPE,
                 "binary_forward: a_shape[1] = -2 is negative", "negative dim");
    expect_error(sk_binary_forward(big, big, big, 2, sneg.data(), s24.data(), s24.data(), 0), SK_ERR_SHAPE,
                 "out_shape[1] = -2 is negative", "negative out dim");
    expect_error(sk_binary_forward(big, big, big, 2, s24.data(), s24.data(), s13.data(), 0), SK_ERR_SHAPE,
                 "binary_forward: b_shape[1] = 3 is neither 1 nor out_shape[1] = 4", "incompatible b");
    expect_error(sk_binary_forward(big, big, big, 2, s24.data(), s23.data(), s24.data(), 0), SK_ERR_SHAPE,
                 "a_shape[1] = 3 is neither 1 nor out_shape[1] = 4", "incompatible a");
    expect_error(sk_binary_forward(big, big, big, 2, s24.data(), s24.data(), s24.data(), 4), SK_ERR_ARG,
                 "binary_forward: unknown op code 4", "op 4");
    expect_error(sk_binary_forward(big, big, big, 2, s24.data(), s24.data(), s24.data(), -1), SK_ERR_ARG,
                 "unknown op code -1", "op -1");
    expect_error(sk_binary_forward(small, big, big, 2, s24.data(), s24.data(), s14.data(), 0), SK_ERR_SHAPE,
                 "buffer 'out' holds 8 bytes but the shape needs 32", "small out");
    expect_error(sk_binary_forward(big, small, big, 2, s24.data(), s24.data(), s14.data(), 0), SK_ERR_SHAPE,
                 "buffer 'a' holds 8 bytes but the shape needs 32", "small a");
    expect_error(sk_binary_forward(big, big, small, 2, s24.data(), s24.data(), s14.data(), 0), SK_ERR_SHAPE,
                 "buffer 'b' holds 8 bytes but the shape needs 16", "small broadcast b");
    ok(sk_binary_forward(big, big, small, 2, s24.data(), s24.data(), Shape{2, 1}.data(), 0), "b of 2 elements fits");
    expect_error(sk_binary_forward(big, big, nullptr, 2, s24.data(), s24.data(), s24.data(), 0), SK_ERR_ARG,
                 "buffer 'b' is NULL", "NULL b");
    expect_error(sk_binary_forward(big, big, big, 2, s24.data(), s14.data(), s24.data(), 0), SK_ERR_ARG,
                 "out aliases a, which is broadcast", "out aliasing a broadcast a");
    Buf other(SK_DEVICE_CPU, 64);
    expect_error(sk_binary_forward(big, other, big, 2, s24.data(), s24.data(), s14.data(), 0), SK_ERR_ARG,
                 "out aliases b, which is broadcast", "out aliasing a broadcast b");

    expect_error(sk_sum_to_shape(big, big, 9, s14.data(), s24.data()), SK_ERR_SHAPE,
                 "sum_to_shape: ndim = 9 is outside [1, 8]", "sum ndim 9");
    expect_error(sk_sum_to_shape(big, big, 2, n, s24.data()), SK_ERR_ARG, "sum_to_shape: out_shape is NULL",
                 "sum NULL out_shape");
    expect_error(sk_sum_to_shape(big, big, 2, s14.data(), n), SK_ERR_ARG, "in_shape is NULL", "sum NULL in_shape");
    expect_error(sk_sum_to_shape(big, big, 2, s14.data(), sneg.data()), SK_ERR_SHAPE, "in_shape[1] = -2 is negative",
                 "sum negative dim");
    expect_error(sk_sum_to_shape(big, other, 2, s13.data(), s24.data()), SK_ERR_SHAPE,
                 "sum_to_shape: out_shape[1] = 3 is neither 1 nor in_shape[1] = 4", "sum incompatible");
    expect_error(sk_sum_to_shape(big, small, 2, s14.data(), s24.data()), SK_ERR_SHAPE,
                 "buffer 'in' holds 8 bytes but the shape needs 32", "sum small in");
    expect_error(sk_sum_to_shape(small, big, 2, s24.data(), s24.data()), SK_ERR_SHAPE,
                 "buffer 'out' holds 8 bytes but the shape needs 32", "sum small out");
    expect_error(sk_sum_to_shape(nullptr, big, 2, s14.data(), s24.data()), SK_ERR_ARG, "buffer 'out' is NULL",
                 "sum NULL out");
    expect_error(sk_sum_to_shape(big, big, 2, s14.data(), s24.data()), SK_ERR_ARG, "out aliases in",
                 "sum out aliasing in");
}

void cpu_timings() {
    const int64_t m = 4096, n = 1024;
    Shape full{m, n}, row{1, n};
    Buf a(SK_DEVICE_CPU, m * n * 4), b(SK_DEVICE_CPU, m * n * 4), o(SK_DEVICE_CPU, m * n * 4), r(SK_DEVICE_CPU, n * 4);
    double ms = time_ms(SK_DEVICE_CPU, 10, [&] {
        sk_binary_forward(o, a, b, 2, full.data(), full.data(), full.data(), SK_BINARY_MUL);
    });
    std::printf("cpu mul (%lld,%lld): %.3f ms, %.1f GB/s\n", (long long)m, (long long)n, ms, 12.0 * m * n / ms / 1e6);
    ms = time_ms(SK_DEVICE_CPU, 10, [&] {
        sk_binary_forward(o, a, r, 2, full.data(), full.data(), row.data(), SK_BINARY_ADD);
    });
    std::printf("cpu bias add (%lld,%lld)+(1,%lld): %.3f ms, %.1f GB/s\n", (long long)m, (long long)n, (long long)n, ms,
                8.0 * m * n / ms / 1e6);
    ms = time_ms(SK_DEVICE_CPU, 10, [&] { sk_sum_to_shape(r, a, 2, row.data(), full.data()); });
    std::printf("cpu sum_to_shape (%lld,%lld)->(1,%lld): %.3f ms, %.1f GB/s\n", (long long)m, (long long)n,
                (long long)n, ms, 4.0 * m * n / ms / 1e6);
}

void cpu_checks() {
    forward_checks();
    sum_checks();
    grad_checks();
    error_checks();
    cpu_timings();
}

void cuda_checks(int32_t dev) {
    for (const Case& c : kCases) {
        for (int k = 0; k < 4; ++k) {
            std::vector<float> a = operand(numel(c.a), false), b = operand(numel(c.b), kOps[k] == SK_BINARY_DIV);
            std::string what = std::string("cuda ") + kOpNames[k] + " " + str(c.a) + " op " + str(c.b) + " vs cpu";
            validate(what.c_str(), run_binary(dev, c.out, c.a, c.b, a, b, kOps[k]),
                     run_binary(SK_DEVICE_CPU, c.out, c.a, c.b, a, b, kOps[k]), 0, 1e-7);
        }
    }
    {   /* in place on the device */
        Shape full{300, 77}, row{1, 77};
        std::vector<float> a = randn(300 * 77), b = randn(77);
        Buf ba(dev, a), bb(dev, b);
        ok(sk_binary_forward(ba, ba, bb, 2, full.data(), full.data(), row.data(), SK_BINARY_SUB), "cuda in place");
        validate("cuda in place bias sub vs cpu", ba.read(),
                 run_binary(SK_DEVICE_CPU, full, full, row, a, b, SK_BINARY_SUB), 0, 1e-7);
    }
    const SumCase big[] = {{{1 << 22}, {1}}, {{8192, 768}, {1, 768}}, {{1000000, 4}, {1, 4}},
                           {{768, 8192}, {768, 1}}, {{100000, 3}, {100000, 1}}, {{64, 3, 500, 3}, {1, 3, 1, 1}}};
    std::vector<SumCase> sums(std::begin(kSums), std::end(kSums));
    sums.insert(sums.end(), std::begin(big), std::end(big));
    for (const SumCase& c : sums) {
        std::vector<float> x = randn(numel(c.in));
        std::string what = "cuda sum_to_shape " + str(c.in) + " -> " + str(c.out);
        std::vector<float> got = run_sum(dev, c.out, c.in, x);
        validate((what + " vs cpu").c_str(), got, run_sum(SK_DEVICE_CPU, c.out, c.in, x), 1e-6, 2e-7);
        std::vector<float> again = run_sum(dev, c.out, c.in, x);
        check(got.size() == again.size() && (got.empty() || std::memcmp(got.data(), again.data(), got.size() * 4) == 0),
              (what + " is bitwise deterministic").c_str());
    }

    if (skip_timings(dev)) return;
    const int64_t m = 8192, n = 4096;
    Shape full{m, n}, row{1, n}, col{m, 1}, one{1, 1};
    Buf a(dev, m * n * 4), b(dev, m * n * 4), o(dev, m * n * 4), r(dev, n * 4), c(dev, m * 4), s(dev, 4);
    double ms = time_ms(dev, 20, [&] {
        sk_binary_forward(o, a, b, 2, full.data(), full.data(), full.data(), SK_BINARY_MUL);
    });
    /* napkin math: read a, b, write out: 12 bytes per element */
    std::printf("mul (%lld,%lld): %.4f ms, %.1f GB/s\n", (long long)m, (long long)n, ms, 12.0 * m * n / ms / 1e6);
    ms = time_ms(dev, 20, [&] { sk_binary_forward(o, a, r, 2, full.data(), full.data(), row.data(), SK_BINARY_ADD); });
    std::printf("bias add (%lld,%lld)+(1,%lld): %.4f ms, %.1f GB/s\n", (long long)m, (long long)n, (long long)n, ms,
                8.0 * m * n / ms / 1e6);
    ms = time_ms(dev, 20, [&] { sk_binary_forward(o, c, r, 2, full.data(), col.data(), row.data(), SK_BINARY_MUL); });
    std::printf("outer mul (%lld,1)*(1,%lld): %.4f ms, %.1f GB/s (writes only)\n", (long long)m, (long long)n, ms,
                4.0 * m * n / ms / 1e6);
    /* napkin math: 4 bytes read per input element */
    ms = time_ms(dev, 20, [&] { sk_sum_to_shape(r, a, 2, row.data(), full.data()); });
    std::printf("sum_to_shape (%lld,%lld)->(1,%lld): %.4f ms, %.1f GB/s\n", (long long)m, (long long)n, (long long)n,
                ms, 4.0 * m * n / ms / 1e6);
    ms = time_ms(dev, 20, [&] { sk_sum_to_shape(c, a, 2, col.data(), full.data()); });
    std::printf("sum_to_shape (%lld,%lld)->(%lld,1): %.4f ms, %.1f GB/s\n", (long long)m, (long long)n, (long long)m,
                ms, 4.0 * m * n / ms / 1e6);
    ms = time_ms(dev, 20, [&] { sk_sum_to_shape(s, a, 2, one.data(), full.data()); });
    std::printf("sum_to_shape (%lld,%lld)->(1,1): %.4f ms, %.1f GB/s\n", (long long)m, (long long)n, ms,
                4.0 * m * n / ms / 1e6);
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "binary_test");
    if (dev == SK_DEVICE_CPU) cpu_checks();
    else cuda_checks(dev);
    return finish();
}
