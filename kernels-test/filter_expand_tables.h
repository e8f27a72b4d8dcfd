/* kernels-test/filter_expand_tables.h — K8/K9 harness helpers: filter tables built here from the closed
 * forms of docs/groups.md, section Filter tables (p4, p4m, Z2 time reversal) or at random (dense, e entries per tap), and
 * the float64 reference expansion W_exp[o, t, i, s, x] = sum_m coef[t, s, x, m] W[o, i, idx[t, s, x, m]].
 * Shared by filter_expand_test.cpp and group_conv_test.cpp. */
#ifndef SK_FILTER_EXPAND_TABLES_H
#define SK_FILTER_EXPAND_TABLES_H

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "harness.h"

namespace tables {

/* A table (to, si, p, e) for a filter bank with q parameters per (o, i); coef empty = all ones (NULL). */
struct Table {
    std::string name;
    int64_t to = 0, si = 0, p = 0, e = 1, q = 0;
    std::vector<int32_t> idx;
    std::vector<float> coef;
    int64_t entries() const { return to * si * p * e; }
};

/* D4 element t = 4m + r (GrouPy p4m; p4 uses m = 0): product and inverse of docs/groups.md, section Rotations and reflections of the square. */
inline int d4_mul(int a, int b) {
    int m1 = a / 4, r1 = a % 4, m2 = b / 4, r2 = b % 4;
    int r = ((m2 ? -r1 : r1) + r2) % 4;
    return 4 * ((m1 + m2) % 2) + (r + 4) % 4;
}
inline int d4_inv(int a) { return a / 4 ? a : (4 - a % 4) % 4; }

/* Flat source tap of output tap (y, x) for g_t: (U, V) = c + g_t^{-1}(y - c, x - c), g_t^{-1} = R^{-r} M^m:
 * first, if m = 1, (u, v) <- (-u, v); then r times R^{-1}(u, v) = (v, -u). Odd k. */
inline int64_t d4_source(int t, int64_t k, int64_t y, int64_t x) {
    const int64_t c = (k - 1) / 2;
    int64_t u = y - c, v = x - c;
    if (t / 4) u = -u;
    for (int r = 0; r < t % 4; ++r) {
        int64_t nu = v, nv = -u;
        u = nu;
        v = nv;
    }
    return (u + c) * k + (v + c);
}

/* p4 (order 4) or p4m (order 8) table: lifting (si = 1, T[t, 0] = 0) or group layer (si = order,
 * T[t, s] = flat(g_t^{-1} h_s)); q = si * k * k (W is (co, ci, si, k, k)). */
inline Table d4_table(int order, int64_t k, bool lifting) {
    Table tb;
    tb.name = std::string(order == 4 ? "p4" : "p4m") + (lifting ? " lifting" : " group") + " k=" + std::to_string(k);
    tb.to = order;
    tb.si = lifting ? 1 : order;
    tb.p = k * k;
    tb.e = 1;
    tb.q = tb.si * tb.p;
    for (int t = 0; t < order; ++t)
        for (int64_t s = 0; s < tb.si; ++s)
            for (int64_t y = 0; y < k; ++y)
                for (int64_t x = 0; x < k; ++x) {
                    const int64_t T = lifting ? 0 : d4_mul(d4_inv(t), (int)s);
                    tb.idx.push_back((int32_t)(T * tb.p + d4_source(t, k, y, x)));
                }
    return tb;
}

/* Z2 time reversal in 1D (p = k taps): element 1 reverses, T[t, s] = (t + s) mod 2. */
inline Table z2_table(int64_t k, bool lifting) {
    Table tb;
    tb.name = std::string("z2 reversal") + (lifting ? " lifting" : " group") + " k=" + std::to_string(k);
    tb.to = 2;
    tb.si = lifting ? 1 : 2;
    tb.p = k;
    tb.q = tb.si * k;
    for (int64_t t = 0; t < 2; ++t)
        for (int64_t s = 0; s < tb.si; ++s)
            for (int64_t x = 0; x < k; ++x) {
                const int64_t T = lifting ? 0 : (t + s) % 2;
                tb.idx.push_back((int32_t)(T * k + (t ? k - 1 - x : x)));
            }
    return tb;
}

/* A dense random table: e entries per tap, idx uniform in [0, q), coef N(0, 1). */
inline Table random_table(int64_t to, int64_t si, int64_t p, int64_t e, int64_t q) {
    Table tb;
    tb.name = "random e=" + std::to_string(e);
    tb.to = to;
    tb.si = si;
    tb.p = p;
    tb.e = e;
    tb.q = q;
    std::uniform_int_distribution<int32_t> pick(0, (int32_t)q - 1);
    for (int64_t f = 0; f < tb.entries(); ++f) tb.idx.push_back(pick(harness::rng()));
    tb.coef = harness::randn(tb.entries());
    return tb;
}

/* float64 reference: W_exp (co, to, ci, si, p) from W (co, ci, q). */
inline std::vector<double> expand_ref(const std::vector<float>& w, const Table& tb, int64_t co, int64_t ci) {
    std::vector<double> out((size_t)(co * tb.to * ci * tb.si * tb.p));
    size_t n = 0;
    for (int64_t o = 0; o < co; ++o)
        for (int64_t t = 0; t < tb.to; ++t)
            for (int64_t i = 0; i < ci; ++i)
                for (int64_t s = 0; s < tb.si; ++s)
                    for (int64_t x = 0; x < tb.p; ++x) {
                        double v = 0;
                        for (int64_t m = 0; m < tb.e; ++m) {
                            const size_t f = (size_t)((((t * tb.si + s) * tb.p + x) * tb.e) + m);
                            v += (tb.coef.empty() ? 1.0 : (double)tb.coef[f]) * w[(size_t)((o * ci + i) * tb.q + tb.idx[f])];
                        }
                        out[n++] = v;
                    }
    return out;
}

}  // namespace tables

#endif /* SK_FILTER_EXPAND_TABLES_H */
