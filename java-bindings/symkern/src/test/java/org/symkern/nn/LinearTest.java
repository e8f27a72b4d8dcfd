package org.symkern.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradCheck;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

class LinearTest {
    @Test
    void forwardIsXTimesWTransposePlusBias() {
        try (Linear lin = new Linear(3, 2, Device.CPU, 7); Scope s = Scope.open()) {
            float[] w = lin.weight().toFloatArray(), b = lin.bias().toFloatArray();
            float[] x = Fixtures.randn(3, 12, 1.0);
            float[] y = lin.forward(Tensor.of(x, 4, 3)).toFloatArray();
            double[] want = new double[8];
            for (int r = 0; r < 4; r++)
                for (int o = 0; o < 2; o++) {
                    double acc = b[o];
                    for (int i = 0; i < 3; i++) acc += (double) x[r * 3 + i] * w[o * 3 + i];
                    want[r * 2 + o] = acc;
                }
            Fixtures.assertClose(want, y, 1e-5, 1e-5);
        }
    }

    @Test
    void initialisationIsSeededAndBounded() {
        try (Linear a = new Linear(50, 20, Device.CPU, 3); Linear b = new Linear(50, 20, Device.CPU, 3);
             Linear c = new Linear(50, 20, Device.CPU, 4)) {
            float[] wa = a.weight().toFloatArray();
            assertArrayEquals(wa, b.weight().toFloatArray());
            assertFalse(java.util.Arrays.equals(wa, c.weight().toFloatArray()));
            double bound = 1 / Math.sqrt(50);
            for (float v : wa) assertTrue(Math.abs(v) <= bound, "weight " + v + " outside +-" + bound);
            assertEquals(50 * 20 + 20, a.parameterCount());
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        try (Linear lin = new Linear(5, 3, Device.CPU, 11); Scope s = Scope.open()) {
            Tensor x = Fixtures.randn(2, 1.0, 2, 4, 5).requiresGrad(true);     // rank 3: leading axes flattened
            Tensor[] in = {x, lin.weight(), lin.bias()};
            GradCheck.assertGradients(t -> lin.forward(t[0]), in, 1e-2, 2e-3, 2e-3);
        }
    }

    @Test
    void wrongInputWidthIsNamed() {
        try (Linear lin = new Linear(5, 3, Device.CPU, 1); Scope s = Scope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lin.forward(Tensor.zeros(2, 4)));
            assertTrue(e.getMessage().contains("input [2, 4] must end in 5"), e.getMessage());
        }
    }

    @Test
    void closingAModuleFreesItsParametersAndGradients() {
        long base = Native.memoryInUse(Device.CPU);
        Sequential net = new Sequential(new Linear(8, 4, Device.CPU, 1), Activation.relu(), new Linear(4, 2, Device.CPU, 2));
        assertEquals(java.util.List.of("0.weight", "0.bias", "2.weight", "2.bias"), new java.util.ArrayList<>(net.namedParameters().keySet()));
        try (Scope s = Scope.open()) {
            net.forward(Tensor.ones(Shape.of(3, 8), Device.CPU)).sum().backward();
        }
        assertNotNull(net.parameters().get(0).grad());
        net.close();
        assertEquals(base, Native.memoryInUse(Device.CPU));
    }
}
