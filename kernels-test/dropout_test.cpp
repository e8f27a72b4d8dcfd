/* kernels-test/dropout_test.cpp — K6 dropout and the Philox random streams.
 *   cpu : the shared Philox4x32-10 (native/src/philox.h) against the Random123 known-answer vectors; the
 *         library streams element by element against an independent Philox written here (uniform words
 *         exactly, normals against a float64 Box-Muller); statistics of 1e6 uniforms / normals; dropout
 *         mask values, keep rate and scaling; prefix and offset properties; backward = dy * mask exactly
 *         and against finite differences; error paths.
 *   cuda: every stream and dropout output bit-identical to the CPU, then timings (GB/s).
 *   ./dropout_test cpu | ./dropout_test cuda */
#include "harness.h"

#include "../native/src/philox.h"   /* the shared generator, for its known-answer test only */

using namespace harness;

namespace {
/* ---- an independent Philox4x32-10 and the stream definition of symkern.h ---------------------------- */
struct Block {
    uint32_t w[4];
};

Block ref_philox(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0, uint32_t k1) {
    uint32_t c[4] = {c0, c1, c2, c3};
    for (int round = 0; round < 10; ++round) {
        uint64_t a = 0xD2511F53ull * c[0], b = 0xCD9E8D57ull * c[2];
        uint32_t next[4] = {(uint32_t)(b >> 32) ^ c[1] ^ k0, (uint32_t)b, (uint32_t)(a >> 32) ^ c[3] ^ k1, (uint32_t)a};
        std::memcpy(c, next, sizeof c);
        k0 += 0x9E3779B9u;   /* bump after each round: the last bump is unused */
        k1 += 0xBB67AE85u;
    }
    return Block{{c[0], c[1], c[2], c[3]}};
}

/* Word of stream element i. */
uint32_t ref_word(uint64_t seed, uint64_t offset, uint64_t i) {
    uint64_t ctr = offset + i / 4;
    return ref_philox((uint32_t)ctr, (uint32_t)(ctr >> 32), 0, 0, (uint32_t)seed, (uint32_t)(seed >> 32)).w[i % 4];
}

double ref_uniform(uint32_t w) { return (double)(w >> 8) / 16777216.0; }

/* Box-Muller in double on the reference words. */
double ref_normal(uint64_t seed, uint64_t offset, uint64_t i) {
    uint64_t j = i & ~(uint64_t)1;
    double u1 = ref_uniform(ref_word(seed, offset, j)), u2 = ref_uniform(ref_word(seed, offset, j + 1));
    double r = std::sqrt(-2.0 * std::log(1.0 - u1)), t = 2.0 * M_PI * u2;
    return (i & 1) ? r * std::sin(t) : r * std::cos(t);
}

/* ---- library calls -------------------------------------------------------------------------------- */
std::vector<float> uniform(int32_t dev, int64_t n, float lo, float hi, uint64_t seed, uint64_t offset) {
    Buf out(dev, n * 4);
    ok(sk_random_uniform(out, n, lo, hi, seed, offset), "random_uniform");
    return out.read();
}

std::vector<float> normal(int32_t dev, int64_t n, float mean, float sd, uint64_t seed, uint64_t offset) {
    Buf out(dev, n * 4);
    ok(sk_random_normal(out, n, mean, sd, seed, offset), "random_normal");
    return out.read();
}

struct Drop {
    std::vector<float> y, mask;
};
Drop dropout(int32_t dev, const std::vector<float>& x, float p, uint64_t seed, uint64_t offset) {
    int64_t n = (int64_t)x.size();
    Buf bx(dev, x), by(dev, n * 4), bm(dev, n * 4);
    ok(sk_dropout_forward(by, bm, bx, n, p, seed, offset), "dropout_forward");
    return Drop{by.read(), bm.read()};
}

std::vector<float> dropout_backward(int32_t dev, const std::vector<float>& dy, const std::vector<float>& mask) {
    int64_t n = (int64_t)dy.size();
    Buf bdy(dev, dy), bm(dev, mask), bdx(dev, n * 4);
    ok(sk_dropout_backward(bdx, bdy, bm, n), "dropout_backward");
    return bdx.read();
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * 4) == 0);
}
bool same_prefix(const std::vector<float>& a, const std::vector<float>& b, size_t k) {
    return a.size() >= k && b.size() >= k && (k == 0 || std::memcmp(a.data(), b.data(), k * 4) == 0);
}

struct Stream {
    uint64_t seed, offset;
};
/* seeds and offsets that exercise both key halves, both counter halves and the 64-bit counter wrap */
const Stream kStreams[] = {{0, 0}, {42, 7}, {0x0123456789abcdefull, 0xfffffffeull},
                           {0xffffffffffffffffull, 0xfffffffffffffffeull}};

void check_known_answers() {
    struct Kat {
        uint32_t ctr[4], key[2], want[4];
    };
    const Kat kats[] = {   /* Random123 tests/kat_vectors, "philox4x32 10" */
        {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
        {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff},
         {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
        {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0},
         {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
    };
    for (const Kat& k : kats) {
        uint32_t got[4];
        sk_philox4x32_10(got, k.ctr, k.key);
        Block ref = ref_philox(k.ctr[0], k.ctr[1], k.ctr[2], k.ctr[3], k.key[0], k.key[1]);
        check(std::memcmp(got, k.want, 16) == 0, "philox.h matches Random123 known answer");
        check(std::memcmp(ref.w, k.want, 16) == 0, "harness reference Philox matches Random123 known answer");
    }
    /* through the ABI: seed 0, offset 0 is the first known answer; uniforms carry its top 24 bits */
    std::vector<float> u = uniform(SK_DEVICE_CPU, 4, 0.0f, 1.0f, 0, 0);
    bool fine = true;
    for (int k = 0; k < 4; ++k) fine &= (uint32_t)((double)u[k] * 16777216.0) == (kats[0].want[k] >> 8);
    check(fine, "random_uniform(seed 0, offset 0) = Random123 known answer >> 8");
}

void check_streams_against_reference() {
    for (const Stream& s : kStreams) {
        for (int64_t n : {1, 3, 4, 5, 1001}) {
            std::string tag = " seed=" + std::to_string(s.seed) + " offset=" + std::to_string(s.offset) +
                              " n=" + std::to_string(n);
            std::vector<float> u = uniform(SK_DEVICE_CPU, n, 0.0f, 1.0f, s.seed, s.offset);
            bool exact = true;
            for (int64_t i = 0; i < n; ++i) exact &= (double)u[i] == ref_uniform(ref_word(s.seed, s.offset, i));
            check(exact, ("uniform [0,1) words equal the reference" + tag).c_str());

            const float lo = -2.5f, hi = 7.0f;
            std::vector<float> ur = uniform(SK_DEVICE_CPU, n, lo, hi, s.seed, s.offset);
            std::vector<double> ur_ref(n);
            bool below = true;
            for (int64_t i = 0; i < n; ++i) {
                ur_ref[i] = lo + (hi - lo) * ref_uniform(ref_word(s.seed, s.offset, i));
                below &= ur[i] >= lo && ur[i] < hi;
            }
            validate(("uniform [-2.5, 7) vs reference" + tag).c_str(), ur, ur_ref, 1e-6, 1e-6);
            check(below, ("uniform [-2.5, 7) stays in range" + tag).c_str());

            std::vector<float> z = normal(SK_DEVICE_CPU, n, 0.5f, 2.0f, s.seed, s.offset);
            std::vector<double> z_ref(n);
            for (int64_t i = 0; i < n; ++i) z_ref[i] = 0.5 + 2.0 * ref_normal(s.seed, s.offset, i);
            validate(("normal(0.5, 2) vs float64 Box-Muller" + tag).c_str(), z, z_ref, 5e-6, 5e-6);
        }
    }
    /* a range whose float rounding would reach `high` for the largest u: kept strictly below */
    std::vector<float> t = uniform(SK_DEVICE_CPU, 1 << 16, 1.0f, 1.0000001f, 3, 0);
    bool in = true;
    for (float v : t) in &= v >= 1.0f && v < 1.0000001f;
    check(in, "uniform on a one-ulp range stays in [low, high)");
}

void check_statistics() {
    const int64_t n = 1000000;
    std::vector<float> u = uniform(SK_DEVICE_CPU, n, 0.0f, 1.0f, 2024, 11);
    double mean = 0, var = 0;
    for (float v : u) mean += v;
    mean /= n;
    for (float v : u) var += (v - mean) * (v - mean);
    var /= n - 1;
    /* standard errors: sqrt(1/12 / n) for the mean, sqrt((1/80 - 1/144) / n) for the variance */
    std::printf("uniform: mean %.6f (0.5), var %.6f (%.6f)\n", mean, var, 1.0 / 12);
    check(std::fabs(mean - 0.5) < 5 * std::sqrt(1.0 / 12 / n), "uniform mean within 5 standard errors");
    check(std::fabs(var - 1.0 / 12) < 5 * std::sqrt((1.0 / 80 - 1.0 / 144) / n),
          "uniform variance within 5 standard errors");

    const double mu = 1.5, sigma = 2.0;
    std::vector<float> z = normal(SK_DEVICE_CPU, n, (float)mu, (float)sigma, 99, 0);
    double zm = 0, zv = 0, within = 0, z4 = 0;
    for (float v : z) zm += v;
    zm /= n;
    for (float v : z) {
        double d = v - zm;
        zv += d * d;
        z4 += d * d * d * d;
        within += std::fabs(v - mu) < sigma;
    }
    zv /= n - 1;
    double sd = std::sqrt(zv), kurt = z4 / n / (zv * zv);
    within /= n;
    std::printf("normal: mean %.5f (%.1f), std %.5f (%.1f), P(|z|<1) %.5f (0.68269), kurtosis %.4f (3)\n", zm, mu,
                sd, sigma, within, kurt);
    check(std::fabs(zm - mu) < 5 * sigma / std::sqrt((double)n), "normal mean within 5 standard errors");
    check(std::fabs(sd - sigma) < 5 * sigma / std::sqrt(2.0 * n), "normal std within 5 standard errors");
    check(std::fabs(within - 0.6826895) < 5 * std::sqrt(0.6827 * 0.3173 / n), "normal P(|z| < 1) within 5 s.e.");
    check(std::fabs(kurt - 3.0) < 5 * std::sqrt(24.0 / n), "normal kurtosis within 5 standard errors");

    /* pairs within a block are independent: correlation of z_2j and z_2j+1 near 0 */
    double cov = 0;
    for (int64_t j = 0; j + 1 < n; j += 2) cov += (z[j] - mu) * (z[j + 1] - mu);
    double corr = cov / (n / 2) / (sigma * sigma);
    check(std::fabs(corr) < 5 / std::sqrt(n / 2.0), "Box-Muller pair correlation within 5 standard errors");
}

void check_dropout() {
    const int64_t n = 1000000;
    std::vector<float> x = randn(n);
    for (float p : {0.1f, 0.5f, 0.9f}) {
        Drop d = dropout(SK_DEVICE_CPU, x, p, 7, 3);
        const float scale = 1.0f / (1.0f - p);
        int64_t kept = 0;
        bool values = true, exact = true;
        for (int64_t i = 0; i < n; ++i) {
            bool keep = ref_uniform(ref_word(7, 3, i)) >= p;
            kept += keep;
            values &= d.mask[i] == (keep ? scale : 0.0f);
            exact &= d.y[i] == x[i] * d.mask[i];
        }
        double rate = (double)kept / n;
        std::printf("dropout p=%.1f: keep rate %.5f (%.5f)\n", p, rate, 1.0 - p);
        std::string tag = " p=" + std::to_string(p);
        check(values, ("dropout mask = (u >= p) / (1 - p) per the reference stream" + tag).c_str());
        check(exact, ("dropout y = x * mask, kept values scaled by 1/(1-p)" + tag).c_str());
        check(std::fabs(rate - (1.0 - p)) < 5 * std::sqrt(p * (1.0 - p) / n),
              ("dropout keep rate within 5 standard errors of 1-p" + tag).c_str());
    }
    /* p = 0 keeps everything unscaled */
    Drop d0 = dropout(SK_DEVICE_CPU, x, 0.0f, 1, 0);
    check(same_bits(d0.y, x), "dropout p=0 is the identity");

    /* odd sizes, and y aliasing x */
    for (int64_t m : {0, 1, 2, 5, 33}) {
        std::vector<float> xm = randn(m);
        Drop d = dropout(SK_DEVICE_CPU, xm, 0.3f, 5, 9);
        Buf bx(SK_DEVICE_CPU, xm), bm(SK_DEVICE_CPU, m * 4);
        ok(sk_dropout_forward(bx, bm, bx, m, 0.3f, 5, 9), "dropout in place");
        check(same_bits(bx.read(), d.y) && same_bits(bm.read(), d.mask),
              ("dropout in place equals out of place n=" + std::to_string(m)).c_str());
    }

    /* backward: dx = dy * mask exactly, and against finite differences (linear in x for a fixed mask) */
    std::vector<float> dy = randn(1001);
    Drop d = dropout(SK_DEVICE_CPU, randn(1001), 0.4f, 11, 0);
    std::vector<float> dx = dropout_backward(SK_DEVICE_CPU, dy, d.mask);
    bool exact = true;
    for (size_t i = 0; i < dy.size(); ++i) exact &= dx[i] == dy[i] * d.mask[i];
    check(exact, "dropout backward dx = dy * mask exactly");
    std::vector<float> xs = randn(37), r = randn(37);
    Drop ds = dropout(SK_DEVICE_CPU, xs, 0.4f, 12, 1);
    auto f = [&](const std::vector<float>& in) { return dropout(SK_DEVICE_CPU, in, 0.4f, 12, 1).y; };
    gradcheck("dropout backward vs finite differences", xs, r, f, dropout_backward(SK_DEVICE_CPU, r, ds.mask), 1e-2,
              1e-3, 1e-3);
}

void check_prefix_and_offsets() {
    /* prefix: the first k elements do not depend on n */
    for (auto kn : {std::pair<int64_t, int64_t>{7, 1000}, {1000, (1 << 20) + 3}, {1, 2}}) {
        int64_t k = kn.first, n = kn.second;
        std::string tag = " k=" + std::to_string(k) + " n=" + std::to_string(n);
        check(same_prefix(uniform(SK_DEVICE_CPU, k, 0, 1, 5, 2), uniform(SK_DEVICE_CPU, n, 0, 1, 5, 2), (size_t)k),
              ("uniform prefix independent of n" + tag).c_str());
        check(same_prefix(normal(SK_DEVICE_CPU, k, 0, 1, 5, 2), normal(SK_DEVICE_CPU, n, 0, 1, 5, 2), (size_t)k),
              ("normal prefix independent of n" + tag).c_str());
        std::vector<float> ones(n, 1.0f), ones_k(k, 1.0f);
        check(same_prefix(dropout(SK_DEVICE_CPU, ones_k, 0.5f, 5, 2).mask, dropout(SK_DEVICE_CPU, ones, 0.5f, 5, 2).mask,
                          (size_t)k),
              ("dropout mask prefix independent of n" + tag).c_str());
    }
    /* offsets: different offsets and seeds give different masks; offset + k/4 shifts the stream by k */
    std::vector<float> ones(1000, 1.0f);
    std::vector<float> m0 = dropout(SK_DEVICE_CPU, ones, 0.5f, 5, 0).mask;
    check(!same_bits(m0, dropout(SK_DEVICE_CPU, ones, 0.5f, 5, 1).mask), "different offsets give different masks");
    check(!same_bits(m0, dropout(SK_DEVICE_CPU, ones, 0.5f, 6, 0).mask), "different seeds give different masks");
    for (int64_t k : {4, 8, 400}) {
        std::vector<float> a = uniform(SK_DEVICE_CPU, 1000 + k, 0, 1, 77, 100);
        std::vector<float> b = uniform(SK_DEVICE_CPU, 1000, 0, 1, 77, 100 + k / 4);
        std::vector<float> za = normal(SK_DEVICE_CPU, 1000 + k, 0, 1, 77, 100);
        std::vector<float> zb = normal(SK_DEVICE_CPU, 1000, 0, 1, 77, 100 + k / 4);
        std::string tag = " k=" + std::to_string(k);
        check(std::memcmp(a.data() + k, b.data(), 1000 * 4) == 0,
              ("uniform: offset + k/4 is the stream shifted by k" + tag).c_str());
        check(std::memcmp(za.data() + k, zb.data(), 1000 * 4) == 0,
              ("normal: offset + k/4 is the stream shifted by k" + tag).c_str());
    }
}

void check_errors() {
    Buf a(SK_DEVICE_CPU, 64), b(SK_DEVICE_CPU, 64), c(SK_DEVICE_CPU, 64), small(SK_DEVICE_CPU, 8);
    expect_error(sk_dropout_forward(a, b, c, -1, 0.5f, 0, 0), SK_ERR_SHAPE, "dropout_forward: n = -1 is negative",
                 "dropout negative n");
    expect_error(sk_dropout_forward(a, b, c, 16, 1.0f, 0, 0), SK_ERR_ARG, "p = 1 is outside [0, 1)", "dropout p = 1");
    expect_error(sk_dropout_forward(a, b, c, 16, -0.1f, 0, 0), SK_ERR_ARG, "outside [0, 1)", "dropout p < 0");
    expect_error(sk_dropout_forward(a, b, c, 16, NAN, 0, 0), SK_ERR_ARG, "outside [0, 1)", "dropout p NaN");
    expect_error(sk_dropout_forward(nullptr, b, c, 16, 0.5f, 0, 0), SK_ERR_ARG, "buffer 'y' is NULL", "dropout NULL y");
    expect_error(sk_dropout_forward(a, small, c, 16, 0.5f, 0, 0), SK_ERR_SHAPE, "buffer 'mask' holds 8 bytes",
                 "dropout small mask");
    expect_error(sk_dropout_forward(a, c, c, 16, 0.5f, 0, 0), SK_ERR_ARG, "'mask' must not alias",
                 "dropout mask aliases x");
    expect_error(sk_dropout_backward(small, b, c, 16), SK_ERR_SHAPE, "buffer 'dx' holds 8 bytes", "backward small dx");
    expect_error(sk_dropout_backward(a, b, nullptr, 16), SK_ERR_ARG, "buffer 'mask' is NULL", "backward NULL mask");
    expect_error(sk_dropout_backward(a, b, c, -3), SK_ERR_SHAPE, "dropout_backward: n = -3", "backward negative n");
    expect_error(sk_random_uniform(a, 16, 1.0f, 1.0f, 0, 0), SK_ERR_ARG, "needs low < high", "uniform low == high");
    expect_error(sk_random_uniform(a, 16, -INFINITY, 0.0f, 0, 0), SK_ERR_ARG, "not a finite float",
                 "uniform infinite range");
    expect_error(sk_random_uniform(small, 16, 0.0f, 1.0f, 0, 0), SK_ERR_SHAPE, "buffer 'out' holds 8 bytes",
                 "uniform small out");
    expect_error(sk_random_uniform(a, -1, 0.0f, 1.0f, 0, 0), SK_ERR_SHAPE, "random_uniform: n = -1",
                 "uniform negative n");
    expect_error(sk_random_normal(a, 16, 0.0f, -1.0f, 0, 0), SK_ERR_ARG, "std = -1 must be finite and >= 0",
                 "normal negative std");
    expect_error(sk_random_normal(a, 16, NAN, 1.0f, 0, 0), SK_ERR_ARG, "mean = nan is not finite", "normal NaN mean");
    expect_error(sk_random_normal(nullptr, 16, 0.0f, 1.0f, 0, 0), SK_ERR_ARG, "buffer 'out' is NULL",
                 "normal NULL out");
    /* std = 0 is legal: every value is the mean */
    std::vector<float> z = normal(SK_DEVICE_CPU, 9, 3.25f, 0.0f, 1, 1);
    bool all = true;
    for (float v : z) all &= v == 3.25f;
    check(all, "normal with std 0 is the mean");
}

void cpu_checks() {
    check_known_answers();
    check_streams_against_reference();
    check_statistics();
    check_dropout();
    check_prefix_and_offsets();
    check_errors();
}

void cuda_checks(int32_t dev) {
    for (const Stream& s : kStreams) {
        for (int64_t n : {1, 2, 3, 5, 1000, 1001, (1 << 20) + 3}) {
            std::string tag = " seed=" + std::to_string(s.seed) + " offset=" + std::to_string(s.offset) +
                              " n=" + std::to_string(n);
            check(same_bits(uniform(dev, n, 0, 1, s.seed, s.offset), uniform(SK_DEVICE_CPU, n, 0, 1, s.seed, s.offset)),
                  ("cuda uniform [0,1) bit-identical to cpu" + tag).c_str());
            check(same_bits(uniform(dev, n, -3.0f, 0.5f, s.seed, s.offset),
                            uniform(SK_DEVICE_CPU, n, -3.0f, 0.5f, s.seed, s.offset)),
                  ("cuda uniform [-3, 0.5) bit-identical to cpu" + tag).c_str());
            check(same_bits(normal(dev, n, 0.5f, 2.0f, s.seed, s.offset),
                            normal(SK_DEVICE_CPU, n, 0.5f, 2.0f, s.seed, s.offset)),
                  ("cuda normal bit-identical to cpu" + tag).c_str());
            std::vector<float> x = randn(n), dy = randn(n);
            for (float p : {0.0f, 0.25f, 0.9f}) {
                Drop g = dropout(dev, x, p, s.seed, s.offset), c = dropout(SK_DEVICE_CPU, x, p, s.seed, s.offset);
                std::string t = tag + " p=" + std::to_string(p);
                check(same_bits(g.mask, c.mask) && same_bits(g.y, c.y),
                      ("cuda dropout forward bit-identical to cpu" + t).c_str());
                check(same_bits(dropout_backward(dev, dy, c.mask), dropout_backward(SK_DEVICE_CPU, dy, c.mask)),
                      ("cuda dropout backward bit-identical to cpu" + t).c_str());
            }
        }
    }
    /* in place on the device */
    std::vector<float> x = randn(1001);
    Buf bx(dev, x), bm(dev, 1001 * 4);
    ok(sk_dropout_forward(bx, bm, bx, 1001, 0.3f, 8, 8), "cuda dropout in place");
    check(same_bits(bx.read(), dropout(SK_DEVICE_CPU, x, 0.3f, 8, 8).y), "cuda dropout in place bit-identical to cpu");

    if (skip_timings(dev)) return;
    const int64_t n = 1 << 24;
    Buf a(dev, n * 4), y(dev, n * 4), m(dev, n * 4);
    ok(sk_random_uniform(a, n, -1.0f, 1.0f, 1, 0), "fill");
    double ms = time_ms(dev, 20, [&] { sk_dropout_forward(y, m, a, n, 0.1f, 1, 0); });
    std::printf("dropout forward n=%lld: %.4f ms, %.1f GB/s (12 B/element)\n", (long long)n, ms, 12.0 * n / ms / 1e6);
    ms = time_ms(dev, 20, [&] { sk_dropout_backward(y, a, m, n); });
    std::printf("dropout backward n=%lld: %.4f ms, %.1f GB/s (12 B/element)\n", (long long)n, ms, 12.0 * n / ms / 1e6);
    ms = time_ms(dev, 20, [&] { sk_random_uniform(y, n, 0.0f, 1.0f, 1, 0); });
    std::printf("random uniform n=%lld: %.4f ms, %.1f GB/s (4 B/element)\n", (long long)n, ms, 4.0 * n / ms / 1e6);
    ms = time_ms(dev, 20, [&] { sk_random_normal(y, n, 0.0f, 1.0f, 1, 0); });
    std::printf("random normal n=%lld: %.4f ms, %.1f GB/s (4 B/element)\n", (long long)n, ms, 4.0 * n / ms / 1e6);
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "dropout_test");
    if (dev == SK_DEVICE_CPU) cpu_checks();
    else cuda_checks(dev);
    return finish();
}
