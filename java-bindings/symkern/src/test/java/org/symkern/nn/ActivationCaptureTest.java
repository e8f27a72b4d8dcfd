package org.symkern.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * Module lookup by dotted path and {@link ActivationCapture}: the captured output and dy/dA (both when the graph is
 * recorded through the capture and when the capture starts it), gradients upstream unchanged by the capture, the
 * hook removed on close, and the messages for an unknown name and for a module its parent does not run through
 * {@link Module#call}.
 */
class ActivationCaptureTest {
    static final Device CPU = Device.CPU;

    static Sequential net() {
        return new Sequential(new Linear(3, 4, CPU, 1), Activation.tanh(), new Linear(4, 1, CPU, 2));
    }

    /** A parent that calls its child's forward directly (hooks cannot see it). */
    static final class Direct extends Module {
        final Linear inner;

        Direct() {
            super("Direct");
            inner = child("inner", new Linear(2, 2, CPU, 3));
        }

        @Override
        public Tensor forward(Tensor x) {
            return inner.forward(x);
        }
    }

    @Test
    void namedModulesArePreOrderDottedPaths() {
        try (Sequential outer = new Sequential(net(), Activation.relu())) {
            assertEquals(List.of("", "0", "0.0", "0.1", "0.2", "1"), List.copyOf(outer.namedModules().keySet()));
            assertSame(outer.namedModules().get("0.2"), outer.module("0.2"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> outer.module("0.7"));
            assertEquals("Sequential: no module named '0.7'; valid names: 0 (Sequential), 0.0 (Linear(3->4)), 0.1 (Tanh), "
                    + "0.2 (Linear(4->1)), 1 (ReLU)", e.getMessage());
        }
    }

    @Test
    void capturedGradientIsDyDaAndUpstreamGradientsAreUnchanged() {
        try (Scope s = Scope.open(); Sequential net = net()) {
            float[] xs = Fixtures.randn(5, 6, 1.0);
            float[] w2 = net.namedParameters().get("2.weight").toFloatArray();
            // without a capture
            Tensor x0 = Tensor.of(xs, 2, 3).requiresGrad(true);
            net.forward(x0).sum().backward();
            float[] gx = x0.grad().toFloatArray(), gw = net.namedParameters().get("0.weight").grad().toFloatArray();
            net.zeroGrad();
            // with a capture on the tanh (recorded graph: the identity node path)
            try (ActivationCapture cap = ActivationCapture.of(net, "1")) {
                Tensor x1 = Tensor.of(xs, 2, 3).requiresGrad(true);
                Tensor y = net.forward(x1);
                y.sum().backward();
                assertEquals(1, cap.calls());
                assertArrayEquals(new float[] {w2[0], w2[1], w2[2], w2[3], w2[0], w2[1], w2[2], w2[3]}, cap.gradient().toFloatArray(), 0f);
                float[] h = cap.output().toFloatArray();
                for (float v : h) assertTrue(Math.abs(v) < 1);
                assertArrayEquals(gx, x1.grad().toFloatArray(), 0f);
                assertArrayEquals(gw, net.namedParameters().get("0.weight").grad().toFloatArray(), 0f);
            }
            net.zeroGrad();
            // nothing upstream needs grad: the capture starts the graph as a leaf
            for (Tensor p : net.parameters()) p.requiresGrad(false);
            try (ActivationCapture cap = ActivationCapture.of(net, "1")) {
                net.forward(Tensor.of(xs, 2, 3)).sum().backward();
                assertArrayEquals(new float[] {w2[0], w2[1], w2[2], w2[3], w2[0], w2[1], w2[2], w2[3]}, cap.gradient().toFloatArray(), 0f);
                for (Tensor p : net.parameters()) assertEquals(null, p.grad());
                cap.close();
                net.forward(Tensor.of(xs, 2, 3));
                assertEquals(1, cap.calls(), "the hook is gone after close");
            }
        }
    }

    @Test
    void captureExplainsWhatItCannotSee() {
        try (Scope s = Scope.open(); Direct d = new Direct(); ActivationCapture cap = ActivationCapture.of(d, "inner")) {
            d.forward(Tensor.of(new float[] {1, 2}, 1, 2));
            IllegalStateException e = assertThrows(IllegalStateException.class, cap::output);
            assertTrue(e.getMessage().startsWith("module 'inner' (Linear(2->2)) did not run through Module.call"), e.getMessage());
        }
        try (Scope s = Scope.open(); Sequential net = net(); ActivationCapture cap = ActivationCapture.of(net, "1")) {
            net.forward(Tensor.of(new float[] {1, 2, 3}, 1, 3));
            IllegalStateException e = assertThrows(IllegalStateException.class, cap::gradient);
            assertTrue(e.getMessage().startsWith("no gradient reached module '1'"), e.getMessage());
        }
    }
}
