/* kernels-test/embedding_test.cpp — K12 embedding lookup with optional differentiable max-norm.
 *   cpu : forward vs a float64 reference with the scaling off (max_norm 0, -1, +inf, NaN) and on (rows
 *         above, below and at zero norm; repeated indices; n, num, dim of 0 / 1 / odd sizes); the table is
 *         not modified; backward vs the float64 formula dtable += J_k G_k (accumulating into a non-zero
 *         dtable, untouched rows stay untouched) and vs central finite differences with respect to the
 *         table; repeated runs bit-identical; error paths (index out of range names position and value,
 *         negative sizes, NULL / short buffers).
 *   cuda: the same inputs on CUDA vs the CPU, bit-identical repeats on the device, the same index error
 *         message, then timings (GB/s).
 *   ./embedding_test cpu | ./embedding_test cuda */
#include <algorithm>

#include "harness.h"

using namespace harness;

namespace {
struct Case {
    int64_t n, num, dim;
    std::string str() const {
        return "n " + std::to_string(n) + " num " + std::to_string(num) + " dim " + std::to_string(dim);
    }
};
const Case kCases[] = {{1, 1, 1}, {0, 3, 2}, {5, 3, 0}, {7, 2, 3},  {13, 9, 1},      {40, 11, 17},
                       {33, 64, 100}, {1000, 81, 64}, {4096, 500, 33}, {2, 1, 1000}};
const float kOff[] = {0.0f, -1.0f, INFINITY, NAN};
const float kMaxNorm = 1.25f;

/* Rows with norms drawn from {0, 0.5, 1.0, 2.0, 4.0} (max_norm 1.25 clips the last two): away from the
 * kink at ||e|| = max_norm by much more than the finite-difference step. */
std::vector<float> table_rows(int64_t num, int64_t dim) {
    const double norms[] = {0.0, 0.5, 1.0, 2.0, 4.0};
    std::vector<float> t = randn(num * dim);
    std::uniform_int_distribution<int> pick(0, 4);
    for (int64_t k = 0; k < num; ++k) {
        double s = 0;
        for (int64_t d = 0; d < dim; ++d) s += (double)t[(size_t)(k * dim + d)] * t[(size_t)(k * dim + d)];
        const double want = norms[pick(rng())], scale = s > 0 ? want / std::sqrt(s) : 0.0;
        for (int64_t d = 0; d < dim; ++d) t[(size_t)(k * dim + d)] = (float)(t[(size_t)(k * dim + d)] * scale);
    }
    return t;
}

bool scaling_on(float m) { return m > 0 && std::isfinite(m); }

double ref_scale(const std::vector<float>& t, int64_t k, int64_t dim, float m) {
    double s = 0;
    for (int64_t d = 0; d < dim; ++d) s += (double)t[(size_t)(k * dim + d)] * t[(size_t)(k * dim + d)];
    return scaling_on(m) && std::sqrt(s) > m ? m / std::sqrt(s) : 1.0;
}

std::vector<double> ref_forward(const std::vector<float>& t, const std::vector<int32_t>& idx, int64_t dim, float m) {
    std::vector<double> y(idx.size() * (size_t)dim);
    for (size_t r = 0; r < idx.size(); ++r) {
        const double c = ref_scale(t, idx[r], dim, m);
        for (int64_t d = 0; d < dim; ++d) y[r * dim + d] = c * t[(size_t)(idx[r] * dim + d)];
    }
    return y;
}

/* dtable0 + J_k G_k, with J = c (I - e e^T / ||e||^2) for clipped rows, written out independently. */
std::vector<double> ref_backward(const std::vector<float>& dt0, const std::vector<float>& dy, const std::vector<float>& t,
                                 const std::vector<int32_t>& idx, int64_t num, int64_t dim, float m) {
    std::vector<double> out(dt0.begin(), dt0.end()), G((size_t)(num * dim), 0.0);
    for (size_t r = 0; r < idx.size(); ++r)
        for (int64_t d = 0; d < dim; ++d) G[(size_t)(idx[r] * dim + d)] += dy[r * dim + d];
    std::vector<bool> used((size_t)num, false);
    for (int32_t k : idx) used[(size_t)k] = true;
    for (int64_t k = 0; k < num; ++k) {
        if (!used[(size_t)k]) continue;
        const double c = ref_scale(t, k, dim, m);
        double nsq = 0;
        for (int64_t d = 0; d < dim; ++d) {
            const double e = t[(size_t)(k * dim + d)];
            nsq += e * e;
        }
        for (int64_t i = 0; i < dim; ++i) {
            double v = 0;   /* sum_j J[i][j] G_j */
            for (int64_t j = 0; j < dim; ++j) {
                const double ei = t[(size_t)(k * dim + i)], ej = t[(size_t)(k * dim + j)];
                const double J = c < 1.0 ? c * ((i == j ? 1.0 : 0.0) - ei * ej / nsq) : (i == j ? 1.0 : 0.0);
                v += J * G[(size_t)(k * dim + j)];
            }
            out[(size_t)(k * dim + i)] += v;
        }
    }
    return out;
}

std::vector<float> forward(int32_t dev, const std::vector<float>& t, const std::vector<int32_t>& idx, int64_t num,
                           int64_t dim, float m, const std::string& what) {
    const int64_t n = (int64_t)idx.size();
    Buf bt(dev, t), bi(dev, idx), by(dev, std::vector<float>((size_t)(n * dim), 7.0f));
    ok(sk_embedding_forward(by, bt, bi, n, num, dim, m), what.c_str());
    check(t == bt.read(), (what + ": table unchanged").c_str());
    return by.read();
}

std::vector<float> backward(int32_t dev, const std::vector<float>& dt0, const std::vector<float>& dy,
                            const std::vector<float>& t, const std::vector<int32_t>& idx, int64_t num, int64_t dim,
                            float m, const std::string& what) {
    Buf bdt(dev, dt0), bdy(dev, dy), bt(dev, t), bi(dev, idx);
    ok(sk_embedding_backward(bdt, bdy, bt, bi, (int64_t)idx.size(), num, dim, m), what.c_str());
    return bdt.read();
}

std::string mstr(float m) {
    char b[32];
    std::snprintf(b, sizeof b, "max_norm %g", m);
    return b;
}

void cpu_checks() {
    for (const Case& c : kCases) {
        std::vector<float> t = table_rows(c.num, c.dim), dt0 = randn(c.num * c.dim);
        std::vector<int32_t> idx = random_index(c.n, c.num);
        std::vector<float> ms(std::begin(kOff), std::end(kOff));
        ms.push_back(kMaxNorm);
        for (float m : ms) {
            std::string what = "embedding forward " + mstr(m) + " " + c.str();
            validate(what.c_str(), forward(SK_DEVICE_CPU, t, idx, c.num, c.dim, m, what), ref_forward(t, idx, c.dim, m),
                     1e-6, 1e-6);
            if (c.dim > 200) continue;   /* the reference is O(dim^2) per row */
            std::vector<float> dy = randn(c.n * c.dim);
            what = "embedding backward " + mstr(m) + " " + c.str();
            std::vector<float> got = backward(SK_DEVICE_CPU, dt0, dy, t, idx, c.num, c.dim, m, what);
            validate(what.c_str(), got, ref_backward(dt0, dy, t, idx, c.num, c.dim, m), 1e-5, 1e-5);
            check(same_bits(got, backward(SK_DEVICE_CPU, dt0, dy, t, idx, c.num, c.dim, m, what)),
                  (what + ": repeat is bit-identical").c_str());
        }
    }
    /* explicit: e = (3, 4) (norm 5), max_norm 1 -> y = (0.6, 0.8); with G = (1, 0):
     * J G = (1/5) ((1, 0) - (3, 4) * 3 / 25) = (0.2 * 16/25, -0.2 * 12/25) = (0.128, -0.096) */
    {
        std::vector<float> t = {3, 4, 0.3f, 0.4f};
        validate("explicit clipped row", forward(SK_DEVICE_CPU, t, {0, 1}, 2, 2, 1.0f, "explicit"),
                 std::vector<double>{0.6, 0.8, 0.3, 0.4}, 1e-7, 1e-6);
        validate("explicit gradient of the scaling",
                 backward(SK_DEVICE_CPU, {0, 0, 0, 0}, {1, 0, 1, 0}, t, {0, 1}, 2, 2, 1.0f, "explicit"),
                 std::vector<double>{0.128, -0.096, 1, 0}, 1e-7, 1e-6);
    }
    /* finite differences with respect to the table (repeated indices, clipped and unclipped rows) */
    for (const Case& c : {Case{9, 5, 3}, Case{4, 4, 1}, Case{12, 3, 7}}) {
        for (float m : {0.0f, kMaxNorm}) {
            std::vector<float> t = table_rows(c.num, c.dim), r = randn(c.n * c.dim);
            std::vector<int32_t> idx = random_index(c.n, c.num);
            std::string what = "embedding backward vs finite differences " + mstr(m) + " " + c.str();
            auto f = [&](const std::vector<float>& ts) { return forward(SK_DEVICE_CPU, ts, idx, c.num, c.dim, m, what); };
            gradcheck(what.c_str(), t, r, f,
                      backward(SK_DEVICE_CPU, std::vector<float>(t.size(), 0.0f), r, t, idx, c.num, c.dim, m, what),
                      1e-3, 2e-3, 2e-3);
        }
    }

    /* error paths */
    Buf t(SK_DEVICE_CPU, std::vector<float>(8, 1.0f)), y(SK_DEVICE_CPU, std::vector<float>(6, 5.0f)),
        bad(SK_DEVICE_CPU, std::vector<int32_t>{1, 4, 0}), good(SK_DEVICE_CPU, std::vector<int32_t>{1, 3, 0}),
        small(SK_DEVICE_CPU, 4);
    expect_error(sk_embedding_forward(y, t, bad, 3, 4, 2, 1.0f), SK_ERR_ARG,
                 "embedding_forward: idx[1] = 4 is outside [0, 4)", "forward index out of range");
    check(same_bits(y.read(), std::vector<float>(6, 5.0f)), "forward error leaves y untouched");
    expect_error(sk_embedding_backward(t, y, t, bad, 3, 4, 2, 1.0f), SK_ERR_ARG,
                 "embedding_backward: idx[1] = 4 is outside [0, 4)", "backward index out of range");
    check(same_bits(t.read(), std::vector<float>(8, 1.0f)), "backward error leaves dtable untouched");
    expect_error(sk_embedding_forward(y, t, good, -3, 4, 2, 0.0f), SK_ERR_SHAPE, "n = -3 is negative", "negative n");
    expect_error(sk_embedding_forward(y, t, good, 3, -4, 2, 0.0f), SK_ERR_SHAPE, "num = -4 is negative", "negative num");
    expect_error(sk_embedding_backward(t, y, t, good, 3, 4, -2, 0.0f), SK_ERR_SHAPE,
                 "embedding_backward: dim = -2 is negative", "negative dim");
    expect_error(sk_embedding_forward(small, t, good, 3, 4, 2, 0.0f), SK_ERR_SHAPE, "buffer 'y' holds 4 bytes", "short y");
    expect_error(sk_embedding_backward(small, y, t, good, 3, 4, 2, 0.0f), SK_ERR_SHAPE, "buffer 'dtable' holds 4 bytes",
                 "short dtable");
    expect_error(sk_embedding_forward(y, nullptr, good, 3, 4, 2, 0.0f), SK_ERR_ARG, "'table' is NULL", "NULL table");
    expect_error(sk_embedding_backward(t, y, t, good, (int64_t)INT32_MAX + 1, 4, 0, 0.0f), SK_ERR_SHAPE,
                 "above INT32_MAX", "n above INT32_MAX");
}

void cuda_checks(int32_t dev) {
    for (const Case& c : kCases) {
        std::vector<float> t = table_rows(c.num, c.dim), dt0 = randn(c.num * c.dim), dy = randn(c.n * c.dim);
        std::vector<int32_t> idx = random_index(c.n, c.num);
        for (float m : {0.0f, INFINITY, kMaxNorm}) {
            std::string what = "cuda embedding forward vs cpu " + mstr(m) + " " + c.str();
            validate(what.c_str(), forward(dev, t, idx, c.num, c.dim, m, what),
                     forward(SK_DEVICE_CPU, t, idx, c.num, c.dim, m, what), 1e-6, 1e-6);
            what = "cuda embedding backward vs cpu " + mstr(m) + " " + c.str();
            std::vector<float> got = backward(dev, dt0, dy, t, idx, c.num, c.dim, m, what);
            validate(what.c_str(), got, backward(SK_DEVICE_CPU, dt0, dy, t, idx, c.num, c.dim, m, what), 1e-5, 1e-5);
            check(same_bits(got, backward(dev, dt0, dy, t, idx, c.num, c.dim, m, what)),
                  (what + ": repeat is bit-identical").c_str());
        }
    }
    {
        Buf t(dev, std::vector<float>(8, 1.0f)), y(dev, 24), bad(dev, std::vector<int32_t>{1, 4, 0});
        expect_error(sk_embedding_forward(y, t, bad, 3, 4, 2, 1.0f), SK_ERR_ARG,
                     "embedding_forward: idx[1] = 4 is outside [0, 4)", "cuda forward index out of range");
        expect_error(sk_embedding_backward(t, y, t, bad, 3, 4, 2, 1.0f), SK_ERR_ARG,
                     "embedding_backward: idx[1] = 4 is outside [0, 4)", "cuda backward index out of range");
    }
    if (skip_timings(dev)) return;
    /* timings; napkin math: forward reads the looked-up rows and writes y (8 B per output element);
     * backward reads dy and read-modify-writes the touched table rows */
    for (const Case& c : {Case{1 << 20, 50000, 128}, Case{1 << 16, 82, 64}}) {
        Buf t(dev, table_rows(c.num, c.dim)), bi(dev, random_index(c.n, c.num)), y(dev, c.n * c.dim * 4),
            dt(dev, c.num * c.dim * 4);
        for (float m : {0.0f, kMaxNorm}) {
            double ms = time_ms(dev, 20, [&] { sk_embedding_forward(y, t, bi, c.n, c.num, c.dim, m); });
            std::printf("embedding forward %s (%s): %.4f ms, %.1f GB/s\n", mstr(m).c_str(), c.str().c_str(), ms,
                        8.0 * c.n * c.dim / ms / 1e6);
            ms = time_ms(dev, 20, [&] { sk_embedding_backward(dt, y, t, bi, c.n, c.num, c.dim, m); });
            std::printf("embedding backward %s (%s): %.4f ms, %.1f GB/s\n", mstr(m).c_str(), c.str().c_str(), ms,
                        (4.0 * c.n * c.dim + 8.0 * c.num * c.dim) / ms / 1e6);
        }
    }
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "embedding_test");
    if (dev == SK_DEVICE_CPU) cpu_checks();
    else cuda_checks(dev);
    return finish();
}
