/* kernels-test/gather_scatter_test.cpp — K12 gather_rows and scatter_add_rows (deterministic CSR path and
 * atomic path).
 *   cpu : gather vs a float64 reference (repeated, skipped and out-of-order indices; n, src_rows, dim of
 *         0, 1 and odd sizes); scatter-add (both modes) vs a float64 reference, accumulating into a
 *         non-zero y; deterministic repeats bit-identical; atomic vs deterministic within tolerance; the
 *         adjoint identity <gather(x), g> = <x, scatter(g)>; each op's backward (the other op) vs central
 *         finite differences; error paths: out-of-range indices (message names position and value, output
 *         untouched), unknown mode, negative sizes, NULL / short buffers.
 *   cuda: the same inputs on CUDA vs the CPU, deterministic repeats bit-identical on the device, atomic vs
 *         deterministic within tolerance, the same index error messages, then timings (GB/s).
 *   ./gather_scatter_test cpu | ./gather_scatter_test cuda */
#include <algorithm>

#include "harness.h"

using namespace harness;

namespace {
struct Case {
    int64_t n, rows, dim;   /* rows = src_rows of gather = dst_rows of scatter */
    std::string str() const {
        return "n " + std::to_string(n) + " rows " + std::to_string(rows) + " dim " + std::to_string(dim);
    }
};
/* size-0 and size-1 edges, odd sizes, many collisions (n >> rows), few (n << rows), wide rows */
const Case kCases[] = {{1, 1, 1},    {0, 3, 2},     {0, 0, 3},     {5, 3, 0},    {7, 1, 3},     {3, 10, 1},
                       {33, 5, 7},   {100, 100, 1}, {257, 31, 33}, {1000, 3, 5}, {64, 4096, 128}, {2560, 64, 128},
                       {20000, 777, 3}};

std::vector<double> ref_gather(const std::vector<float>& x, const std::vector<int32_t>& idx, int64_t dim) {
    std::vector<double> y(idx.size() * (size_t)dim);
    for (size_t r = 0; r < idx.size(); ++r)
        for (int64_t d = 0; d < dim; ++d) y[r * dim + d] = x[(size_t)(idx[r] * dim + d)];
    return y;
}

std::vector<double> ref_scatter(const std::vector<float>& y0, const std::vector<float>& x,
                                const std::vector<int32_t>& idx, int64_t dim) {
    std::vector<double> y(y0.begin(), y0.end());
    for (size_t r = 0; r < idx.size(); ++r)
        for (int64_t d = 0; d < dim; ++d) y[(size_t)(idx[r] * dim + d)] += x[r * dim + d];
    return y;
}

std::vector<float> gather(int32_t dev, const std::vector<float>& x, const std::vector<int32_t>& idx, int64_t rows,
                          int64_t dim, const std::string& what) {
    const int64_t n = (int64_t)idx.size();
    Buf bx(dev, x), bi(dev, idx), by(dev, std::vector<float>((size_t)(n * dim), 7.0f));
    ok(sk_gather_rows(by, bx, bi, n, rows, dim), what.c_str());
    return by.read();
}

std::vector<float> scatter(int32_t dev, const std::vector<float>& y0, const std::vector<float>& x,
                           const std::vector<int32_t>& idx, int64_t rows, int64_t dim, int mode, const std::string& what) {
    Buf bx(dev, x), bi(dev, idx), by(dev, y0);
    ok(sk_scatter_add_rows(by, bx, bi, (int64_t)idx.size(), rows, dim, mode), what.c_str());
    return by.read();
}

double dot(const std::vector<float>& a, const std::vector<float>& b) {
    double s = 0;
    for (size_t i = 0; i < a.size(); ++i) s += (double)a[i] * b[i];
    return s;
}

const char* mode_name(int mode) { return mode == SK_SCATTER_ATOMIC ? "atomic" : "deterministic"; }

void cpu_checks() {
    for (const Case& c : kCases) {
        std::vector<int32_t> idx = random_index(c.n, c.rows);
        std::vector<float> x = randn(c.rows * c.dim), src = randn(c.n * c.dim), y0 = randn(c.rows * c.dim);
        std::string what = "gather " + c.str();
        validate(what.c_str(), gather(SK_DEVICE_CPU, x, idx, c.rows, c.dim, what), ref_gather(x, idx, c.dim), 0, 0);
        std::vector<float> det;
        for (int mode : {SK_SCATTER_DETERMINISTIC, SK_SCATTER_ATOMIC}) {
            what = std::string("scatter_add ") + mode_name(mode) + " " + c.str();
            std::vector<float> got = scatter(SK_DEVICE_CPU, y0, src, idx, c.rows, c.dim, mode, what);
            validate(what.c_str(), got, ref_scatter(y0, src, idx, c.dim), 1e-5, 1e-5);
            if (mode == SK_SCATTER_DETERMINISTIC) {
                det = got;
                check(same_bits(got, scatter(SK_DEVICE_CPU, y0, src, idx, c.rows, c.dim, mode, what)),
                      ("deterministic scatter repeat is bit-identical " + c.str()).c_str());
            } else {
                std::vector<double> d(det.begin(), det.end());
                validate(("atomic vs deterministic " + c.str()).c_str(), got, d, 1e-5, 1e-5);
            }
        }
        /* adjoint: <gather(x), g> = <x, scatter(g)> (scatter into zeros) */
        std::vector<float> g = randn(c.n * c.dim);
        double lhs = dot(gather(SK_DEVICE_CPU, x, idx, c.rows, c.dim, what), g);
        double rhs = dot(x, scatter(SK_DEVICE_CPU, std::vector<float>((size_t)(c.rows * c.dim), 0.0f), g, idx, c.rows,
                                    c.dim, SK_SCATTER_DETERMINISTIC, what));
        check(std::fabs(lhs - rhs) <= 1e-4 * (1 + std::fabs(lhs)), ("gather / scatter adjoint " + c.str()).c_str());
    }
    /* deterministic means: each destination summed in increasing r, in double, then added once to y */
    {
        std::vector<float> src = {1e8f, 1.0f, -1e8f, 1.0f};
        std::vector<int32_t> idx = {0, 0, 0, 0};
        std::vector<float> det = scatter(SK_DEVICE_CPU, {0.0f}, src, idx, 1, 1, SK_SCATTER_DETERMINISTIC, "det");
        std::vector<float> atom = scatter(SK_DEVICE_CPU, {0.0f}, src, idx, 1, 1, SK_SCATTER_ATOMIC, "atomic");
        check(det[0] == 2.0f, "deterministic path sums in double (1e8 + 1 - 1e8 + 1 = 2)");
        check(atom[0] == 1.0f, "atomic CPU path is the serial float loop (1e8 + 1 rounds to 1e8)");
    }
    /* backward of gather = scatter-add of dy; backward of scatter = gather of dy; vs finite differences */
    for (const Case& c : {Case{7, 3, 2}, Case{5, 6, 1}, Case{9, 4, 3}, Case{1, 1, 1}}) {
        std::vector<int32_t> idx = random_index(c.n, c.rows);
        std::string what = "gather backward (scatter-add) vs finite differences " + c.str();
        std::vector<float> x = randn(c.rows * c.dim), r = randn(c.n * c.dim);
        auto fg = [&](const std::vector<float>& xs) { return gather(SK_DEVICE_CPU, xs, idx, c.rows, c.dim, what); };
        gradcheck(what.c_str(), x, r, fg,
                  scatter(SK_DEVICE_CPU, std::vector<float>(x.size(), 0.0f), r, idx, c.rows, c.dim,
                          SK_SCATTER_DETERMINISTIC, what),
                  1e-2, 1e-3, 1e-3);
        what = "scatter-add backward (gather) vs finite differences " + c.str();
        std::vector<float> s = randn(c.n * c.dim), rs = randn(c.rows * c.dim), zero((size_t)(c.rows * c.dim), 0.0f);
        auto fs = [&](const std::vector<float>& xs) {
            return scatter(SK_DEVICE_CPU, zero, xs, idx, c.rows, c.dim, SK_SCATTER_DETERMINISTIC, what);
        };
        gradcheck(what.c_str(), s, rs, fs, gather(SK_DEVICE_CPU, rs, idx, c.rows, c.dim, what), 1e-2, 1e-3, 1e-3);
    }

    /* error paths */
    Buf x(SK_DEVICE_CPU, std::vector<float>(12, 1.0f)), y(SK_DEVICE_CPU, std::vector<float>(8, 5.0f)),
        good(SK_DEVICE_CPU, std::vector<int32_t>{0, 5, 2, 1}), small(SK_DEVICE_CPU, 4);
    for (auto bad : {std::vector<int32_t>{0, 1, 6, 2}, std::vector<int32_t>{0, -1, 7, 2}}) {
        Buf bi(SK_DEVICE_CPU, bad);
        std::string needle = "gather_rows: idx[" + std::string(bad[1] < 0 ? "1] = -1" : "2] = 6") + " is outside [0, 6)";
        expect_error(sk_gather_rows(y, x, bi, 4, 6, 2), SK_ERR_ARG, needle.c_str(), "gather index out of range");
        check(same_bits(y.read(), std::vector<float>(8, 5.0f)), "gather error leaves y untouched");
    }
    {
        Buf bi(SK_DEVICE_CPU, std::vector<int32_t>{3, 0, 4, 1, 2, 4});
        expect_error(sk_scatter_add_rows(y, x, bi, 6, 4, 2, SK_SCATTER_DETERMINISTIC), SK_ERR_ARG,
                     "scatter_add_rows: idx[2] = 4 is outside [0, 4)", "scatter index out of range");
        expect_error(sk_scatter_add_rows(y, x, bi, 6, 4, 2, SK_SCATTER_ATOMIC), SK_ERR_ARG,
                     "scatter_add_rows: idx[2] = 4 is outside [0, 4)", "scatter index out of range (atomic)");
        check(same_bits(y.read(), std::vector<float>(8, 5.0f)), "scatter error leaves y untouched");
    }
    expect_error(sk_scatter_add_rows(y, x, good, 4, 4, 2, 2), SK_ERR_ARG, "scatter_add_rows: unknown mode 2",
                 "unknown mode");
    expect_error(sk_gather_rows(y, x, good, -1, 6, 2), SK_ERR_SHAPE, "gather_rows: n = -1 is negative", "negative n");
    expect_error(sk_gather_rows(y, x, good, 4, -6, 2), SK_ERR_SHAPE, "src_rows = -6 is negative", "negative src_rows");
    expect_error(sk_scatter_add_rows(y, x, good, 4, -4, 2, 0), SK_ERR_SHAPE, "dst_rows = -4 is negative",
                 "negative dst_rows");
    expect_error(sk_scatter_add_rows(y, x, good, 4, 4, -2, 0), SK_ERR_SHAPE, "scatter_add_rows: dim = -2 is negative",
                 "negative dim");
    expect_error(sk_scatter_add_rows(y, x, good, (int64_t)INT32_MAX + 1, 4, 0, 0), SK_ERR_SHAPE, "above INT32_MAX",
                 "n above INT32_MAX");
    expect_error(sk_gather_rows(small, x, good, 4, 6, 2), SK_ERR_SHAPE, "buffer 'y' holds 4 bytes", "short y");
    expect_error(sk_gather_rows(y, x, small, 4, 6, 2), SK_ERR_SHAPE, "buffer 'idx' holds 4 bytes", "short idx");
    expect_error(sk_scatter_add_rows(y, small, good, 4, 4, 2, 0), SK_ERR_SHAPE, "buffer 'x' holds 4 bytes", "short x");
    expect_error(sk_gather_rows(y, nullptr, good, 4, 6, 2), SK_ERR_ARG, "'x' is NULL", "NULL x");
    expect_error(sk_scatter_add_rows(y, x, nullptr, 4, 4, 2, 0), SK_ERR_ARG, "'idx' is NULL", "NULL idx");
    expect_error(sk_gather_rows(y, x, good, INT64_MAX, 6, 2), SK_ERR_SHAPE, "overflows", "size overflow");
}

void cuda_checks(int32_t dev) {
    for (const Case& c : kCases) {
        std::vector<int32_t> idx = random_index(c.n, c.rows);
        std::vector<float> x = randn(c.rows * c.dim), src = randn(c.n * c.dim), y0 = randn(c.rows * c.dim);
        std::string what = "cuda gather vs cpu " + c.str();
        validate(what.c_str(), gather(dev, x, idx, c.rows, c.dim, what), gather(SK_DEVICE_CPU, x, idx, c.rows, c.dim, what),
                 0, 0);
        what = "cuda scatter_add deterministic vs cpu " + c.str();
        std::vector<float> det = scatter(dev, y0, src, idx, c.rows, c.dim, SK_SCATTER_DETERMINISTIC, what);
        std::vector<float> cpu = scatter(SK_DEVICE_CPU, y0, src, idx, c.rows, c.dim, SK_SCATTER_DETERMINISTIC, what);
        /* same per-destination order and double sums: equal up to the double rounding of one add */
        validate(what.c_str(), det, cpu, 1e-6, 1e-6);
        check(same_bits(det, scatter(dev, y0, src, idx, c.rows, c.dim, SK_SCATTER_DETERMINISTIC, what)),
              ("cuda deterministic scatter repeat is bit-identical " + c.str()).c_str());
        what = "cuda scatter_add atomic vs deterministic " + c.str();
        validate(what.c_str(), scatter(dev, y0, src, idx, c.rows, c.dim, SK_SCATTER_ATOMIC, what),
                 std::vector<double>(det.begin(), det.end()), 1e-5, 1e-5);
    }
    {   /* index errors on the device: same message, output untouched */
        Buf x(dev, std::vector<float>(12, 1.0f)), y(dev, std::vector<float>(8, 5.0f)),
            bi(dev, std::vector<int32_t>{0, 5, 6, -3});
        expect_error(sk_gather_rows(y, x, bi, 4, 6, 2), SK_ERR_ARG, "gather_rows: idx[2] = 6 is outside [0, 6)",
                     "cuda gather index out of range");
        for (int mode : {SK_SCATTER_DETERMINISTIC, SK_SCATTER_ATOMIC})
            expect_error(sk_scatter_add_rows(y, x, bi, 4, 4, 2, mode), SK_ERR_ARG,
                         "scatter_add_rows: idx[1] = 5 is outside [0, 4)", "cuda scatter index out of range");
        check(same_bits(y.read(), std::vector<float>(8, 5.0f)), "cuda index errors leave y untouched");
    }
    if (skip_timings(dev)) return;
    /* timings; napkin math: gather reads and writes 4 B per output element (+ idx), scatter reads x and
     * read-modify-writes y */
    for (const Case& c : {Case{1 << 20, 1 << 16, 64}, Case{1 << 22, 1 << 12, 16}, Case{2560, 64, 128}}) {
        Buf x(dev, randn(c.rows * c.dim)), src(dev, randn(c.n * c.dim)), bi(dev, random_index(c.n, c.rows)),
            y(dev, c.n * c.dim * 4), acc(dev, c.rows * c.dim * 4);
        double ms = time_ms(dev, 20, [&] { sk_gather_rows(y, x, bi, c.n, c.rows, c.dim); });
        std::printf("gather_rows (%s): %.4f ms, %.1f GB/s\n", c.str().c_str(), ms, 8.0 * c.n * c.dim / ms / 1e6);
        for (int mode : {SK_SCATTER_DETERMINISTIC, SK_SCATTER_ATOMIC}) {
            ms = time_ms(dev, 20, [&] { sk_scatter_add_rows(acc, src, bi, c.n, c.rows, c.dim, mode); });
            std::printf("scatter_add_rows %s (%s): %.4f ms, %.1f GB/s\n", mode_name(mode), c.str().c_str(), ms,
                        (4.0 * c.n * c.dim + 8.0 * c.rows * c.dim) / ms / 1e6);
        }
    }
}
}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "gather_scatter_test");
    if (dev == SK_DEVICE_CPU) cpu_checks();
    else cuda_checks(dev);
    return finish();
}
