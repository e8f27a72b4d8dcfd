package org.symkern.explain;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ComputationSubgraphTest {
    @Test
    void kHopSubgraphOfAPathKeepsTheNodesWithinKHopsAndTheirEdges() {
        // path 0-1-2-3-4-5, both directions
        int n = 6;
        int[] src = new int[10], dst = new int[10];
        for (int i = 0; i < 5; i++) {
            src[2 * i] = i; dst[2 * i] = i + 1;
            src[2 * i + 1] = i + 1; dst[2 * i + 1] = i;
        }
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = i;
        ComputationSubgraph s = ComputationSubgraph.of(new GraphInstance(n, 1, x, src, dst), 2, 2);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, s.nodes);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, s.edges);
        assertEquals(2, s.center);
        assertArrayEquals(new float[] {0, 1, 2, 3, 4}, s.graph.x());
        float[] full = s.toFullEdges(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 10);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 0, 0}, full);
    }

    @Test
    void unknownNodeIsRejected() {
        GraphInstance g = new GraphInstance(2, 1, new float[2], new int[0], new int[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ComputationSubgraph.of(g, 2, 1));
        assertEquals("computation subgraph: node 2 is not in [0, 2)", e.getMessage());
    }
}
