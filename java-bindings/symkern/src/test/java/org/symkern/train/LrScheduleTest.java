package org.symkern.train;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
    @Test
    void constantIsTheBaseRateAtEveryEpoch() {
        LrSchedule s = LrSchedule.constant();
        for (int e = 1; e <= 50; e += 7) assertEquals(0.01, s.lr(e, 0.01), 0);
        assertEquals("constant", s.describe());
    }

    @Test
    void stepMultipliesByGammaEveryNEpochs() {
        LrSchedule s = LrSchedule.step(3, 0.5);
        double[] want = {1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125};
        for (int e = 1; e <= want.length; e++) assertEquals(want[e - 1] * 0.2, s.lr(e, 0.2), 1e-15, "epoch " + e);
        assertEquals("step(every=3, gamma=0.5)", s.describe());
    }

    @Test
    void cosineWarmsUpLinearlyReachesTheBaseRateAfterWarmupAndTheMinimumAtTheLastEpoch() {
        LrSchedule s = LrSchedule.cosine(10, 3, 0.1);
        double base = 0.4;
        assertEquals(0.1, s.lr(1, base), 1e-15);
        assertEquals(0.2, s.lr(2, base), 1e-15);
        assertEquals(0.3, s.lr(3, base), 1e-15);
        assertEquals(base, s.lr(4, base), 1e-15);
        // t = (e - 4) / 6: halfway at e = 7 gives the mean of base and 0.1 base
        assertEquals(base * (0.1 + 0.9 * 0.5), s.lr(7, base), 1e-15);
        assertEquals(base * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI / 6))), s.lr(5, base), 1e-15);
        assertEquals(0.1 * base, s.lr(10, base), 1e-15);
        assertEquals(0.1 * base, s.lr(11, base), 1e-15, "after the last epoch it stays at the minimum");
        for (int e = 4; e < 10; e++) assertTrue(s.lr(e + 1, base) < s.lr(e, base), "decreasing after warm-up");
        assertEquals("cosine(epochs=10, warmup=3, min=0.1)", s.describe());

        LrSchedule plain = LrSchedule.cosine(5, 0, 0.0);
        assertEquals(1.0, plain.lr(1, 1.0), 1e-15);
        assertEquals(0.0, plain.lr(5, 1.0), 1e-15);
    }

    @Test
    void badArgumentsAreRejectedWithTheirNames() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LrSchedule.step(0, 0.5)).getMessage().contains("every = 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LrSchedule.step(2, Double.NaN)).getMessage().contains("gamma = NaN"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosine(5, 5, 0.1)).getMessage().contains("warmupEpochs = 5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosine(5, 1, 1.5)).getMessage().contains("minFactor = 1.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant().lr(0, 1)).getMessage().contains("epoch 0"));
    }
}
