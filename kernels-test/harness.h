/* kernels-test/harness.h — the shared pieces of every kernels-test harness (llm.c dev/cuda style, made
 * pass/fail). A harness is run as `<op>_test cpu` or `<op>_test cuda`:
 *   cpu : the shipped CPU kernels (through the ABI) vs a float64 reference written in the harness, on
 *         random and odd shapes (including size-1 and size-0 edges), plus central finite differences for
 *         every backward; and the ABI's error paths (bad shapes, NULL buffers, unknown op codes).
 *   cuda: the same inputs on CUDA vs the CPU kernels, then timings of a large case. Exits 77 (CTest
 *         SKIP_RETURN_CODE) when no CUDA device is usable.
 * Tolerance rule (llm.c validate_result): |got - ref| <= tol + |ref| * eps. Exit code: number of failed
 * checks (capped at 76), 0 when all pass. */
#ifndef SK_HARNESS_H
#define SK_HARNESS_H

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "symkern.h"

namespace harness {

inline int g_failures = 0;
inline int g_checks = 0;

inline void fail(const char* what) {
    ++g_failures;
    std::printf("FAIL %s: %s\n", what, sk_last_error());
}

/* Aborts the harness (not the library): a status that should be OK was not. */
inline void ok(sk_status s, const char* what) {
    ++g_checks;
    if (s != SK_OK) {
        std::printf("FAIL %s returned status %d: %s\n", what, s, sk_last_error());
        ++g_failures;
    }
}

/* Expects a specific error status and that the message contains `needle`. */
inline void expect_error(sk_status s, sk_status want, const char* needle, const char* what) {
    ++g_checks;
    const char* msg = sk_last_error();
    if (s != want || std::strstr(msg, needle) == nullptr) {
        ++g_failures;
        std::printf("FAIL %s: wanted status %d with \"%s\", got %d \"%s\"\n", what, want, needle, s, msg);
    }
}

inline void check(bool cond, const char* what) {
    ++g_checks;
    if (!cond) {
        ++g_failures;
        std::printf("FAIL %s\n", what);
    }
}

/* |got - ref| <= tol + |ref| * eps for every element; prints the first 5 mismatches. */
template <typename Ref>
inline bool validate(const char* name, const std::vector<float>& got, const std::vector<Ref>& ref, double tol,
                     double eps) {
    ++g_checks;
    if (got.size() != ref.size()) {
        ++g_failures;
        std::printf("FAIL %s: size %zu vs reference %zu\n", name, got.size(), ref.size());
        return false;
    }
    int bad = 0;
    double worst = 0;
    for (size_t i = 0; i < got.size(); ++i) {
        double r = (double)ref[i], g = (double)got[i];
        double err = std::fabs(g - r);
        bool fine = err <= tol + std::fabs(r) * eps || (std::isnan(r) && std::isnan(g)) ||
                    (std::isinf(r) && g == r);
        if (!fine) {
            if (bad < 5) std::printf("  %s[%zu]: got %.9g ref %.9g\n", name, i, g, r);
            ++bad;
        }
        if (!std::isnan(err)) worst = std::fmax(worst, err);
    }
    if (bad) {
        ++g_failures;
        std::printf("FAIL %s: %d of %zu elements out of tolerance (max abs err %.3g)\n", name, bad, got.size(), worst);
        return false;
    }
    return true;
}

inline std::mt19937_64& rng() {
    static std::mt19937_64 r(1234567);
    return r;
}

inline std::vector<float> randn(int64_t n, float scale = 1.0f) {
    std::normal_distribution<float> d(0.0f, scale);
    std::vector<float> v((size_t)n);
    for (auto& x : v) x = d(rng());
    return v;
}

inline std::vector<float> rand_uniform(int64_t n, float lo, float hi) {
    std::uniform_real_distribution<float> d(lo, hi);
    std::vector<float> v((size_t)n);
    for (auto& x : v) x = d(rng());
    return v;
}

/* Distinct values `step` apart in random order: no ties, and a max stays the max under a +-h step. */
inline std::vector<float> distinct(int64_t n, float step = 0.01f) {
    std::vector<float> x((size_t)n);
    for (int64_t k = 0; k < n; ++k) x[(size_t)k] = step * (float)(k - n / 2);
    std::shuffle(x.begin(), x.end(), rng());
    return x;
}

/* Small integers in [-2, 2]: many ties in every row and column. */
inline std::vector<float> with_ties(int64_t n) {
    std::uniform_int_distribution<int> d(-2, 2);
    std::vector<float> x((size_t)n);
    for (auto& v : x) v = (float)d(rng());
    return x;
}

/* n indices uniform in [0, rows) (all 0 when rows == 0, which is only legal with n == 0). */
inline std::vector<int32_t> random_index(int64_t n, int64_t rows) {
    std::vector<int32_t> idx((size_t)n, 0);
    if (rows <= 0) return idx;
    std::uniform_int_distribution<int64_t> d(0, rows - 1);
    for (auto& v : idx) v = (int32_t)d(rng());
    return idx;
}

/* Exact comparison of integer outputs (indices, argmax); prints the first 5 mismatches. */
inline void check_ints(const std::string& what, const std::vector<int32_t>& got, const std::vector<int32_t>& want) {
    int bad = 0;
    for (size_t k = 0; k < std::min(got.size(), want.size()); ++k)
        if (got[k] != want[k] && bad++ < 5) std::printf("  %s[%zu]: got %d want %d\n", what.c_str(), k, got[k], want[k]);
    check(bad == 0 && got.size() == want.size(), what.c_str());
}

/* Bitwise equality (determinism checks). */
inline bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

/* An owning wrapper over sk_buffer for harness code. */
struct Buf {
    sk_buffer* b = nullptr;
    Buf() = default;
    Buf(int32_t device, int64_t nbytes) {
        if (sk_buffer_create(&b, device, nbytes) != SK_OK) {
            std::printf("FATAL buffer_create(%d, %lld): %s\n", device, (long long)nbytes, sk_last_error());
            std::exit(70);
        }
    }
    template <typename T>
    Buf(int32_t device, const std::vector<T>& host) : Buf(device, (int64_t)(host.size() * sizeof(T))) {
        if (!host.empty() && sk_buffer_write(b, 0, host.data(), (int64_t)(host.size() * sizeof(T))) != SK_OK) {
            std::printf("FATAL buffer_write: %s\n", sk_last_error());
            std::exit(70);
        }
    }
    Buf(const Buf&) = delete;
    Buf& operator=(const Buf&) = delete;
    Buf(Buf&& o) noexcept : b(o.b) { o.b = nullptr; }
    ~Buf() { sk_buffer_destroy(b); }
    operator sk_buffer*() const { return b; }
    template <typename T = float>
    std::vector<T> read() const {
        std::vector<T> host((size_t)(sk_buffer_nbytes(b) / (int64_t)sizeof(T)));
        if (!host.empty() && sk_buffer_read(host.data(), b, 0, (int64_t)(host.size() * sizeof(T))) != SK_OK) {
            std::printf("FATAL buffer_read: %s\n", sk_last_error());
            std::exit(70);
        }
        return host;
    }
};

/* Central finite differences of L(x) = sum_i r_i f(x)_i at every element of x, in double, against the
 * analytic gradient `analytic` (the backward given dy = r). `f` recomputes the forward output. */
inline bool gradcheck(const char* name, std::vector<float> x, const std::vector<float>& r,
                      const std::function<std::vector<float>(const std::vector<float>&)>& f,
                      const std::vector<float>& analytic, double h, double tol, double eps) {
    std::vector<double> numeric(x.size());
    for (size_t i = 0; i < x.size(); ++i) {
        float keep = x[i];
        x[i] = (float)(keep + h);
        std::vector<float> up = f(x);
        x[i] = (float)(keep - h);
        std::vector<float> down = f(x);
        x[i] = keep;
        double lp = 0, lm = 0;
        for (size_t j = 0; j < r.size(); ++j) {
            lp += (double)r[j] * up[j];
            lm += (double)r[j] * down[j];
        }
        numeric[i] = (lp - lm) / (2 * h);
    }
    return validate(name, analytic, numeric, tol, eps);
}

/* Milliseconds per call of fn (after one warm-up), synchronizing `device` before stopping the clock. */
inline double time_ms(int32_t device, int reps, const std::function<void()>& fn) {
    fn();
    sk_synchronize(device);
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < reps; ++i) fn();
    sk_synchronize(device);
    auto t1 = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::milli>(t1 - t0).count() / reps;
}

/* Parses argv; returns SK_DEVICE_CPU or 0 for cuda, or exits 77 when cuda is asked for and absent. */
inline int32_t device_from_args(int argc, char** argv, const char* harness_name) {
    std::string mode = argc > 1 ? argv[1] : "cpu";
    std::printf("%s (%s) — %s\n", harness_name, mode.c_str(), sk_version());
    if (mode == "cuda") {
        if (sk_cuda_device_count() <= 0) {
            std::printf("SKIP: %s\n", sk_cuda_status());
            std::exit(77);
        }
        return 0;
    }
    return SK_DEVICE_CPU;
}

/* True when `dev` is cuda:0 of a SYMKERN_CUDA_EMULATION build (the CPU emulator of cuda/emu/). */
inline bool on_emulator(int32_t dev) {
    return dev != SK_DEVICE_CPU && std::strstr(sk_cuda_status(), "CUDA emulator") != nullptr;
}

/* True, after saying so, when the timing part of a `cuda` run is skipped: on the CUDA emulator (cuda:0 of a
 * SYMKERN_CUDA_EMULATION build: timings of CPU fibers mean nothing, and the large inputs would take minutes
 * there), or with SK_HARNESS_NO_TIMINGS=1 (compute-sanitizer runs in kernels-test/gpu-validate.sh). */
inline bool skip_timings(int32_t dev) {
    if (dev == SK_DEVICE_CPU) return false;
    const char* no = std::getenv("SK_HARNESS_NO_TIMINGS");
    if (no && std::strcmp(no, "1") == 0) {
        std::printf("timings skipped: SK_HARNESS_NO_TIMINGS=1\n");
        return true;
    }
    if (std::strstr(sk_cuda_status(), "CUDA emulator") == nullptr) return false;
    std::printf("timings skipped: %s\n", sk_cuda_status());
    return true;
}

inline int finish() {
    std::printf("%d checks, %d failed\n", g_checks, g_failures);
    return g_failures > 76 ? 76 : g_failures;
}

}  // namespace harness

#endif /* SK_HARNESS_H */
