package org.symkern.explain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.symkern.nn.Activation;
import org.symkern.nn.GinConv;
import org.symkern.nn.Linear;
import org.symkern.nn.Sequential;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

public class GnnExplainerTest {
    /**
     * Nodes 0, 1, 2 are red (features [1, 0]) and form a triangle; nodes 3..9 are blue ([0, 1]) and form a ring. A
     * hand-set GIN layer computes per node u_i = relu(x_i,red + sum_j w_ij x_j,red - 1.5) (positive only for a red node
     * with red neighbours) and v_i = relu(x_i,blue + sum_j w_ij x_j,blue - 1.5) (the same for blue); the graph logits
     * are [2.5 + 0.1 sum_i v_i, sum_i u_i]. Unmasked: class 1 (4.5 against 3.55), and only with (nearly) all six
     * directed red-red edges: so the explained prediction rests on the red triangle, and every blue edge speaks against
     * it. With {@code cross} two red-blue edges are added, which the model cannot see (their messages only reach
     * channels whose ReLU stays off).
     */
    static final int[][] UNDIRECTED = {{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 6}, {6, 7}, {7, 8}, {8, 9}, {9, 3}};
    static final int[][] CROSS = {{0, 3}, {1, 6}};

    public static GraphInstance graph() {
        return graph(false);
    }

    public static GraphInstance graph(boolean cross) {
        int n = 10;
        float[] x = new float[2 * n];
        for (int v = 0; v < n; v++) x[2 * v + (v < 3 ? 0 : 1)] = 1f;
        int[][] und = cross ? java.util.stream.Stream.concat(Arrays.stream(UNDIRECTED), Arrays.stream(CROSS)).toArray(int[][]::new) : UNDIRECTED;
        int[] src = new int[2 * und.length], dst = new int[src.length];
        for (int k = 0; k < und.length; k++) {
            src[2 * k] = und[k][0];
            dst[2 * k] = und[k][1];
            src[2 * k + 1] = und[k][1];
            dst[2 * k + 1] = und[k][0];
        }
        return new GraphInstance(n, 2, x, src, dst);
    }

    public static final class RedPairModel implements AutoCloseable {
        public final Linear lin = new Linear(2, 2, true, Device.CPU, 1);
        public final GinConv conv;

        public RedPairModel() {
            try (Scope s = Scope.open()) {
                lin.weight().copyFrom(new float[] {1f, 0f, 0f, 1f});
                lin.bias().copyFrom(new float[] {-1.5f, -1.5f});
            }
            conv = new GinConv(new Sequential(lin, Activation.relu()), 0f);
        }

        public Tensor logits(Tensor x, Tensor src, Tensor dst, Tensor w) {
            Tensor s = conv.forward(x, src, dst, w).sum(0, true);                                  // (1, 2): [sum u, sum v]
            return s.matmul(Tensor.of(new float[] {0f, 1f, 0.1f, 0f}, 2, 2)).add(Tensor.of(new float[] {2.5f, 0f}, 1, 2));
        }

        @Override
        public void close() {
            conv.close();
        }
    }

    @Test
    void edgeMaskPutsTheDecisiveEdgeSetOnTop() {
        GraphInstance g = graph();
        try (RedPairModel m = new RedPairModel()) {
            // the edge mask alone: a learned feature mask would scale the red channel below the ReLU threshold
            GraphExplanation e = new GnnExplainer(m.conv, m::logits, GnnExplainer.Config.defaults().withSeed(3)
                    .withFeatureMask(GraphExplanation.FeatureMaskType.NONE)).explainGraph(g);
            assertEquals(1, e.target());
            float[] mask = e.edgeMask();
            float minRed = Float.MAX_VALUE, maxOther = -Float.MAX_VALUE;
            for (int k = 0; k < mask.length; k++) {
                boolean red = g.src()[k] < 3 && g.dst()[k] < 3;
                if (red) minRed = Math.min(minRed, mask[k]);
                else maxOther = Math.max(maxOther, mask[k]);
            }
            assertTrue(minRed > maxOther, "red-red edges " + minRed + " must all outrank the others " + maxOther + ": " + Arrays.toString(mask));
        }
    }

    /**
     * Tied directions (the GNNExplainer authors' symmetrised mask): both directions of every edge get one weight, the
     * mean of their two sigmoids, and the decisive red triangle still outranks every other edge; without tying, the
     * two directions of some edge differ.
     */
    @Test
    void tiedDirectionsGiveOneScorePerUndirectedEdgeAndKeepTheTriangleOnTop() {
        GraphInstance g = graph();
        int[] rev = GnnExplainer.reverseEdges(g);
        for (int k = 0; k < rev.length; k++) {
            assertEquals(g.src()[k], g.dst()[rev[k]], "reverse of edge " + k);
            assertEquals(g.dst()[k], g.src()[rev[k]], "reverse of edge " + k);
        }
        assertArrayEquals(new int[] {1, 0}, GnnExplainer.reverseEdges(new GraphInstance(2, 1, new float[2], new int[] {0, 1}, new int[] {1, 0})));
        assertArrayEquals(new int[] {0}, GnnExplainer.reverseEdges(new GraphInstance(2, 1, new float[2], new int[] {0}, new int[] {1})),
                "a one-way edge is its own reverse");
        try (RedPairModel m = new RedPairModel()) {
            GnnExplainer.Config edges = GnnExplainer.Config.defaults().withSeed(3).withFeatureMask(GraphExplanation.FeatureMaskType.NONE);
            float[] tied = new GnnExplainer(m.conv, m::logits, edges.withSymmetricEdgeMask(true)).explainGraph(g).edgeMask();
            float[] free = new GnnExplainer(m.conv, m::logits, edges).explainGraph(g).edgeMask();
            boolean differ = false;
            float minRed = Float.MAX_VALUE, maxOther = -Float.MAX_VALUE;
            for (int k = 0; k < tied.length; k++) {
                assertEquals(tied[k], tied[rev[k]], 0f, "edge " + k + " and its reverse");
                differ |= free[k] != free[rev[k]];
                if (g.src()[k] < 3 && g.dst()[k] < 3) minRed = Math.min(minRed, tied[k]);
                else maxOther = Math.max(maxOther, tied[k]);
            }
            assertTrue(differ, "untied masks give the two directions their own scores: " + Arrays.toString(free));
            assertTrue(minRed > maxOther, "red-red edges " + minRed + " must all outrank the others " + maxOther + ": " + Arrays.toString(tied));
        }
    }

    @Test
    void sameSeedGivesTheSameExplanation() {
        GraphInstance g = graph();
        try (RedPairModel m = new RedPairModel()) {
            GnnExplainer.Config edgesOnly = GnnExplainer.Config.defaults().withFeatureMask(GraphExplanation.FeatureMaskType.NONE).withEpochs(20);
            GnnExplainer x = new GnnExplainer(m.conv, m::logits, edgesOnly.withSeed(5));
            assertArrayEquals(x.explainGraph(g).edgeMask(), x.explainGraph(g).edgeMask());
            GnnExplainer y = new GnnExplainer(m.conv, m::logits, edgesOnly.withSeed(6));
            assertFalse(Arrays.equals(x.explainGraph(g).edgeMask(), y.explainGraph(g).edgeMask()));
        }
    }

    /**
     * PyG's hard masks: the red-blue edges of {@code graph(true)} carry messages only into channels whose ReLU stays off,
     * so their gradient in the first (unregularised) step is exactly 0; they get mask 0, below every red edge. With the
     * default shared feature mask (~0.5 at the start) every ReLU is off and no entry reaches the prediction: the
     * explanation is all zeros rather than the regulariser's noise.
     */
    @Test
    void entriesWithoutGradientGetZeroAndStayOutOfTheRegulariser() {
        GraphInstance g = graph(true);
        try (RedPairModel m = new RedPairModel()) {
            float[] mask = new GnnExplainer(m.conv, m::logits, GnnExplainer.Config.defaults().withSeed(4)
                    .withFeatureMask(GraphExplanation.FeatureMaskType.NONE)).explainGraph(g).edgeMask();
            for (int k = 0; k < mask.length; k++) {
                boolean cross = (g.src()[k] < 3) != (g.dst()[k] < 3), red = g.src()[k] < 3 && g.dst()[k] < 3;
                if (cross) assertEquals(0f, mask[k], "red-blue edge " + k + " cannot reach the prediction");
                if (red) assertTrue(mask[k] > 0f, "red edge " + k + " " + mask[k]);
            }
            GraphExplanation dead = new GnnExplainer(m.conv, m::logits, GnnExplainer.Config.defaults().withSeed(4).withEpochs(20)).explainGraph(g);
            for (float v : dead.edgeMask()) assertEquals(0f, v);
            for (float v : dead.featureMask()) assertEquals(0f, v);
        }
    }

    @Test
    void modelParametersGradientsAndModeAreLeftUntouched() {
        GraphInstance g = graph();
        try (RedPairModel m = new RedPairModel()) {
            float[] w = m.lin.weight().toFloatArray(), b = m.lin.bias().toFloatArray();
            m.conv.train(true);
            new GnnExplainer(m.conv, m::logits, GnnExplainer.Config.defaults().withEpochs(5)).explainGraph(g);
            new EdgeGradientSaliency(m.conv, m::logits).explainGraph(g);
            assertArrayEquals(w, m.lin.weight().toFloatArray());
            assertArrayEquals(b, m.lin.bias().toFloatArray());
            assertNull(m.lin.weight().grad());
            assertNull(m.lin.bias().grad());
            assertTrue(m.lin.weight().requiresGrad());
            assertTrue(m.conv.isTraining());
        }
    }

    @Test
    void gradientSaliencyIsZeroExactlyOnEdgesTheModelCannotSee() {
        GraphInstance g = graph(true);
        try (RedPairModel m = new RedPairModel()) {
            float[] s = new EdgeGradientSaliency(m.conv, m::logits).explainGraph(g).edgeMask();
            for (int k = 0; k < s.length; k++) {
                boolean cross = (g.src()[k] < 3) != (g.dst()[k] < 3);
                if (cross) assertEquals(0f, s[k], "edge " + k);
                else assertTrue(s[k] > 0, "edge " + k);
            }
        }
    }

    @Test
    void gradientSaliencyOfAGivenClassDifferentiatesThatClassesLoss() {
        GraphInstance g = graph();
        try (RedPairModel m = new RedPairModel()) {
            EdgeGradientSaliency sal = new EdgeGradientSaliency(m.conv, m::logits);
            assertArrayEquals(sal.explainGraph(g).edgeMask(), sal.explainGraph(g, 1).edgeMask(), 0f, "class 1 is the prediction");
            GraphExplanation other = sal.explainGraph(g, 0);
            assertEquals(0, other.target());
            // two classes: d/dw (-log p_1) = p_0 d(z_0 - z_1)/dw and d/dw (-log p_0) = p_1 d(z_1 - z_0)/dw, so the
            // class-0 scores are the class-1 scores times p_1 / p_0
            float[] z = Predictions.logits(m.conv, m::logits, g, null, null, Device.CPU), one = sal.explainGraph(g).edgeMask();
            double ratio = Math.exp(z[1] - z[0]);
            int seen = 0;
            for (int k = 0; k < one.length; k++) {
                if (one[k] < 1e-6f) continue;
                assertEquals(ratio, other.edgeMask()[k] / one[k], 1e-4 * ratio, "edge " + k);
                seen++;
            }
            assertTrue(seen > 0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sal.explainGraph(g, 2));
            assertEquals("EdgeGradientSaliency: class 2 is out of range [0, 2)", e.getMessage());
        }
    }

    @Test
    void explainingAClassOutOfRangeFailsClearly() {
        try (RedPairModel m = new RedPairModel()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new GnnExplainer(m.conv, m::logits, GnnExplainer.Config.defaults()).explainGraph(graph(), 2));
            assertEquals("GnnExplainer: class 2 is out of range [0, 2)", e.getMessage());
        }
    }

    @Test
    void regulariserMatchesTheFormula() {
        try (Scope s = Scope.open()) {
            float[] m = {0.2f, 0.7f, 0.5f};
            float got = GnnExplainer.regulariser(Tensor.of(m, Shape.of(3), Device.CPU), 0.005f, GnnExplainer.Reduction.SUM, 1f).item();
            double sum = 0, ent = 0;
            for (float v : m) {
                sum += v;
                ent += -v * Math.log(v + 1e-15) - (1 - v) * Math.log(1 - v + 1e-15);
            }
            assertEquals(0.005 * sum + ent / 3, got, 1e-6);
        }
    }

    @Test
    void featureMaskFavoursTheChannelThatCarriesThePrediction() {
        // sum aggregation, identity MLP: logits = [sum_i z_i,blue - 6, sum_i z_i,red], z_i = x_i + sum_j w_ij x_j.
        // Unmasked: blue 21 - 6 = 15 against red 9, class 0, carried by the blue channel alone.
        Linear id = new Linear(2, 2, false, Device.CPU, 1);
        try (Scope s = Scope.open()) {
            id.weight().copyFrom(new float[] {1f, 0f, 0f, 1f});
        }
        try (GinConv conv = new GinConv(id, 0f)) {
            MaskableGnn fn = (x, src, dst, w) -> conv.forward(x, src, dst, w).sum(0, true)
                    .matmul(Tensor.of(new float[] {0f, 1f, 1f, 0f}, 2, 2)).add(Tensor.of(new float[] {-6f, 0f}, 1, 2));
            GraphExplanation e = new GnnExplainer(conv, fn, GnnExplainer.Config.defaults().withSeed(2)).explainGraph(graph());
            assertEquals(0, e.target());
            assertEquals(GraphExplanation.FeatureMaskType.COMMON, e.featureMaskType());
            assertTrue(e.featureMask()[1] > e.featureMask()[0] + 0.2, Arrays.toString(e.featureMask()));
        }
    }

    @Test
    void explanationsMoveWithTheNodesUnderAPermutation() {
        GraphInstance g = graph(true);
        GraphPermutation p = GraphPermutation.randomPermutation(g.nodes(), 17);
        GraphInstance pg = p.apply(g);
        try (RedPairModel m = new RedPairModel()) {
            // the edge mask's initial draw is indexed by edge, and edges keep their order under the action, so an
            // equivariant explainer returns the same array: Equiv = cos(e(g G), g e(G)) = 1
            GnnExplainer x = new GnnExplainer(m.conv, m::logits, GnnExplainer.Config.defaults().withSeed(4).withEpochs(30)
                    .withFeatureMask(GraphExplanation.FeatureMaskType.NONE));
            GraphExplanation a = x.explainGraph(g), b = x.explainGraph(pg);
            assertEquals(1.0, org.symkern.explain.metrics.ExplanationEquivariance.cosine(b.edgeMask(), a.edgeMask()), 1e-6);
            float[] ids = new float[g.nodes()];
            for (int v = 0; v < ids.length; v++) ids[v] = v;
            float[] moved = p.nodeScores(ids, 1);
            for (int v = 0; v < ids.length; v++) assertEquals(v, moved[p.image(v)]);
            // the same explanation listed in another edge order: matched by endpoints
            EdgeGradientSaliency sal = new EdgeGradientSaliency(m.conv, m::logits);
            int[] order = new int[g.edges()];
            for (int k = 0; k < order.length; k++) order[k] = order.length - 1 - k;
            int[] s2 = new int[order.length], d2 = new int[order.length];
            for (int k = 0; k < order.length; k++) {
                s2[k] = pg.src()[order[k]];
                d2[k] = pg.dst()[order[k]];
            }
            GraphInstance reordered = new GraphInstance(pg.nodes(), pg.featureDim(), pg.x(), s2, d2);
            float[] want = p.edgeScores(g, sal.explainGraph(g).edgeMask(), reordered);
            assertArrayEquals(want, sal.explainGraph(reordered).edgeMask(), 1e-6f);
        }
    }
}
