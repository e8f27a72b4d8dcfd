package org.symkern.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: writes a small graph dataset in the TU text format and reads it back with {@link TuDataset#load}. */
public final class TuFiles {
    private TuFiles() {}

    /**
     * Graphs with the given node counts, undirected edges over global 0-based node ids (written in both directions),
     * one node label per node and one label per graph; no attributes.
     */
    public static TuDataset write(Path dir, String name, int[] nodesPerGraph, int[][] edges, int[] nodeLabels, int[] graphLabels) {
        StringBuilder a = new StringBuilder(), ind = new StringBuilder(), nl = new StringBuilder(), gl = new StringBuilder();
        for (int[] e : edges) a.append(e[0] + 1).append(", ").append(e[1] + 1).append('\n').append(e[1] + 1).append(", ").append(e[0] + 1).append('\n');
        for (int g = 0; g < nodesPerGraph.length; g++) {
            for (int v = 0; v < nodesPerGraph[g]; v++) ind.append(g + 1).append('\n');
            gl.append(graphLabels[g]).append('\n');
        }
        for (int l : nodeLabels) nl.append(l).append('\n');
        try {
            Files.writeString(dir.resolve(name + "_A.txt"), a);
            Files.writeString(dir.resolve(name + "_graph_indicator.txt"), ind);
            Files.writeString(dir.resolve(name + "_graph_labels.txt"), gl);
            Files.writeString(dir.resolve(name + "_node_labels.txt"), nl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TuDataset.load(dir, name);
    }
}
