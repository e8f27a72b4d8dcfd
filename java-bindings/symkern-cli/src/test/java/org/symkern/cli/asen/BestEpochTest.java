package org.symkern.cli.asen;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.symkern.nn.Linear;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;

/** Validation selection: the first epoch with the lowest validation loss is kept, and its weights are what restore() writes back. */
class BestEpochTest {
    @Test
    void selectsTheFirstEpochWithTheLowestFiniteValidationLoss() {
        BestEpoch b = new BestEpoch();
        assertEquals(0, b.epoch());
        double[] losses = {0.9, 0.5, Double.NaN, 0.7, 0.4, 0.6, 0.4, Double.POSITIVE_INFINITY};
        boolean[] improved = new boolean[losses.length];
        for (int e = 0; e < losses.length; ++e) improved[e] = b.offer(e + 1, losses[e], null);
        assertEquals(5, b.epoch());
        assertEquals(0.4, b.loss());
        assertArrayEquals(new boolean[] {true, true, false, false, true, false, false, false}, improved);
    }

    @Test
    void restoreWritesBackTheSelectedEpochsParameters() {
        try (Scope s = Scope.open(); Linear lin = new Linear(3, 2, Device.CPU, 1)) {
            BestEpoch b = new BestEpoch();
            double[] val = {0.8, 0.3, 0.5};
            for (int e = 0; e < val.length; ++e) {
                float[] w = new float[6], bias = new float[2];
                Arrays.fill(w, e + 1);
                Arrays.fill(bias, -(e + 1));
                lin.weight().copyFrom(w);
                lin.bias().copyFrom(bias);
                b.offer(e + 1, val[e], lin);
            }
            assertEquals(2, b.epoch());
            b.restore(lin);
            float[] w = lin.weight().toFloatArray(), bias = lin.bias().toFloatArray();
            for (float v : w) assertEquals(2f, v);
            for (float v : bias) assertEquals(-2f, v);
        }
    }

    @Test
    void aSnapshotRefusesAModuleWithOtherParameters() {
        try (Scope s = Scope.open(); Linear a = new Linear(3, 2, Device.CPU, 1); Linear c = new Linear(3, 2, false, Device.CPU, 1)) {
            ParameterSnapshot snap = ParameterSnapshot.of(a);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> snap.restore(c));
            assertTrue(e.getMessage().contains("cannot restore"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> snap.values("nope"));
        }
    }
}
