package org.symkern.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.symkern.tensor.Device;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

class ModuleBuffersTest {
    /** A module with a parameter "w" and a buffer "count" (or, with duplicate, a buffer also named "w"). */
    static final class Probe extends Module {
        final Tensor count;

        Probe(boolean duplicate) {
            super("Probe");
            parameter("w", Shape.of(2), Device.CPU, () -> Tensor.zeros(Shape.of(2), Device.CPU));
            count = buffer(duplicate ? "w" : "count", () -> Tensor.ofInts(new int[] {0}, Shape.of(1), Device.CPU));
        }

        @Override
        public Tensor forward(Tensor x) {
            return x;
        }
    }

    @Test
    void buffersAreListedByDottedPathAndFreedWithTheModule() {
        long base = Native.memoryInUse(Device.CPU);
        Sequential m = new Sequential(new Linear(2, 3, Device.CPU, 1), new InnerBatchNorm(3, 1, Device.CPU), new Dropout(0.5f, 9),
                new Sequential(new Probe(false)));
        assertEquals(List.of("1.running_mean", "1.running_var", "1.num_batches_tracked", "2.offset", "3.0.count"), List.copyOf(m.namedBuffers().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "3.0.w"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(3 * 2 + 3 + 3 + 3 + 2, m.parameterCount(), "buffers are not parameters");
        for (Tensor b : m.namedBuffers().values()) assertFalse(b.requiresGrad());
        m.close();
        assertEquals(base, Native.memoryInUse(Device.CPU));
    }

    @Test
    void aBufferNameTakenByAParameterIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Probe(true));
        assertTrue(e.getMessage().contains("duplicate parameter or buffer 'w'"), e.getMessage());
    }

    @Test
    void dropoutKeepsItsOffsetInABufferSoCopyingItReproducesTheNextMask() {
        try (Scope s = Scope.open(); Dropout a = new Dropout(0.5f, 11); Dropout b = new Dropout(0.5f, 11)) {
            Tensor x = Tensor.ones(Shape.of(10), Device.CPU);
            float[] first = a.forward(x).toFloatArray();
            assertEquals(3, a.offset(), "ceil(10 / 4) Philox blocks used");
            float[] second = a.forward(x).toFloatArray();
            assertFalse(java.util.Arrays.equals(first, second), "masks differ between steps");
            assertArrayEquals(first, b.forward(x).toFloatArray(), "same seed, same first mask");
            b.train(false);
            b.forward(x);
            assertEquals(3, b.offset(), "evaluation does not advance the offset");
            b.namedBuffers().get("offset").copyFrom(Tensor.ofLongs(new long[] {0}, Shape.of(1), Device.CPU));
            b.train(true);
            assertArrayEquals(first, b.forward(x).toFloatArray(), "rewinding the buffer replays the mask");
            assertArrayEquals(second, b.forward(x).toFloatArray());
        }
    }
}
