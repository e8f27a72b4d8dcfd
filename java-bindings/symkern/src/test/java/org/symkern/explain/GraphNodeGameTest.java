package org.symkern.explain;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.symkern.explain.metrics.ExplanationEquivariance;
import org.symkern.nn.GinConv;
import org.symkern.nn.Linear;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;

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
