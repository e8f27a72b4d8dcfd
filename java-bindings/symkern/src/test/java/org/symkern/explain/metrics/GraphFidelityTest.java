package org.symkern.explain.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.symkern.explain.GnnExplainerTest;
import org.symkern.explain.GraphExplanation;
import org.symkern.explain.GraphExplanation.FeatureMaskType;
import org.symkern.explain.GraphInstance;
import org.symkern.tensor.Device;

class GraphFidelityTest {
    /** A hard edge mask over the test graph: 1 on the red-red edges (the decisive ones) or on all the others. */
    static GraphExplanation hard(GraphInstance g, boolean onRed) {
        float[] m = new float[g.edges()];
        for (int k = 0; k < m.length; k++) m[k] = (g.src()[k] < 3 && g.dst()[k] < 3) == onRed ? 1f : 0f;
        return new GraphExplanation(-1, 1, m, null, FeatureMaskType.NONE, null);
    }

    @Test
    void decisiveEdgesGiveFullFidelityPlusAndZeroFidelityMinus() {
        GraphInstance g = GnnExplainerTest.graph();
        try (GnnExplainerTest.RedPairModel m = new GnnExplainerTest.RedPairModel()) {
            GraphFidelity.Outcome good = GraphFidelity.outcome(m.conv, m::logits, g, hard(g, true), -1, Device.CPU);
            GraphFidelity.Outcome bad = GraphFidelity.outcome(m.conv, m::logits, g, hard(g, false), -1, Device.CPU);
            GraphFidelity.Result r = GraphFidelity.model(List.of(good));
            assertEquals(1.0, r.positive());
            assertEquals(0.0, r.negative());
            assertEquals(1.0, r.characterization(), 1e-12);
            GraphFidelity.Result w = GraphFidelity.model(List.of(bad));
            assertEquals(0.0, w.positive());
            assertEquals(1.0, w.negative());
            GraphFidelity.Result both = GraphFidelity.model(List.of(good, bad));
            assertEquals(0.5, both.positive());
            assertEquals(0.5, both.negative());
        }
    }

    @Test
    void phenomenonFidelityComparesWithTheTrueLabel() {
        GraphInstance g = GnnExplainerTest.graph();
        try (GnnExplainerTest.RedPairModel m = new GnnExplainerTest.RedPairModel()) {
            // true label 0: the model is wrong (1) on the full graph and on the explanation, right (0) on the complement
            GraphFidelity.Outcome o = GraphFidelity.outcome(m.conv, m::logits, g, hard(g, true), 0, Device.CPU);
            assertEquals(new GraphFidelity.Outcome(false, false, true), o);
            GraphFidelity.Result r = GraphFidelity.phenomenon(List.of(o));
            assertEquals(1.0, r.positive());
            assertEquals(0.0, r.negative());
        }
    }

    @Test
    void characterizationScoreIsTheWeightedHarmonicMean() {
        assertEquals(1.0 / (0.5 / 0.8 + 0.5 / (1 - 0.3)), GraphFidelity.characterizationScore(0.8, 0.3, 0.5, 0.5), 1e-12);
        assertEquals(1.0 / (0.2 / 0.8 + 0.8 / (1 - 0.3)), GraphFidelity.characterizationScore(0.8, 0.3, 0.2, 0.8), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GraphFidelity.characterizationScore(0.5, 0.5, 0.5, 0.6));
        assertEquals("characterization score: the weights must sum to 1, got 0.5 and 0.6", e.getMessage());
    }

    @Test
    void topKKeepsTheHighestScores() {
        assertArrayEquals(new float[] {0, 1, 0, 1}, GraphFidelity.topK(new float[] {0.1f, 0.9f, 0.3f, 0.5f}, 2));
    }
}
