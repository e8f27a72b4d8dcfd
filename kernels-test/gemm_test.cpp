/* kernels-test/gemm_test.cpp — K1 gemm: forward vs a float64 reference on many shapes (all four transpose
 * combinations, batch 1 and 3, stride-0 sharing of A or of B, padded strides, odd sizes, k = 0, alpha /
 * beta variations with NaN-filled C under beta = 0), determinism, the ABI's error paths, and GFLOP/s
 * timings (cpu); CUDA vs CPU on the same cases plus timings (cuda). gemm has no backward kernel: its
 * gradients are gemms themselves (MatMul.java); the gemm calls that compute them are checked against
 * central finite differences here, and the Java Function again in MatMulTest.
 *   ./gemm_test cpu          all CPU checks, then re-runs the correctness cases in child processes with
 *                            SYMKERN_GEMM_KERNEL=avx2 / generic and with OMP_NUM_THREADS=1, so that every
 *                            micro-kernel and the single-threaded path are tested on this machine
 *   ./gemm_test cpu-cases    correctness cases only (what the children run)
 *   ./gemm_test cuda */
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

using namespace harness;

namespace {
struct Case {
    int64_t batch, m, n, k;
    bool ta, tb;
    int share;        /* 0: none, 1: A shared (stride 0), 2: B shared */
    int64_t pad;      /* extra floats between batch entries of A, B and C */
    float alpha, beta;
};

/* A batch of operands laid out as the ABI sees them. */
struct Operands {
    Case cs;
    int64_t sa, sb, sc;
    std::vector<float> a, b, c0;
};

Operands make(const Case& cs, bool nan_c) {
    Operands o{cs, 0, 0, 0, {}, {}, {}};
    const int64_t na = cs.m * cs.k, nb = cs.k * cs.n, nc = cs.m * cs.n;
    o.sa = cs.share == 1 ? 0 : na + cs.pad;
    o.sb = cs.share == 2 ? 0 : nb + cs.pad;
    o.sc = nc + cs.pad;
    auto need = [&](int64_t stride, int64_t one) { return one == 0 ? 0 : (cs.batch - 1) * stride + one; };
    o.a = randn(need(o.sa, na));
    o.b = randn(need(o.sb, nb));
    o.c0 = nan_c ? std::vector<float>((size_t)need(o.sc, nc), NAN) : randn(need(o.sc, nc));
    return o;
}

std::vector<float> run(int32_t dev, const Operands& o) {
    const Case& cs = o.cs;
    /* buffers never smaller than 4 bytes so that empty shapes still pass real (non-NULL) buffers */
    Buf ba(dev, std::max<int64_t>(4, (int64_t)o.a.size() * 4)), bb(dev, std::max<int64_t>(4, (int64_t)o.b.size() * 4)),
        bc(dev, std::max<int64_t>(4, (int64_t)o.c0.size() * 4));
    if (!o.a.empty()) sk_buffer_write(ba, 0, o.a.data(), (int64_t)o.a.size() * 4);
    if (!o.b.empty()) sk_buffer_write(bb, 0, o.b.data(), (int64_t)o.b.size() * 4);
    if (!o.c0.empty()) sk_buffer_write(bc, 0, o.c0.data(), (int64_t)o.c0.size() * 4);
    ok(sk_gemm(bc, ba, bb, cs.batch, cs.m, cs.n, cs.k, o.sa, o.sb, o.sc, cs.ta, cs.tb, cs.alpha, cs.beta), "gemm");
    std::vector<float> got = bc.read();
    got.resize(o.c0.size());
    return got;
}

/* float64 reference: value and sum of magnitudes (for the rounding-error bound) per element of C. */
void reference(const Operands& o, std::vector<double>& ref, std::vector<double>& mag) {
    const Case& cs = o.cs;
    ref.assign(o.c0.size(), 0.0);
    mag.assign(o.c0.size(), 0.0);
    for (size_t i = 0; i < o.c0.size(); ++i) ref[i] = o.c0[i]; /* padding between entries is untouched */
    for (int64_t p = 0; p < cs.batch; ++p)
        for (int64_t i = 0; i < cs.m; ++i)
            for (int64_t j = 0; j < cs.n; ++j) {
                double s = 0, sm = 0;
                for (int64_t q = 0; q < cs.k; ++q) {
                    double x = o.a[p * o.sa + (cs.ta ? q * cs.m + i : i * cs.k + q)];
                    double y = o.b[p * o.sb + (cs.tb ? j * cs.k + q : q * cs.n + j)];
                    s += x * y;
                    sm += std::fabs(x * y);
                }
                const int64_t ci = p * o.sc + i * cs.n + j;
                const double c = o.c0[ci];
                ref[ci] = cs.alpha * s + (cs.beta == 0.0f ? 0.0 : cs.beta * c);
                mag[ci] = std::fabs(cs.alpha) * sm + (cs.beta == 0.0f ? 0.0 : std::fabs(cs.beta * c));
            }
}

/* |got - ref| <= 1e-6 + 2 (k + 2) 2^-24 mag: the float32 dot-product rounding bound (with slack). */
void validate_bound(const std::string& what, const std::vector<float>& got, const std::vector<double>& ref,
                    const std::vector<double>& mag, int64_t k, double slack = 1.0) {
    ++g_checks;
    int bad = 0;
    for (size_t i = 0; i < got.size(); ++i) {
        const double tol = slack * (1e-6 + 2.0 * (double)(k + 2) * std::ldexp(1.0, -24) * mag[i]);
        /* NaN == NaN only where C was left alone (padding between batch entries) */
        const bool fine = std::fabs((double)got[i] - ref[i]) <= tol || (std::isnan(ref[i]) && std::isnan(got[i]));
        if (!fine) {
            if (bad < 5) std::printf("  %s[%zu]: got %.9g ref %.9g (tol %.3g)\n", what.c_str(), i, got[i], ref[i], tol);
            ++bad;
        }
    }
    if (bad) {
        ++g_failures;
        std::printf("FAIL %s: %d of %zu elements out of tolerance\n", what.c_str(), bad, got.size());
    }
}

std::string describe(const Case& cs) {
    char s[200];
    std::snprintf(s, sizeof s, "batch=%lld m=%lld n=%lld k=%lld ta=%d tb=%d share=%s pad=%lld alpha=%g beta=%g",
                  (long long)cs.batch, (long long)cs.m, (long long)cs.n, (long long)cs.k, cs.ta, cs.tb,
                  cs.share == 1 ? "A" : cs.share == 2 ? "B" : "-", (long long)cs.pad, cs.alpha, cs.beta);
    return s;
}

std::vector<Case> cases() {
    std::vector<Case> out;
    const int64_t odd[] = {1, 3, 17, 33, 65, 129};
    /* every transpose combination on odd sizes (m, n, k drawn from the list with a rotating offset) */
    int rot = 0;
    for (int t = 0; t < 4; ++t)
        for (int64_t m : odd) {
            const int64_t n = odd[(rot + 2) % 6], k = odd[(rot + 4) % 6];
            ++rot;
            out.push_back({1, m, n, k, (t & 1) != 0, (t & 2) != 0, 0, 0, 1.0f, 0.0f});
        }
    /* batch, sharing, padding and alpha / beta for each transpose combination */
    for (int t = 0; t < 4; ++t) {
        const bool ta = t & 1, tb = t & 2;
        out.push_back({3, 17, 33, 65, ta, tb, 0, 0, 1.0f, 0.0f});
        out.push_back({3, 33, 17, 129, ta, tb, 1, 0, 1.0f, 0.0f});      /* A shared */
        out.push_back({3, 65, 33, 17, ta, tb, 2, 0, 1.0f, 0.0f});       /* B shared (tall-product path when !ta) */
        out.push_back({3, 13, 29, 31, ta, tb, 2, 7, -0.5f, 1.0f});      /* B shared, padded strides, beta = 1 */
        out.push_back({3, 29, 13, 11, ta, tb, 1, 5, 2.0f, -0.75f});     /* A shared, padded strides */
        out.push_back({1, 40, 50, 60, ta, tb, 0, 0, 1.5f, 1.0f});       /* accumulate */
        out.push_back({1, 3, 65, 129, ta, tb, 0, 0, 1.0f, 0.5f});
        /* larger: several KC blocks, parallel paths (one big matrix; a batch of mid-size ones) */
        out.push_back({1, 300, 200, 600, ta, tb, 0, 0, 1.0f, 0.25f});
        out.push_back({3, 129, 65, 129, ta, tb, 0, 3, 1.0f, 0.0f});
    }
    /* more rows than one packed super-block of A, and more columns than one packed B panel */
    out.push_back({1, 1000, 40, 300, false, false, 0, 0, 1.0f, 0.0f});
    out.push_back({1, 1000, 40, 300, true, true, 0, 0, 1.0f, 1.0f});
    out.push_back({1, 5, 4100, 3, false, true, 0, 0, 1.0f, 0.0f});
    out.push_back({2, 70, 4200, 40, true, false, 2, 0, 1.0f, 0.0f});
    /* batch of many small matrices (split over batch entries) and shared B over a big batch */
    out.push_back({64, 12, 20, 36, false, false, 0, 0, 1.0f, 0.0f});
    out.push_back({64, 12, 20, 36, true, true, 1, 0, 1.0f, 1.0f});
    out.push_back({40, 30, 64, 72, false, false, 2, 0, 1.0f, 0.0f});
    /* degenerate sizes: k = 0 (C = beta C), size-1 everything, empty m / n / batch */
    out.push_back({1, 7, 9, 0, false, false, 0, 0, 1.0f, 0.0f});
    out.push_back({3, 7, 9, 0, true, false, 0, 2, 1.0f, 0.5f});
    out.push_back({2, 7, 9, 0, false, true, 1, 0, 1.0f, 1.0f});
    out.push_back({1, 1, 1, 1, false, false, 0, 0, 1.0f, 0.0f});
    out.push_back({1, 1, 1, 1, true, true, 0, 0, -3.0f, 2.0f});
    out.push_back({1, 0, 9, 5, false, false, 0, 0, 1.0f, 0.0f});
    out.push_back({1, 7, 0, 5, false, false, 0, 0, 1.0f, 0.0f});
    out.push_back({0, 7, 9, 5, false, false, 0, 0, 1.0f, 0.0f});
    /* alpha = 0: C = beta C */
    out.push_back({2, 17, 33, 10, false, false, 0, 0, 0.0f, 0.5f});
    out.push_back({2, 17, 33, 10, false, false, 0, 0, 0.0f, 0.0f});
    return out;
}

void correctness_cases() {
    for (const Case& cs : cases()) {
        /* beta = 0 runs with C full of NaN: the result must not see them */
        Operands o = make(cs, cs.beta == 0.0f);
        std::vector<double> ref, mag;
        reference(o, ref, mag);
        validate_bound("cpu vs float64: " + describe(cs), run(SK_DEVICE_CPU, o), ref, mag, cs.k);
    }
}

void determinism_and_layout_checks() {
    /* the same product twice is bitwise identical (threads own disjoint tiles with a fixed order) */
    Operands o = make({2, 301, 257, 513, false, true, 0, 0, 1.0f, 0.0f}, false);
    std::vector<float> r1 = run(SK_DEVICE_CPU, o), r2 = run(SK_DEVICE_CPU, o);
    check(std::memcmp(r1.data(), r2.data(), r1.size() * 4) == 0, "repeated gemm is bitwise identical");
    /* a product and its transposed formulation agree: (A B)^T = B^T A^T */
    Operands p = make({1, 37, 53, 71, false, false, 0, 0, 1.0f, 0.0f}, false);
    std::vector<float> ab = run(SK_DEVICE_CPU, p);
    Operands q = p;
    q.cs = {1, 53, 37, 71, true, true, 0, 0, 1.0f, 0.0f};
    std::swap(q.a, q.b);
    q.sa = q.sb = 0;
    q.sc = 53 * 37;
    q.c0.assign(53 * 37, NAN);
    std::vector<float> bt_at = run(SK_DEVICE_CPU, q);
    std::vector<double> abt(ab.size());
    for (int64_t i = 0; i < 37; ++i)
        for (int64_t j = 0; j < 53; ++j) abt[j * 37 + i] = ab[i * 53 + j];
    validate("B^T A^T equals (A B)^T", bt_at, abt, 1e-5, 1e-5);
}

/* The gradients MatMul.java computes with gemm, checked against central finite differences of the forward:
 * dA = G op(B)^T (transA: op(B) G^T), dB = op(A)^T G (transB: G^T op(A)), each a single sk_gemm call. */
void gradient_identities() {
    const int64_t m = 5, n = 7, k = 6;
    for (int t = 0; t < 4; ++t) {
        const bool ta = t & 1, tb = t & 2;
        std::vector<float> a = randn(m * k), b = randn(k * n), g = randn(m * n);
        auto product = [&](const std::vector<float>& x, const std::vector<float>& y) {
            Buf bx(SK_DEVICE_CPU, x), by(SK_DEVICE_CPU, y), bc(SK_DEVICE_CPU, m * n * 4);
            ok(sk_gemm(bc, bx, by, 1, m, n, k, 0, 0, 0, ta, tb, 1.0f, 0.0f), "forward");
            return bc.read();
        };
        Buf ba(SK_DEVICE_CPU, a), bb(SK_DEVICE_CPU, b), bg(SK_DEVICE_CPU, g), da(SK_DEVICE_CPU, m * k * 4),
            db(SK_DEVICE_CPU, k * n * 4);
        if (!ta) ok(sk_gemm(da, bg, bb, 1, m, k, n, 0, 0, 0, 0, !tb, 1.0f, 0.0f), "dA = G op(B)^T");
        else ok(sk_gemm(da, bb, bg, 1, k, m, n, 0, 0, 0, tb, 1, 1.0f, 0.0f), "dA = op(B) G^T");
        if (!tb) ok(sk_gemm(db, ba, bg, 1, k, n, m, 0, 0, 0, !ta, 0, 1.0f, 0.0f), "dB = op(A)^T G");
        else ok(sk_gemm(db, bg, ba, 1, n, k, m, 0, 0, 0, 1, ta, 1.0f, 0.0f), "dB = G^T op(A)");
        const std::string tag = " ta=" + std::to_string(ta) + " tb=" + std::to_string(tb);
        gradcheck(("dA vs finite differences" + tag).c_str(), a, g, [&](const std::vector<float>& x) { return product(x, b); },
                  da.read(), 1e-2, 1e-3, 1e-3);
        gradcheck(("dB vs finite differences" + tag).c_str(), b, g, [&](const std::vector<float>& y) { return product(a, y); },
                  db.read(), 1e-2, 1e-3, 1e-3);
    }
}

void error_paths() {
    Buf a(SK_DEVICE_CPU, 6 * 4), b(SK_DEVICE_CPU, 12 * 4), c(SK_DEVICE_CPU, 8 * 4);
    /* A (2,3) B (3,4) C (2,4) fit exactly */
    ok(sk_gemm(c, a, b, 1, 2, 4, 3, 0, 0, 0, 0, 0, 1.0f, 0.0f), "exact-size buffers pass");
    expect_error(sk_gemm(c, a, b, 1, -1, 4, 3, 0, 0, 0, 0, 0, 1, 0), SK_ERR_SHAPE, "gemm: m = -1 is negative", "negative m");
    expect_error(sk_gemm(c, a, b, 1, 2, -4, 3, 0, 0, 0, 0, 0, 1, 0), SK_ERR_SHAPE, "gemm: n = -4 is negative", "negative n");
    expect_error(sk_gemm(c, a, b, 1, 2, 4, -3, 0, 0, 0, 0, 0, 1, 0), SK_ERR_SHAPE, "gemm: k = -3 is negative", "negative k");
    expect_error(sk_gemm(c, a, b, -2, 2, 4, 3, 0, 0, 0, 0, 0, 1, 0), SK_ERR_SHAPE, "gemm: batch = -2 is negative",
                 "negative batch");
    expect_error(sk_gemm(c, a, b, 1, 2, 4, 3, -6, 0, 0, 0, 0, 1, 0), SK_ERR_SHAPE, "stride_a = -6 is negative",
                 "negative stride");
    expect_error(sk_gemm(c, a, b, 2, 2, 4, 3, 0, 0, 0, 0, 0, 1, 0), SK_ERR_ARG, "stride_c = 0", "stride_c 0 in a batch");
    expect_error(sk_gemm(c, a, b, 2, 2, 4, 3, 0, 0, 5, 0, 0, 1, 0), SK_ERR_ARG, "overlap", "overlapping C in a batch");
    expect_error(sk_gemm(c, a, b, 1, 3, 4, 3, 0, 0, 0, 0, 0, 1, 0), SK_ERR_SHAPE, "buffer 'c' holds 32 bytes but the shape needs 48",
                 "C too small");
    expect_error(sk_gemm(c, a, b, 1, 2, 4, 4, 0, 0, 0, 0, 0, 1, 0), SK_ERR_SHAPE, "buffer 'a' holds 24 bytes",
                 "A too small");
    ok(sk_gemm(c, a, b, 1, 2, 3, 3, 0, 5, 0, 0, 0, 1, 0), "larger buffers than needed pass (stride ignored, batch 1)");
    /* batch: each buffer must reach the last entry, (batch-1) * stride + rows * cols floats */
    Buf a2(SK_DEVICE_CPU, (6 + 6) * 4), b2(SK_DEVICE_CPU, 12 * 4), c2(SK_DEVICE_CPU, (10 + 8) * 4);
    ok(sk_gemm(c2, a2, b2, 2, 2, 4, 3, 6, 0, 10, 1, 0, 1.0f, 0.0f), "batch 2 exact sizes with shared B");
    expect_error(sk_gemm(c2, a2, b2, 2, 2, 4, 3, 7, 0, 10, 0, 0, 1, 0), SK_ERR_SHAPE, "buffer 'a' holds 48 bytes but the shape needs 52",
                 "A too small for the last batch entry");
    expect_error(sk_gemm(c2, a2, b2, 2, 2, 4, 3, 6, 12, 10, 0, 0, 1, 0), SK_ERR_SHAPE, "buffer 'b' holds 48 bytes but the shape needs 96",
                 "B too small for the last batch entry");
    expect_error(sk_gemm(c2, a2, b2, 2, 2, 4, 3, 6, 0, 11, 0, 0, 1, 0), SK_ERR_SHAPE, "buffer 'c' holds 72 bytes but the shape needs 76",
                 "C too small for the last batch entry");
    expect_error(sk_gemm(c, nullptr, b, 1, 2, 4, 3, 0, 0, 0, 0, 0, 1, 0), SK_ERR_ARG, "'a' is NULL", "NULL A");
    expect_error(sk_gemm(nullptr, a, b, 1, 2, 4, 3, 0, 0, 0, 0, 0, 1, 0), SK_ERR_ARG, "'c' is NULL", "NULL C");
    expect_error(sk_gemm(c, a, b, 1, INT64_MAX / 2, 4, 3, 0, 0, 0, 0, 0, 1, 0), SK_ERR_SHAPE, "overflows",
                 "size overflow");
    /* empty products touch nothing, even with zero-byte buffers */
    Buf e(SK_DEVICE_CPU, 0);
    ok(sk_gemm(e, e, b, 1, 0, 4, 3, 0, 0, 0, 0, 0, 1, 0), "m = 0 with empty A and C buffers");
    ok(sk_gemm(e, e, e, 0, 2, 4, 3, 0, 0, 0, 0, 0, 1, 0), "batch = 0 with empty buffers");
}

void timings(int32_t dev) {
    if (skip_timings(dev)) return;
    struct T { int64_t batch, m, n, k; bool ta, tb, shared_a; int reps; };
    const T ts[] = {{1, 64, 64, 64, false, false, false, 2000}, {1, 256, 784, 128, false, false, false, 100},
                    {1, 256, 784, 128, true, false, false, 100},  {1, 256, 784, 128, false, true, false, 100},
                    {1, 512, 512, 512, false, false, false, 30},  {1, 1024, 1024, 1024, false, false, false, 5},
                    {64, 64, 196, 72, false, false, false, 20},
                    /* a group convolution as im2col gemms: shared weights (40, 360) x 128 images' (360, 784) */
                    {128, 40, 784, 360, false, false, true, 3}};
    for (const T& t : ts) {
        const int reps = dev == SK_DEVICE_CPU ? t.reps : 50;
        const int64_t na = (t.shared_a ? 1 : t.batch) * t.m * t.k;
        Buf a(dev, na * 4), b(dev, t.batch * t.k * t.n * 4), c(dev, t.batch * t.m * t.n * 4);
        std::vector<float> ha = randn(na), hb = randn(t.batch * t.k * t.n);
        sk_buffer_write(a, 0, ha.data(), (int64_t)ha.size() * 4);
        sk_buffer_write(b, 0, hb.data(), (int64_t)hb.size() * 4);
        double ms = time_ms(dev, reps, [&] {
            sk_gemm(c, a, b, t.batch, t.m, t.n, t.k, t.shared_a ? 0 : t.m * t.k, t.k * t.n, t.m * t.n, t.ta, t.tb,
                    1.0f, 0.0f);
        });
        /* napkin math: 2 m n k flops per batch entry */
        std::printf("gemm %s batch=%lld%s %lldx%lldx%lld ta=%d tb=%d: %.4f ms, %.1f GFLOP/s\n",
                    dev == SK_DEVICE_CPU ? "cpu" : "cuda", (long long)t.batch, t.shared_a ? " (A shared)" : "",
                    (long long)t.m, (long long)t.n, (long long)t.k, t.ta, t.tb, ms,
                    2.0 * t.batch * t.m * t.n * t.k / ms / 1e6);
    }
    if (dev != SK_DEVICE_CPU) {
        const int64_t s = 4096;
        Buf a(dev, s * s * 4), b(dev, s * s * 4), c(dev, s * s * 4);
        double ms = time_ms(dev, 10, [&] { sk_gemm(c, a, b, 1, s, s, s, 0, 0, 0, 0, 0, 1.0f, 0.0f); });
        std::printf("gemm cuda 4096^3: %.3f ms, %.1f GFLOP/s\n", ms, 2.0 * s * s * s / ms / 1e6);
    }
}

/* Runs this harness again in `cpu-cases` mode with one environment variable set; returns its failures. */
int run_child(const char* var, const char* value) {
    std::fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        setenv(var, value, 1);
        execl("/proc/self/exe", "gemm_test", "cpu-cases", (char*)nullptr);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return 1;
    return WEXITSTATUS(status);
}

void cuda_checks(int32_t dev) {
    for (const Case& cs : cases()) {
        Operands o = make(cs, cs.beta == 0.0f);
        std::vector<double> ref, mag;
        reference(o, ref, mag);
        std::vector<float> cpu = run(SK_DEVICE_CPU, o);
        std::vector<double> cpu_d(cpu.begin(), cpu.end());
        std::vector<float> gpu = run(dev, o);
        validate_bound("cuda vs float64: " + describe(cs), gpu, ref, mag, cs.k);
        validate_bound("cuda vs cpu: " + describe(cs), gpu, cpu_d, mag, cs.k, 2.0);
    }
    Operands o = make({2, 301, 257, 513, false, true, 0, 0, 1.0f, 0.0f}, false);
    std::vector<float> r1 = run(dev, o), r2 = run(dev, o);
    check(std::memcmp(r1.data(), r2.data(), r1.size() * 4) == 0, "repeated cuda gemm is bitwise identical");
    /* more batch entries than gridDim.z allows: the kernel loops over z */
    Operands big = make({70000, 2, 3, 2, false, false, 0, 0, 1.0f, 0.0f}, true);
    std::vector<double> ref, mag;
    reference(big, ref, mag);
    validate_bound("cuda batch 70000 > 65535", run(dev, big), ref, mag, 2);
    timings(dev);
}
}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "cpu";
    if (mode == "cpu-cases") {
        const char* forced = std::getenv("SYMKERN_GEMM_KERNEL");
        const char* threads = std::getenv("OMP_NUM_THREADS");
        std::printf("gemm_test (cpu-cases, kernel=%s, OMP_NUM_THREADS=%s)\n", forced ? forced : "auto",
                    threads ? threads : "default");
        correctness_cases();
        return finish();
    }
    int32_t dev = device_from_args(argc, argv, "gemm_test");
    if (dev != SK_DEVICE_CPU) {
        cuda_checks(dev);
        return finish();
    }
    correctness_cases();
    determinism_and_layout_checks();
    gradient_identities();
    error_paths();
    int child_failures = 0;
    child_failures += run_child("SYMKERN_GEMM_KERNEL", "avx2");
    child_failures += run_child("SYMKERN_GEMM_KERNEL", "generic");
    child_failures += run_child("OMP_NUM_THREADS", "1");
    g_checks += 3;
    g_failures += child_failures > 0 ? 1 : 0;
    if (child_failures) std::printf("FAIL %d failure(s) in the child runs above\n", child_failures);
    timings(dev);
    return finish();
}
