package org.symkern.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BaShapesTest {
    @Test
    void paperGraphHasTheDocumentedNodeClassAndEdgeCounts() {
        BaShapes d = BaShapes.generate(7);
        assertEquals(700, d.nodes);
        assertArrayEquals(new int[] {300, 80, 160, 160}, d.classCounts());
        // 1475 Barabasi-Albert + 80 x 6 house + 80 attachment + 70 random edges, both directions
        assertEquals(2 * (1475 + 480 + 80 + 70), d.edges());
        int motif = 0;
        for (int m : d.motifEdge) motif += m;
        assertEquals(2 * 480, motif);
        assertEquals(400, d.motifNodes().length);
    }

    @Test
    void edgesComeInBothDirectionsWithoutSelfLoopsOrDuplicates() {
        BaShapes d = BaShapes.generate(3);
        Set<Long> seen = new HashSet<>();
        for (int e = 0; e < d.edges(); e += 2) {
            assertEquals(d.src[e], d.dst[e + 1]);
            assertEquals(d.dst[e], d.src[e + 1]);
            assertEquals(d.motifEdge[e], d.motifEdge[e + 1]);
            assertNotEquals(d.src[e], d.dst[e]);
            long key = (long) Math.min(d.src[e], d.dst[e]) * d.nodes + Math.max(d.src[e], d.dst[e]);
            assertTrue(seen.add(key), "duplicate edge " + d.src[e] + "-" + d.dst[e]);
        }
    }

    @Test
    void motifEdgesAreExactlyTheHouseEdges() {
        BaShapes d = BaShapes.generate(11);
        int[] perHouse = new int[d.houses];
        for (int e = 0; e < d.edges(); e++) {
            if (d.motifEdge[e] == 0) continue;
            int a = d.src[e], b = d.dst[e];
            assertTrue(d.house[a] >= 0 && d.house[a] == d.house[b], "motif edge " + a + "-" + b + " leaves its house");
            perHouse[d.house[a]]++;
        }
        for (int k = 0; k < d.houses; k++) assertEquals(12, perHouse[k], "house " + k);
        // each house: the roof has degree 2 inside the house, its two middle nodes join one base node
        for (int k = 0; k < d.houses; k++) {
            int top = d.baseNodes + 5 * k;
            assertEquals(BaShapes.TOP, d.labels[top]);
        }
    }

    @Test
    void everyHouseIsAttachedToADistinctBaseNode() {
        BaShapes d = BaShapes.generate(5);
        Set<Integer> anchors = new HashSet<>();
        for (int e = 0; e < d.edges(); e++) {
            int a = d.src[e], b = d.dst[e];
            if (d.motifEdge[e] == 0 && d.house[a] >= 0 && d.labels[b] == BaShapes.BASE && d.labels[a] == BaShapes.MIDDLE
                    && a == d.baseNodes + 5 * d.house[a] + 1 && b < d.baseNodes && isAttachment(d, a, b)) anchors.add(b);
        }
        assertEquals(80, anchors.size());
    }

    /** The attachment edge is the first non-motif edge leaving house node a (random edges come after all houses). */
    private static boolean isAttachment(BaShapes d, int a, int b) {
        for (int e = 0; e < d.edges(); e++)
            if (d.src[e] == a && d.motifEdge[e] == 0) return d.dst[e] == b;
        return false;
    }

    @Test
    void sameSeedSameGraphOtherSeedOtherGraph() {
        BaShapes a = BaShapes.generate(42), b = BaShapes.generate(42), c = BaShapes.generate(43);
        assertArrayEquals(a.src, b.src);
        assertArrayEquals(a.dst, b.dst);
        assertArrayEquals(a.motifEdge, b.motifEdge);
        assertFalse(java.util.Arrays.equals(a.src, c.src) && java.util.Arrays.equals(a.dst, c.dst));
    }

    @Test
    void splitIsASeededPartition() {
        BaShapes d = BaShapes.generate(1);
        int[][] s = d.split(0.8, 9);
        assertEquals(560, s[0].length);
        assertEquals(140, s[1].length);
        Set<Integer> all = new HashSet<>();
        for (int[] part : s) for (int v : part) assertTrue(all.add(v));
        assertEquals(700, all.size());
        assertArrayEquals(s[1], d.split(0.8, 9)[1]);
    }

    @Test
    void badParametersAreRejectedWithTheirValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BaShapes.generate(5, 5, 1, 0.1, 0));
        assertTrue(e.getMessage().contains("baseNodes=5 m=5"), e.getMessage());
    }
}
