/* native/src/segment_math.h — the K11 offsets rule, shared by the ABI checks (api/segment_reduce.cpp) and the
 * CUDA launchers (cuda/segment_reduce.cu), so that both report the same first violation with the same text.
 * offsets (segments + 1) are CSR row pointers: segment s is rows offsets[s] .. offsets[s+1]-1. Check k, for
 * k = 0 .. segments, fails when
 *   k = 0:          offsets[0] != 0
 *   k >= 1:         offsets[k] < offsets[k-1]          (offsets must be non-decreasing)
 *   k = segments:   offsets[segments] != rows          (the segments must cover every row)
 * The first failing k is reported. Together the checks give 0 <= offsets[s] <= rows for every s. */
#ifndef SK_SEGMENT_MATH_H
#define SK_SEGMENT_MATH_H

#include <stdint.h>

#include "common.h"
#include "hd.h"

SK_HD bool segment_offsets_bad(const int64_t* off, int64_t k, int64_t segments, int64_t rows) {
    if (k == 0 && off[0] != 0) return true;
    if (k > 0 && off[k] < off[k - 1]) return true;
    return k == segments && off[k] != rows;
}

/* The SK_ERR_ARG message for failing check k, given prev = offsets[k-1] (ignored for k = 0) and
 * cur = offsets[k]. */
inline sk_status segment_offsets_error(const char* fn, int64_t k, int64_t prev, int64_t cur, int64_t segments,
                                       int64_t rows) {
    if (k == 0 && cur != 0)
        return sk_fail(SK_ERR_ARG, "%s: offsets[0] = %lld, but segment 0 must start at row 0", fn, (long long)cur);
    if (k > 0 && cur < prev)
        return sk_fail(SK_ERR_ARG,
                       "%s: segment %lld has offsets[%lld] = %lld > offsets[%lld] = %lld (offsets must be non-decreasing)",
                       fn, (long long)(k - 1), (long long)(k - 1), (long long)prev, (long long)k, (long long)cur);
    if (segments == 0)
        return sk_fail(SK_ERR_ARG, "%s: there are no segments, but rows = %lld (offsets = [0] covers no row)", fn,
                       (long long)rows);
    return sk_fail(SK_ERR_ARG, "%s: the last segment %lld ends at offsets[%lld] = %lld, but rows = %lld", fn,
                   (long long)(segments - 1), (long long)segments, (long long)cur, (long long)rows);
}

/* Host-side check of host-resident offsets: SK_OK or the error for the first failing check. */
inline sk_status segment_offsets_check_host(const char* fn, const int64_t* off, int64_t segments, int64_t rows) {
    for (int64_t k = 0; k <= segments; ++k)
        if (segment_offsets_bad(off, k, segments, rows))
            return segment_offsets_error(fn, k, k > 0 ? off[k - 1] : 0, off[k], segments, rows);
    return SK_OK;
}

#endif /* SK_SEGMENT_MATH_H */
