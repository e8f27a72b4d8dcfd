/* native/src/filter_expand_table.h — host-side handling of the K8/K9 filter table (idx, coef), shared by the
 * ABI entry points (CPU check), the CPU kernels and the CUDA launchers (which download the table first):
 *   fe_check_idx  — every idx entry in [0, q), else SK_ERR_ARG naming the first bad entry (t, s, x, m);
 *   FeInverse     — the transposed table as CSR over the source index j: for each j, the entries
 *                   (t, s, x, m) with idx == j in ascending flat order, as an offset into one (o, i) slice
 *                   of W_exp (co, to, ci, si, p) and their coefficient. The backward gathers over it, so
 *                   dw[o, i, j] is a fixed-order sum (deterministic, no atomics). */
#ifndef SK_FILTER_EXPAND_TABLE_H
#define SK_FILTER_EXPAND_TABLE_H

#include <cstdint>
#include <vector>

#include "common.h"

/* The first idx entry outside [0, q) is SK_ERR_ARG; idx is (to, si, p, e). */
inline sk_status fe_check_idx(const char* fn, const int32_t* idx, int64_t to, int64_t si, int64_t p, int64_t e,
                              int64_t q) {
    const int64_t n = to * si * p * e;
    for (int64_t f = 0; f < n; ++f) {
        if (idx[f] >= 0 && idx[f] < q) continue;
        const int64_t m = f % e, x = f / e % p, s = f / (e * p) % si, t = f / (e * p * si);
        return sk_fail(SK_ERR_ARG, "%s: idx[t=%lld, s=%lld, x=%lld, m=%lld] = %d is outside [0, %lld)", fn,
                       (long long)t, (long long)s, (long long)x, (long long)m, idx[f], (long long)q);
    }
    return SK_OK;
}

/* The transposed table. For W_exp (co, to, ci, si, p), element (o, t, i, s, x) lies at
 *   ((o * to + t) * ci + i) * si * p + s * p + x = (o * to * ci + i) * si * p + off,  off = t * ci * si * p + s * p + x,
 * so off depends only on the table entry: entries start[j] .. start[j + 1] - 1 of off / coef feed dw[o, i, j]. */
struct FeInverse {
    std::vector<int64_t> start;   /* q + 1 */
    std::vector<int64_t> off;     /* one per table entry */
    std::vector<float> coef;
};

inline FeInverse fe_inverse(const int32_t* idx, const float* coef, int64_t ci, int64_t q, int64_t to, int64_t si,
                            int64_t p, int64_t e) {
    FeInverse inv;
    const int64_t n = to * si * p * e;
    inv.start.assign((size_t)q + 1, 0);
    for (int64_t f = 0; f < n; ++f) ++inv.start[(size_t)idx[f] + 1];
    for (int64_t j = 0; j < q; ++j) inv.start[(size_t)j + 1] += inv.start[(size_t)j];
    inv.off.resize((size_t)n);
    inv.coef.resize((size_t)n);
    std::vector<int64_t> fill(inv.start.begin(), inv.start.end() - 1);
    for (int64_t f = 0; f < n; ++f) {   /* ascending f: each j's entries stay in flat (t, s, x, m) order */
        const int64_t tsx = f / e, t = tsx / (si * p), sx = tsx % (si * p);
        const int64_t slot = fill[(size_t)idx[f]]++;
        inv.off[(size_t)slot] = t * ci * si * p + sx;
        inv.coef[(size_t)slot] = coef ? coef[f] : 1.0f;
    }
    return inv;
}

/* CPU only (cpu/filter_expand.cpp): dw[o, i, j] += sum over j's entries of inv.coef * dw_exp[(o*to*ci + i)*sp + off]
 * for o < co, i < ci, j < q (sp = si * p). OpenMP over (o, i) unless already inside a parallel region. */
void filter_expand_backward_apply_cpu(float* dw, const float* dw_exp, const FeInverse& inv, int64_t co, int64_t ci,
                                      int64_t q, int64_t to, int64_t sp);

#endif /* SK_FILTER_EXPAND_TABLE_H */
