/* native/src/api/orbits.cpp — ABI entry points of the orbit routines (CPU only, plain host pointers):
 * argument checks (sizes, NULL pointers, overflow, every generator a permutation of 0..n-1), then the
 * union-find in native/src/cpu/orbits.cpp. */
#include "common.h"
#include "kernels.h"

#include <vector>

namespace {

/* Sizes, pointers and generators shared by both routines; `max_n` bounds n so that ids fit in int32. */
sk_status check_orbit_args(const char* op, const void* out, const int64_t* count, const int32_t* generators,
                           int64_t n, int64_t m, int64_t max_n) {
    SK_CHECK(n >= 1, SK_ERR_SHAPE, "%s: n = %lld, need at least one point", op, (long long)n);
    SK_CHECK(m >= 0, SK_ERR_SHAPE, "%s: m = %lld generators is negative", op, (long long)m);
    SK_CHECK(n <= max_n, SK_ERR_SHAPE, "%s: n = %lld is too large (ids are int32; at most %lld points)", op,
             (long long)n, (long long)max_n);
    SK_CHECK(m == 0 || m <= INT64_MAX / n, SK_ERR_SHAPE, "%s: m * n = %lld * %lld overflows", op, (long long)m,
             (long long)n);
    SK_CHECK(out != nullptr, SK_ERR_ARG, "%s: output array is NULL", op);
    SK_CHECK(count != nullptr, SK_ERR_ARG, "%s: count output is NULL", op);
    SK_CHECK(generators != nullptr || m == 0, SK_ERR_ARG, "%s: generators is NULL but m = %lld", op,
             (long long)m);
    if (m == 0) return SK_OK;
    std::vector<int32_t> preimage((size_t)n);   /* n <= INT32_MAX */
    for (int64_t a = 0; a < m; ++a) {
        const int32_t* g = generators + a * n;
        for (int64_t i = 0; i < n; ++i) preimage[(size_t)i] = -1;
        for (int64_t i = 0; i < n; ++i) {
            int64_t image = g[i];
            SK_CHECK(image >= 0 && image < n, SK_ERR_ARG,
                     "%s: generator %lld is not a permutation of 0..%lld: point %lld maps to %lld, outside [0, %lld)",
                     op, (long long)a, (long long)(n - 1), (long long)i, (long long)image, (long long)n);
            SK_CHECK(preimage[(size_t)image] < 0, SK_ERR_ARG,
                     "%s: generator %lld is not a permutation of 0..%lld: points %lld and %lld both map to %lld", op,
                     (long long)a, (long long)(n - 1), (long long)preimage[(size_t)image], (long long)i,
                     (long long)image);
            preimage[(size_t)image] = (int32_t)i;
        }
    }
    return SK_OK;
}

}  // namespace

extern "C" {

SK_API sk_status sk_pair_orbits(int32_t* categories, int64_t* num_categories, const int32_t* generators,
                                int64_t n, int64_t m) {
    SK_API_BEGIN
    /* n*n pair indices and up to n*n ids must fit in int32: n <= 46340. */
    SK_RETURN_IF_ERROR(check_orbit_args("pair_orbits", categories, num_categories, generators, n, m, 46340));
    return pair_orbits_cpu(categories, num_categories, generators, n, m);
    SK_API_END("pair_orbits")
}

SK_API sk_status sk_node_orbits(int32_t* orbit, int64_t* num_orbits, const int32_t* generators, int64_t n,
                                int64_t m) {
    SK_API_BEGIN
    SK_RETURN_IF_ERROR(check_orbit_args("node_orbits", orbit, num_orbits, generators, n, m, INT32_MAX));
    return node_orbits_cpu(orbit, num_orbits, generators, n, m);
    SK_API_END("node_orbits")
}

}  // extern "C"
