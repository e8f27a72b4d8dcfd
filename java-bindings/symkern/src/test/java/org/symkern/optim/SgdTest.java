package org.symkern.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.symkern.tensor.Device;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/** SGD's update against the formula (plain, momentum with dampening, Nesterov, weight decay), and its errors. */
class SgdTest {
    /** Three steps of the PyTorch rule on one parameter with the fixed gradients g_t, in double. */
    private static double[] reference(double[] p, double[][] grads, double lr, double mu, double d, double wd, boolean nesterov) {
        p = p.clone();
        double[] b = null;
        for (double[] g0 : grads) {
            double[] g = new double[p.length];
            for (int i = 0; i < p.length; i++) g[i] = g0[i] + wd * p[i];
            if (mu != 0) {
                if (b == null) b = g.clone();
                else for (int i = 0; i < p.length; i++) b[i] = mu * b[i] + (1 - d) * g[i];
                for (int i = 0; i < p.length; i++) g[i] = nesterov ? g[i] + mu * b[i] : b[i];
            }
            for (int i = 0; i < p.length; i++) p[i] -= lr * g[i];
        }
        return p;
    }

    private static void check(float lr, float mu, float d, float wd, boolean nesterov) {
        float[] p0 = {0.5f, -1.0f, 2.0f};
        double[][] grads = {{0.1, 0.2, -0.3}, {-0.4, 0.5, 0.6}, {0.7, -0.8, 0.9}};
        long base = Native.memoryInUse(Device.CPU);
        try (Scope s = Scope.open()) {
            Tensor p = Tensor.of(p0, 3).requiresGrad(true);
            try (Sgd opt = Sgd.builder(List.of(p)).lr(lr).momentum(mu).dampening(d).weightDecay(wd).nesterov(nesterov).build()) {
                for (double[] g : grads) {
                    opt.zeroGrad();
                    float[] gf = new float[3];
                    for (int i = 0; i < 3; i++) gf[i] = (float) g[i];
                    p.accumulateGrad(Tensor.of(gf, 3));
                    opt.step();
                }
                assertEquals(3, opt.steps());
            }
            double[] want = reference(new double[] {0.5, -1.0, 2.0}, grads, lr, mu, d, wd, nesterov);
            float[] got = p.toFloatArray();
            for (int i = 0; i < 3; i++) assertEquals(want[i], got[i], 1e-5, "element " + i);
        }
        assertEquals(base, Native.memoryInUse(Device.CPU), "close() frees the momentum buffers");
    }

    @Test
    void plainStepIsLrTimesGradient() {
        check(0.1f, 0f, 0f, 0f, false);
    }

    @Test
    void momentumWithDampeningFollowsTheFormula() {
        check(0.05f, 0.9f, 0.1f, 0f, false);
    }

    @Test
    void nesterovWithWeightDecayFollowsTheFormula() {
        check(0.05f, 0.8f, 0f, 0.01f, true);
    }

    @Test
    void minimizesAQuadratic() {
        try (Scope s = Scope.open()) {
            Tensor w = Tensor.of(new float[] {3f, -2f}, 2).requiresGrad(true);
            try (Sgd opt = Sgd.builder(List.of(w)).lr(0.1f).momentum(0.9f).nesterov(true).build()) {
                for (int t = 0; t < 400; t++) {
                    try (Scope step = Scope.open()) {
                        opt.zeroGrad();
                        w.mul(w).sum().backward();
                        opt.step();
                    }
                }
            }
            for (float v : w.toFloatArray()) assertEquals(0f, v, 1e-4f);
        }
    }

    @Test
    void badHyperParametersAreClearErrors() {
        try (Scope s = Scope.open()) {
            Tensor p = Tensor.zeros(2).requiresGrad(true);
            assertEquals("Sgd: Nesterov momentum needs momentum > 0 and dampening 0 (got momentum 0.0, dampening 0.0)",
                    assertThrows(IllegalArgumentException.class, () -> Sgd.builder(List.of(p)).nesterov(true).build()).getMessage());
            assertEquals("Sgd: momentum = 1.0 is outside [0, 1)",
                    assertThrows(IllegalArgumentException.class, () -> Sgd.builder(List.of(p)).momentum(1f).build()).getMessage());
            assertEquals("Sgd: lr = NaN must be finite and >= 0",
                    assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p), Float.NaN)).getMessage());
            Sgd opt = new Sgd(List.of(p), 0.1f);
            opt.close();
            assertEquals("Sgd: the optimizer was closed", assertThrows(IllegalStateException.class, opt::step).getMessage());
        }
    }
}
