/* native/src/cpu/orbits.cpp — orbits of a permutation group on points and on ordered pairs (CPU only).
 *
 * Union-find over the n points (node_orbits) or the n^2 pair indices p = i*n + j (pair_orbits): for every
 * generator g and every element x, union(x, g.x), with g.(i*n + j) = g[i]*n + g[j]. The forest is one
 * int32 array: parent[x] >= 0 is the parent, parent[x] < 0 marks a root holding -(size of its tree)
 * (union by size); find() compresses paths. Orbit ids are assigned by scanning x = 0, 1, ... and giving
 * each new root the next id, so id = rank of the orbit's smallest element (sympy's orbit order,
 * docs/groups.md, section Permutation groups and 2-orbits). The output array doubles as the root -> id map during that scan.
 * Inputs are validated by native/src/api/orbits.cpp. */
#include "kernels.h"

#include <vector>

namespace {

struct UnionFind {
    std::vector<int32_t> parent;   /* >= 0: parent index; < 0: root, -size */

    explicit UnionFind(int64_t count) : parent((size_t)count, -1) {}

    int32_t find(int32_t x) {
        int32_t root = x;
        while (parent[(size_t)root] >= 0) root = parent[(size_t)root];
        while (x != root) {   /* path compression: point every node on the path at the root */
            int32_t next = parent[(size_t)x];
            parent[(size_t)x] = root;
            x = next;
        }
        return root;
    }

    void unite(int32_t a, int32_t b) {
        a = find(a);
        b = find(b);
        if (a == b) return;
        if (parent[(size_t)a] > parent[(size_t)b]) std::swap(a, b);   /* a is the larger tree */
        parent[(size_t)a] += parent[(size_t)b];
        parent[(size_t)b] = a;
    }

    /* ids[x] = rank of the smallest element of x's set; returns the number of sets. */
    int64_t label(int32_t* ids, int64_t count) {
        for (int64_t x = 0; x < count; ++x) ids[x] = -1;
        int32_t next = 0;
        for (int64_t x = 0; x < count; ++x) {
            int32_t r = find((int32_t)x);
            if (ids[r] < 0) ids[r] = next++;   /* first visit of this set: x is its smallest element */
            ids[x] = ids[r];
        }
        return next;
    }
};

}  // namespace

sk_status pair_orbits_cpu(int32_t* categories, int64_t* num_categories, const int32_t* generators, int64_t n,
                          int64_t m) {
    const int64_t pairs = n * n;
    UnionFind uf(pairs);
    for (int64_t a = 0; a < m; ++a) {
        const int32_t* g = generators + a * n;
        for (int64_t i = 0; i < n; ++i) {
            const int32_t row = (int32_t)(i * n), image_row = (int32_t)((int64_t)g[i] * n);
            for (int64_t j = 0; j < n; ++j) uf.unite(row + (int32_t)j, image_row + g[j]);
        }
    }
    *num_categories = uf.label(categories, pairs);
    return SK_OK;
}

sk_status node_orbits_cpu(int32_t* orbit, int64_t* num_orbits, const int32_t* generators, int64_t n, int64_t m) {
    UnionFind uf(n);
    for (int64_t a = 0; a < m; ++a) {
        const int32_t* g = generators + a * n;
        for (int64_t i = 0; i < n; ++i) uf.unite((int32_t)i, g[i]);
    }
    *num_orbits = uf.label(orbit, n);
    return SK_OK;
}
