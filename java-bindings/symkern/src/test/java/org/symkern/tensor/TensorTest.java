package org.symkern.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void arraysRoundTripThroughNativeMemory() {
        try (Scope s = Scope.open()) {
            float[] data = {1.5f, -2f, 3.25f, 0f, 7f, -8.5f};
            Tensor t = Tensor.of(data, 2, 3);
            assertArrayEquals(data, t.toFloatArray());
            assertEquals(Shape.of(2, 3), t.shape());
            assertEquals(6, t.numel());
            assertEquals(Device.CPU, t.device());
            int[] labels = {3, 1, 4, 1, 5};
            assertArrayEquals(labels, Tensor.ofInts(labels, 5).toIntArray());
            long[] idx = {1L << 40, -3};
            assertArrayEquals(idx, Tensor.ofLongs(idx, Shape.of(2), Device.CPU).toLongArray());
        }
    }

    @Test
    void zerosAndFullHoldTheirValues() {
        try (Scope s = Scope.open()) {
            assertArrayEquals(new float[5], Tensor.zeros(5).toFloatArray());
            assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f}, Tensor.full(Shape.of(3), 2.5f, Device.CPU).toFloatArray());
            assertEquals(4f, Tensor.scalar(4f).item());
            assertEquals(0, Tensor.scalar(4f).rank());
        }
    }

    @Test
    void viewSharesMemoryAndCopyDoesNot() {
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
            Tensor v = t.view(Shape.of(4));
            Tensor c = t.copy();
            t.copyFrom(new float[] {9, 9, 9, 9});
            assertArrayEquals(new float[] {9, 9, 9, 9}, v.toFloatArray());
            assertArrayEquals(new float[] {1, 2, 3, 4}, c.toFloatArray());
        }
    }

    @Test
    void wrongDataLengthNamesTheShape() {
        try (Scope s = Scope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
            assertTrue(e.getMessage().contains("5 elements but shape [2, 3] needs 6"), e.getMessage());
        }
    }

    @Test
    void negativeSizeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -3));
        assertTrue(e.getMessage().contains("negative size -3 at dim 1"), e.getMessage());
    }

    @Test
    void nullArgumentsAreRejected() {
        try (Scope s = Scope.open()) {
            assertThrows(NullPointerException.class, () -> Tensor.of(null, 2));
            assertThrows(NullPointerException.class, () -> Tensor.zeros(null, Device.CPU));
            Tensor x = Tensor.zeros(2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.mul((Tensor) null));
            assertTrue(e.getMessage().contains("input 1 is null"), e.getMessage());
        }
    }

    @Test
    void closedTensorCannotBeUsed() {
        Tensor t;
        try (Scope s = Scope.open()) {
            t = Tensor.zeros(3);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, t::toFloatArray);
        assertTrue(e.getMessage().contains("was closed"), e.getMessage());
        IllegalStateException e2 = assertThrows(IllegalStateException.class, t::relu);
        assertTrue(e2.getMessage().contains("was closed"), e2.getMessage());
    }

    @Test
    void cudaWithoutDeviceIsAClearException() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Native.cudaDeviceCount() == 0, "a CUDA device is present");
        try (Scope s = Scope.open()) {
            SymkernException e = assertThrows(SymkernException.class, () -> Tensor.zeros(Shape.of(4), Device.cuda(0)));
            assertTrue(e.status() == SymkernException.Status.NO_DEVICE || e.status() == SymkernException.Status.NO_CUDA);
            assertTrue(e.getMessage().contains("cuda:0 requested"), e.getMessage());
            assertFalse(Device.cuda(0).isAvailable());
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("gpu")
    void mixedDevicesAreAClearException() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Native.cudaDeviceCount() > 0, "no CUDA device");
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.zeros(Shape.of(4), Device.CPU);
            Tensor b = Tensor.zeros(Shape.of(4), Device.cuda(0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
            assertTrue(e.getMessage().contains("input 0 is on cpu but input 1 is on cuda:0"), e.getMessage());
            SymkernException n = assertThrows(SymkernException.class, () -> Native.check(org.symkern.jni.SymkernNative
                    .sk_unary_forward(b.buffer(), a.buffer(), 4, 1, 0f)));
            assertEquals(SymkernException.Status.DEVICE_MISMATCH, n.status());
            assertArrayEquals(new float[] {1, 2, 3, 4}, Tensor.of(new float[] {1, 2, 3, 4}, Shape.of(4), Device.cuda(0))
                    .to(Device.CPU).toFloatArray());
        }
    }

    @Test
    void devicesParse() {
        assertEquals(Device.CPU, Device.parse("cpu"));
        assertEquals(Device.cuda(0), Device.parse("cuda"));
        assertEquals(Device.cuda(2), Device.parse("CUDA:2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu"));
        assertTrue(e.getMessage().contains("expected cpu, cuda or cuda:N"));
        assertThrows(IllegalArgumentException.class, () -> Device.cuda(-1));
    }

    @Test
    void itemNeedsOneElement() {
        try (Scope s = Scope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2).item());
            assertTrue(e.getMessage().contains("one-element"), e.getMessage());
        }
    }

    @Test
    void dtypeMismatchIsAClearException() {
        try (Scope s = Scope.open()) {
            Tensor labels = Tensor.ofInts(new int[] {1, 2}, 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, labels::relu);
            assertTrue(e.getMessage().contains("needs a float32 tensor, got INT32"), e.getMessage());
        }
    }
}
