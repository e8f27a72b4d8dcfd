package org.symkern.group;

import java.util.Arrays;

/**
 * The orbits of a permutation group on its points, numbered {@code 0..O-1} by the rank of each orbit's
 * smallest point (the same rule as {@link PairOrbits}). {@code orbit(i)} is the "pos[i]" of the node-orbit variant in
 * docs/groups.md, section Permutation groups and 2-orbits, and the bias index {@code node_orbit(i)} of the orbit-linear layer.
 */
public final class NodeOrbits {
    private final int[] orbit;
    private final int count;

    private NodeOrbits(int[] orbit, int count) {
        this.orbit = orbit;
        this.count = count;
    }

    /** Wraps an orbit-id array, checking the numbering by smallest point and that {@code count} matches. */
    public static NodeOrbits fromIds(int[] orbit, long count) {
        if (orbit == null || orbit.length == 0) throw new IllegalArgumentException("need at least one point");
        int next = PairOrbits.canonicalCount(orbit, "orbit id", "point");
        if (next != count) throw new IllegalArgumentException("orbit ids use " + next + " values but the count is " + count);
        return new NodeOrbits(orbit.clone(), next);
    }

    static NodeOrbits trusted(int[] orbit, int count) {
        return new NodeOrbits(orbit, count);
    }

    /** The number n of points. */
    public int degree() {
        return orbit.length;
    }

    /** Number of orbits. */
    public int count() {
        return count;
    }

    /** The orbit id of point {@code i}. */
    public int orbit(int i) {
        return orbit[i];
    }

    /** A copy of the orbit ids, one per point. */
    public int[] ids() {
        return orbit.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeOrbits p && Arrays.equals(p.orbit, orbit);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(orbit);
    }

    @Override
    public String toString() {
        return "NodeOrbits(n=" + orbit.length + ", orbits=" + count + ")";
    }
}
