package org.symkern.data;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;

class GraphBatchTest {
    static TuDataset proteins;

    @BeforeAll
    static void load() {
        proteins = TuDataset.proteins();
    }

    @Test
    void tensorsListEveryAdjacencyEntryAsAnEdgeIntoItsRow() {
        int[] idx = {7, 3, 1000};
        TuDataset.Batch b = proteins.batch(idx, 0, 3);
        try (Scope s = Scope.open()) {
            GraphBatch g = GraphBatch.of(b, proteins.featureDim, Device.CPU);
            assertEquals(b.nodes, g.nodes());
            assertEquals(b.neighbors.length, g.edges());
            int[] dst = g.dst.toIntArray(), src = g.src.toIntArray(), ids = g.graphIds.toIntArray();
            for (int v = 0; v < b.nodes; v++)
                for (int e = b.offsets[v]; e < b.offsets[v + 1]; e++) {
                    assertEquals(v, dst[e]);
                    assertEquals(b.neighbors[e], src[e]);
                }
            long[] off = g.nodeOffsets.toLongArray();
            for (int k = 0; k < 3; k++) {
                assertEquals(b.graphOffsets[k], off[k]);
                for (int v = b.graphOffsets[k]; v < b.graphOffsets[k + 1]; v++) assertEquals(k, ids[v]);
            }
            assertEquals(b.nodes, off[3]);
            assertArrayEquals(b.labels, g.labels.toIntArray());
            assertArrayEquals(b.features, g.x.toFloatArray());
        }
    }

    @Test
    void permutingNodesMovesFeaturesAndRelabelsEdges() {
        TuDataset.Batch b = proteins.batch(new int[] {2, 9}, 0, 2);
        int n = b.nodes, g0 = b.graphOffsets[1];
        int[] perm = new int[n];
        for (int v = 0; v < n; v++) perm[v] = v < g0 ? g0 - 1 - v : g0 + (v - g0 + 5) % (n - g0);   // reverse graph 0, rotate graph 1
        TuDataset.Batch p = b.permuteNodes(perm);
        int dim = proteins.featureDim;
        for (int v = 0; v < n; v++) {
            for (int f = 0; f < dim; f++) assertEquals(b.features[v * dim + f], p.features[perm[v] * dim + f]);
            int w = perm[v];
            assertEquals(b.offsets[v + 1] - b.offsets[v], p.offsets[w + 1] - p.offsets[w], "degree moves with the node");
            for (int j = 0; j < b.offsets[v + 1] - b.offsets[v]; j++)
                assertEquals(perm[b.neighbors[b.offsets[v] + j]], p.neighbors[p.offsets[w] + j]);
        }
        assertArrayEquals(b.graphOffsets, p.graphOffsets);
        assertArrayEquals(b.labels, p.labels);
    }

    @Test
    void permutationsThatLeaveAGraphOrRepeatANodeAreRejected() {
        TuDataset.Batch b = proteins.batch(new int[] {2, 9}, 0, 2);
        int[] swapAcross = new int[b.nodes];
        for (int v = 0; v < b.nodes; v++) swapAcross[v] = v;
        swapAcross[0] = b.nodes - 1;
        swapAcross[b.nodes - 1] = 0;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.permuteNodes(swapAcross));
        assertTrue(e.getMessage().contains("outside the graph's nodes"), e.getMessage());
        int[] repeat = new int[b.nodes];
        for (int v = 0; v < b.nodes; v++) repeat[v] = v;
        repeat[1] = 0;
        e = assertThrows(IllegalArgumentException.class, () -> b.permuteNodes(repeat));
        assertTrue(e.getMessage().contains("maps nodes 0 and 1 to 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.permuteNodes(new int[3]));
    }

    @Test
    void standardizedAttributesHaveZeroMeanAndUnitVarianceOnTheStatisticsGraphs() {
        int[] train = new int[300];
        for (int i = 0; i < train.length; i++) train[i] = 3 * i;
        TuDataset st = proteins.standardizeAttributes(train);
        double sum = 0, sq = 0, rawSum = 0, rawSq = 0;
        long n = 0;
        for (int g : train) {
            TuDataset.Graph a = st.graphs.get(g), raw = proteins.graphs.get(g);
            for (int v = 0; v < a.nodes; v++) {
                for (int k = 0; k < 3; k++) assertEquals(raw.features[v * 4 + k], a.features[v * 4 + k], "one-hot columns are kept");
                sum += a.features[v * 4 + 3];
                sq += (double) a.features[v * 4 + 3] * a.features[v * 4 + 3];
                rawSum += raw.features[v * 4 + 3];
                rawSq += (double) raw.features[v * 4 + 3] * raw.features[v * 4 + 3];
                n++;
            }
            assertSame(raw.neighbors, a.neighbors);
        }
        assertEquals(0, sum / n, 1e-4);
        assertEquals(1, sq / n, 1e-4);
        // a graph outside the statistics set is transformed with the same mean and std
        double mean = rawSum / n, std = Math.sqrt(rawSq / n - mean * mean);
        TuDataset.Graph other = st.graphs.get(1), raw = proteins.graphs.get(1);
        for (int v = 0; v < other.nodes; v++) assertEquals((raw.features[v * 4 + 3] - mean) / std, other.features[v * 4 + 3], 1e-4);
        // the source dataset is untouched
        assertEquals(-538f, minAttribute(proteins));
        assertArrayEquals(proteins.labels, st.labels);
        assertThrows(IllegalArgumentException.class, () -> proteins.standardizeAttributes(new int[] {proteins.size()}));
    }

    static float minAttribute(TuDataset d) {
        float m = Float.MAX_VALUE;
        for (TuDataset.Graph g : d.graphs) for (int v = 0; v < g.nodes; v++) m = Math.min(m, g.features[v * 4 + 3]);
        return m;
    }
}
