package org.symkern.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MemoryPeakTest {
    @Test
    void thePeakFollowsTheHighestLevelSinceTheLastReset() {
        Native.resetMemoryPeak(Device.CPU);
        long base = Native.memoryInUse(Device.CPU);
        assertEquals(base, Native.memoryPeak(Device.CPU), "a reset sets the peak to the bytes in use");
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.zeros(1000);
            try (Scope inner = Scope.open()) {
                Tensor.zeros(500);
                assertEquals(base + 6000, Native.memoryPeak(Device.CPU));
            }
            assertEquals(base + 4000, Native.memoryInUse(Device.CPU));
            assertEquals(base + 6000, Native.memoryPeak(Device.CPU), "freeing does not lower the peak");
            Native.resetMemoryPeak(Device.CPU);
            assertEquals(base + 4000, Native.memoryPeak(Device.CPU), "a reset lowers it to the bytes in use");
            a.close();
        }
        assertEquals(base, Native.memoryInUse(Device.CPU));
        assertEquals(base + 4000, Native.memoryPeak(Device.CPU));
    }
}
