package org.symkern.data;

import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * A block-diagonal {@link TuDataset.Batch} as tensors on one device, in the form message passing and graph read-outs
 * use (created in the current {@link org.symkern.tensor.Scope}):
 * <pre>
 *   x            (nodes, featureDim) float   node features
 *   dst, src     (edges) int32               one directed edge j -&gt; i per adjacency entry: dst[e] = i is the CSR row,
 *                                            src[e] = j the listed neighbour; entries in CSR order (sorted by dst)
 *   nodeOffsets  (graphs + 1) int64          graph k is nodes nodeOffsets[k] .. nodeOffsets[k+1]-1 (for SegmentReduce)
 *   graphIds     (nodes) int32               the graph of every node (Gather broadcasts per-graph rows back to nodes)
 *   labels       (graphs) int32              class of every graph
 * </pre>
 * Node i aggregates over the entries of its own CSR row; for an undirected graph stored with both directions (the TU
 * PROTEINS files) that is its neighbourhood N(i).
 */
public final class GraphBatch {
    /** The host arrays this batch was made from. */
    public final TuDataset.Batch host;
    /** Node features, edge targets and sources, per-graph node offsets, the graph of each node, and the graph labels. */
    public final Tensor x, dst, src, nodeOffsets, graphIds, labels;

    private GraphBatch(TuDataset.Batch host, Tensor x, Tensor dst, Tensor src, Tensor nodeOffsets, Tensor graphIds, Tensor labels) {
        this.host = host;
        this.x = x;
        this.dst = dst;
        this.src = src;
        this.nodeOffsets = nodeOffsets;
        this.graphIds = graphIds;
        this.labels = labels;
    }

    /** Uploads a batch (featureDim columns per node) to `device`. */
    public static GraphBatch of(TuDataset.Batch b, int featureDim, Device device) {
        if (b.features.length != (long) b.nodes * featureDim)
            throw new IllegalArgumentException("graph batch: " + b.features.length + " feature values for " + b.nodes
                    + " nodes x " + featureDim + " features");
        int edges = b.neighbors.length;
        int[] dst = new int[edges], ids = new int[b.nodes];
        for (int v = 0; v < b.nodes; v++)
            for (int e = b.offsets[v]; e < b.offsets[v + 1]; e++) dst[e] = v;
        long[] nodeOffsets = new long[b.graphs + 1];
        for (int k = 0; k < b.graphs; k++) {
            nodeOffsets[k + 1] = b.graphOffsets[k + 1];
            for (int v = b.graphOffsets[k]; v < b.graphOffsets[k + 1]; v++) ids[v] = k;
        }
        return new GraphBatch(b,
                Tensor.of(b.features, Shape.of(b.nodes, featureDim), device),
                Tensor.ofInts(dst, Shape.of(edges), device),
                Tensor.ofInts(b.neighbors, Shape.of(edges), device),
                Tensor.ofLongs(nodeOffsets, Shape.of(b.graphs + 1), device),
                Tensor.ofInts(ids, Shape.of(b.nodes), device),
                Tensor.ofInts(b.labels, Shape.of(b.graphs), device));
    }

    /** The graphs idx[from, to) of `data` as one batch on `device`. */
    public static GraphBatch of(TuDataset data, int[] idx, int from, int to, Device device) {
        return of(data.batch(idx, from, to), data.featureDim, device);
    }

    /** The number of graphs in the batch. */
    public int graphs() {
        return host.graphs;
    }

    /** The number of nodes over all graphs. */
    public int nodes() {
        return host.nodes;
    }

    /** The number of directed edges over all graphs. */
    public int edges() {
        return host.neighbors.length;
    }

    /** The device holding the tensors. */
    public Device device() {
        return x.device();
    }
}
