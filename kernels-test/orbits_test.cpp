/* kernels-test/orbits_test.cpp — sk_pair_orbits / sk_node_orbits. CPU only: there is no CUDA version, so
 * `orbits_test cuda` always exits 77 (skipped).
 *   cpu: the docs/groups.md, section Permutation groups and 2-orbits test vectors (K for every ASEN task group at n = 10 and n = 8, the category
 *        matrices of reversal, dihedral, intersect and detectcapital), invariance c(g i, g j) = c(i, j) for
 *        every generator, agreement with an independent BFS reference (same ids, not just the same
 *        partition), node orbits, edge cases (m = 0, n = 1), error paths, and a timed n = 1000, m = 10 case.
 *   ./orbits_test cpu | ./orbits_test cuda */
#include <algorithm>
#include <numeric>

#include "harness.h"

using namespace harness;

namespace {

using Perm = std::vector<int32_t>;
using Gens = std::vector<Perm>;

Perm identity(int n) {
    Perm p((size_t)n);
    std::iota(p.begin(), p.end(), 0);
    return p;
}
Perm rotation(int n, int s) {
    Perm p((size_t)n);
    for (int i = 0; i < n; ++i) p[(size_t)i] = (i + s) % n;
    return p;
}
Perm reversal(int n) {
    Perm p((size_t)n);
    for (int i = 0; i < n; ++i) p[(size_t)i] = n - 1 - i;
    return p;
}
Perm transposition(int n, int a, int b) {
    Perm p = identity(n);
    std::swap(p[(size_t)a], p[(size_t)b]);
    return p;
}

/* The generator lists of the reference code (docs/groups.md, section Permutation groups and 2-orbits table). */
Gens g_identity(int n) { return {identity(n)}; }
Gens g_reversal(int n) { return {identity(n), reversal(n)}; }
Gens g_dihedral(int n) {
    Gens g = {identity(n), reversal(n)};
    for (int s = 0; s < n; ++s) g.push_back(rotation(n, s));
    return g;
}
Gens g_intersect(int n) {   /* S_{n/2} wr S_2: adjacent swaps inside each half + the half swap */
    int h = n / 2;
    Gens g;
    for (int i = 0; i + 1 < h; ++i) g.push_back(transposition(n, i, i + 1));
    for (int i = h; i + 1 < n; ++i) g.push_back(transposition(n, i, i + 1));
    g.push_back(rotation(n, h));
    return g;
}
Gens g_symmetric(int n) {
    Gens g;
    for (int i = 0; i + 1 < n; ++i) g.push_back(transposition(n, i, i + 1));
    return g;
}
Gens g_detectcapital(int n) {   /* S_{n-1} on 1..n-1, fixing 0 */
    Gens g;
    for (int i = 1; i + 1 < n; ++i) g.push_back(transposition(n, i, i + 1));
    return g;
}
Gens g_alternating(int n) {   /* every 3-cycle (i j k) and (i k j), i < j < k, plus id */
    Gens g = {identity(n)};
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j)
            for (int k = j + 1; k < n; ++k) {
                Perm a = identity(n), b = identity(n);
                a[(size_t)i] = j, a[(size_t)j] = k, a[(size_t)k] = i;
                b[(size_t)i] = k, b[(size_t)k] = j, b[(size_t)j] = i;
                g.push_back(a);
                g.push_back(b);
            }
    return g;
}

std::vector<int32_t> flat(const Gens& g) {
    std::vector<int32_t> f;
    for (const Perm& p : g) f.insert(f.end(), p.begin(), p.end());
    return f;
}

struct Orbits {
    std::vector<int32_t> ids;
    int64_t count = -1;
    sk_status status = SK_OK;
};

Orbits pair_orbits(const Gens& g, int n) {
    Orbits o;
    o.ids.assign((size_t)n * n, -7);
    std::vector<int32_t> f = flat(g);
    o.status = sk_pair_orbits(o.ids.data(), &o.count, f.empty() ? nullptr : f.data(), n, (int64_t)g.size());
    return o;
}

Orbits node_orbits(const Gens& g, int n) {
    Orbits o;
    o.ids.assign((size_t)n, -7);
    std::vector<int32_t> f = flat(g);
    o.status = sk_node_orbits(o.ids.data(), &o.count, f.empty() ? nullptr : f.data(), n, (int64_t)g.size());
    return o;
}

/* Independent reference: breadth-first search from each unvisited pair in increasing flat order, following
 * generator images (for a finite group the forward closure is the orbit). Same numbering rule. */
std::vector<int32_t> bfs_pair_orbits(const Gens& g, int n, int64_t* count) {
    const int64_t pairs = (int64_t)n * n;
    std::vector<int32_t> ids((size_t)pairs, -1), queue;
    int32_t next = 0;
    for (int64_t p0 = 0; p0 < pairs; ++p0) {
        if (ids[(size_t)p0] >= 0) continue;
        ids[(size_t)p0] = next;
        queue.assign(1, (int32_t)p0);
        for (size_t head = 0; head < queue.size(); ++head) {
            int32_t p = queue[head], i = p / n, j = p % n;
            for (const Perm& s : g) {
                int32_t q = s[(size_t)i] * n + s[(size_t)j];
                if (ids[(size_t)q] < 0) {
                    ids[(size_t)q] = next;
                    queue.push_back(q);
                }
            }
        }
        ++next;
    }
    *count = next;
    return ids;
}

void check_group(const char* name, const Gens& g, int n, int64_t want_k) {
    char what[160];
    Orbits o = pair_orbits(g, n);
    std::snprintf(what, sizeof what, "%s n=%d pair_orbits", name, n);
    ok(o.status, what);
    std::snprintf(what, sizeof what, "%s n=%d: K = %lld, want %lld", name, n, (long long)o.count,
                  (long long)want_k);
    check(want_k < 0 || o.count == want_k, what);
    int64_t ref_k;
    std::vector<int32_t> ref = bfs_pair_orbits(g, n, &ref_k);
    std::snprintf(what, sizeof what, "%s n=%d: ids equal the BFS reference (K %lld vs %lld)", name, n,
                  (long long)o.count, (long long)ref_k);
    check(o.ids == ref && o.count == ref_k, what);
    bool invariant = true;
    for (const Perm& s : g)
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j)
                invariant &= o.ids[(size_t)(s[(size_t)i] * n + s[(size_t)j])] == o.ids[(size_t)(i * n + j)];
    std::snprintf(what, sizeof what, "%s n=%d: c(g i, g j) = c(i, j) for every generator", name, n);
    check(invariant, what);
}

/* c(i, j) == want(i, j) for all i, j. */
template <typename F>
void check_matrix(const char* name, const Gens& g, int n, F want) {
    Orbits o = pair_orbits(g, n);
    int bad = 0;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            if (o.ids[(size_t)(i * n + j)] != want(i, j)) {
                if (bad++ < 5)
                    std::printf("  %s c(%d, %d) = %d, want %d\n", name, i, j, o.ids[(size_t)(i * n + j)], want(i, j));
            }
    char what[160];
    std::snprintf(what, sizeof what, "%s n=%d category matrix matches docs/groups.md, section Permutation groups and 2-orbits", name, n);
    check(bad == 0, what);
}

void test_vectors() {
    struct Row {
        const char* name;
        Gens (*make)(int);
        int64_t k10, k8;   /* -1: not in the table */
    } rows[] = {
        {"identity", g_identity, 100, 64},   {"reversal", g_reversal, 50, 32},
        {"dihedral", g_dihedral, 6, 5},      {"intersect", g_intersect, 3, 3},
        {"symmetric", g_symmetric, 2, 2},    {"detectcapital", g_detectcapital, -1, 5},
        {"alternating", g_alternating, -1, 2},
    };
    for (const Row& r : rows) {
        check_group(r.name, r.make(10), 10, r.k10);
        check_group(r.name, r.make(8), 8, r.k8);
    }
    check(g_alternating(8).size() == 113, "A_8 generator list: 112 3-cycles plus id");

    check_matrix("reversal", g_reversal(10), 10,
                 [](int i, int j) { return i <= 4 ? i * 10 + j : (9 - i) * 10 + (9 - j); });
    {
        Orbits o = pair_orbits(g_reversal(10), 10);
        check(o.ids[50] == 49 && o.ids[99] == 0, "reversal n=10: c(5, 0) = 49 and c(9, 9) = 0");
    }
    check_matrix("dihedral", g_dihedral(10), 10, [](int i, int j) {
        int d = ((j - i) % 10 + 10) % 10;
        return std::min(d, 10 - d);
    });
    check_matrix("intersect", g_intersect(10), 10,
                 [](int i, int j) { return i == j ? 0 : (i < 5) == (j < 5) ? 1 : 2; });
    check_matrix("detectcapital", g_detectcapital(8), 8, [](int i, int j) {
        if (i == 0) return j == 0 ? 0 : 1;
        if (j == 0) return 2;
        return i == j ? 3 : 4;
    });
}

void node_and_edge_cases() {
    Orbits o = node_orbits(g_reversal(10), 10);
    ok(o.status, "node_orbits reversal");
    bool good = o.count == 5;
    for (int i = 0; i < 10; ++i) good &= o.ids[(size_t)i] == std::min(i, 9 - i);
    check(good, "node_orbits reversal n=10: 5 orbits {i, 9-i}, id min(i, 9-i)");
    o = node_orbits(g_dihedral(10), 10);
    check(o.status == SK_OK && o.count == 1 && std::all_of(o.ids.begin(), o.ids.end(), [](int v) { return v == 0; }),
          "node_orbits dihedral n=10: one orbit");
    o = node_orbits(g_detectcapital(8), 8);
    good = o.status == SK_OK && o.count == 2 && o.ids[0] == 0;
    for (int i = 1; i < 8; ++i) good &= o.ids[(size_t)i] == 1;
    check(good, "node_orbits detectcapital n=8: {0} and {1..7}");
    o = node_orbits({}, 6);
    good = o.status == SK_OK && o.count == 6;
    for (int i = 0; i < 6; ++i) good &= o.ids[(size_t)i] == i;
    check(good, "node_orbits with m = 0: every point is its own orbit");

    o = pair_orbits({}, 7);
    good = o.status == SK_OK && o.count == 49;
    for (int p = 0; p < 49; ++p) good &= o.ids[(size_t)p] == p;
    check(good, "pair_orbits with m = 0 (NULL generators): K = n^2, c = flat index");
    o = pair_orbits({identity(1)}, 1);
    check(o.status == SK_OK && o.count == 1 && o.ids[0] == 0, "pair_orbits n = 1: K = 1");
    /* a group that is not transitive on points: (0 1)(2 3 4) on 6 points */
    Perm mixed = {1, 0, 3, 4, 2, 5};
    check_group("(0 1)(2 3 4) on 6 points", {mixed}, 6, -1);
}

void error_paths() {
    std::vector<int32_t> ids(100);
    int64_t k = 0;
    std::vector<int32_t> gen = flat(g_reversal(10));
    expect_error(sk_pair_orbits(nullptr, &k, gen.data(), 10, 2), SK_ERR_ARG, "output array is NULL", "NULL categories");
    expect_error(sk_pair_orbits(ids.data(), nullptr, gen.data(), 10, 2), SK_ERR_ARG, "count output is NULL",
                 "NULL num_categories");
    expect_error(sk_pair_orbits(ids.data(), &k, nullptr, 10, 2), SK_ERR_ARG, "generators is NULL but m = 2",
                 "NULL generators with m > 0");
    expect_error(sk_pair_orbits(ids.data(), &k, gen.data(), 0, 2), SK_ERR_SHAPE, "n = 0", "n = 0");
    expect_error(sk_pair_orbits(ids.data(), &k, gen.data(), -3, 2), SK_ERR_SHAPE, "n = -3", "n < 0");
    expect_error(sk_pair_orbits(ids.data(), &k, gen.data(), 10, -1), SK_ERR_SHAPE, "m = -1", "m < 0");
    expect_error(sk_pair_orbits(ids.data(), &k, gen.data(), 46341, 0), SK_ERR_SHAPE, "too large",
                 "n*n overflows int32");
    expect_error(sk_pair_orbits(ids.data(), &k, gen.data(), 3037000500LL, 0), SK_ERR_SHAPE, "too large",
                 "n*n overflows int64");
    expect_error(sk_pair_orbits(ids.data(), &k, gen.data(), 10, INT64_MAX / 5), SK_ERR_SHAPE, "overflows",
                 "m*n overflows");

    std::vector<int32_t> bad = gen;
    bad[10 + 3] = 10;   /* generator 1, point 3 -> 10 */
    expect_error(sk_pair_orbits(ids.data(), &k, bad.data(), 10, 2), SK_ERR_ARG,
                 "generator 1 is not a permutation of 0..9: point 3 maps to 10, outside [0, 10)", "image out of range");
    bad = gen;
    bad[4] = -1;
    expect_error(sk_pair_orbits(ids.data(), &k, bad.data(), 10, 2), SK_ERR_ARG,
                 "generator 0 is not a permutation of 0..9: point 4 maps to -1", "negative image");
    bad = gen;
    bad[10 + 7] = bad[10 + 2];   /* generator 1 maps 2 and 7 to 7 */
    expect_error(sk_pair_orbits(ids.data(), &k, bad.data(), 10, 2), SK_ERR_ARG,
                 "generator 1 is not a permutation of 0..9: points 2 and 7 both map to 7", "duplicate image");
    expect_error(sk_node_orbits(ids.data(), &k, bad.data(), 10, 2), SK_ERR_ARG, "node_orbits: generator 1",
                 "node_orbits duplicate image");
    expect_error(sk_node_orbits(nullptr, &k, gen.data(), 10, 2), SK_ERR_ARG, "node_orbits: output array is NULL",
                 "node_orbits NULL orbit");
    expect_error(sk_node_orbits(ids.data(), &k, gen.data(), 0, 2), SK_ERR_SHAPE, "node_orbits: n = 0",
                 "node_orbits n = 0");
    ok(sk_node_orbits(ids.data(), &k, gen.data(), 10, 2), "node_orbits still works after errors");
}

/* n = 1000, m = 10: (a) random permutations (almost surely 2-transitive: K = 2); (b) a relabelled dihedral
 * group D_1000 (rotations by 1, 7, 13, ..., 49 and a reversal, conjugated by a random relabelling), K = 501. */
void timing() {
    const int n = 1000, m = 10;
    std::mt19937_64& r = rng();
    Gens random_gens, dihedral_gens;
    Perm sigma = identity(n), sigma_inv((size_t)n);
    std::shuffle(sigma.begin(), sigma.end(), r);
    for (int i = 0; i < n; ++i) sigma_inv[(size_t)sigma[(size_t)i]] = i;
    for (int a = 0; a < m; ++a) {
        Perm p = identity(n);
        std::shuffle(p.begin(), p.end(), r);
        random_gens.push_back(p);
        Perm base = a < m - 1 ? rotation(n, 1 + 6 * a) : reversal(n), conj((size_t)n);
        for (int i = 0; i < n; ++i) conj[(size_t)i] = sigma[(size_t)base[(size_t)sigma_inv[(size_t)i]]];
        dihedral_gens.push_back(conj);
    }
    struct Case {
        const char* name;
        const Gens* g;
        int64_t want_k;
    } cases[] = {{"random", &random_gens, -1}, {"relabelled D_1000", &dihedral_gens, 501}};
    for (const Case& c : cases) {
        std::vector<int32_t> f = flat(*c.g), ids((size_t)n * n);
        int64_t k = 0;
        sk_status st = SK_OK;
        double ms = time_ms(SK_DEVICE_CPU, 3, [&] { st = sk_pair_orbits(ids.data(), &k, f.data(), n, m); });
        ok(st, c.name);
        int64_t ref_k;
        std::vector<int32_t> ref = bfs_pair_orbits(*c.g, n, &ref_k);
        char what[160];
        std::snprintf(what, sizeof what, "n=1000 m=10 %s: K = %lld equals the BFS reference (%lld)", c.name,
                      (long long)k, (long long)ref_k);
        check(ids == ref && k == ref_k && (c.want_k < 0 || k == c.want_k), what);
        std::printf("pair_orbits n=%d m=%d %-18s K=%-4lld %8.2f ms\n", n, m, c.name, (long long)k, ms);
        std::snprintf(what, sizeof what, "n=1000 m=10 %s completes in under a second (%.1f ms)", c.name, ms);
        check(ms < 1000.0, what);
    }
}

}  // namespace

int main(int argc, char** argv) {
    int32_t dev = device_from_args(argc, argv, "orbits_test");
    if (dev != SK_DEVICE_CPU) {
        std::printf("SKIP: the orbit routines are CPU only (no CUDA version)\n");
        return 77;
    }
    test_vectors();
    node_and_edge_cases();
    error_paths();
    timing();
    return finish();
}
