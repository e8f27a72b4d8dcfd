/* kernels-test/egnn_edge_test.cpp — K15 egnn_edge (d2, diff) and egnn_coord (coordinate update): forward
 * vs float64 references on odd shapes (n = 1, dim = 1, empty batch), every backward vs central finite
 * differences (with and without the optional diff / dd2 / ddiff buffers), error paths (cpu); CUDA vs CPU
 * and timings (cuda).
 *   ./egnn_edge_test cpu | ./egnn_edge_test cuda */
#include "harness.h"

using namespace harness;

namespace {
struct Shape {
    int64_t batch, n, dim;
    int64_t nx() const { return batch * n * dim; }
    int64_t np() const { return batch * n * n; }
    int64_t nd() const { return batch * n * n * dim; }
};

/* d2 (np) followed by diff (nd). */
std::vector<double> ref_edge(const Shape& s, const std::vector<float>& x) {
    std::vector<double> out((size_t)(s.np() + s.nd()));
    for (int64_t b = 0; b < s.batch; ++b)
        for (int64_t i = 0; i < s.n; ++i)
            for (int64_t j = 0; j < s.n; ++j) {
                double acc = 0;
                for (int64_t c = 0; c < s.dim; ++c) {
                    double v = (double)x[(size_t)((b * s.n + i) * s.dim + c)] - x[(size_t)((b * s.n + j) * s.dim + c)];
                    acc += v * v;
                    out[(size_t)(s.np() + ((b * s.n + i) * s.n + j) * s.dim + c)] = v;
                }
                out[(size_t)((b * s.n + i) * s.n + j)] = acc;
            }
    return out;
}

std::vector<double> ref_coord(const Shape& s, const std::vector<float>& x, const std::vector<float>& phi, double scale) {
    std::vector<double> out((size_t)s.nx());
    for (int64_t b = 0; b < s.batch; ++b)
        for (int64_t i = 0; i < s.n; ++i)
            for (int64_t c = 0; c < s.dim; ++c) {
                const double xi = x[(size_t)((b * s.n + i) * s.dim + c)];
                double acc = 0;
                for (int64_t j = 0; j < s.n; ++j)
                    if (j != i) acc += (xi - x[(size_t)((b * s.n + j) * s.dim + c)]) * phi[(size_t)((b * s.n + i) * s.n + j)];
                out[(size_t)((b * s.n + i) * s.dim + c)] = xi + scale * acc;
            }
    return out;
}

/* d2 followed by diff (diff skipped -> only d2 when !with_diff). */
std::vector<float> edge_fwd(int32_t dev, const Shape& s, const std::vector<float>& x, bool with_diff) {
    Buf bx(dev, x), d2(dev, s.np() * 4), diff(dev, s.nd() * 4);
    ok(sk_egnn_edge_forward(d2, with_diff ? (sk_buffer*)diff : nullptr, bx, s.batch, s.n, s.dim), "edge_forward");
    std::vector<float> o = d2.read();
    if (with_diff) {
        std::vector<float> d = diff.read();
        o.insert(o.end(), d.begin(), d.end());
    }
    return o;
}

std::vector<float> edge_bwd(int32_t dev, const Shape& s, const std::vector<float>& x, const std::vector<float>& dd2,
                            const std::vector<float>& ddiff) {
    Buf bx(dev, x), g2(dev, dd2), gd(dev, ddiff), dx(dev, std::vector<float>((size_t)s.nx(), 9.0f));
    ok(sk_egnn_edge_backward(dx, dd2.empty() ? nullptr : (sk_buffer*)g2, ddiff.empty() ? nullptr : (sk_buffer*)gd, bx,
                             s.batch, s.n, s.dim),
       "edge_backward");
    return dx.read();
}

std::vector<float> coord_fwd(int32_t dev, const Shape& s, const std::vector<float>& x, const std::vector<float>& phi,
                             float scale) {
    Buf bx(dev, x), bp(dev, phi), out(dev, s.nx() * 4);
    ok(sk_egnn_coord_forward(out, bx, bp, s.batch, s.n, s.dim, scale), "coord_forward");
    return out.read();
}

void coord_bwd(int32_t dev, const Shape& s, const std::vector<float>& x, const std::vector<float>& phi, float scale,
               const std::vector<float>& g, std::vector<float>* dx, std::vector<float>* dphi) {
    Buf bx(dev, x), bp(dev, phi), bg(dev, g), bdx(dev, std::vector<float>((size_t)s.nx(), 9.0f)),
        bdp(dev, std::vector<float>((size_t)s.np(), 9.0f));
    ok(sk_egnn_coord_backward(dx ? (sk_buffer*)bdx : nullptr, dphi ? (sk_buffer*)bdp : nullptr, bg, bx, bp, s.batch, s.n,
                              s.dim, scale),
       "coord_backward");
    if (dx) *dx = bdx.read();
    if (dphi) *dphi = bdp.read();
}

std::string label(const Shape& s, const char* what) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s B=%lld n=%lld dim=%lld", what, (long long)s.batch, (long long)s.n, (long long)s.dim);
    return buf;
}

float mean_scale(const Shape& s) { return s.n > 1 ? 1.0f / (float)(s.n - 1) : 0.0f; }

void cpu_checks() {
    const Shape shapes[] = {{1, 1, 3}, {2, 5, 3}, {3, 7, 1}, {0, 4, 3}, {1, 10, 2}, {2, 33, 3}, {1, 4, 0}};
    for (const Shape& s : shapes) {
        std::vector<float> x = randn(s.nx()), phi = randn(s.np());
        validate(label(s, "d2+diff forward").c_str(), edge_fwd(SK_DEVICE_CPU, s, x, true), ref_edge(s, x), 1e-5, 1e-5);
        std::vector<double> d2only = ref_edge(s, x);
        d2only.resize((size_t)s.np());
        validate(label(s, "d2 forward without diff").c_str(), edge_fwd(SK_DEVICE_CPU, s, x, false), d2only, 1e-5, 1e-5);
        validate(label(s, "coord forward").c_str(), coord_fwd(SK_DEVICE_CPU, s, x, phi, mean_scale(s)),
                 ref_coord(s, x, phi, mean_scale(s)), 1e-5, 1e-5);
    }
    const Shape fd_shapes[] = {{1, 1, 3}, {2, 5, 3}, {1, 7, 2}};
    for (const Shape& s : fd_shapes) {
        std::vector<float> x = randn(s.nx()), phi = randn(s.np());
        const double h = 1e-2, tol = 2e-3, eps = 2e-3;
        /* egnn_edge: project d2 and diff together, then d2 alone, then diff alone */
        std::vector<float> r = randn(s.np() + s.nd());
        std::vector<float> r2(r.begin(), r.begin() + s.np()), rd(r.begin() + s.np(), r.end());
        auto f = [&](const std::vector<float>& v) { return edge_fwd(SK_DEVICE_CPU, s, v, true); };
        gradcheck(label(s, "edge dx (dd2 + ddiff)").c_str(), x, r, f, edge_bwd(SK_DEVICE_CPU, s, x, r2, rd), h, tol, eps);
        std::vector<float> r_d2 = r, r_diff = r;
        std::fill(r_d2.begin() + s.np(), r_d2.end(), 0.0f);
        std::fill(r_diff.begin(), r_diff.begin() + s.np(), 0.0f);
        gradcheck(label(s, "edge dx (dd2 only)").c_str(), x, r_d2, f, edge_bwd(SK_DEVICE_CPU, s, x, r2, {}), h, tol, eps);
        gradcheck(label(s, "edge dx (ddiff only)").c_str(), x, r_diff, f, edge_bwd(SK_DEVICE_CPU, s, x, {}, rd), h, tol,
                  eps);
        /* egnn_coord */
        const float scale = s.n > 1 ? mean_scale(s) : 0.7f;
        std::vector<float> g = randn(s.nx()), dx, dphi, dx_only, dphi_only;
        coord_bwd(SK_DEVICE_CPU, s, x, phi, scale, g, &dx, &dphi);
        gradcheck(label(s, "coord dx").c_str(), x, g,
                  [&](const std::vector<float>& v) { return coord_fwd(SK_DEVICE_CPU, s, v, phi, scale); }, dx, h, tol, eps);
        gradcheck(label(s, "coord dphi").c_str(), phi, g,
                  [&](const std::vector<float>& v) { return coord_fwd(SK_DEVICE_CPU, s, x, v, scale); }, dphi, h, tol, eps);
        coord_bwd(SK_DEVICE_CPU, s, x, phi, scale, g, &dx_only, nullptr);
        coord_bwd(SK_DEVICE_CPU, s, x, phi, scale, g, nullptr, &dphi_only);
        validate(label(s, "coord dx alone").c_str(), dx_only, std::vector<double>(dx.begin(), dx.end()), 0, 0);
        validate(label(s, "coord dphi alone").c_str(), dphi_only, std::vector<double>(dphi.begin(), dphi.end()), 0, 0);
    }
    /* error paths */
    Buf x(SK_DEVICE_CPU, 2 * 3 * 3 * 4), d2(SK_DEVICE_CPU, 2 * 3 * 3 * 4), small(SK_DEVICE_CPU, 8);
    expect_error(sk_egnn_edge_forward(d2, nullptr, x, 2, -3, 3), SK_ERR_SHAPE, "n = -3 is negative", "negative n");
    expect_error(sk_egnn_edge_forward(d2, small, x, 2, 3, 3), SK_ERR_SHAPE, "buffer 'diff' holds 8 bytes", "small diff");
    expect_error(sk_egnn_edge_forward(nullptr, nullptr, x, 2, 3, 3), SK_ERR_ARG, "'d2' is NULL", "NULL d2");
    expect_error(sk_egnn_coord_forward(x, x, small, 2, 3, 3, 0.5f), SK_ERR_SHAPE, "buffer 'phi' holds 8 bytes",
                 "small phi");
    expect_error(sk_egnn_coord_backward(x, nullptr, nullptr, x, d2, 2, 3, 3, 0.5f), SK_ERR_ARG, "'dxout' is NULL",
                 "NULL dxout");
}

void cuda_checks(int32_t dev) {
    const Shape shapes[] = {{1, 1, 3}, {2, 5, 3}, {3, 7, 1}, {4, 33, 3}, {2, 100, 3}, {1, 300, 7}};
    for (const Shape& s : shapes) {
        std::vector<float> x = randn(s.nx()), phi = randn(s.np()), dd2 = randn(s.np()), dd = randn(s.nd()),
                           g = randn(s.nx());
        validate(label(s, "cuda edge forward vs cpu").c_str(), edge_fwd(dev, s, x, true), edge_fwd(SK_DEVICE_CPU, s, x, true),
                 1e-5, 1e-5);
        validate(label(s, "cuda edge backward vs cpu").c_str(), edge_bwd(dev, s, x, dd2, dd),
                 edge_bwd(SK_DEVICE_CPU, s, x, dd2, dd), 1e-4, 1e-4);
        validate(label(s, "cuda coord forward vs cpu").c_str(), coord_fwd(dev, s, x, phi, mean_scale(s)),
                 coord_fwd(SK_DEVICE_CPU, s, x, phi, mean_scale(s)), 1e-5, 1e-5);
        std::vector<float> dxc, dpc, dxg, dpg;
        coord_bwd(SK_DEVICE_CPU, s, x, phi, 0.3f, g, &dxc, &dpc);
        coord_bwd(dev, s, x, phi, 0.3f, g, &dxg, &dpg);
        validate(label(s, "cuda coord dx vs cpu").c_str(), dxg, dxc, 1e-4, 1e-4);
        validate(label(s, "cuda coord dphi vs cpu").c_str(), dpg, dpc, 1e-5, 1e-4);
    }
    if (skip_timings(dev)) return;
    const Shape s{64, 100, 3};
    Buf x(dev, randn(s.nx())), d2(dev, s.np() * 4), phi(dev, randn(s.np())), out(dev, s.nx() * 4);
    double fe = time_ms(dev, 20, [&] { sk_egnn_edge_forward(d2, nullptr, x, s.batch, s.n, s.dim); });
    double fc = time_ms(dev, 20, [&] { sk_egnn_coord_forward(out, x, phi, s.batch, s.n, s.dim, 0.01f); });
    /* napkin math: both are bound by the (B, n, n) pair map: 4 bytes written / read per pair */
    std::printf("egnn B=64 n=100 dim=3: d2 forward %.4f ms (%.1f GB/s), coord forward %.4f ms (%.1f GB/s)\n", fe,
                4.0 * s.np() / fe / 1e6, fc, 4.0 * s.np() / fc / 1e6);
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "egnn_edge_test");
    if (dev == SK_DEVICE_CPU) cpu_checks();
    else cuda_checks(dev);
    return finish();
}
