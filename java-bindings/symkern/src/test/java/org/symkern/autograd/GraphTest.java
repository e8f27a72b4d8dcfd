package org.symkern.autograd;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

class GraphTest {
    @Test
    void chainRuleThroughSeveralOps() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {0.3f, -0.7f, 1.1f}, 3).requiresGrad(true);
            GradCheck.assertGradients(in -> in[0].tanh().mul(3f).exp().add(-1f).sqrt(), new Tensor[] {x}, 1e-2, 1e-3, 1e-3);
        }
    }

    @Test
    void chainRuleMatchesClosedForm() {
        try (Scope s = Scope.open()) {
            float v = 0.4f;
            Tensor x = Tensor.of(new float[] {v}, 1).requiresGrad(true);
            x.tanh().exp().backward();
            double t = Math.tanh(v);
            assertEquals(Math.exp(t) * (1 - t * t), x.grad().item(), 1e-6);
        }
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {2f}, 1).requiresGrad(true);
            x.mul(3f).backward();
            x.mul(3f).backward();
            assertEquals(6f, x.grad().item(), 0f);
            x.zeroGrad();
            assertNull(x.grad());
        }
    }

    @Test
    void noGradModeRecordsNothing() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {1f}, 1).requiresGrad(true);
            Tensor y;
            try (GradMode.Guard g = GradMode.disable()) {
                y = x.tanh();
            }
            assertTrue(GradMode.isEnabled());
            assertNull(y.gradFn());
            assertFalse(y.requiresGrad());
            IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
            assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
        }
    }

    @Test
    void secondBackwardThroughTheSameGraphFails() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {1f}, 1).requiresGrad(true);
            Tensor y = x.tanh();
            y.backward();
            IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
            assertTrue(e.getMessage().contains("a second time"), e.getMessage());
        }
    }

    @Test
    void deepChainDoesNotOverflowTheStack() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {0.5f}, 1).requiresGrad(true);
            Tensor y = x;
            for (int i = 0; i < 20000; i++) y = y.mul(1f);
            y.backward();
            assertEquals(1f, x.grad().item(), 0f);
        }
    }

    @Test
    void gradOfLeafLivesInTheLeafsScope() {
        Scope params = Scope.standalone("params");
        Tensor w;
        try (Scope.Activation a = params.activate()) {
            w = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
        }
        try (Scope step = Scope.open()) {
            w.exp().backward(Tensor.of(new float[] {1f, 1f}, 2));
        }
        assertNotNull(w.grad());
        assertFalse(w.grad().isClosed());
        assertEquals(Math.exp(2), w.grad().toFloatArray()[1], 1e-5);
        params.close();
    }

    @Test
    void nonScalarBackwardNeedsASeed() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(3).requiresGrad(true);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.tanh().backward());
            assertTrue(e.getMessage().contains("one-element"), e.getMessage());
        }
    }
}
