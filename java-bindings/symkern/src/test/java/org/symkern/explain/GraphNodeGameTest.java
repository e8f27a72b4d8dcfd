package org.symkern.explain;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradMode;
import org.symkern.explain.metrics.ExplanationEquivariance;
import org.symkern.models.Gcn;
import org.symkern.nn.GinConv;
import org.symkern.nn.Linear;
import org.symkern.ops.Reduce;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

class GraphNodeGameTest {
    static GinConv identityGin() {
        Linear id = new Linear(2, 2, false, Device.CPU, 1);
        try (Scope s = Scope.open()) {
            id.weight().copyFrom(new float[] {1f, 0f, 0f, 1f});
        }
        return new GinConv(id, 0f);
    }

    @Test
    void shapleyValuesOfNodesEqualTheirLinearContributions() {
        // z_0,red = x_0,red + sum over neighbours j of node 0 of x_j,red: nodes 0, 1, 2 contribute 1 each, the others 0
        GraphInstance g = GnnExplainerTest.graph(true);
        try (GinConv conv = identityGin()) {
            GraphNodeGame game = new GraphNodeGame(conv, conv::forward, g, 0, 0, Output.LOGIT, null);
            KernelShap.Result r = new KernelShap().batch(64).seed(1).explain(game);
            assertTrue(r.exact(), "10 players must be enumerated completely");
            double[] want = {1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
            assertArrayEquals(want, r.phi(), 1e-5);
            assertEquals(3.0, r.full(), 1e-6);
            assertEquals(0.0, r.base(), 1e-6);
            assertTrue(r.calls() < 1 << 10, "coalitions are evaluated in batches: " + r.calls() + " calls");
        }
    }

    /**
     * Graph level: the coalitions of a chunk go through a GraphClassifier as one batch of masked copies, and each value
     * equals the model's single-graph output on that copy bit for bit; Kernel SHAP over them keeps efficiency.
     */
    @Test
    void graphLevelCoalitionsAreBatchedAndEqualOneGraphAtATime() {
        GraphInstance g = GnnExplainerTest.graph(true);
        try (Gcn model = new Gcn(2, 8, 2, 3, Reduce.Op.MEAN, 0f, Device.CPU, 7)) {
            model.train(false);
            GraphNodeGame game = new GraphNodeGame(model, model::graphLogits, g, -1, 2, Output.PROBABILITY, null);
            java.util.SplittableRandom r = new java.util.SplittableRandom(3);
            boolean[][] cs = new boolean[9][g.nodes()];
            for (boolean[] c : cs) for (int v = 0; v < c.length; v++) c[v] = r.nextBoolean();
            double[] batched = game.values(cs);
            for (int k = 0; k < cs.length; k++) {
                float[] x = new float[g.x().length];
                for (int v = 0; v < g.nodes(); v++) if (cs[k][v]) System.arraycopy(g.x(), 2 * v, x, 2 * v, 2);
                try (Scope s = Scope.open(); GradMode.Guard off = GradMode.disable()) {
                    Tensor p = model.graphLogits(Tensor.of(x, Shape.of(g.nodes(), 2), Device.CPU), g.srcTensor(Device.CPU),
                            g.dstTensor(Device.CPU), null).softmax();
                    assertEquals(p.toFloatArray()[2], (float) batched[k], 0f, "coalition " + k);
                }
            }
            KernelShap.Result res = new KernelShap().batch(64).seed(1).explain(game);
            assertTrue(Math.abs(res.efficiencyGap()) <= 1e-4 * Math.max(1e-3, Math.abs(res.full() - res.base())), "efficiency gap " + res.efficiencyGap());
        }
    }

    @Test
    void nodePlayersGroupEveryNodesFeatures() {
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, GraphNodePlayers.nodes().assign(new long[] {2, 3}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GraphNodePlayers.nodes().assign(new long[] {2, 3, 4}));
        assertEquals("graph node players need node-feature samples (N, F), got [2, 3, 4]", e.getMessage());
    }

    @Test
    void gradientSaliencyIsPermutationEquivariantOverSampledPermutations() {
        GraphInstance g = GnnExplainerTest.graph(true);
        try (GnnExplainerTest.RedPairModel m = new GnnExplainerTest.RedPairModel()) {
            EdgeGradientSaliency sal = new EdgeGradientSaliency(m.conv, m::logits);
            java.util.List<org.symkern.explain.metrics.GroupAction<GraphInstance>> actions = new java.util.ArrayList<>();
            for (GraphPermutation p : GraphPermutation.sample(g.nodes(), 5, 100)) actions.add(p.edgeAction("perm"));
            ExplanationEquivariance.Result r = ExplanationEquivariance.measure(x -> sal.explainGraph(x).edgeMask(), g, actions);
            assertEquals(1.0, r.equivariance(), 1e-6);
        }
    }
}
