package org.symkern.explain;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.List;
import java.util.ArrayList;

import org.symkern.explain.metrics.GroupAction;

/**
 * The action of a node permutation on a graph and on graph explanations, for measuring the permutation equivariance of
 * graph explanations (Crabbe and van der Schaar, NeurIPS 2023: Equiv(e, x) = mean_g cos(e(g x), g e(x))).
 *
 * <p>A permutation pi sends node v to pi[v]. On a graph (X, edges): node pi[v] of g.G carries the features of v, and
 * edge e: j -&gt; i becomes edge e of g.G, pi[j] -&gt; pi[i] (the edge order is kept, so edge-indexed arrays are
 * unchanged by the action on edges expressed in the original order). On attributions:
 * <ul>
 *   <li>node attributions a (nodes x width): (g.a)[pi[v]] = a[v];</li>
 *   <li>edge attributions s (edges): (g.s)[e] = s[e] when the edges keep their order ({@link #apply(GraphInstance)}),
 *       or, for a graph whose edges were listed in another order, matched by endpoints ({@link #edgeScores}).</li>
 * </ul>
 * An equivariant explainer satisfies e(g.G) = g.e(G). {@link #edgeAction} and {@link #nodeAction} are these actions
 * as {@link GroupAction}s for {@link org.symkern.explain.metrics.ExplanationEquivariance#measure}, and
 * {@link #sample} draws the permutations of the Monte-Carlo estimate (Equiv over sampled node permutations).
 */
public final class GraphPermutation {
    private final int[] pi;

    public GraphPermutation(int[] pi) {
        boolean[] seen = new boolean[pi.length];
        for (int v = 0; v < pi.length; v++) {
            if (pi[v] < 0 || pi[v] >= pi.length || seen[pi[v]])
                throw new IllegalArgumentException("GraphPermutation: " + Arrays.toString(pi) + " is not a permutation of 0.." + (pi.length - 1));
            seen[pi[v]] = true;
        }
        this.pi = pi.clone();
    }

    /** A uniformly random permutation of n nodes (Fisher-Yates with a seeded SplittableRandom). */
    public static GraphPermutation randomPermutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return new GraphPermutation(p);
    }

    /** `count` uniformly random permutations of n nodes, the i-th drawn with seed + i. */
    public static List<GraphPermutation> sample(int n, int count, long seed) {
        List<GraphPermutation> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(randomPermutation(n, seed + i));
        return out;
    }

    /**
     * This permutation acting on graphs and on edge explanations (one score per edge, in the graph's edge order):
     * edges keep their order under {@link #apply}, so g.e = e.
     */
    public GroupAction<GraphInstance> edgeAction(String name) {
        return action(name, float[]::clone);
    }

    /** This permutation acting on graphs and on node explanations of `width` values per node: (g.a)[pi[v]] = a[v]. */
    public GroupAction<GraphInstance> nodeAction(String name, int width) {
        return action(name, e -> nodeScores(e, width));
    }

    /** This permutation on graphs ({@link #apply}) with `onScores` acting on their explanations. */
    private GroupAction<GraphInstance> action(String name, java.util.function.UnaryOperator<float[]> onScores) {
        return new GroupAction<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public GraphInstance onInput(GraphInstance g) {
                return apply(g);
            }

            @Override
            public float[] onExplanation(float[] e) {
                return onScores.apply(e);
            }
        };
    }

    /** pi[v], the new label of node v. */
    public int image(int v) {
        return pi[v];
    }

    public int size() {
        return pi.length;
    }

    /** g.G: features moved with their nodes, edge e relabelled in place. */
    public GraphInstance apply(GraphInstance g) {
        check(g.nodes());
        int f = g.featureDim();
        float[] x = new float[g.x().length];
        for (int v = 0; v < g.nodes(); v++) System.arraycopy(g.x(), v * f, x, pi[v] * f, f);
        int[] src = new int[g.edges()], dst = new int[g.edges()];
        for (int e = 0; e < g.edges(); e++) {
            src[e] = pi[g.src()[e]];
            dst[e] = pi[g.dst()[e]];
        }
        return new GraphInstance(g.nodes(), f, x, src, dst);
    }

    /** g.a for node attributions a of `width` values per node (row-major nodes x width). */
    public float[] nodeScores(float[] a, int width) {
        if (a.length != (long) pi.length * width) throw new IllegalArgumentException("GraphPermutation: " + a.length + " node scores for " + pi.length + " nodes x " + width);
        float[] out = new float[a.length];
        for (int v = 0; v < pi.length; v++) System.arraycopy(a, v * width, out, pi[v] * width, width);
        return out;
    }

    /**
     * g.s for edge scores s over g's edges, written in the edge order of `target` (a listing of the permuted graph's
     * edges, possibly in another order): the score of j -&gt; i goes to target's edge pi[j] -&gt; pi[i]. Every edge of
     * target must be the image of exactly one edge of g (no multi-edges).
     */
    public float[] edgeScores(GraphInstance g, float[] s, GraphInstance target) {
        check(g.nodes());
        if (s.length != g.edges()) throw new IllegalArgumentException("GraphPermutation: " + s.length + " edge scores for " + g.edges() + " edges");
        if (target.edges() != g.edges() || target.nodes() != g.nodes())
            throw new IllegalArgumentException("GraphPermutation: the target graph has " + target.nodes() + " nodes / " + target.edges()
                    + " edges, the source " + g.nodes() + " / " + g.edges());
        Map<Long, Integer> where = new HashMap<>();
        for (int e = 0; e < target.edges(); e++)
            if (where.put((long) target.src()[e] * g.nodes() + target.dst()[e], e) != null)
                throw new IllegalArgumentException("GraphPermutation: the target graph has the edge " + target.src()[e] + " -> " + target.dst()[e] + " twice");
        float[] out = new float[s.length];
        for (int e = 0; e < g.edges(); e++) {
            Integer k = where.get((long) pi[g.src()[e]] * g.nodes() + pi[g.dst()[e]]);
            if (k == null) throw new IllegalArgumentException("GraphPermutation: edge " + g.src()[e] + " -> " + g.dst()[e] + " has no image in the target graph");
            out[k] = s[e];
        }
        return out;
    }


    private void check(int nodes) {
        if (nodes != pi.length) throw new IllegalArgumentException("GraphPermutation: permutation of " + pi.length + " nodes applied to a graph of " + nodes);
    }
}
