package org.symkern.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuDatasetTest {
    static TuDataset proteins;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        proteins = TuDataset.proteins();
    }

    @Test
    void embeddedProteinsHasTheDocumentedCounts() {
        // ../shared/data/proteins/README.md (and the published TU statistics)
        assertEquals(1113, proteins.size());
        assertEquals(43471, proteins.totalNodes());
        assertEquals(162088, proteins.totalEdges());
        assertEquals(2, proteins.classes);
        assertArrayEquals(new int[] {1, 2}, proteins.classValues);
        int[] perClass = new int[2];
        for (int l : proteins.labels) perClass[l]++;
        assertArrayEquals(new int[] {663, 450}, perClass);
        assertArrayEquals(new int[] {0, 1, 2}, proteins.nodeLabelValues);
        assertEquals(1, proteins.attributeDim);
        assertEquals(4, proteins.featureDim);
        int[] nodeLabels = new int[3];
        int minNodes = Integer.MAX_VALUE, maxNodes = 0;
        float minAttr = Float.MAX_VALUE, maxAttr = -Float.MAX_VALUE;
        for (TuDataset.Graph g : proteins.graphs) {
            minNodes = Math.min(minNodes, g.nodes);
            maxNodes = Math.max(maxNodes, g.nodes);
            for (int v = 0; v < g.nodes; v++) {
                float sum = 0;
                for (int k = 0; k < 3; k++) {
                    float f = g.features[v * 4 + k];
                    assertTrue(f == 0f || f == 1f);
                    sum += f;
                    if (f == 1f) nodeLabels[k]++;
                }
                assertEquals(1f, sum, "one-hot node label");
                minAttr = Math.min(minAttr, g.features[v * 4 + 3]);
                maxAttr = Math.max(maxAttr, g.features[v * 4 + 3]);
            }
        }
        assertArrayEquals(new int[] {21151, 20931, 1389}, nodeLabels);
        assertEquals(4, minNodes);
        assertEquals(620, maxNodes);
        assertEquals(-538f, minAttr);
        assertEquals(798f, maxAttr);
    }

    @Test
    void proteinsAdjacencyIsSymmetricWithoutSelfLoopsOrDuplicates() {
        for (TuDataset.Graph g : proteins.graphs) {
            assertEquals(g.nodes + 1, g.offsets.length);
            Set<Long> edges = new HashSet<>();
            for (int v = 0; v < g.nodes; v++)
                for (int j = g.offsets[v]; j < g.offsets[v + 1]; j++) {
                    int u = g.neighbors[j];
                    assertTrue(u >= 0 && u < g.nodes, "neighbour inside the graph");
                    assertNotEquals(v, u, "self-loop");
                    assertTrue(edges.add((long) v * g.nodes + u), "duplicate edge");
                }
            for (long e : edges) assertTrue(edges.contains((e % g.nodes) * g.nodes + e / g.nodes), "missing reverse edge");
        }
    }

    @Test
    void batchesAreBlockDiagonal() {
        int[] idx = {5, 0, 1112};
        TuDataset.Batch b = proteins.batch(idx, 0, 3);
        assertEquals(3, b.graphs);
        int nodes = 0, edges = 0;
        for (int k = 0; k < 3; k++) {
            TuDataset.Graph g = proteins.graphs.get(idx[k]);
            assertEquals(nodes, b.graphOffsets[k]);
            assertEquals(g.label, b.labels[k]);
            for (int v = 0; v < g.nodes; v++) {
                assertEquals(g.offsets[v + 1] - g.offsets[v], b.offsets[nodes + v + 1] - b.offsets[nodes + v]);
                for (int j = 0; j < g.offsets[v + 1] - g.offsets[v]; j++)
                    assertEquals(g.neighbors[g.offsets[v] + j] + nodes, b.neighbors[b.offsets[nodes + v] + j]);
                for (int f = 0; f < 4; f++) assertEquals(g.features[v * 4 + f], b.features[(nodes + v) * 4 + f]);
            }
            nodes += g.nodes;
            edges += g.edges();
        }
        assertEquals(nodes, b.nodes);
        assertEquals(edges, b.neighbors.length);
    }

    @Test
    void fullCopyInSharedDataReadsTheSame() {
        Path p = SharedData.require("proteins");
        TuDataset shared = TuDataset.load(p, "PROTEINS");
        assertArrayEquals(proteins.labels, shared.labels);
        for (int g = 0; g < proteins.size(); g += 37) {
            assertArrayEquals(proteins.graphs.get(g).neighbors, shared.graphs.get(g).neighbors);
            assertArrayEquals(proteins.graphs.get(g).features, shared.graphs.get(g).features);
        }
    }

    // ------------------------------------------------------------------------------------------ a tiny dataset

    /** Two graphs: a triangle (nodes 1-3, class 7) and an edge (nodes 4-5, class 3). */
    void writeTiny(String a, String indicator, String graphLabels, String nodeLabels, String attributes) throws IOException {
        Files.writeString(dir.resolve("T_A.txt"), a);
        Files.writeString(dir.resolve("T_graph_indicator.txt"), indicator);
        Files.writeString(dir.resolve("T_graph_labels.txt"), graphLabels);
        if (nodeLabels != null) Files.writeString(dir.resolve("T_node_labels.txt"), nodeLabels);
        if (attributes != null) Files.writeString(dir.resolve("T_node_attributes.txt"), attributes);
    }

    static final String A = "1, 2\n2, 1\n2, 3\n3, 2\n1, 3\n3, 1\n4, 5\n5, 4\n", IND = "1\n1\n1\n2\n2\n", GL = "7\n3\n", NL = "0\n5\n0\n5\n0\n",
            ATTR = "0.5, 1\n-1, 2\n3, 3\n4, 4\n5, 5e1\n";

    DataFormatException error() {
        return assertThrows(DataFormatException.class, () -> TuDataset.load(dir, "T"));
    }

    void assertNames(DataFormatException e, String file, String problem) {
        assertTrue(e.getMessage().startsWith(dir.resolve(file) + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void tinyDatasetReadsWithOneHotLabelsAttributesAndMappedClasses() throws IOException {
        writeTiny(A, IND, GL, NL, ATTR);
        TuDataset t = TuDataset.load(dir, "T");
        assertEquals(2, t.size());
        assertArrayEquals(new int[] {3, 7}, t.classValues);
        assertArrayEquals(new int[] {1, 0}, t.labels);           // 7 -> class 1, 3 -> class 0
        assertArrayEquals(new int[] {0, 5}, t.nodeLabelValues);
        assertEquals(4, t.featureDim);
        TuDataset.Graph tri = t.graphs.get(0), edge = t.graphs.get(1);
        assertArrayEquals(new int[] {0, 2, 4, 6}, tri.offsets);
        assertArrayEquals(new int[] {1, 2, 0, 2, 1, 0}, tri.neighbors);
        assertArrayEquals(new float[] {1, 0, 0.5f, 1, 0, 1, -1, 2, 1, 0, 3, 3}, tri.features);
        assertArrayEquals(new int[] {1, 0}, edge.neighbors);
        assertArrayEquals(new float[] {0, 1, 4, 4, 1, 0, 5, 50}, edge.features);
    }

    @Test
    void gzippedFilesReadTheSame() throws IOException {
        writeTiny(A, IND, GL, NL, null);
        TuDataset plain = TuDataset.load(dir, "T");
        Path a = dir.resolve("T_A.txt");
        Files.write(dir.resolve("T_A.txt.gz"), WfdbTest.gzip(Files.readAllBytes(a)));
        Files.delete(a);
        TuDataset gz = TuDataset.load(dir, "T");
        assertArrayEquals(plain.graphs.get(0).neighbors, gz.graphs.get(0).neighbors);
        assertEquals(2, gz.featureDim);                           // no attributes file: one-hot only
    }

    @Test
    void wrongLineCountsNameTheFile() throws IOException {
        writeTiny(A, IND, GL, "0\n5\n0\n5\n", null);
        assertNames(error(), "T_node_labels.txt", "4 lines, but " + dir.resolve("T_graph_indicator.txt") + " has 5 nodes");
        writeTiny(A, IND, GL, NL, "1\n2\n3\n4\n5\n6\n");
        assertNames(error(), "T_node_attributes.txt", "6 lines, but");
        Files.delete(dir.resolve("T_node_attributes.txt"));
        writeTiny(A, IND, "7\n3\n1\n", NL, null);
        assertNames(error(), "T_graph_labels.txt", "3 lines, but " + dir.resolve("T_graph_indicator.txt") + " assigns nodes to 2 graphs");
    }

    @Test
    void nonNumericEntriesNameFileAndLine() throws IOException {
        writeTiny("1, 2\n2, x\n", IND, GL, NL, null);
        assertNames(error(), "T_A.txt", "line 2: 'x' is not an integer");
        writeTiny("1, 2\n2 1\n", IND, GL, NL, null);
        assertNames(error(), "T_A.txt", "line 2: '2 1' has 1 comma-separated fields, expected 2");
        writeTiny(A, IND, GL, NL, "1\n2\nthree\n4\n5\n");
        assertNames(error(), "T_node_attributes.txt", "line 3: 'three' is not a number");
        writeTiny(A, IND, GL, NL, "1\n2\n3, 3\n4\n5\n");
        assertNames(error(), "T_node_attributes.txt", "line 3: 2 values, line 1 has 1");
        Files.delete(dir.resolve("T_node_attributes.txt"));
        writeTiny(A, "1\n1\n\n2\n2\n", GL, null, null);
        assertNames(error(), "T_graph_indicator.txt", "line 3 is empty");
    }

    @Test
    void inconsistentGraphsAreRejected() throws IOException {
        writeTiny(A + "3, 4\n", IND, GL, NL, null);
        assertNames(error(), "T_A.txt", "line 9: edge 3, 4 joins graph 1 and graph 2");
        writeTiny(A + "6, 1\n", IND, GL, NL, null);
        assertNames(error(), "T_A.txt", "line 9: node 6 is outside 1..5");
        writeTiny(A, "1\n2\n1\n2\n2\n", GL, NL, null);
        assertNames(error(), "T_graph_indicator.txt", "line 3: graph id 1 after 2 (nodes of a graph must be consecutive");
        writeTiny(A, "1\n1\n1\n3\n3\n", "7\n3\n1\n", NL, null);
        assertNames(error(), "T_graph_indicator.txt", "graph 2 has no nodes");
    }

    @Test
    void missingFileIsNamed() throws IOException {
        writeTiny(A, IND, GL, NL, null);
        Files.delete(dir.resolve("T_graph_labels.txt"));
        DataFormatException e = error();
        assertEquals(dir.resolve("T_graph_labels.txt") + "(.gz): file not found", e.getMessage());
    }
}
