/* native/src/cpu/orbit_linear.cpp — K13 orbit_linear on the CPU.
 *
 * x (B, n, din), y/dy (B, n, dout), cat (n, n) with c(i, j) = cat[i*n + j] in [0, K), node_orbit (n).
 * Full:      y[b,i,:] = sum_j x[b,j,:] W[c(i,j)] + bias[node_orbit(i)]            W (K, din, dout)
 * Separable: y[b,i,:] = sum_j alpha[c(i,j)] (x W)[b,j,:] + bias[node_orbit(i)]    alpha (K), W (din, dout)
 * Forward overwrites y; backward overwrites dx and accumulates (+=) into dW, dalpha, dbias.
 *
 * Full variant: the pairs of row i are grouped by category (a stable sort of j by c(i, j)), so that
 *   y[b,i,:] = sum over groups (k, J) of (sum_{j in J} x[b,j,:]) W[k]
 * costs one din x dout product per distinct category of the row (at most min(n, K)) instead of one per
 * pair. dx uses the same grouping of the columns (dx[b,j,:] = sum_i dy[b,i,:] W[c(i,j)]^T), and
 *   dW[k] += sum over row groups (i, J) of category k, over b, of (sum_{j in J} x[b,j,:])^T dy[b,i,:]
 * runs one (k, block of din rows) per task, so every dW element is summed by one thread in a fixed order.
 * Separable variant: with A[i,j] = alpha[c(i,j)] (n x n) and xw = x W, the products are K1 gemm calls:
 *   y[b] = A xw[b];  dxw[b] = A^T dy[b];  dx = dxw W^T;  dW += x^T dxw;
 *   dalpha[k] += sum_{c(i,j) = k} sum_b dy[b,i,:] . xw[b,j,:]  (pairs in flat order).
 * dbias[o] += sum over i with node_orbit(i) = o (increasing), over b, of dy[b,i,:].
 * Napkin math (full forward): 2 B n G din dout flops with G the mean distinct categories per row. */
#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels.h"
#include "orbit_tables.h"

namespace {
const char* const kFwd = "orbit_linear_forward";
const char* const kBwd = "orbit_linear_backward";
const char* const kSepFwd = "orbit_linear_sep_forward";
const char* const kSepBwd = "orbit_linear_sep_backward";

/* For every line r (a row i, or a column j when `columns`), its pairs grouped by category: group g has
 * category cat_of[g] and members member[start[g] .. start[g+1]); line r owns groups first[r] .. first[r+1). */
struct LineGroups {
    std::vector<int32_t> member, cat_of;
    std::vector<int64_t> start, first;
};

LineGroups group_lines(const int32_t* cat, int64_t n, bool columns) {
    LineGroups g;
    g.first.push_back(0);
    g.start.push_back(0);
    std::vector<int32_t> idx((size_t)n);
    for (int64_t r = 0; r < n; ++r) {
        auto key = [&](int32_t m) { return columns ? cat[m * n + r] : cat[r * n + m]; };
        for (int64_t m = 0; m < n; ++m) idx[(size_t)m] = (int32_t)m;
        std::stable_sort(idx.begin(), idx.end(), [&](int32_t a, int32_t b) { return key(a) < key(b); });
        for (int64_t m = 0; m < n; ++m) {
            if (m == 0 || key(idx[(size_t)m]) != key(idx[(size_t)m - 1])) {
                if (m > 0) g.start.push_back((int64_t)g.member.size());
                g.cat_of.push_back(key(idx[(size_t)m]));
            }
            g.member.push_back(idx[(size_t)m]);
        }
        if (n > 0) g.start.push_back((int64_t)g.member.size());
        g.first.push_back((int64_t)g.cat_of.size());
    }
    return g;
}

sk_status check_tables(const char* fn, const int32_t* cat, const int32_t* node_orbit, int64_t n, int64_t num_cat,
                       int64_t num_orbits) {
    SK_RETURN_IF_ERROR(orbit_check_ids(fn, "cat", cat, n * n, num_cat));
    if (node_orbit) SK_RETURN_IF_ERROR(orbit_check_ids(fn, "node_orbit", node_orbit, n, num_orbits));
    return SK_OK;
}

/* y[b,i,:] += bias[node_orbit(i)] for all b, i. */
void add_bias(float* y, const float* bias, const int32_t* node_orbit, int64_t batch, int64_t n, int64_t dout) {
#pragma omp parallel for schedule(static) if (batch * n * dout > (1 << 16))
    for (int64_t bi = 0; bi < batch * n; ++bi) {
        const float* bo = bias + (int64_t)node_orbit[bi % n] * dout;
        float* yr = y + bi * dout;
        for (int64_t o = 0; o < dout; ++o) yr[o] += bo[o];
    }
}

/* dbias[o,:] += sum_{i: node_orbit(i) = o} sum_b dy[b,i,:], one orbit per task. */
void bias_backward(float* dbias, const float* dy, const int32_t* node_orbit, int64_t batch, int64_t n, int64_t dout,
                   int64_t num_orbits) {
#pragma omp parallel
    {
        std::vector<float> acc((size_t)dout);
#pragma omp for schedule(dynamic)
        for (int64_t o = 0; o < num_orbits; ++o) {
            std::fill(acc.begin(), acc.end(), 0.0f);
            for (int64_t i = 0; i < n; ++i) {
                if (node_orbit[i] != o) continue;
                for (int64_t b = 0; b < batch; ++b) {
                    const float* g = dy + (b * n + i) * dout;
                    for (int64_t c = 0; c < dout; ++c) acc[(size_t)c] += g[c];
                }
            }
            for (int64_t c = 0; c < dout; ++c) dbias[o * dout + c] += acc[(size_t)c];
        }
    }
}

/* out[b, line, :] = sum over the line's groups (k, J) of (sum_{m in J} in[b, m, :]) op(W[k]), where op(W[k])
 * is W[k] (din x dout: in has din columns, out dout) or W[k]^T (`transposed`: in has dout, out din). */
void grouped_product(float* out, const float* in, const float* w, const LineGroups& g, int64_t batch, int64_t n,
                     int64_t din, int64_t dout, bool transposed) {
    const int64_t cin = transposed ? dout : din, cout = transposed ? din : dout;
#pragma omp parallel if (batch * n * din * dout > (1 << 14))
    {
        std::vector<float> s((size_t)cin);
#pragma omp for schedule(static)
        for (int64_t bl = 0; bl < batch * n; ++bl) {
            const int64_t b = bl / n, line = bl % n;
            float* orow = out + bl * cout;
            std::fill(orow, orow + cout, 0.0f);
            for (int64_t grp = g.first[(size_t)line]; grp < g.first[(size_t)line + 1]; ++grp) {
                std::fill(s.begin(), s.end(), 0.0f);
                for (int64_t q = g.start[(size_t)grp]; q < g.start[(size_t)grp + 1]; ++q) {
                    const float* r = in + (b * n + g.member[(size_t)q]) * cin;
                    for (int64_t c = 0; c < cin; ++c) s[(size_t)c] += r[c];
                }
                const float* wk = w + (int64_t)g.cat_of[(size_t)grp] * din * dout;
                if (!transposed) {
                    for (int64_t d = 0; d < din; ++d) {
                        const float sd = s[(size_t)d];
                        const float* wr = wk + d * dout;
                        for (int64_t o = 0; o < dout; ++o) orow[o] += sd * wr[o];
                    }
                } else {
                    for (int64_t d = 0; d < din; ++d) {
                        const float* wr = wk + d * dout;
                        float acc = 0.0f;
                        for (int64_t o = 0; o < dout; ++o) acc += s[(size_t)o] * wr[o];
                        orow[d] += acc;
                    }
                }
            }
        }
    }
}

/* dW[k] += sum over row groups (i, J) of category k, over b, of (sum_{j in J} x[b,j,:])^T dy[b,i,:]. */
void full_weight_backward(float* dw, const float* dy, const float* x, const LineGroups& rows, int64_t batch,
                          int64_t n, int64_t din, int64_t dout, int64_t num_cat) {
    /* group ids by category, in increasing row order */
    OrbitGrouping bycat = orbit_group_by_key(rows.cat_of.data(), (int64_t)rows.cat_of.size(), num_cat);
    std::vector<int32_t> row_of(rows.cat_of.size());
    for (int64_t r = 0; r < n; ++r)
        for (int64_t grp = rows.first[(size_t)r]; grp < rows.first[(size_t)r + 1]; ++grp) row_of[(size_t)grp] = (int32_t)r;
    const int64_t kChunk = 16, chunks = (din + kChunk - 1) / kChunk;
#pragma omp parallel if (batch * n * din * dout > (1 << 14))
    {
        std::vector<float> acc((size_t)(kChunk * dout));
#pragma omp for schedule(dynamic)
        for (int64_t task = 0; task < num_cat * chunks; ++task) {
            const int64_t k = task / chunks, d0 = (task % chunks) * kChunk, d1 = std::min(din, d0 + kChunk);
            if (bycat.seg[(size_t)k] == bycat.seg[(size_t)k + 1]) continue;
            std::fill(acc.begin(), acc.end(), 0.0f);
            float s[kChunk];
            for (int64_t q = bycat.seg[(size_t)k]; q < bycat.seg[(size_t)k + 1]; ++q) {
                const int64_t grp = bycat.perm[(size_t)q], i = row_of[(size_t)grp];
                for (int64_t b = 0; b < batch; ++b) {
                    for (int64_t d = d0; d < d1; ++d) s[d - d0] = 0.0f;
                    for (int64_t m = rows.start[(size_t)grp]; m < rows.start[(size_t)grp + 1]; ++m) {
                        const float* xr = x + (b * n + rows.member[(size_t)m]) * din;
                        for (int64_t d = d0; d < d1; ++d) s[d - d0] += xr[d];
                    }
                    const float* g = dy + (b * n + i) * dout;
                    for (int64_t d = d0; d < d1; ++d) {
                        float* a = acc.data() + (d - d0) * dout;
                        const float sd = s[d - d0];
                        for (int64_t o = 0; o < dout; ++o) a[o] += sd * g[o];
                    }
                }
            }
            for (int64_t d = d0; d < d1; ++d)
                for (int64_t o = 0; o < dout; ++o) dw[(k * din + d) * dout + o] += acc[(size_t)((d - d0) * dout + o)];
        }
    }
}

/* A[i,j] = alpha[c(i,j)]. */
std::vector<float> mixing_matrix(const float* alpha, const int32_t* cat, int64_t n) {
    std::vector<float> a((size_t)(n * n));
    for (int64_t p = 0; p < n * n; ++p) a[(size_t)p] = alpha[cat[p]];
    return a;
}
}  // namespace

sk_status orbit_linear_forward_cpu(float* y, const float* x, const float* w, const float* bias, const int32_t* cat,
                                   const int32_t* node_orbit, int64_t batch, int64_t n, int64_t din, int64_t dout,
                                   int64_t num_cat, int64_t num_orbits) {
    SK_RETURN_IF_ERROR(check_tables(kFwd, cat, bias ? node_orbit : nullptr, n, num_cat, num_orbits));
    LineGroups rows = group_lines(cat, n, false);
    grouped_product(y, x, w, rows, batch, n, din, dout, false);
    if (bias) add_bias(y, bias, node_orbit, batch, n, dout);
    return SK_OK;
}

sk_status orbit_linear_backward_cpu(float* dx, float* dw, float* dbias, const float* dy, const float* x,
                                    const float* w, const int32_t* cat, const int32_t* node_orbit, int64_t batch,
                                    int64_t n, int64_t din, int64_t dout, int64_t num_cat, int64_t num_orbits) {
    SK_RETURN_IF_ERROR(check_tables(kBwd, cat, dbias ? node_orbit : nullptr, n, num_cat, num_orbits));
    if (dx) grouped_product(dx, dy, w, group_lines(cat, n, true), batch, n, din, dout, true);
    if (dw) full_weight_backward(dw, dy, x, group_lines(cat, n, false), batch, n, din, dout, num_cat);
    if (dbias) bias_backward(dbias, dy, node_orbit, batch, n, dout, num_orbits);
    return SK_OK;
}

sk_status orbit_linear_sep_forward_cpu(float* y, const float* x, const float* alpha, const float* w,
                                       const float* bias, const int32_t* cat, const int32_t* node_orbit,
                                       int64_t batch, int64_t n, int64_t din, int64_t dout, int64_t num_cat,
                                       int64_t num_orbits) {
    SK_RETURN_IF_ERROR(check_tables(kSepFwd, cat, bias ? node_orbit : nullptr, n, num_cat, num_orbits));
    std::vector<float> a = mixing_matrix(alpha, cat, n), xw((size_t)(batch * n * dout));
    SK_RETURN_IF_ERROR(gemm_cpu(xw.data(), x, w, 1, batch * n, dout, din, 0, 0, 0, 0, 0, 1.0f, 0.0f));
    SK_RETURN_IF_ERROR(gemm_cpu(y, a.data(), xw.data(), batch, n, dout, n, 0, n * dout, n * dout, 0, 0, 1.0f, 0.0f));
    if (bias) add_bias(y, bias, node_orbit, batch, n, dout);
    return SK_OK;
}

sk_status orbit_linear_sep_backward_cpu(float* dx, float* dalpha, float* dw, float* dbias, const float* dy,
                                        const float* x, const float* alpha, const float* w, const int32_t* cat,
                                        const int32_t* node_orbit, int64_t batch, int64_t n, int64_t din,
                                        int64_t dout, int64_t num_cat, int64_t num_orbits) {
    SK_RETURN_IF_ERROR(check_tables(kSepBwd, cat, dbias ? node_orbit : nullptr, n, num_cat, num_orbits));
    const int64_t rows = batch * n;
    if ((dx || dw) && rows > 0 && dout > 0) {
        std::vector<float> a = mixing_matrix(alpha, cat, n), dxw((size_t)(rows * dout));
        SK_RETURN_IF_ERROR(gemm_cpu(dxw.data(), a.data(), dy, batch, n, dout, n, 0, n * dout, n * dout, 1, 0, 1.0f, 0.0f));
        if (dx && din > 0) SK_RETURN_IF_ERROR(gemm_cpu(dx, dxw.data(), w, 1, rows, din, dout, 0, 0, 0, 0, 1, 1.0f, 0.0f));
        if (dw && din > 0) SK_RETURN_IF_ERROR(gemm_cpu(dw, x, dxw.data(), 1, din, dout, rows, 0, 0, 0, 1, 0, 1.0f, 1.0f));
    } else if (dx) {
        std::fill(dx, dx + rows * din, 0.0f);   /* dout == 0: y does not depend on x */
    }
    if (dalpha && rows > 0 && dout > 0) {
        std::vector<float> xw((size_t)(rows * dout)), da((size_t)(n * n));
        if (din > 0) SK_RETURN_IF_ERROR(gemm_cpu(xw.data(), x, w, 1, rows, dout, din, 0, 0, 0, 0, 0, 1.0f, 0.0f));
#pragma omp parallel for schedule(static) if (rows * n * dout > (1 << 16))
        for (int64_t p = 0; p < n * n; ++p) {
            const int64_t i = p / n, j = p % n;
            float acc = 0.0f;
            for (int64_t b = 0; b < batch; ++b) {
                const float* g = dy + (b * n + i) * dout;
                const float* v = xw.data() + (b * n + j) * dout;
                for (int64_t c = 0; c < dout; ++c) acc += g[c] * v[c];
            }
            da[(size_t)p] = acc;
        }
        std::vector<float> acc((size_t)num_cat, 0.0f);
        for (int64_t p = 0; p < n * n; ++p) acc[(size_t)cat[p]] += da[(size_t)p];
        for (int64_t k = 0; k < num_cat; ++k) dalpha[k] += acc[(size_t)k];
    }
    if (dbias) bias_backward(dbias, dy, node_orbit, batch, n, dout, num_orbits);
    return SK_OK;
}
