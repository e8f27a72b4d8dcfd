package org.symkern.explain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The k-hop computation subgraph of a node (what a k-layer message-passing network's output at that node can depend
 * on), as PyG's {@code k_hop_subgraph} with flow source-to-target: the nodes S from which the centre is reached along
 * at most k directed edges, and every edge of the graph with both endpoints in S. Nodes are relabelled 0..|S|-1 in
 * increasing original order; {@link #nodes} maps local to original ids and {@link #edges} local edges to the original
 * edge indices (in increasing order).
 */
public final class ComputationSubgraph {
    /** Original ids of the subgraph's nodes (sorted), original indices of its edges (sorted). */
    public final int[] nodes, edges;
    /** Local index of the centre node. */
    public final int center;
    /** The subgraph with local node ids (features copied from the graph). */
    public final GraphInstance graph;

    private ComputationSubgraph(int[] nodes, int[] edges, int center, GraphInstance graph) {
        this.nodes = nodes;
        this.edges = edges;
        this.center = center;
        this.graph = graph;
    }

    public static ComputationSubgraph of(GraphInstance g, int node, int hops) {
        if (node < 0 || node >= g.nodes()) throw new IllegalArgumentException("computation subgraph: node " + node + " is not in [0, " + g.nodes() + ")");
        if (hops < 0) throw new IllegalArgumentException("computation subgraph: hops " + hops + " must be >= 0");
        List<List<Integer>> incoming = new ArrayList<>();
        for (int v = 0; v < g.nodes(); v++) incoming.add(new ArrayList<>());
        for (int e = 0; e < g.edges(); e++) incoming.get(g.dst()[e]).add(g.src()[e]);
        int[] dist = new int[g.nodes()];
        Arrays.fill(dist, -1);
        dist[node] = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(node);
        while (!queue.isEmpty()) {
            int v = queue.poll();
            if (dist[v] == hops) continue;
            for (int u : incoming.get(v))
                if (dist[u] < 0) {
                    dist[u] = dist[v] + 1;
                    queue.add(u);
                }
        }
        int[] local = new int[g.nodes()];
        Arrays.fill(local, -1);
        int count = 0;
        for (int v = 0; v < g.nodes(); v++) if (dist[v] >= 0) local[v] = count++;
        int[] nodes = new int[count];
        for (int v = 0; v < g.nodes(); v++) if (local[v] >= 0) nodes[local[v]] = v;
        int[] edges = java.util.stream.IntStream.range(0, g.edges()).filter(e -> local[g.src()[e]] >= 0 && local[g.dst()[e]] >= 0).toArray();
        int f = g.featureDim();
        float[] x = new float[count * f];
        for (int i = 0; i < count; i++) System.arraycopy(g.x(), nodes[i] * f, x, i * f, f);
        int[] src = new int[edges.length], dst = new int[edges.length];
        for (int k = 0; k < edges.length; k++) {
            src[k] = local[g.src()[edges[k]]];
            dst[k] = local[g.dst()[edges[k]]];
        }
        return new ComputationSubgraph(nodes, edges, local[node], new GraphInstance(count, f, x, src, dst));
    }

    /** Scatters values over this subgraph's edges into an array over the full graph's `totalEdges` edges (0 elsewhere). */
    public float[] toFullEdges(float[] local, int totalEdges) {
        float[] full = new float[totalEdges];
        for (int k = 0; k < edges.length; k++) full[edges[k]] = local[k];
        return full;
    }
}
