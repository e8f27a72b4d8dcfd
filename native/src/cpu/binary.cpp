/* native/src/cpu/binary.cpp — K2 broadcasting ops on the CPU.
 *
 * binary_forward: out = a (op) b. The shapes are collapsed into an sk_bcast_plan (binary_math.h); the
 *   innermost collapsed dim is a contiguous row in which each operand is either full (stride 1) or a
 *   single broadcast value (stride 0), so the row loop is one of four flat, vectorizable loops (same shape,
 *   scalar b, scalar a, both scalar). Rows are walked with an index counter (no div/mod per element):
 *   same shapes and scalar operands are a single row; bias add (m,n)+(1,n) is m rows of a full b row;
 *   column broadcast (m,n)+(m,1) is m rows with one b value per row; outer (m,1)+(1,n) is m rows of
 *   one a value with the full b row. OpenMP splits the rows (or the single row) across threads above
 *   64K elements.
 *
 * sum_to_shape: out = in summed over the broadcast axes, via an sk_sum_plan. The work is cut into items
 *   whose bounds depend only on the shapes: (output row, column chunk, segment of reduced rows) when the
 *   innermost dim is kept, (output element, segment) when it is reduced. Each item sums its inputs in
 *   increasing flat order in double; with more than one segment per output, the segment partials are
 *   added in segment order. The result is therefore the same on every run and for any thread count. */
#include <omp.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "binary_math.h"
#include "common.h"
#include "kernels.h"
#include "parallel.h"

namespace {
constexpr int64_t kParallelMin = 1 << 16;   /* elements below which one thread does the work */
constexpr int64_t kItemElems = 1 << 16;     /* input elements per sum_to_shape work item (shape-only) */
constexpr int64_t kCols = 2048;             /* column chunk of sum_to_shape when the inner dim is kept */

/* This thread's share [lo, hi) of [0, n) inside an omp parallel region. */
void thread_range(int64_t n, int64_t* lo, int64_t* hi) {
    int64_t nt = omp_get_num_threads(), t = omp_get_thread_num();
    int64_t chunk = (n + nt - 1) / nt;
    *lo = std::min(n, t * chunk);
    *hi = std::min(n, *lo + chunk);
}

/* One contiguous row: fa / fb say whether a / b advance (stride 1) or stay (a broadcast value). */
template <int OP>
void binary_row(float* o, const float* a, const float* b, int64_t n, bool fa, bool fb) {
    if (fa && fb) {
#pragma omp simd
        for (int64_t i = 0; i < n; ++i) o[i] = binary_f(OP, a[i], b[i]);
    } else if (fa) {
        const float s = b[0];
#pragma omp simd
        for (int64_t i = 0; i < n; ++i) o[i] = binary_f(OP, a[i], s);
    } else if (fb) {
        const float s = a[0];
#pragma omp simd
        for (int64_t i = 0; i < n; ++i) o[i] = binary_f(OP, s, b[i]);
    } else {
        const float v = binary_f(OP, a[0], b[0]);
        for (int64_t i = 0; i < n; ++i) o[i] = v;
    }
}

template <int OP>
void binary_run(float* out, const float* a, const float* b, const sk_bcast_plan& p) {
    const int r = p.ndim;
    const int64_t inner = p.shape[r - 1];
    const bool fa = p.sa[r - 1] != 0, fb = p.sb[r - 1] != 0;
    int64_t rows = 1;
    for (int d = 0; d < r - 1; ++d) rows *= p.shape[d];
    const int64_t total = rows * inner;

    if (rows == 1) {   /* one row: split it */
        sk_parallel_region(total > kParallelMin, [&] {
            int64_t lo, hi;
            thread_range(total, &lo, &hi);
            if (lo < hi) binary_row<OP>(out + lo, fa ? a + lo : a, fb ? b + lo : b, hi - lo, fa, fb);
        });
        return;
    }
    sk_parallel_region(total > kParallelMin, [&] {
        int64_t lo, hi;
        thread_range(rows, &lo, &hi);
        if (lo < hi) {
            /* index counter over the outer dims [0, r-1), started at row lo */
            int64_t idx[SK_MAX_DIMS], oa = 0, ob = 0, rem = lo;
            for (int d = r - 2; d >= 0; --d) {
                idx[d] = rem % p.shape[d];
                rem /= p.shape[d];
                oa += idx[d] * p.sa[d];
                ob += idx[d] * p.sb[d];
            }
            for (int64_t row = lo; row < hi; ++row) {
                binary_row<OP>(out + row * inner, a + oa, b + ob, inner, fa, fb);
                for (int d = r - 2; d >= 0; --d) {
                    oa += p.sa[d];
                    ob += p.sb[d];
                    if (++idx[d] < p.shape[d]) break;
                    oa -= p.sa[d] * p.shape[d];
                    ob -= p.sb[d] * p.shape[d];
                    idx[d] = 0;
                }
            }
        }
    });
}

/* Row-major counter over the reduced outer dims of a sum plan; `off` is the input offset of tuple t. */
struct RedCounter {
    int64_t idx[SK_MAX_DIMS];
    int64_t off = 0;
    RedCounter(const sk_sum_plan& p, int64_t t) {
        for (int d = p.nr - 1; d >= 0; --d) {
            idx[d] = t % p.rshape[d];
            t /= p.rshape[d];
            off += idx[d] * p.rstride[d];
        }
    }
    void next(const sk_sum_plan& p) {
        for (int d = p.nr - 1; d >= 0; --d) {
            off += p.rstride[d];
            if (++idx[d] < p.rshape[d]) return;
            off -= p.rstride[d] * p.rshape[d];
            idx[d] = 0;
        }
    }
};

int64_t ceil_div64(int64_t a, int64_t b) { return (a + b - 1) / b; }

double run_sum(const float* x, int64_t n) {
    double acc = 0.0;
#pragma omp simd reduction(+ : acc)
    for (int64_t j = 0; j < n; ++j) acc += (double)x[j];
    return acc;
}

/* out[o] = sum over segments s (in order) of part[s * n_out + o]. */
void combine_segments(float* out, const std::vector<double>& part, int64_t nseg, int64_t n_out) {
    sk_parallel_for(0, n_out, nseg * n_out > kParallelMin, [&](int64_t o) {
        double v = 0.0;
        for (int64_t s = 0; s < nseg; ++s) v += part[s * n_out + o];
        out[o] = (float)v;
    });
}

/* Innermost dim kept: out[ok * inner + j] = sum_t in[koff(ok) + roff(t) + j]. */
void sum_columns(float* out, const float* in, const sk_sum_plan& p) {
    const int64_t inner = p.inner, n_out = p.n_kept * inner;
    const int64_t ncol = ceil_div64(inner, kCols);
    const int64_t tc = std::max<int64_t>(1, kItemElems / std::min(inner, kCols));   /* reduced rows per item */
    const int64_t nseg = ceil_div64(p.n_red, tc);
    std::vector<double> part(nseg > 1 ? (size_t)(nseg * n_out) : 0);
    const int64_t items = p.n_kept * ncol * nseg;
    sk_parallel_for(0, items, n_out * p.n_red > kParallelMin, [&](int64_t w) {
        const int64_t s = w % nseg, c = (w / nseg) % ncol, ok = w / (nseg * ncol);
        const int64_t j0 = c * kCols, cw = std::min(kCols, inner - j0);
        const int64_t t0 = s * tc, t1 = std::min(p.n_red, t0 + tc);
        double acc[kCols];
        for (int64_t j = 0; j < cw; ++j) acc[j] = 0.0;
        const float* base = in + sk_digits_offset(ok, p.nk, p.kshape, p.kstride) + j0;
        RedCounter rc(p, t0);
        for (int64_t t = t0; t < t1; ++t, rc.next(p)) {
            const float* row = base + rc.off;
#pragma omp simd
            for (int64_t j = 0; j < cw; ++j) acc[j] += (double)row[j];
        }
        const int64_t o = ok * inner + j0;
        if (nseg == 1)
            for (int64_t j = 0; j < cw; ++j) out[o + j] = (float)acc[j];
        else
            for (int64_t j = 0; j < cw; ++j) part[s * n_out + o + j] = acc[j];
    });
    if (nseg > 1) combine_segments(out, part, nseg, n_out);
}

/* Innermost dim reduced: out[ok] = sum_t sum_j in[koff(ok) + roff(t) + j]. A segment is a range of the
 * run j when there is no reduced outer dim (n_red == 1), else a range of reduced rows t. */
void sum_rows(float* out, const float* in, const sk_sum_plan& p) {
    const int64_t inner = p.inner, n_out = p.n_kept;
    const bool split_run = p.n_red == 1;
    const int64_t chunk = split_run ? kItemElems : std::max<int64_t>(1, kItemElems / inner);
    const int64_t nseg = ceil_div64(split_run ? inner : p.n_red, chunk);
    std::vector<double> part(nseg > 1 ? (size_t)(nseg * n_out) : 0);
    const int64_t items = n_out * nseg;
    sk_parallel_for(0, items, n_out * p.n_red * inner > kParallelMin, [&](int64_t w) {
        const int64_t s = w % nseg, ok = w / nseg;
        const float* base = in + sk_digits_offset(ok, p.nk, p.kshape, p.kstride);
        double acc = 0.0;
        if (split_run) {
            const int64_t j0 = s * chunk;
            acc = run_sum(base + j0, std::min(inner, j0 + chunk) - j0);
        } else {
            const int64_t t0 = s * chunk, t1 = std::min(p.n_red, t0 + chunk);
            RedCounter rc(p, t0);
            for (int64_t t = t0; t < t1; ++t, rc.next(p)) acc += run_sum(base + rc.off, inner);
        }
        if (nseg == 1) out[ok] = (float)acc;
        else part[s * n_out + ok] = acc;
    });
    if (nseg > 1) combine_segments(out, part, nseg, n_out);
}
}  // namespace

sk_status binary_forward_cpu(float* out, const float* a, const float* b, int ndim, const int64_t* out_shape,
                             const int64_t* a_shape, const int64_t* b_shape, int op) {
    const sk_bcast_plan p = sk_make_bcast_plan(ndim, out_shape, a_shape, b_shape);
    switch (op) {
        case SK_BINARY_ADD: binary_run<SK_BINARY_ADD>(out, a, b, p); break;
        case SK_BINARY_SUB: binary_run<SK_BINARY_SUB>(out, a, b, p); break;
        case SK_BINARY_MUL: binary_run<SK_BINARY_MUL>(out, a, b, p); break;
        case SK_BINARY_DIV: binary_run<SK_BINARY_DIV>(out, a, b, p); break;
        default: return sk_fail(SK_ERR_ARG, "binary_forward: unknown op code %d", op);   /* checked earlier */
    }
    return SK_OK;
}

sk_status sum_to_shape_cpu(float* out, const float* in, int ndim, const int64_t* out_shape,
                           const int64_t* in_shape) {
    int64_t n_in = 1, n_out = 1;
    for (int d = 0; d < ndim; ++d) {
        n_in *= in_shape[d];
        n_out *= out_shape[d];
    }
    if (n_in == 0) {   /* sums over empty axes */
        std::memset(out, 0, (size_t)n_out * sizeof(float));
        return SK_OK;
    }
    const sk_sum_plan p = sk_make_sum_plan(ndim, out_shape, in_shape);
    if (!p.inner_reduced && p.n_red == 1) {   /* nothing reduced: a copy */
        if (out != in) std::memcpy(out, in, (size_t)n_out * sizeof(float));
        return SK_OK;
    }
    if (p.inner_reduced) sum_rows(out, in, p);
    else sum_columns(out, in, p);
    return SK_OK;
}
