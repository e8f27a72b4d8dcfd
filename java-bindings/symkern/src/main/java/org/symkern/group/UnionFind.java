package org.symkern.group;

/**
 * Disjoint sets over {@code 0..count-1}: union by size, path compression. {@link #label} numbers the
 * sets by the rank of their smallest element (the sympy orbit order, docs/groups.md, section Permutation groups and 2-orbits). The
 * same algorithm as {@code native/src/cpu/orbits.cpp}.
 */
final class UnionFind {
    private final int[] parent;   // >= 0: parent; < 0: root, -(size of its tree)

    UnionFind(int count) {
        parent = new int[count];
        java.util.Arrays.fill(parent, -1);
    }

    int find(int x) {
        int root = x;
        while (parent[root] >= 0) root = parent[root];
        while (x != root) {
            int next = parent[x];
            parent[x] = root;
            x = next;
        }
        return root;
    }

    void union(int a, int b) {
        a = find(a);
        b = find(b);
        if (a == b) return;
        if (parent[a] > parent[b]) { int t = a; a = b; b = t; }   // a: the larger tree
        parent[a] += parent[b];
        parent[b] = a;
    }

    /** ids[x] = rank of the smallest element of x's set; returns the number of sets. */
    int label(int[] ids) {
        java.util.Arrays.fill(ids, -1);
        int next = 0;
        for (int x = 0; x < ids.length; ++x) {
            int r = find(x);
            if (ids[r] < 0) ids[r] = next++;
            ids[x] = ids[r];
        }
        return next;
    }
}
