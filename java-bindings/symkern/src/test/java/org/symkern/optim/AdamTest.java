package org.symkern.optim;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

class AdamTest {
    /** Plain-Java double Adam / AdamW, one step at 1-based t (the formula of the Adam Javadoc). */
    static void referenceStep(double[] p, double[] m, double[] v, float[] grad, double lr, double b1, double b2,
                              double eps, double wd, boolean decoupled, int t) {
        for (int i = 0; i < p.length; i++) {
            double g = grad[i] + (decoupled ? 0 : wd * p[i]);
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            double mhat = m[i] / (1 - Math.pow(b1, t)), vhat = v[i] / (1 - Math.pow(b2, t));
            p[i] -= lr * mhat / (Math.sqrt(vhat) + eps) + (decoupled ? lr * wd * p[i] : 0);
        }
    }

    /** Replaces w's gradient with g (computed on the host). */
    static void setGrad(Tensor w, float[] g) {
        w.zeroGrad();
        w.accumulateGrad(Tensor.of(g, w.shape(), w.device()));
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void matchesPlainJavaDoubleAdamOverFiveSteps(boolean decoupled) {
        float lr = 0.05f, b1 = 0.8f, b2 = 0.99f, eps = 1e-6f, wd = 0.1f;
        try (Scope s = Scope.open()) {
            float[] w0 = Fixtures.randn(1, 7, 1.0);
            Tensor w = Tensor.of(w0, 7).requiresGrad(true);
            double[] p = toDouble(w0), m = new double[7], v = new double[7];
            try (Adam opt = Adam.builder(List.of(w)).lr(lr).betas(b1, b2).eps(eps).weightDecay(wd).decoupled(decoupled).build()) {
                for (int t = 1; t <= 5; t++) {
                    float[] g = Fixtures.randn(100 + t, 7, 1.0 + t);
                    setGrad(w, g);
                    opt.step();
                    referenceStep(p, m, v, g, lr, b1, b2, eps, wd, decoupled, t);
                    Fixtures.assertClose(p, w.toFloatArray(), 1e-6, 1e-5);
                }
                assertEquals(5, opt.steps());
            }
        }
    }

    @Test
    void adamAndAdamWDifferOnlyThroughWeightDecay() {
        try (Scope s = Scope.open()) {
            float[] w0 = Fixtures.randn(2, 9, 1.0), g = Fixtures.randn(3, 9, 1.0);
            float[][] out = new float[2][];
            for (int k = 0; k < 2; k++) {
                Tensor w = Tensor.of(w0, 9).requiresGrad(true);
                try (Adam opt = Adam.builder(List.of(w)).weightDecay(0.5f).decoupled(k == 1).build()) {
                    for (int t = 0; t < 3; t++) {
                        setGrad(w, g);
                        opt.step();
                    }
                }
                out[k] = w.toFloatArray();
            }
            assertFalse(java.util.Arrays.equals(out[0], out[1]));
        }
    }

    @Test
    void quadraticLossDecreasesWhenDrivenThroughUnaryOps() {
        // loss(w) = sum_i (w_i - c)^2, built from Unary ops only: (w + (-c))^2, backpropagated with seed 1
        float c = 0.75f;
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.of(Fixtures.randn(4, 16, 2.0), 4, 4).requiresGrad(true);
            try (Adam opt = new Adam(List.of(w), 0.05f)) {
                double first = Double.NaN, last = Double.NaN;
                for (int step = 0; step < 200; step++) {
                    try (Scope it = Scope.open()) {
                        opt.zeroGrad();
                        Tensor sq = w.add(-c).pow(2f);
                        double loss = 0;
                        for (float x : sq.toFloatArray()) loss += x;
                        sq.backward(Tensor.ones(sq.shape(), Device.CPU));
                        opt.step();
                        if (step == 0) first = loss;
                        last = loss;
                    }
                }
                assertTrue(last < 0.01 * first, "loss went from " + first + " to " + last);
                for (float x : w.toFloatArray()) assertEquals(c, x, 0.1);
            }
        }
    }

    @Test
    void parametersWithoutGradientAreSkippedAndStartTheirOwnCount() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
            Tensor b = Tensor.of(new float[] {3f, -4f}, 2).requiresGrad(true);
            try (Adam opt = new Adam(List.of(a, b), 0.1f)) {
                setGrad(a, new float[] {0.5f, -0.5f});
                opt.step();
                assertArrayEquals(new float[] {3f, -4f}, b.toFloatArray(), "b had no gradient");
                // b's first update is bias-corrected as t = 1: a move of lr * sign(g)
                setGrad(b, new float[] {2f, -3f});
                a.zeroGrad();
                opt.step();
                assertArrayEquals(new float[] {2.9f, -3.9f}, b.toFloatArray(), 1e-6f);
                assertEquals(2, opt.steps());
            }
        }
    }

    @Test
    void zeroGradClearsEveryGradient() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.of(new float[] {1f}, 1).requiresGrad(true), b = Tensor.of(new float[] {2f}, 1).requiresGrad(true);
            setGrad(a, new float[] {1f});
            setGrad(b, new float[] {1f});
            try (Adam opt = new Adam(List.of(a, b))) {
                opt.zeroGrad();
                assertNull(a.grad());
                assertNull(b.grad());
            }
        }
    }

    @Test
    void setLrChangesTheStepSize() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.of(new float[] {1f, -1f}, 2).requiresGrad(true);
            try (Adam opt = new Adam(List.of(w))) {
                assertEquals(1e-3f, opt.lr());
                opt.setLr(0f);
                setGrad(w, new float[] {1f, 1f});
                opt.step();
                assertArrayEquals(new float[] {1f, -1f}, w.toFloatArray());
                opt.setLr(0.25f);
                assertEquals(0.25f, opt.lr());
                opt.step();
                assertNotEquals(1f, w.toFloatArray()[0]);
                assertThrows(IllegalArgumentException.class, () -> opt.setLr(-1f));
            }
        }
    }

    @Test
    void closeFreesTheOptimizerState() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.of(Fixtures.randn(6, 1000, 1.0), 1000).requiresGrad(true);
            setGrad(w, Fixtures.randn(7, 1000, 1.0));
            long baseline = Native.memoryInUse(Device.CPU);
            Adam opt = new Adam(List.of(w));
            opt.step();
            assertEquals(baseline + 2 * 4000, Native.memoryInUse(Device.CPU), "m and v allocated at the first step");
            opt.step();
            assertEquals(baseline + 2 * 4000, Native.memoryInUse(Device.CPU), "state is reused");
            opt.close();
            assertEquals(baseline, Native.memoryInUse(Device.CPU));
            IllegalStateException e = assertThrows(IllegalStateException.class, opt::step);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            opt.close();   // idempotent
        }
    }

    @Test
    void stepAfterTheModuleWasClosedIsAnError() {
        org.symkern.models.Mlp net = new org.symkern.models.Mlp(4, new int[] {3}, 2, 0f, Device.CPU, 1);
        try (Adam opt = new Adam(net.parameters(), 1e-3f)) {
            net.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, opt::step);
            assertTrue(e.getMessage().matches("Adam\\.step\\(\\): parameter 0 \\[\\d+, \\d+\\] was closed \\(released with scope '.+"), e.getMessage());
            assertTrue(e.getMessage().endsWith("'): close the optimizer before the module it trains"), e.getMessage());
        }
    }

    @Test
    void aStateCopiedIntoANewOptimizerContinuesExactly() {
        try (Scope s = Scope.open()) {
            float[] w0 = Fixtures.randn(8, 5, 1.0), u0 = Fixtures.randn(9, 3, 1.0);
            Tensor w = Tensor.of(w0, 5).requiresGrad(true), u = Tensor.of(u0, 3).requiresGrad(true);
            Tensor w2 = Tensor.of(w0, 5).requiresGrad(true), u2 = Tensor.of(u0, 3).requiresGrad(true);
            try (Adam a = Adam.builder(List.of(w, u)).lr(0.1f).weightDecay(0.05f).decoupled(true).build();
                 Adam b = Adam.builder(List.of(w2, u2)).lr(0.1f).weightDecay(0.05f).decoupled(true).build()) {
                for (int t = 0; t < 3; t++) {      // u has no gradient: its state is never allocated
                    setGrad(w, Fixtures.randn(20 + t, 5, 1.0));
                    a.step();
                }
                Adam.State st = a.state();
                assertEquals(3, st.steps());
                assertEquals(3, st.params().get(0).t());
                assertEquals(Adam.ParamState.fresh(), new Adam.ParamState(st.params().get(1).t(), null, null));
                assertNull(st.params().get(1).m());
                w2.copyFrom(w);
                b.loadState(st);
                assertEquals(3, b.steps());
                for (int t = 0; t < 2; t++) {
                    float[] gw = Fixtures.randn(30 + t, 5, 1.0), gu = Fixtures.randn(40 + t, 3, 1.0);
                    setGrad(w, gw);
                    setGrad(u, gu);
                    setGrad(w2, gw);
                    setGrad(u2, gu);
                    a.step();
                    b.step();
                }
                assertArrayEquals(w.toFloatArray(), w2.toFloatArray());
                assertArrayEquals(u.toFloatArray(), u2.toFloatArray());
                assertArrayEquals(a.state().params().get(1).v(), b.state().params().get(1).v());
                assertEquals(2, b.state().params().get(1).t());

                Adam.State wrong = new Adam.State(1, List.of(new Adam.ParamState(1, new float[4], new float[4]), Adam.ParamState.fresh()));
                assertMessage("state of parameter 0 has 4 elements", () -> b.loadState(wrong));
                assertMessage("state has 1 parameters, the optimizer 2", () -> b.loadState(new Adam.State(1, List.of(Adam.ParamState.fresh()))));
                assertMessage("moments exactly when t > 0", () -> new Adam.ParamState(0, new float[1], new float[1]));
            }
        }
    }

    @Test
    void invalidArgumentsAreRejectedWithClearMessages() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.of(new float[] {1f}, 1).requiresGrad(true);
            List<Tensor> ps = List.of(w);
            assertMessage("lr = -1.0 must be finite and >= 0", () -> Adam.builder(ps).lr(-1f).build());
            assertMessage("beta1 = 1.0 is outside [0, 1)", () -> Adam.builder(ps).betas(1f, 0.9f).build());
            assertMessage("beta2 = -0.1 is outside [0, 1)", () -> Adam.builder(ps).betas(0.9f, -0.1f).build());
            assertMessage("eps = 0.0 must be finite and > 0", () -> Adam.builder(ps).eps(0f).build());
            assertMessage("weightDecay = NaN must be finite and >= 0", () -> Adam.builder(ps).weightDecay(Float.NaN).build());
            assertMessage("the parameter list is empty", () -> new Adam(List.of()));
            assertMessage("does not require grad", () -> new Adam(List.of(Tensor.zeros(2))));
            assertMessage("is not a leaf", () -> new Adam(List.of(w.tanh())));
            assertMessage("appears twice", () -> new Adam(List.of(w, w)));
        }
    }

    private static void assertMessage(String needle, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(needle), ex.getMessage());
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        try (Scope s = Scope.open()) {
            float[] w0 = Fixtures.randn(12, 513, 1.0);
            for (boolean decoupled : new boolean[] {false, true}) {
                float[][] out = new float[2][];
                Device[] devices = {Device.CPU, Device.cuda(0)};
                for (int d = 0; d < 2; d++) {
                    Tensor w = Tensor.of(w0, Shape.of(513), devices[d]).requiresGrad(true);
                    try (Adam opt = Adam.builder(List.of(w)).lr(0.01f).weightDecay(0.05f).decoupled(decoupled).build()) {
                        for (int t = 1; t <= 4; t++) {
                            setGrad(w, Fixtures.randn(20 + t, 513, 1.0));
                            opt.step();
                        }
                    }
                    out[d] = w.toFloatArray();
                }
                Fixtures.assertClose(toDouble(out[0]), out[1], 1e-6, 1e-5);
            }
        }
    }
}
