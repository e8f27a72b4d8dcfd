/* kernels-test/orbit_linear_test.cpp — K13 orbit_linear (full and separable): forward vs a float64
 * reference on random and group-derived category maps (sk_pair_orbits) with odd sizes, every backward
 * output vs central finite differences, the += rule of dW / dalpha / dbias, the error paths (cpu);
 * CUDA vs CPU and timings (cuda).
 *   ./orbit_linear_test cpu | ./orbit_linear_test cuda */
#include "harness.h"

using namespace harness;

namespace {
struct Case {
    int64_t batch, n, din, dout, num_cat, num_orbits;
    std::vector<int32_t> cat, orbit;
    bool bias;
};

/* Random ids in [0, limit). */
std::vector<int32_t> rand_ids(int64_t count, int64_t limit) {
    std::uniform_int_distribution<int32_t> d(0, (int32_t)limit - 1);
    std::vector<int32_t> v((size_t)count);
    for (auto& x : v) x = d(rng());
    return v;
}

Case random_case(int64_t batch, int64_t n, int64_t din, int64_t dout, int64_t num_cat, bool bias) {
    Case c{batch, n, din, dout, num_cat, 3, rand_ids(n * n, num_cat), rand_ids(n, 3), bias};
    return c;
}

/* Categories and node orbits of the dihedral group on n points (rotation by 1 and reversal). */
Case dihedral_case(int64_t batch, int64_t n, int64_t din, int64_t dout) {
    std::vector<int32_t> gens((size_t)(2 * n));
    for (int64_t i = 0; i < n; ++i) {
        gens[(size_t)i] = (int32_t)((i + 1) % n);
        gens[(size_t)(n + i)] = (int32_t)(n - 1 - i);
    }
    Case c{batch, n, din, dout, 0, 0, std::vector<int32_t>((size_t)(n * n)), std::vector<int32_t>((size_t)n), true};
    ok(sk_pair_orbits(c.cat.data(), &c.num_cat, gens.data(), n, 2), "pair_orbits");
    ok(sk_node_orbits(c.orbit.data(), &c.num_orbits, gens.data(), n, 2), "node_orbits");
    return c;
}

int64_t w_count(const Case& c, bool sep) { return sep ? c.din * c.dout : c.num_cat * c.din * c.dout; }

/* float64 reference of either variant. */
std::vector<double> reference(const Case& c, bool sep, const std::vector<float>& x, const std::vector<float>& alpha,
                              const std::vector<float>& w, const std::vector<float>& bias) {
    const int64_t B = c.batch, n = c.n, din = c.din, dout = c.dout;
    std::vector<double> y((size_t)(B * n * dout), 0.0);
    for (int64_t b = 0; b < B; ++b)
        for (int64_t i = 0; i < n; ++i)
            for (int64_t o = 0; o < dout; ++o) {
                double acc = c.bias ? bias[(size_t)(c.orbit[(size_t)i] * dout + o)] : 0.0;
                for (int64_t j = 0; j < n; ++j) {
                    const int32_t k = c.cat[(size_t)(i * n + j)];
                    for (int64_t d = 0; d < din; ++d) {
                        const double xv = x[(size_t)((b * n + j) * din + d)];
                        acc += sep ? (double)alpha[(size_t)k] * xv * w[(size_t)(d * dout + o)]
                                   : xv * w[(size_t)((k * din + d) * dout + o)];
                    }
                }
                y[(size_t)((b * n + i) * dout + o)] = acc;
            }
    return y;
}

struct Params {
    std::vector<float> x, alpha, w, bias;
};

Params params(const Case& c, bool sep) {
    return {randn(c.batch * c.n * c.din), randn(c.num_cat), randn(w_count(c, sep), 0.5f),
            randn(c.num_orbits * c.dout)};
}

std::vector<float> forward(int32_t dev, const Case& c, bool sep, const Params& p) {
    Buf x(dev, p.x), a(dev, p.alpha), w(dev, p.w), bias(dev, p.bias), cat(dev, c.cat), orb(dev, c.orbit);
    Buf y(dev, c.batch * c.n * c.dout * 4);
    sk_buffer* bb = c.bias ? (sk_buffer*)bias : nullptr;
    if (sep)
        ok(sk_orbit_linear_sep_forward(y, x, a, w, bb, cat, orb, c.batch, c.n, c.din, c.dout, c.num_cat, c.num_orbits),
           "sep_forward");
    else
        ok(sk_orbit_linear_forward(y, x, w, bb, cat, orb, c.batch, c.n, c.din, c.dout, c.num_cat, c.num_orbits),
           "forward");
    return y.read();
}

struct GradsOut {
    std::vector<float> dx, dalpha, dw, dbias;
};

/* Backward with dy; the += outputs start from `prefill` (same value everywhere). */
GradsOut backward(int32_t dev, const Case& c, bool sep, const Params& p, const std::vector<float>& dy,
                  float prefill = 0.0f) {
    Buf x(dev, p.x), a(dev, p.alpha), w(dev, p.w), cat(dev, c.cat), orb(dev, c.orbit), g(dev, dy);
    Buf dx(dev, c.batch * c.n * c.din * 4);
    Buf da(dev, std::vector<float>((size_t)c.num_cat, prefill));
    Buf dw(dev, std::vector<float>((size_t)w_count(c, sep), prefill));
    Buf db(dev, std::vector<float>((size_t)(c.num_orbits * c.dout), prefill));
    sk_buffer* dbb = c.bias ? (sk_buffer*)db : nullptr;
    if (sep)
        ok(sk_orbit_linear_sep_backward(dx, da, dw, dbb, g, x, a, w, cat, orb, c.batch, c.n, c.din, c.dout, c.num_cat,
                                        c.num_orbits),
           "sep_backward");
    else
        ok(sk_orbit_linear_backward(dx, dw, dbb, g, x, w, cat, orb, c.batch, c.n, c.din, c.dout, c.num_cat,
                                    c.num_orbits),
           "backward");
    return {dx.read(), da.read(), dw.read(), db.read()};
}

std::string label(const Case& c, bool sep, const char* what) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s %s B=%lld n=%lld din=%lld dout=%lld K=%lld", sep ? "sep" : "full", what,
                  (long long)c.batch, (long long)c.n, (long long)c.din, (long long)c.dout, (long long)c.num_cat);
    return buf;
}

void gradchecks(const Case& c, bool sep) {
    Params p = params(c, sep);
    std::vector<float> r = randn(c.batch * c.n * c.dout);
    GradsOut g = backward(SK_DEVICE_CPU, c, sep, p, r);
    const double h = 1e-2, tol = 2e-3, eps = 2e-3;
    gradcheck(label(c, sep, "dx").c_str(), p.x, r, [&](const std::vector<float>& v) {
        Params q = p;
        q.x = v;
        return forward(SK_DEVICE_CPU, c, sep, q);
    }, g.dx, h, tol, eps);
    gradcheck(label(c, sep, "dw").c_str(), p.w, r, [&](const std::vector<float>& v) {
        Params q = p;
        q.w = v;
        return forward(SK_DEVICE_CPU, c, sep, q);
    }, g.dw, h, tol, eps);
    if (sep)
        gradcheck(label(c, sep, "dalpha").c_str(), p.alpha, r, [&](const std::vector<float>& v) {
            Params q = p;
            q.alpha = v;
            return forward(SK_DEVICE_CPU, c, sep, q);
        }, g.dalpha, h, tol, eps);
    if (c.bias)
        gradcheck(label(c, sep, "dbias").c_str(), p.bias, r, [&](const std::vector<float>& v) {
            Params q = p;
            q.bias = v;
            return forward(SK_DEVICE_CPU, c, sep, q);
        }, g.dbias, h, tol, eps);
    /* += rule: a prefilled dW / dalpha / dbias receives prefill + gradient; dx is overwritten */
    GradsOut g2 = backward(SK_DEVICE_CPU, c, sep, p, r, 0.75f);
    auto shifted = [](const std::vector<float>& v) {
        std::vector<double> s(v.size());
        for (size_t i = 0; i < v.size(); ++i) s[i] = v[i] + 0.75;
        return s;
    };
    validate(label(c, sep, "dw accumulates").c_str(), g2.dw, shifted(g.dw), 1e-5, 1e-5);
    if (sep) validate(label(c, sep, "dalpha accumulates").c_str(), g2.dalpha, shifted(g.dalpha), 1e-5, 1e-5);
    if (c.bias) validate(label(c, sep, "dbias accumulates").c_str(), g2.dbias, shifted(g.dbias), 1e-5, 1e-5);
    validate(label(c, sep, "dx overwrites").c_str(), g2.dx, std::vector<double>(g.dx.begin(), g.dx.end()), 0, 0);
}

std::vector<Case> forward_cases() {
    std::vector<Case> cs = {random_case(1, 1, 1, 1, 1, true),   random_case(2, 5, 3, 4, 4, true),
                            random_case(3, 7, 17, 9, 30, false), random_case(0, 4, 3, 2, 3, true),
                            random_case(2, 0, 3, 2, 3, true),    random_case(1, 10, 33, 65, 100, true),
                            random_case(4, 12, 8, 0, 5, true)};
    cs.push_back(dihedral_case(3, 10, 16, 24));
    cs.push_back(dihedral_case(1, 7, 5, 3));
    return cs;
}

void cpu_checks() {
    for (bool sep : {false, true})
        for (const Case& c : forward_cases()) {
            Params p = params(c, sep);
            validate(label(c, sep, "forward").c_str(), forward(SK_DEVICE_CPU, c, sep, p),
                     reference(c, sep, p.x, p.alpha, p.w, p.bias), 1e-4, 1e-4);
        }
    for (bool sep : {false, true}) {
        gradchecks(random_case(2, 5, 3, 4, 4, true), sep);
        gradchecks(random_case(1, 1, 2, 3, 1, true), sep);
        gradchecks(random_case(2, 6, 2, 3, 30, false), sep);
        gradchecks(dihedral_case(2, 7, 3, 2), sep);
    }

    /* error paths */
    Case c = random_case(2, 4, 3, 2, 5, true);
    Params p = params(c, false);
    std::vector<int32_t> bad_cat = c.cat;
    bad_cat[13] = 5;
    Buf x(SK_DEVICE_CPU, p.x), w(SK_DEVICE_CPU, p.w), bias(SK_DEVICE_CPU, p.bias), cat(SK_DEVICE_CPU, c.cat),
        badc(SK_DEVICE_CPU, bad_cat), orb(SK_DEVICE_CPU, c.orbit), y(SK_DEVICE_CPU, 2 * 4 * 2 * 4),
        dx(SK_DEVICE_CPU, 2 * 4 * 3 * 4), a(SK_DEVICE_CPU, randn(5));
    std::vector<int32_t> bad_orb = c.orbit;
    bad_orb[2] = -1;
    Buf bado(SK_DEVICE_CPU, bad_orb);
    expect_error(sk_orbit_linear_forward(y, x, w, bias, badc, orb, 2, 4, 3, 2, 5, 3), SK_ERR_ARG,
                 "cat[13] = 5 is outside [0, 5)", "category out of range");
    expect_error(sk_orbit_linear_sep_forward(y, x, a, w, bias, badc, orb, 2, 4, 3, 2, 5, 3), SK_ERR_ARG,
                 "orbit_linear_sep_forward: cat[13] = 5", "sep category out of range");
    expect_error(sk_orbit_linear_backward(dx, nullptr, nullptr, y, x, w, badc, orb, 2, 4, 3, 2, 5, 3), SK_ERR_ARG,
                 "orbit_linear_backward: cat[13] = 5", "backward category out of range");
    expect_error(sk_orbit_linear_forward(y, x, w, bias, cat, bado, 2, 4, 3, 2, 5, 3), SK_ERR_ARG,
                 "node_orbit[2] = -1 is outside [0, 3)", "node orbit out of range");
    ok(sk_orbit_linear_forward(y, x, w, nullptr, cat, bado, 2, 4, 3, 2, 5, 3), "node_orbit unused without bias");
    expect_error(sk_orbit_linear_forward(y, x, w, bias, cat, nullptr, 2, 4, 3, 2, 5, 3), SK_ERR_ARG,
                 "'node_orbit' is NULL", "bias needs node_orbit");
    expect_error(sk_orbit_linear_forward(y, x, w, bias, cat, orb, 2, -4, 3, 2, 5, 3), SK_ERR_SHAPE,
                 "n = -4 is negative", "negative n");
    expect_error(sk_orbit_linear_forward(y, x, w, bias, cat, orb, 2, 4, 3, 2, 0, 3), SK_ERR_SHAPE,
                 "num_cat = 0", "no categories");
    expect_error(sk_orbit_linear_forward(y, x, w, bias, cat, orb, 2, 4, 3, 2, 6, 3), SK_ERR_SHAPE,
                 "buffer 'w' holds", "w too small for K");
    expect_error(sk_orbit_linear_forward(y, nullptr, w, bias, cat, orb, 2, 4, 3, 2, 5, 3), SK_ERR_ARG,
                 "'x' is NULL", "NULL x");
}

void cuda_checks(int32_t dev) {
    for (bool sep : {false, true})
        for (const Case& c : forward_cases()) {
            Params p = params(c, sep);
            std::vector<float> dy = randn(c.batch * c.n * c.dout);
            validate(label(c, sep, "cuda forward vs cpu").c_str(), forward(dev, c, sep, p),
                     forward(SK_DEVICE_CPU, c, sep, p), 1e-5, 1e-4);
            GradsOut gc = backward(SK_DEVICE_CPU, c, sep, p, dy, 0.5f), gg = backward(dev, c, sep, p, dy, 0.5f);
            validate(label(c, sep, "cuda dx vs cpu").c_str(), gg.dx, gc.dx, 1e-4, 1e-4);
            validate(label(c, sep, "cuda dw vs cpu").c_str(), gg.dw, gc.dw, 1e-4, 1e-4);
            validate(label(c, sep, "cuda dalpha vs cpu").c_str(), gg.dalpha, gc.dalpha, 1e-4, 1e-4);
            validate(label(c, sep, "cuda dbias vs cpu").c_str(), gg.dbias, gc.dbias, 1e-4, 1e-4);
        }
    /* error path on the device */
    Case c = random_case(2, 4, 3, 2, 5, true);
    c.cat[7] = 9;
    Params p = params(c, false);
    Buf x(dev, p.x), w(dev, p.w), cat(dev, c.cat), orb(dev, c.orbit), y(dev, 2 * 4 * 2 * 4);
    expect_error(sk_orbit_linear_forward(y, x, w, nullptr, cat, orb, 2, 4, 3, 2, 5, 3), SK_ERR_ARG,
                 "cat[7] = 9 is outside [0, 5)", "cuda category out of range");
    if (skip_timings(dev)) return;
    /* timing: B = 64, n = 10 (dihedral), din = dout = 128 */
    Case t = dihedral_case(64, 10, 128, 128);
    for (bool sep : {false, true}) {
        Params q = params(t, sep);
        Buf bx(dev, q.x), ba(dev, q.alpha), bw(dev, q.w), bb(dev, q.bias), bc(dev, t.cat), bo(dev, t.orbit),
            by(dev, 64 * 10 * 128 * 4);
        double ms = time_ms(dev, 20, [&] {
            if (sep) sk_orbit_linear_sep_forward(by, bx, ba, bw, bb, bc, bo, 64, 10, 128, 128, t.num_cat, t.num_orbits);
            else sk_orbit_linear_forward(by, bx, bw, bb, bc, bo, 64, 10, 128, 128, t.num_cat, t.num_orbits);
        });
        /* napkin math: full does 2 B n^2 din dout flops directly; separable 2 B n din dout + 2 B n^2 dout */
        double flops = sep ? 2.0 * 64 * 10 * 128 * 128 + 2.0 * 64 * 100 * 128 : 2.0 * 64 * 100 * 128 * 128;
        std::printf("orbit_linear %s forward B=64 n=10 din=dout=128: %.4f ms (incl. table check), %.1f GFLOP/s\n",
                    sep ? "sep" : "full", ms, flops / ms / 1e6);
    }
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "orbit_linear_test");
    if (dev == SK_DEVICE_CPU) cpu_checks();
    else cuda_checks(dev);
    return finish();
}
