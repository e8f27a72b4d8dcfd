package org.symkern.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The synthetic BA-Shapes node-classification graph of Ying, Bourgeois, You, Zitnik and Leskovec, "GNNExplainer:
 * Generating Explanations for Graph Neural Networks" (NeurIPS 2019), generated from a seed:
 * <ol>
 *   <li>a Barabasi-Albert base graph of {@code baseNodes} = 300 nodes where every new node attaches to m = 5 distinct
 *       existing nodes chosen with probability proportional to their degree (Barabasi and Albert 1999). As in
 *       networkx's {@code barabasi_albert_graph} (which PyG's BAShapes calls with m = 5) the process starts from a
 *       star on m + 1 nodes (node 0 the centre) and draws targets uniformly from the list in which every node appears
 *       once per incident edge end: (baseNodes - m - 1) m + m = 1475 base edges;</li>
 *   <li>{@code houses} = 80 five-node "house" motifs: nodes t (top, the roof), a, b (middle, both joined to the roof)
 *       and c, d (bottom), edges t-a, t-b, a-b, a-c, b-d, c-d (6 per house; a square a-b-d-c with the roof on a-b).
 *       Each house's middle node a is joined by one edge to a base node drawn uniformly without replacement;</li>
 *   <li>{@code round(0.1 N)} random edges (N = all nodes, 70 for 300 + 400 nodes) between uniformly drawn pairs of
 *       distinct, not yet adjacent nodes (the paper's perturbation "0.1 N random edges").</li>
 * </ol>
 * Node classes: 0 base, 1 top, 2 middle, 3 bottom (base 300, top 80, middle 160, bottom 160). Node features are the
 * constant vector of 10 ones for every node (as in the paper's code and PyG), so a model can only use structure.
 * Ground truth for explanations: the 6 edges of every house are <i>motif edges</i>; the house-to-base edges and the
 * random edges are not (even when a random edge happens to join two motif nodes).
 *
 * <p>The graph is undirected and stored with both directions: directed edge e = 2k and 2k + 1 are the two directions
 * of undirected edge k (src[2k] &lt; dst[2k] is not promised; src[2k] = dst[2k+1] and dst[2k] = src[2k+1]). Everything
 * is a function of the seed ({@link java.util.Random}, whose sequence is specified by the JDK), so one seed gives
 * the same graph on every machine.
 */
public final class BaShapes {
    /** Node classes. */
    public static final int BASE = 0, TOP = 1, MIDDLE = 2, BOTTOM = 3, CLASSES = 4;
    /** Width of the constant node features. */
    public static final int FEATURES = 10;
    /** Nodes of one house motif. */
    public static final int HOUSE_NODES = 5;

    public final int nodes, baseNodes, houses;
    /** Directed edges j -&gt; i: src[e] = j, dst[e] = i (both directions of every undirected edge, in pairs). */
    public final int[] src, dst;
    /** Class of every node. */
    public final int[] labels;
    /** 1 if directed edge e is a house (motif) edge, 0 otherwise. */
    public final int[] motifEdge;
    /** The house of every node, -1 for base nodes. */
    public final int[] house;
    /** Node features (nodes x FEATURES), all ones. */
    public final float[] features;
    public final long seed;

    private BaShapes(int nodes, int baseNodes, int houses, int[] src, int[] dst, int[] labels, int[] motifEdge, int[] house, long seed) {
        this.nodes = nodes;
        this.baseNodes = baseNodes;
        this.houses = houses;
        this.src = src;
        this.dst = dst;
        this.labels = labels;
        this.motifEdge = motifEdge;
        this.house = house;
        this.features = new float[nodes * FEATURES];
        Arrays.fill(features, 1f);
        this.seed = seed;
    }

    /** The paper's graph: 300 base nodes with m = 5, 80 houses, 0.1 N random edges. */
    public static BaShapes generate(long seed) {
        return generate(300, 5, 80, 0.1, seed);
    }

    /**
     * A BA-Shapes graph of baseNodes Barabasi-Albert nodes (m edges per new node), `houses` houses and
     * round(randomEdgeFraction * N) random edges.
     */
    public static BaShapes generate(int baseNodes, int m, int houses, double randomEdgeFraction, long seed) {
        if (m < 1 || baseNodes <= m || houses < 0 || houses > baseNodes || randomEdgeFraction < 0)
            throw new IllegalArgumentException("BaShapes: need 1 <= m < baseNodes, 0 <= houses <= baseNodes and a fraction >= 0, got baseNodes="
                    + baseNodes + " m=" + m + " houses=" + houses + " fraction=" + randomEdgeFraction);
        Random rnd = new Random(seed);
        int n = baseNodes + HOUSE_NODES * houses;
        List<int[]> edges = new ArrayList<>();
        List<Boolean> motif = new ArrayList<>();
        Set<Long> present = new HashSet<>();

        /* Barabasi-Albert: a star on m + 1 nodes, then preferential attachment through the list of edge ends */
        List<Integer> ends = new ArrayList<>();
        for (int v = 1; v <= m; v++) {
            add(edges, motif, present, 0, v, false, n);
            ends.add(0);
            ends.add(v);
        }
        for (int source = m + 1; source < baseNodes; source++) {
            Set<Integer> targets = new java.util.LinkedHashSet<>();
            while (targets.size() < m) targets.add(ends.get(rnd.nextInt(ends.size())));
            for (int t : targets) {
                add(edges, motif, present, source, t, false, n);
                ends.add(t);
                ends.add(source);
            }
        }

        /* houses attached to distinct random base nodes */
        int[] labels = new int[n], house = new int[n];
        Arrays.fill(house, -1);
        int[] order = new int[baseNodes];
        for (int i = 0; i < baseNodes; i++) order[i] = i;
        for (int i = 0; i < houses; i++) {                                   // partial Fisher-Yates
            int j = i + rnd.nextInt(baseNodes - i);
            int t = order[i]; order[i] = order[j]; order[j] = t;
        }
        for (int k = 0; k < houses; k++) {
            int t = baseNodes + HOUSE_NODES * k, a = t + 1, b = t + 2, c = t + 3, d = t + 4;
            labels[t] = TOP;
            labels[a] = labels[b] = MIDDLE;
            labels[c] = labels[d] = BOTTOM;
            for (int v = t; v <= d; v++) house[v] = k;
            int[][] motifEdges = {{t, a}, {t, b}, {a, b}, {a, c}, {b, d}, {c, d}};
            for (int[] e : motifEdges) add(edges, motif, present, e[0], e[1], true, n);
            add(edges, motif, present, a, order[k], false, n);
        }

        /* random perturbation edges */
        long extra = Math.round(randomEdgeFraction * n);
        long maxEdges = (long) n * (n - 1) / 2;
        if (edges.size() + extra > maxEdges)
            throw new IllegalArgumentException("BaShapes: " + extra + " random edges do not fit a graph of " + n + " nodes");
        for (long added = 0; added < extra; ) {
            int u = rnd.nextInt(n), v = rnd.nextInt(n);
            if (u == v || present.contains(key(u, v, n))) continue;
            add(edges, motif, present, u, v, false, n);
            added++;
        }

        int[] src = new int[2 * edges.size()], dst = new int[src.length], me = new int[src.length];
        for (int k = 0; k < edges.size(); k++) {
            int[] e = edges.get(k);
            src[2 * k] = e[0];
            dst[2 * k] = e[1];
            src[2 * k + 1] = e[1];
            dst[2 * k + 1] = e[0];
            me[2 * k] = me[2 * k + 1] = motif.get(k) ? 1 : 0;
        }
        return new BaShapes(n, baseNodes, houses, src, dst, labels, me, house, seed);
    }

    private static long key(int u, int v, int n) {
        return (long) Math.min(u, v) * n + Math.max(u, v);
    }

    private static void add(List<int[]> edges, List<Boolean> motif, Set<Long> present, int u, int v, boolean isMotif, int n) {
        if (u == v || !present.add(key(u, v, n))) throw new IllegalStateException("BaShapes: duplicate edge " + u + "-" + v);
        edges.add(new int[] {u, v});
        motif.add(isMotif);
    }

    /** Number of directed edges (twice the undirected ones). */
    public int edges() {
        return src.length;
    }

    /** Node count of every class. */
    public int[] classCounts() {
        int[] c = new int[CLASSES];
        for (int l : labels) c[l]++;
        return c;
    }

    /** The motif (house) nodes, in order. */
    public int[] motifNodes() {
        return java.util.stream.IntStream.range(0, nodes).filter(v -> labels[v] != BASE).toArray();
    }

    /**
     * A seeded split of the nodes: a fraction trainFraction (rounded) of a seeded shuffle of 0..nodes-1 is the
     * training set, the rest the test set; both returned sorted. {train, test}.
     */
    public int[][] split(double trainFraction, long splitSeed) {
        if (!(trainFraction > 0 && trainFraction < 1)) throw new IllegalArgumentException("BaShapes.split: train fraction " + trainFraction + " must be in (0, 1)");
        int[] perm = new int[nodes];
        for (int i = 0; i < nodes; i++) perm[i] = i;
        Random r = new Random(splitSeed);
        for (int i = nodes - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
        }
        int cut = (int) Math.round(trainFraction * nodes);
        int[] train = Arrays.copyOfRange(perm, 0, cut), test = Arrays.copyOfRange(perm, cut, nodes);
        Arrays.sort(train);
        Arrays.sort(test);
        return new int[][] {train, test};
    }
}
