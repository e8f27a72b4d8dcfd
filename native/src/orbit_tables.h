/* native/src/orbit_tables.h — host helpers for the integer tables of the K13-K14 ops (orbit_linear,
 * edge_attention): the error messages for bad ids and bad CSR offsets (shared by the CPU checks and the
 * CUDA launchers, which find the first bad position on the device and format it here), the CPU checks
 * themselves, and a stable counting sort that groups item ids by key (the deterministic segment order
 * used for per-category and per-source sums). Host only. */
#ifndef SK_ORBIT_TABLES_H
#define SK_ORBIT_TABLES_H

#include <cstdint>
#include <vector>

#include "common.h"

/* "op: name[index] = value is outside [0, limit)". */
inline sk_status orbit_bad_id(const char* op, const char* name, int64_t index, int64_t value, int64_t limit) {
    return sk_fail(SK_ERR_ARG, "%s: %s[%lld] = %lld is outside [0, %lld)", op, name, (long long)index,
                   (long long)value, (long long)limit);
}

/* The message for the first bad CSR offset at position p (prev = offsets[p-1] when p > 0, cur = offsets[p]). */
inline sk_status orbit_bad_offset(const char* op, int64_t p, int64_t prev, int64_t cur, int64_t nodes,
                                  int64_t edges) {
    if (p == 0 && cur != 0)
        return sk_fail(SK_ERR_ARG, "%s: offsets[0] = %lld, must be 0", op, (long long)cur);
    if (p > 0 && cur < prev)
        return sk_fail(SK_ERR_ARG, "%s: offsets decrease at %lld (offsets[%lld] = %lld < offsets[%lld] = %lld)", op,
                       (long long)p, (long long)p, (long long)cur, (long long)(p - 1), (long long)prev);
    return sk_fail(SK_ERR_ARG, "%s: offsets[%lld] = %lld, must equal the edge count %lld", op, (long long)nodes,
                   (long long)cur, (long long)edges);
}

/* True when position p of offsets (nodes + 1 entries) breaks the CSR rules. */
inline bool orbit_offset_is_bad(const int32_t* offsets, int64_t p, int64_t nodes, int64_t edges) {
    if (p == 0 && offsets[0] != 0) return true;
    if (p > 0 && offsets[p] < offsets[p - 1]) return true;
    return p == nodes && offsets[p] != edges;
}

/* CPU check: every v[i] in [0, limit). */
inline sk_status orbit_check_ids(const char* op, const char* name, const int32_t* v, int64_t count, int64_t limit) {
    for (int64_t i = 0; i < count; ++i)
        if (v[i] < 0 || v[i] >= limit) return orbit_bad_id(op, name, i, v[i], limit);
    return SK_OK;
}

/* CPU check of CSR offsets (nodes + 1 entries): 0 at the start, non-decreasing, `edges` at the end. */
inline sk_status orbit_check_offsets(const char* op, const int32_t* offsets, int64_t nodes, int64_t edges) {
    for (int64_t p = 0; p <= nodes; ++p)
        if (orbit_offset_is_bad(offsets, p, nodes, edges))
            return orbit_bad_offset(op, p, p > 0 ? offsets[p - 1] : 0, offsets[p], nodes, edges);
    return SK_OK;
}

/* Items 0..count-1 grouped by key (stable: increasing item id inside a group): items of key k are
 * perm[seg[k] .. seg[k+1]). Keys must already be in [0, num_keys). */
struct OrbitGrouping {
    std::vector<int32_t> perm;
    std::vector<int64_t> seg;
};

inline OrbitGrouping orbit_group_by_key(const int32_t* keys, int64_t count, int64_t num_keys) {
    OrbitGrouping g;
    g.seg.assign((size_t)num_keys + 1, 0);
    for (int64_t i = 0; i < count; ++i) ++g.seg[(size_t)keys[i] + 1];
    for (int64_t k = 0; k < num_keys; ++k) g.seg[(size_t)k + 1] += g.seg[(size_t)k];
    std::vector<int64_t> next(g.seg.begin(), g.seg.end() - 1);
    g.perm.resize((size_t)count);
    for (int64_t i = 0; i < count; ++i) g.perm[(size_t)next[(size_t)keys[i]]++] = (int32_t)i;
    return g;
}

#endif /* SK_ORBIT_TABLES_H */
