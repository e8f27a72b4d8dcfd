/* native/src/edge_attention_math.h — shared by native/src/cpu/edge_attention.cpp and cuda/edge_attention.cu
 * (K14): the LeakyReLU of the GATv2 score and the two graph views, written once for host and device.
 *
 * A graph view answers, for a target node t, which incoming "slots" e it has, and for each slot the
 * source node, the edge category and the position q of the slot in the per-edge scratch arrays
 * (alpha and ds, (Q, H)); slots that the self-loop mode drops answer false. It also lists the outgoing
 * slots of a source node (for dxl) and maps the items of the per-category grouping back to slots (for
 * dep). Under SK_ATTN_SELF_MEAN every node has one extra self slot self_slot(t) whose edge feature is the
 * mean of its other incoming edges' ep rows (attn_mean_feature).
 *   AttnDense: `batch` complete graphs of n nodes, node t = b*n + i; slot e = source index j in [0, n)
 *              (node b*n + j), category cat[j*n + i], q = t*n + j (Q = nodes * n; the diagonal slot
 *              t*n + i is the self slot in MEAN mode). Category items are the n*n pairs p = j*n + i,
 *              repeated for each of the `batch` graphs.
 *   AttnCsr:   slot e = CSR edge e of t, source sources[e], category edge_cat[e], q = e (Q = edges + nodes;
 *              the self slot of t is edges + t). Outgoing slots of s come from the CSC grouping
 *              (out_off, out_ids: edge ids grouped by source), dst[e] is the target of edge e, and
 *              category items are the edges themselves. */
#ifndef SK_EDGE_ATTENTION_MATH_H
#define SK_EDGE_ATTENTION_MATH_H

#include <stdint.h>
#include <string.h>

#include "hd.h"
#include "symkern.h"

/* LeakyReLU'(z) = z > 0 ? 1 : slope, and LeakyReLU(z) = LeakyReLU'(z) * z (exact: 1*z = z). On the host the
 * select is done on the bits (z > 0 <=> int32 image > 0 for every non-NaN z): GCC does not if-convert float
 * compares under -ftrapping-math, so the branchy form keeps the H*C-wide CPU loops scalar. */
SK_HD float attn_dlrelu(float z, float slope) {
#ifdef __CUDA_ARCH__
    return z > 0.0f ? 1.0f : slope;
#else
    int32_t zi, si, one = 0x3f800000, r;
    float f;
    memcpy(&zi, &z, 4);
    memcpy(&si, &slope, 4);
    const int32_t m = -(int32_t)(zi > 0);
    r = (m & one) | (~m & si);
    memcpy(&f, &r, 4);
    return f;
#endif
}
SK_HD float attn_lrelu(float z, float slope) { return attn_dlrelu(z, slope) * z; }

struct AttnDense {
    const int32_t* cat;
    int64_t n;
    int mode;

    SK_HD int64_t in_begin(int64_t) const { return 0; }
    SK_HD int64_t in_end(int64_t) const { return n; }
    /* Slot e of target t: false when dropped, else its source node and category. */
    SK_HD bool in_edge(int64_t t, int64_t e, int64_t* src, int32_t* k) const {
        const int64_t i = t % n;
        if (e == i && mode != SK_ATTN_SELF_CATEGORY) return false;
        *src = t - i + e;
        *k = cat[e * n + i];
        return true;
    }
    SK_HD int64_t slot(int64_t t, int64_t e) const { return t * n + e; }
    SK_HD int64_t self_slot(int64_t t) const { return t * n + t % n; }
    SK_HD int64_t out_begin(int64_t) const { return 0; }
    SK_HD int64_t out_end(int64_t) const { return n; }
    /* The idx-th outgoing slot of source s: target t and its slot e (then ask in_edge). */
    SK_HD void out_edge(int64_t s, int64_t idx, int64_t* t, int64_t* e) const {
        *t = s - s % n + idx;
        *e = s % n;
    }
    /* Category item p (a pair j*n + i) in graph `rep`: target t and slot e. */
    SK_HD void item(int64_t p, int64_t rep, int64_t* t, int64_t* e) const {
        *t = rep * n + p % n;
        *e = p / n;
    }
};

struct AttnCsr {
    const int32_t* offsets;
    const int32_t* sources;
    const int32_t* edge_cat;
    const int32_t* dst;       /* (edges) target of each edge */
    const int32_t* out_off;   /* (nodes + 1) CSC segment starts */
    const int32_t* out_ids;   /* (edges) edge ids grouped by source, increasing inside a group */
    int64_t edges;
    int mode;

    SK_HD int64_t in_begin(int64_t t) const { return offsets[t]; }
    SK_HD int64_t in_end(int64_t t) const { return offsets[t + 1]; }
    SK_HD bool in_edge(int64_t t, int64_t e, int64_t* src, int32_t* k) const {
        const int64_t s = sources[e];
        if (s == t && mode != SK_ATTN_SELF_CATEGORY) return false;
        *src = s;
        *k = edge_cat[e];
        return true;
    }
    SK_HD int64_t slot(int64_t, int64_t e) const { return e; }
    SK_HD int64_t self_slot(int64_t t) const { return edges + t; }
    SK_HD int64_t out_begin(int64_t s) const { return out_off[s]; }
    SK_HD int64_t out_end(int64_t s) const { return out_off[s + 1]; }
    SK_HD void out_edge(int64_t, int64_t idx, int64_t* t, int64_t* e) const {
        *e = out_ids[idx];
        *t = dst[*e];
    }
    SK_HD void item(int64_t p, int64_t, int64_t* t, int64_t* e) const {
        *e = p;
        *t = dst[p];
    }
};

/* MEAN self loops: row[w] = mean of ep[k, w] over the kept incoming slots of target t (0 without any), for
 * w in [w0, w1) (the CPU takes a whole row, a CUDA thread one channel). Returns 1/deg (0 without any). */
template <class G>
SK_HD float attn_mean_feature(const G& g, const float* ep, int64_t t, int64_t HC, int64_t w0, int64_t w1, float* row) {
    for (int64_t w = w0; w < w1; ++w) row[w] = 0.0f;
    int64_t deg = 0;
    for (int64_t e = g.in_begin(t); e < g.in_end(t); ++e) {
        int64_t s;
        int32_t k;
        if (!g.in_edge(t, e, &s, &k)) continue;
        ++deg;
        for (int64_t w = w0; w < w1; ++w) row[w] += ep[(int64_t)k * HC + w];
    }
    const float inv = deg > 0 ? 1.0f / (float)deg : 0.0f;
    for (int64_t w = w0; w < w1; ++w) row[w] *= inv;
    return inv;
}

#endif /* SK_EDGE_ATTENTION_MATH_H */
