package org.symkern.data;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

import org.symkern.io.BoundedReads;
import org.symkern.io.DatasetFolder;
import org.symkern.io.InputLimits;

/**
 * Graph classification datasets in the TU Dortmund text format (Morris et al., "TUDataset", 2020; see
 * data/proteins/TU_README.txt): {@code DS_A.txt} (one directed edge "row, col" per line, 1-based global
 * node ids), {@code DS_graph_indicator.txt} (graph id of node i on line i), {@code DS_graph_labels.txt}
 * (class of graph i on line i), and optionally {@code DS_node_labels.txt} and
 * {@code DS_node_attributes.txt} (comma-separated floats). Each file may be gzipped ({@code .txt.gz}).
 *
 * <p>Node features: the node label one-hot (over the distinct label values, ascending), then the node
 * attributes as given (for PROTEINS: 3 + 1 = 4 features; the attribute ranges over -538..798, so
 * standardize it with statistics of the training graphs only). Graph labels are mapped to 0..C-1 in the
 * order of their values. Nodes of a graph must be consecutive in the indicator file (true of the TU files),
 * and every edge must join two nodes of the same graph.
 *
 * <p>Every malformed line is reported as a {@link DataFormatException} naming the file and line number.
 */
public final class TuDataset {
    /** One graph: CSR adjacency over its own nodes 0..nodes-1, and node features (nodes x featureDim). */
    public static final class Graph {
        /** Number of nodes. */
        public final int nodes;
        /** Out-neighbours of node v are neighbors[offsets[v] .. offsets[v+1]). */
        public final int[] offsets, neighbors;
        /** Node features, row-major (nodes, featureDim). */
        public final float[] features;
        /** The graph label, in [0, classes). */
        public final int label;

        Graph(int nodes, int[] offsets, int[] neighbors, float[] features, int label) {
            this.nodes = nodes;
            this.offsets = offsets;
            this.neighbors = neighbors;
            this.features = features;
            this.label = label;
        }

        /** Number of directed edges. */
        public int edges() {
            return neighbors.length;
        }

        /**
         * A graph built from a user's own edge list and node features. Edge e is the directed edge
         * src[e] -&gt; dst[e]; it becomes an entry of dst[e]'s adjacency row, so message passing sends x[src[e]] to
         * dst[e]: for node i the aggregation runs over N(i) = { src[e] : dst[e] = i } (entries of a row keep the
         * order of the list). For an undirected graph list both directions, or use {@link #undirected}.
         *
         * @param nodes      number of nodes n (node ids 0 .. n-1)
         * @param src        edge sources, each in [0, n)
         * @param dst        edge targets, each in [0, n), as many as src
         * @param features   node features, row-major (n, featureDim)
         * @param featureDim features per node (&gt;= 1)
         * @param label      the graph's class (&gt;= 0)
         * @throws IllegalArgumentException naming the edge or array that is out of range
         */
        public static Graph fromEdges(int nodes, int[] src, int[] dst, float[] features, int featureDim, int label) {
            if (nodes < 0) throw new IllegalArgumentException("graph: nodes = " + nodes + " is negative");
            if (featureDim < 1) throw new IllegalArgumentException("graph: featureDim = " + featureDim + " must be >= 1");
            if (src == null || dst == null || src.length != dst.length)
                throw new IllegalArgumentException("graph: src and dst must be arrays of equal length, got "
                        + (src == null ? "null" : src.length) + " and " + (dst == null ? "null" : dst.length));
            if (features == null || features.length != (long) nodes * featureDim)
                throw new IllegalArgumentException("graph: " + (features == null ? "null" : features.length)
                        + " feature values for " + nodes + " nodes x " + featureDim + " features");
            if (label < 0) throw new IllegalArgumentException("graph: label " + label + " is negative");
            int[] offsets = new int[nodes + 1];
            for (int e = 0; e < src.length; e++) {
                if (src[e] < 0 || src[e] >= nodes || dst[e] < 0 || dst[e] >= nodes)
                    throw new IllegalArgumentException("graph: edge " + e + " (" + src[e] + " -> " + dst[e]
                            + ") has a node outside 0.." + (nodes - 1));
                offsets[dst[e] + 1]++;
            }
            for (int v = 0; v < nodes; v++) offsets[v + 1] += offsets[v];
            int[] fill = java.util.Arrays.copyOf(offsets, nodes), neighbors = new int[src.length];
            for (int e = 0; e < src.length; e++) neighbors[fill[dst[e]]++] = src[e];
            return new Graph(nodes, offsets, neighbors, features.clone(), label);
        }

        /** {@link #fromEdges} with every edge {a[e], b[e]} listed in both directions (a -&gt; b, then b -&gt; a). */
        public static Graph undirected(int nodes, int[] a, int[] b, float[] features, int featureDim, int label) {
            if (a == null || b == null || a.length != b.length)
                throw new IllegalArgumentException("graph: the two endpoint arrays must have equal length");
            int[] src = new int[2 * a.length], dst = new int[2 * a.length];
            for (int e = 0; e < a.length; e++) {
                src[2 * e] = a[e];
                dst[2 * e] = b[e];
                src[2 * e + 1] = b[e];
                dst[2 * e + 1] = a[e];
            }
            return fromEdges(nodes, src, dst, features, featureDim, label);
        }
    }

    /**
     * Several graphs as one block-diagonal graph: the nodes of graph k of the batch are
     * graphOffsets[k] .. graphOffsets[k+1]-1, with CSR adjacency and features over all batch nodes.
     */
    public static final class Batch {
        /** Number of graphs and of nodes over all of them. */
        public final int graphs, nodes;
        /** Node offsets of each graph, CSR offsets and neighbours over all nodes, and the graph labels. */
        public final int[] graphOffsets, offsets, neighbors, labels;
        /** Node features of all nodes, row-major (nodes, featureDim). */
        public final float[] features;

        Batch(int[] graphOffsets, int[] offsets, int[] neighbors, float[] features, int[] labels) {
            this.graphs = labels.length;
            this.nodes = offsets.length - 1;
            this.graphOffsets = graphOffsets;
            this.offsets = offsets;
            this.neighbors = neighbors;
            this.features = features;
            this.labels = labels;
        }

        /**
         * The same graphs with their nodes renumbered: node v of this batch becomes node perm[v] (features and
         * adjacency move with it; each node's neighbour list keeps its order, relabelled). perm must be a
         * permutation of 0..nodes-1 that maps every graph's node range onto itself, so the result is P applied to
         * each graph: an equivariant node map must commute with it, an invariant graph map must not see it.
         */
        public Batch permuteNodes(int[] perm) {
            if (perm.length != nodes) throw new IllegalArgumentException("permutation of " + perm.length + " entries for " + nodes + " nodes");
            int[] inverse = new int[nodes];
            Arrays.fill(inverse, -1);
            for (int k = 0; k < graphs; k++)
                for (int v = graphOffsets[k]; v < graphOffsets[k + 1]; v++) {
                    int p = perm[v];
                    if (p < graphOffsets[k] || p >= graphOffsets[k + 1])
                        throw new IllegalArgumentException("permutation maps node " + v + " of graph " + k + " to " + p
                                + ", outside the graph's nodes " + graphOffsets[k] + ".." + (graphOffsets[k + 1] - 1));
                    if (inverse[p] >= 0) throw new IllegalArgumentException("permutation maps nodes " + inverse[p] + " and " + v + " to " + p);
                    inverse[p] = v;
                }
            int dim = features.length / Math.max(1, nodes);
            int[] off = new int[nodes + 1], nb = new int[neighbors.length];
            float[] feat = new float[features.length];
            for (int w = 0; w < nodes; w++) {
                int v = inverse[w];
                int at = off[w];
                for (int e = offsets[v]; e < offsets[v + 1]; e++) nb[at++] = perm[neighbors[e]];
                off[w + 1] = at;
                System.arraycopy(features, v * dim, feat, w * dim, dim);
            }
            return new Batch(graphOffsets.clone(), off, nb, feat, labels.clone());
        }
    }

    /** The dataset name, e.g. "PROTEINS". */
    public final String name;
    /** The graphs, in file order. */
    public final List<Graph> graphs;
    /** Graph labels 0..classes-1 (labels[g] == graphs.get(g).label). */
    public final int[] labels;
    /** Number of classes and of features per node. */
    public final int classes, featureDim;
    /** The original graph label of class c, and the original node label of one-hot position k. */
    public final int[] classValues, nodeLabelValues;
    /** Number of attribute columns after the one-hot part. */
    public final int attributeDim;

    private TuDataset(String name, List<Graph> graphs, int[] classValues, int[] nodeLabelValues, int attributeDim) {
        this.name = name;
        this.graphs = List.copyOf(graphs);
        this.labels = graphs.stream().mapToInt(g -> g.label).toArray();
        this.classes = classValues.length;
        this.classValues = classValues;
        this.nodeLabelValues = nodeLabelValues;
        this.attributeDim = attributeDim;
        this.featureDim = nodeLabelValues.length + attributeDim;
    }

    /**
     * A dataset of a user's own graphs (built with {@link Graph#fromEdges} / {@link Graph#undirected}): every graph
     * has featureDim features per node and a label in [0, classes). The features count as attributes
     * ({@link #attributeDim} = featureDim, no one-hot part). It works wherever a loaded TU dataset does
     * ({@link #batch}, {@link GraphBatch#of(TuDataset, int[], int, int, org.symkern.tensor.Device)}, the graph models).
     */
    public static TuDataset of(String name, List<Graph> graphs, int featureDim, int classes) {
        if (graphs == null || graphs.isEmpty()) throw new IllegalArgumentException(name + ": no graphs");
        if (classes < 1) throw new IllegalArgumentException(name + ": classes = " + classes + " must be >= 1");
        for (int g = 0; g < graphs.size(); g++) {
            Graph gr = graphs.get(g);
            if (gr == null) throw new IllegalArgumentException(name + ": graph " + g + " is null");
            if (gr.features.length != (long) gr.nodes * featureDim)
                throw new IllegalArgumentException(name + ": graph " + g + " has " + gr.features.length + " feature values for "
                        + gr.nodes + " nodes x " + featureDim + " features");
            if (gr.label >= classes)
                throw new IllegalArgumentException(name + ": graph " + g + " has label " + gr.label + ", outside [0, " + classes + ")");
        }
        int[] classValues = new int[classes];
        for (int c = 0; c < classes; c++) classValues[c] = c;
        return new TuDataset(name, graphs, classValues, new int[0], featureDim);
    }

    /** Number of graphs. */
    public int size() {
        return graphs.size();
    }

    /** Total nodes and directed edges (adjacency entries) over all graphs. */
    public long totalNodes() {
        return graphs.stream().mapToLong(g -> g.nodes).sum();
    }

    /** Number of directed edges over all graphs. */
    public long totalEdges() {
        return graphs.stream().mapToLong(Graph::edges).sum();
    }

    /** PROTEINS (1113 graphs, 2 classes), embedded in the jar (data/proteins, byte-identical TU files). */
    public static TuDataset proteins() {
        String base = "/org/symkern/data/embedded/proteins/";
        if (TuDataset.class.getResource(base + "PROTEINS_A.txt.gz") == null) throw EmbeddedData.missing(base + "PROTEINS_A.txt.gz");
        return read("PROTEINS", suffix -> base + "PROTEINS_" + suffix + ".txt.gz", suffix -> {
            String res = base + "PROTEINS_" + suffix + ".txt.gz";
            InputStream in = TuDataset.class.getResourceAsStream(res);
            if (in == null) return null;
            try (in) {
                return new Source(res, BoundedReads.gunzip(BoundedReads.readUpTo(in, InputLimits.maxFileBytes(), res, "the file-size cap"), res,
                        InputLimits.maxInflatedBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(res + ": " + e.getMessage(), e);
            }
        });
    }

    /** Reads DS_*.txt or DS_*.txt.gz from `dir` (e.g. ../shared/data/proteins with name "PROTEINS"). */
    public static TuDataset load(Path dir, String name) {
        return read(name, suffix -> dir.resolve(name + "_" + suffix + ".txt") + "(.gz)", suffix -> {
            Path plain = dir.resolve(name + "_" + suffix + ".txt"), gz = dir.resolve(name + "_" + suffix + ".txt.gz");
            if (Files.exists(plain, LinkOption.NOFOLLOW_LINKS))
                return new Source(plain.toString(), BoundedReads.readFile(DatasetFolder.inside(dir, plain, dir.toString())));
            if (Files.exists(gz, LinkOption.NOFOLLOW_LINKS))
                return new Source(gz.toString(), BoundedReads.gunzip(BoundedReads.readFile(DatasetFolder.inside(dir, gz, dir.toString())), gz.toString(),
                        InputLimits.maxInflatedBytes()));
            return null;
        });
    }

    /** One graph file's name (for messages) and contents. */
    private record Source(String name, byte[] bytes) {}

    /** `where` names a file for the missing-file message; `open` returns null when it is absent. */
    private static TuDataset read(String name, Function<String, String> where, Function<String, Source> open) {
        Source ind = require(open, where, "graph_indicator"), gl = require(open, where, "graph_labels"), adj = require(open, where, "A");
        Source nl = open.apply("node_labels"), na = open.apply("node_attributes");

        int[] indicator = ints(ind, 1);
        int n = indicator.length;
        int[] graphLabel = ints(gl, 1);
        int ng = graphLabel.length;
        // nodes of graph g (1-based) are [start[g-1], start[g]) in 0-based global ids
        int maxGraph = 0;
        for (int i = 0; i < n; i++) {
            if (indicator[i] < 1) throw new DataFormatException(ind.name, "line " + (i + 1) + ": graph id " + indicator[i] + " < 1");
            maxGraph = Math.max(maxGraph, indicator[i]);
        }
        if (ng != maxGraph)
            throw new DataFormatException(gl.name, ng + " lines, but " + ind.name + " assigns nodes to " + maxGraph + " graphs");
        int[] start = new int[ng + 1];
        for (int i = 0; i < n; i++) {
            int g = indicator[i];
            if (i > 0 && g < indicator[i - 1])
                throw new DataFormatException(ind.name, "line " + (i + 1) + ": graph id " + g + " after " + indicator[i - 1] + " (nodes of a graph must be consecutive, in graph order)");
            start[g]++;
        }
        for (int g = 1; g <= ng; g++) {
            if (start[g] == 0) throw new DataFormatException(ind.name, "graph " + g + " has no nodes");
            start[g] += start[g - 1];
        }

        int[][] nodeLabels = nl == null ? null : lines(nl, n, ind.name, 1);
        float[][] attributes = na == null ? null : floats(na, n, ind.name);
        int[] nodeLabelValues = new int[0];
        int[] nodeLabelIndex = new int[n];
        if (nodeLabels != null) {
            TreeSet<Integer> vals = new TreeSet<>();
            for (int[] l : nodeLabels) vals.add(l[0]);
            nodeLabelValues = vals.stream().mapToInt(Integer::intValue).toArray();
            for (int i = 0; i < n; i++) nodeLabelIndex[i] = Arrays.binarySearch(nodeLabelValues, nodeLabels[i][0]);
        }
        int attrDim = attributes == null ? 0 : attributes[0].length;
        int dim = nodeLabelValues.length + attrDim;
        if ((long) n * dim * Float.BYTES > InputLimits.maxInflatedBytes())
            throw new DataFormatException(nl != null ? nl.name : na.name, n + " nodes x " + dim + " feature columns (" + nodeLabelValues.length
                    + " distinct node labels one-hot + " + attrDim + " attributes) would take " + (long) n * dim * Float.BYTES + " bytes, more than the "
                    + InputLimits.maxInflatedBytes() + "-byte cap (raise it with -D" + InputLimits.MAX_INFLATED_PROPERTY + "=BYTES)");

        int[][] edges = lines(adj, -1, null, 2);
        int[] degree = new int[n];
        for (int e = 0; e < edges.length; e++) {
            int r = edges[e][0], c = edges[e][1];
            for (int v : edges[e])
                if (v < 1 || v > n) throw new DataFormatException(adj.name, "line " + (e + 1) + ": node " + v + " is outside 1.." + n + " (" + n + " nodes in " + ind.name + ")");
            if (indicator[r - 1] != indicator[c - 1])
                throw new DataFormatException(adj.name, "line " + (e + 1) + ": edge " + r + ", " + c + " joins graph " + indicator[r - 1] + " and graph " + indicator[c - 1]);
            degree[r - 1]++;
        }
        int[] globalOffsets = new int[n + 1];
        for (int i = 0; i < n; i++) globalOffsets[i + 1] = globalOffsets[i] + degree[i];
        int[] fill = Arrays.copyOf(globalOffsets, n), targets = new int[edges.length];
        for (int[] e : edges) targets[fill[e[0] - 1]++] = e[1] - 1;

        TreeSet<Integer> classSet = new TreeSet<>();
        for (int l : graphLabel) classSet.add(l);
        int[] classValues = classSet.stream().mapToInt(Integer::intValue).toArray();

        List<Graph> graphs = new ArrayList<>(ng);
        for (int g = 0; g < ng; g++) {
            int from = start[g], to = start[g + 1], nodes = to - from;
            int[] off = new int[nodes + 1];
            for (int v = 0; v < nodes; v++) off[v + 1] = off[v] + degree[from + v];
            int[] nb = new int[off[nodes]];
            for (int v = 0; v < nodes; v++)
                for (int k = globalOffsets[from + v], j = off[v]; k < globalOffsets[from + v + 1]; k++, j++) nb[j] = targets[k] - from;
            float[] feat = new float[nodes * dim];
            for (int v = 0; v < nodes; v++) {
                if (nodeLabels != null) feat[v * dim + nodeLabelIndex[from + v]] = 1f;
                if (attributes != null) System.arraycopy(attributes[from + v], 0, feat, v * dim + nodeLabelValues.length, attrDim);
            }
            graphs.add(new Graph(nodes, off, nb, feat, Arrays.binarySearch(classValues, graphLabel[g])));
        }
        return new TuDataset(name, graphs, classValues, nodeLabelValues, attrDim);
    }

    /** The graphs idx[from, to) as one block-diagonal batch. */
    public Batch batch(int[] idx, int from, int to) {
        int[] graphOffsets = new int[to - from + 1];
        int edges = 0;
        for (int k = from; k < to; k++) {
            Graph g = graphs.get(idx[k]);
            graphOffsets[k - from + 1] = graphOffsets[k - from] + g.nodes;
            edges += g.edges();
        }
        int nodes = graphOffsets[to - from];
        int[] off = new int[nodes + 1], nb = new int[edges], lb = new int[to - from];
        float[] feat = new float[nodes * featureDim];
        int e = 0;
        for (int k = from; k < to; k++) {
            Graph g = graphs.get(idx[k]);
            int base = graphOffsets[k - from];
            for (int v = 0; v < g.nodes; v++) {
                for (int j = g.offsets[v]; j < g.offsets[v + 1]; j++) nb[e++] = g.neighbors[j] + base;
                off[base + v + 1] = e;
            }
            System.arraycopy(g.features, 0, feat, base * featureDim, g.nodes * featureDim);
            lb[k - from] = g.label;
        }
        return new Batch(graphOffsets, off, nb, feat, lb);
    }

    /**
     * A copy whose attribute columns (after the one-hot part) are standardized with statistics of the graphs
     * `statsFrom` only (pass a fold's training graphs, never its test graphs): a' = (a - mean) / std over all nodes
     * of those graphs, per column, std the population standard deviation (a constant column is only centred).
     * One-hot columns, adjacency and labels are unchanged.
     */
    public TuDataset standardizeAttributes(int[] statsFrom) {
        int oneHot = nodeLabelValues.length;
        double[] sum = new double[attributeDim], sq = new double[attributeDim];
        long count = 0;
        for (int g : statsFrom) {
            if (g < 0 || g >= graphs.size()) throw new IllegalArgumentException(name + ": graph " + g + " is outside 0.." + (graphs.size() - 1));
            Graph gr = graphs.get(g);
            for (int v = 0; v < gr.nodes; v++)
                for (int k = 0; k < attributeDim; k++) {
                    double a = gr.features[v * featureDim + oneHot + k];
                    sum[k] += a;
                    sq[k] += a * a;
                }
            count += gr.nodes;
        }
        if (count == 0) throw new IllegalArgumentException(name + ": no nodes to take attribute statistics from");
        float[] mean = new float[attributeDim], scale = new float[attributeDim];
        for (int k = 0; k < attributeDim; k++) {
            double m = sum[k] / count, var = Math.max(0, sq[k] / count - m * m);
            mean[k] = (float) m;
            scale[k] = var > 0 ? (float) (1 / Math.sqrt(var)) : 1f;
        }
        List<Graph> out = new ArrayList<>(graphs.size());
        for (Graph g : graphs) {
            float[] f = g.features.clone();
            for (int v = 0; v < g.nodes; v++)
                for (int k = 0; k < attributeDim; k++) {
                    int at = v * featureDim + oneHot + k;
                    f[at] = (f[at] - mean[k]) * scale[k];
                }
            out.add(new Graph(g.nodes, g.offsets, g.neighbors, f, g.label));
        }
        return new TuDataset(name, out, classValues, nodeLabelValues, attributeDim);
    }

    // ------------------------------------------------------------------------------------------ parsing

    private static Source require(Function<String, Source> open, Function<String, String> where, String suffix) {
        Source s = open.apply(suffix);
        if (s == null) throw new DataFormatException(where.apply(suffix), "file not found");
        return s;
    }

    /** One integer per line. */
    private static int[] ints(Source s, int columns) {
        int[][] rows = lines(s, -1, null, columns);
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = rows[i][0];
        return out;
    }

    /** `columns` comma-separated integers per line; exactly `expected` lines unless expected < 0. */
    private static int[][] lines(Source s, int expected, String countSource, int columns) {
        List<String> text = textLines(s);
        if (expected >= 0 && text.size() != expected)
            throw new DataFormatException(s.name, text.size() + " lines, but " + countSource + " has " + expected + " nodes");
        int[][] out = new int[text.size()][columns];
        for (int i = 0; i < text.size(); i++) {
            String[] f = text.get(i).split(",");
            if (f.length != columns)
                throw new DataFormatException(s.name, "line " + (i + 1) + ": '" + text.get(i) + "' has " + f.length + " comma-separated fields, expected " + columns);
            for (int k = 0; k < columns; k++) {
                try {
                    out[i][k] = Integer.parseInt(f[k].strip());
                } catch (NumberFormatException e) {
                    throw new DataFormatException(s.name, "line " + (i + 1) + ": '" + f[k].strip() + "' is not an integer");
                }
            }
        }
        return out;
    }

    /** Comma-separated floats, the same number on every line, exactly `expected` lines. */
    private static float[][] floats(Source s, int expected, String countSource) {
        List<String> text = textLines(s);
        if (text.size() != expected)
            throw new DataFormatException(s.name, text.size() + " lines, but " + countSource + " has " + expected + " nodes");
        float[][] out = new float[text.size()][];
        for (int i = 0; i < text.size(); i++) {
            String[] f = text.get(i).split(",");
            if (i > 0 && f.length != out[0].length)
                throw new DataFormatException(s.name, "line " + (i + 1) + ": " + f.length + " values, line 1 has " + out[0].length);
            out[i] = new float[f.length];
            for (int k = 0; k < f.length; k++) {
                try {
                    out[i][k] = Float.parseFloat(f[k].strip());
                } catch (NumberFormatException e) {
                    throw new DataFormatException(s.name, "line " + (i + 1) + ": '" + f[k].strip() + "' is not a number");
                }
                if (!Float.isFinite(out[i][k])) throw new DataFormatException(s.name, "line " + (i + 1) + ": '" + f[k].strip() + "' is not finite");
            }
        }
        return out;
    }

    /** The lines of a file; a final newline is allowed, an empty line elsewhere is an error. */
    private static List<String> textLines(Source s) {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(s.bytes), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) out.add(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < out.size(); i++)
            if (out.get(i).isBlank()) {
                if (i == out.size() - 1) {
                    out.remove(i);
                    break;
                }
                throw new DataFormatException(s.name, "line " + (i + 1) + " is empty");
            }
        if (out.isEmpty()) throw new DataFormatException(s.name, "file is empty");
        return out;
    }
}
