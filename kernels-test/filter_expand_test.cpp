/* kernels-test/filter_expand_test.cpp — K8 filter_expand: forward vs float64 references (p4 k = 3, 5 and
 * p4m k = 3 also against the explicit rot90 / flip formulas of docs/groups.md, section Filter tables; a dense random table
 * with e = 3; Z2 time reversal; odd and empty sizes), the transpose as the exact adjoint
 * (<expand(W), G> == <W, expand^T(G)> in double), += accumulation, determinism, finite differences, and
 * the error paths (cpu); CUDA vs CPU and timings (cuda).
 *   ./filter_expand_test cpu | ./filter_expand_test cuda */
#include "filter_expand_tables.h"
#include "harness.h"

using namespace harness;
using tables::Table;

namespace {
struct Case {
    Table tb;
    int64_t co, ci;
};

std::vector<Case> cases() {
    std::vector<Case> c;
    c.push_back({tables::d4_table(4, 3, true), 3, 2});
    c.push_back({tables::d4_table(4, 3, false), 2, 3});
    c.push_back({tables::d4_table(4, 5, false), 3, 2});
    c.push_back({tables::d4_table(8, 3, true), 2, 1});
    c.push_back({tables::d4_table(8, 3, false), 3, 2});
    c.push_back({tables::z2_table(5, true), 2, 3});
    c.push_back({tables::z2_table(4, false), 3, 2});
    c.push_back({tables::random_table(3, 2, 5, 3, 7), 2, 3});
    c.push_back({tables::random_table(1, 1, 1, 1, 1), 1, 1});    /* all sizes 1 */
    c.push_back({tables::random_table(2, 3, 4, 3, 11), 0, 2});   /* co = 0: empty bank */
    c.push_back({tables::random_table(2, 3, 4, 3, 11), 2, 0});   /* ci = 0: empty bank */
    c.push_back({tables::random_table(2, 3, 4, 0, 11), 2, 2});   /* e = 0: an all-zero bank */
    return c;
}

std::vector<float> expand(int32_t dev, const std::vector<float>& w, const Case& c) {
    const Table& tb = c.tb;
    Buf bw(dev, w), bi(dev, tb.idx), bc(dev, tb.coef), out(dev, c.co * tb.to * c.ci * tb.si * tb.p * 4);
    ok(sk_filter_expand_forward(out, bw, bi, tb.coef.empty() ? nullptr : (sk_buffer*)bc, c.co, c.ci, tb.q, tb.to,
                                tb.si, tb.p, tb.e),
       ("expand " + tb.name).c_str());
    return out.read();
}

/* dw0 + expand^T(g) */
std::vector<float> expand_t(int32_t dev, const std::vector<float>& g, const std::vector<float>& dw0, const Case& c) {
    const Table& tb = c.tb;
    Buf bg(dev, g), bi(dev, tb.idx), bc(dev, tb.coef), dw(dev, dw0);
    ok(sk_filter_expand_backward(dw, bg, bi, tb.coef.empty() ? nullptr : (sk_buffer*)bc, c.co, c.ci, tb.q, tb.to,
                                 tb.si, tb.p, tb.e),
       ("expand^T " + tb.name).c_str());
    return dw.read();
}

/* W_exp of a p4 / p4m table by the explicit formulas of docs/groups.md, section Filter tables (numpy rot90 / flips). */
std::vector<double> closed_form(const std::vector<float>& w, int order, int64_t k, bool lifting, int64_t co,
                                int64_t ci) {
    const int64_t si = lifting ? 1 : order, p = k * k;
    std::vector<double> out;
    for (int64_t o = 0; o < co; ++o)
        for (int t = 0; t < order; ++t)
            for (int64_t i = 0; i < ci; ++i)
                for (int64_t s = 0; s < si; ++s)
                    for (int64_t y = 0; y < k; ++y)
                        for (int64_t x = 0; x < k; ++x) {
                            const int64_t K = k - 1;
                            const int64_t uv[8][2] = {{y, x},     {x, K - y}, {K - y, K - x}, {K - x, y},
                                                      {K - y, x}, {x, y},     {y, K - x},     {K - x, K - y}};
                            const int64_t T = lifting ? 0 : (order == 4 ? ((s - t) % 4 + 4) % 4
                                                                        : tables::d4_mul(tables::d4_inv(t), (int)s));
                            out.push_back(w[(size_t)(((o * ci + i) * si + T) * p + uv[t][0] * k + uv[t][1])]);
                        }
    return out;
}

void cpu_checks() {
    /* the closed-form stabiliser rows of docs/groups.md, section Filter tables (checks the harness' own D4 arithmetic) */
    const int rows[3][8] = {{3, 0, 1, 2, 5, 6, 7, 4}, {4, 5, 6, 7, 0, 1, 2, 3}, {5, 6, 7, 4, 3, 0, 1, 2}};
    const int row_t[3] = {1, 4, 5};
    for (int r = 0; r < 3; ++r)
        for (int s = 0; s < 8; ++s)
            check(tables::d4_mul(tables::d4_inv(row_t[r]), s) == rows[r][s], "p4m stabiliser table row");

    for (const Case& c : cases()) {
        const Table& tb = c.tb;
        std::vector<float> w = randn(c.co * c.ci * tb.q);
        std::vector<float> got = expand(SK_DEVICE_CPU, w, c);
        validate(("forward " + tb.name).c_str(), got, tables::expand_ref(w, tb, c.co, c.ci), 1e-6, 1e-6);

        /* adjoint: <expand(W), G> == <W, expand^T(G)> (in double), and += accumulation */
        std::vector<float> g = randn((int64_t)got.size()), zero(w.size(), 0.0f), dw0 = randn((int64_t)w.size());
        std::vector<float> wt = expand_t(SK_DEVICE_CPU, g, zero, c);
        double lhs = 0, rhs = 0, scale = 1e-12;
        for (size_t n = 0; n < g.size(); ++n) lhs += (double)got[n] * g[n], scale += std::fabs((double)got[n] * g[n]);
        for (size_t n = 0; n < w.size(); ++n) rhs += (double)w[n] * wt[n];
        if (std::fabs(lhs - rhs) > 1e-5 * scale) std::printf("  adjoint %s: %.9g vs %.9g\n", tb.name.c_str(), lhs, rhs);
        check(std::fabs(lhs - rhs) <= 1e-5 * scale, ("adjoint " + tb.name).c_str());
        std::vector<double> acc(w.size());
        for (size_t n = 0; n < w.size(); ++n) acc[n] = (double)dw0[n] + wt[n];
        validate(("backward accumulates " + tb.name).c_str(), expand_t(SK_DEVICE_CPU, g, dw0, c), acc, 1e-6, 1e-6);
        check(expand_t(SK_DEVICE_CPU, g, dw0, c) == expand_t(SK_DEVICE_CPU, g, dw0, c),
              ("backward deterministic " + tb.name).c_str());
        if (w.size() > 0 && w.size() <= 200) {
            auto f = [&](const std::vector<float>& ws) { return expand(SK_DEVICE_CPU, ws, c); };
            gradcheck(("backward vs finite differences " + tb.name).c_str(), w, g, f, wt, 1e-2, 1e-3, 1e-3);
        }
    }
    /* p4 (k = 3, 5) and p4m (k = 3): the K8 gather equals numpy's rot90 / flips of the source slice */
    struct D4 { int order; int64_t k; bool lifting; };
    for (D4 d : {D4{4, 3, true}, D4{4, 3, false}, D4{4, 5, false}, D4{8, 3, true}, D4{8, 3, false}}) {
        Case c{tables::d4_table(d.order, d.k, d.lifting), 2, 3};
        std::vector<float> w = randn(c.co * c.ci * c.tb.q);
        validate(("closed form (rot90 / flips) " + c.tb.name).c_str(), expand(SK_DEVICE_CPU, w, c),
                 closed_form(w, d.order, d.k, d.lifting, c.co, c.ci), 0, 0);
    }

    /* error paths */
    Table tb = tables::d4_table(4, 3, false);
    Buf w(SK_DEVICE_CPU, 2 * 2 * tb.q * 4), out(SK_DEVICE_CPU, 2 * 4 * 2 * 4 * 9 * 4), bc(SK_DEVICE_CPU, tb.entries() * 4);
    std::vector<int32_t> bad = tb.idx;
    bad[(size_t)((1 * 4 + 2) * 9 + 4)] = 36;   /* t = 1, s = 2, x = 4 */
    Buf bi(SK_DEVICE_CPU, bad);
    expect_error(sk_filter_expand_forward(out, w, bi, nullptr, 2, 2, 36, 4, 4, 9, 1), SK_ERR_ARG,
                 "idx[t=1, s=2, x=4, m=0] = 36 is outside [0, 36)", "forward idx out of range");
    expect_error(sk_filter_expand_backward(w, out, bi, nullptr, 2, 2, 36, 4, 4, 9, 1), SK_ERR_ARG,
                 "filter_expand_backward: idx[t=1, s=2, x=4, m=0] = 36", "backward idx out of range");
    bad[(size_t)((1 * 4 + 2) * 9 + 4)] = 0;
    bad[0] = -3;
    Buf bn(SK_DEVICE_CPU, bad);
    expect_error(sk_filter_expand_forward(out, w, bn, bc, 2, 2, 36, 4, 4, 9, 1), SK_ERR_ARG,
                 "idx[t=0, s=0, x=0, m=0] = -3 is outside", "negative idx");
    Buf good(SK_DEVICE_CPU, tb.idx);
    expect_error(sk_filter_expand_forward(out, w, good, nullptr, 2, -2, 36, 4, 4, 9, 1), SK_ERR_SHAPE,
                 "ci = -2 is negative", "negative ci");
    expect_error(sk_filter_expand_forward(out, w, good, nullptr, 3, 2, 36, 4, 4, 9, 1), SK_ERR_SHAPE,
                 "buffer 'w_exp' holds", "w_exp too small");
    expect_error(sk_filter_expand_forward(out, w, good, nullptr, 2, 2, 36, 4, 4, 9, 2), SK_ERR_SHAPE,
                 "buffer 'idx' holds", "idx too small for e = 2");
    Buf tiny(SK_DEVICE_CPU, 16);
    expect_error(sk_filter_expand_forward(out, w, good, tiny, 2, 2, 36, 4, 4, 9, 1), SK_ERR_SHAPE,
                 "buffer 'coef' holds", "coef too small");
    expect_error(sk_filter_expand_forward(nullptr, w, good, nullptr, 2, 2, 36, 4, 4, 9, 1), SK_ERR_ARG,
                 "'w_exp' is NULL", "NULL w_exp");
    expect_error(sk_filter_expand_backward(w, out, nullptr, nullptr, 2, 2, 36, 4, 4, 9, 1), SK_ERR_ARG,
                 "'idx' is NULL", "NULL idx");
}

void cuda_checks(int32_t dev) {
    for (const Case& c : cases()) {
        const Table& tb = c.tb;
        std::vector<float> w = randn(c.co * c.ci * tb.q);
        std::vector<float> g = randn(c.co * tb.to * c.ci * tb.si * tb.p), dw0 = randn((int64_t)w.size());
        validate(("cuda forward vs cpu " + tb.name).c_str(), expand(dev, w, c), expand(SK_DEVICE_CPU, w, c), 1e-6, 1e-5);
        validate(("cuda backward vs cpu " + tb.name).c_str(), expand_t(dev, g, dw0, c),
                 expand_t(SK_DEVICE_CPU, g, dw0, c), 1e-6, 1e-5);
    }
    Table tb = tables::d4_table(4, 3, false);
    std::vector<int32_t> bad = tb.idx;
    bad[(size_t)((3 * 4 + 1) * 9 + 8)] = 40;
    Buf w(dev, 2 * 2 * tb.q * 4), out(dev, 2 * 4 * 2 * 4 * 9 * 4), bi(dev, bad);
    expect_error(sk_filter_expand_forward(out, w, bi, nullptr, 2, 2, 36, 4, 4, 9, 1), SK_ERR_ARG,
                 "idx[t=3, s=1, x=8, m=0] = 40 is outside [0, 36)", "cuda forward idx out of range");
    expect_error(sk_filter_expand_backward(w, out, bi, nullptr, 2, 2, 36, 4, 4, 9, 1), SK_ERR_ARG,
                 "idx[t=3, s=1, x=8, m=0] = 40", "cuda backward idx out of range");

    if (skip_timings(dev)) return;
    /* timing: a p4m 5x5 group layer bank with 64 x 64 fields (64 * 8 * 64 * 8 * 25 = 6.6M taps) */
    Table big = tables::d4_table(8, 5, false);
    const int64_t co = 64, ci = 64, n = co * big.to * ci * big.si * big.p;
    Buf bw(dev, co * ci * big.q * 4), bx(dev, big.idx), be(dev, n * 4);
    double ms = time_ms(dev, 20, [&] { sk_filter_expand_forward(be, bw, bx, nullptr, co, ci, big.q, 8, 8, 25, 1); });
    std::printf("filter_expand forward p4m k=5 64x64 fields (%lld taps): %.4f ms, %.1f GB/s (written)\n",
                (long long)n, ms, 4.0 * n / ms / 1e6);
    ms = time_ms(dev, 20, [&] { sk_filter_expand_backward(bw, be, bx, nullptr, co, ci, big.q, 8, 8, 25, 1); });
    std::printf("filter_expand backward (incl. table download + inverse upload): %.4f ms, %.1f GB/s (read)\n", ms,
                4.0 * n / ms / 1e6);
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "filter_expand_test");
    if (dev == SK_DEVICE_CPU) cpu_checks();
    else cuda_checks(dev);
    return finish();
}
