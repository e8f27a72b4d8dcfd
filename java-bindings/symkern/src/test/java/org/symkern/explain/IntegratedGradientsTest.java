package org.symkern.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.symkern.nn.Sequential;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * Integrated gradients (completeness to the integration error, exactness on linear models, batch independence) and
 * GradientSHAP (exactness on a linear model with one baseline, seeded determinism, expected completeness).
 */
class IntegratedGradientsTest {
    @Test
    void completenessHoldsToTheIntegrationError() {
        try (Scope s = Scope.open(); Sequential net = KernelShapTest.mlp(10, 3)) {
            Tensor x = Fixtures.randn(1, 2.0, 1, 10), x0 = Fixtures.randn(2, 0.3, 1, 10);
            double gap = InputGradients.scores(net, x, 1, Output.LOGIT)[0] - InputGradients.scores(net, x0, 1, Output.LOGIT)[0];
            Attribution coarse = new IntegratedGradients().steps(4).explain(net, x, 1, x0);
            Attribution fine = new IntegratedGradients().steps(64).batch(16).explain(net, x, 1, x0);
            System.out.printf("IG completeness: f(x) - f(x') = %.6f, delta with 4 steps %.3g, with 64 steps %.3g%n", gap, coarse.delta(), fine.delta());
            assertTrue(Math.abs(fine.delta()) < 1e-3 * Math.abs(gap), "64-step delta " + fine.delta());
            assertTrue(Math.abs(fine.delta()) < Math.abs(coarse.delta()) / 20, "midpoint rule error falls like 1/n^2");
            double sum = 0;
            for (float v : fine.values().toFloatArray()) sum += v;
            assertEquals(gap + fine.delta(), sum, 1e-5);
            Attribution batched = new IntegratedGradients().steps(64).batch(64).explain(net, x, 1, x0);
            assertArrayEquals(fine.values().toFloatArray(), batched.values().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void linearModelGivesWeightTimesDifference() {
        try (Scope s = Scope.open(); Sequential net = KernelShapTest.linear(5, 3, 2)) {
            Tensor x = Fixtures.randn(4, 1.0, 1, 5), bg = Fixtures.randn(5, 1.0, 1, 5);
            float[] w = net.namedParameters().get("0.weight").toFloatArray(), xs = x.toFloatArray(), b = bg.toFloatArray();
            float[] want = new float[5];
            for (int i = 0; i < 5; i++) want[i] = w[2 * 5 + i] * (xs[i] - b[i]);
            assertArrayEquals(want, new IntegratedGradients().steps(3).explain(net, x, 2, bg).values().toFloatArray(), 1e-5f);
            Attribution gs = new GradientShap().samples(7).seed(1).explain(net, x, 2, bg);
            assertArrayEquals(want, gs.values().toFloatArray(), 1e-5f);
            assertEquals(0, gs.delta(), 1e-5);
        }
    }

    @Test
    void gradientShapIsSeededAndCompleteInExpectation() {
        try (Scope s = Scope.open(); Sequential net = KernelShapTest.mlp(6, 9)) {
            Tensor x = Fixtures.randn(6, 1.0, 1, 6), bg = Fixtures.randn(7, 1.0, 8, 6);
            GradientShap gs = new GradientShap().samples(400).batch(100).seed(5);
            float[] a = gs.explain(net, x, 0, bg).values().toFloatArray();
            assertArrayEquals(a, gs.explain(net, x, 0, bg).values().toFloatArray(), 0f);
            assertTrue(!java.util.Arrays.equals(a, new GradientShap().samples(400).seed(6).explain(net, x, 0, bg).values().toFloatArray()));
            Attribution r = gs.explain(net, x, 0, bg);
            double fx = InputGradients.scores(net, x, 0, Output.LOGIT)[0];
            System.out.printf("GradientSHAP: completeness gap %.3g of f(x) - E f(b)%n", r.delta());
            assertTrue(Math.abs(r.delta()) < 0.1 * Math.max(1e-3, Math.abs(fx)) + 0.05, "Monte-Carlo completeness gap " + r.delta());
            for (Tensor p : net.parameters()) assertNull(p.grad());
            assertNull(x.grad());
        }
    }

    @Test
    void badInputGivesClearMessages() {
        try (Scope s = Scope.open(); Sequential net = KernelShapTest.mlp(6, 9)) {
            Tensor x = Fixtures.randn(6, 1.0, 1, 6);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new IntegratedGradients().explain(net, x, 7));
            assertEquals("attribution: class 7 is out of range [0, 3)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new IntegratedGradients().explain(net, x, 0, Fixtures.randn(1, 1.0, 1, 5)));
            assertTrue(e.getMessage().contains("does not match input"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new GradientShap().explain(net, x, 0, Fixtures.randn(1, 1.0, 3, 5)));
            assertTrue(e.getMessage().contains("does not fit input"), e.getMessage());
        }
    }
}
