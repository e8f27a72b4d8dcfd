package org.symkern;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/** setNumThreads / numThreads round-trip, 0 restores the default, bad values are clear errors. */
class SymkernThreadsTest {
    @Test
    void setNumThreadsRoundTripsAndZeroRestoresTheDefault() throws Exception {
        int def = Symkern.numThreads();
        assertTrue(def >= 1);
        try {
            Symkern.setNumThreads(3);
            assertEquals(3, Symkern.numThreads());
            AtomicReference<float[]> out = new AtomicReference<>();
            Thread t = new Thread(() -> {       // another Java thread computes with the new setting
                try (Scope s = Scope.open()) {
                    out.set(Tensor.of(new float[] {-1f, 2f}, 2).relu().toFloatArray());
                }
            });
            t.start();
            t.join();
            assertArrayEquals(new float[] {0f, 2f}, out.get());
            assertEquals(3, Symkern.numThreads());
        } finally {
            Symkern.setNumThreads(0);
        }
        assertEquals(def, Symkern.numThreads());
    }

    @Test
    void negativeThreadCountIsAClearError() {
        int before = Symkern.numThreads();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Symkern.setNumThreads(-2));
        assertEquals("Symkern.setNumThreads: n = -2 must be >= 1 (or 0 for the default)", e.getMessage());
        assertEquals(before, Symkern.numThreads());
    }
}
