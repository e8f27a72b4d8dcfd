package org.symkern.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ScopeTest {
    @Test
    void nativeBytesReturnToBaselineWhenScopeCloses() {
        long base = Native.memoryInUse(Device.CPU);
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.zeros(1000);
            a.relu().relu().tanh();
            Tensor.zeros(10).view(Shape.of(2, 5));
            assertTrue(Native.memoryInUse(Device.CPU) >= base + 4 * 3 * 1000 + 40);
        }
        assertEquals(base, Native.memoryInUse(Device.CPU));
    }

    @Test
    void useAfterCloseSaysWhichScopeReleasedTheTensor() {
        Tensor t;
        String name;
        try (Scope s = Scope.open()) {
            t = Tensor.zeros(2, 3);
            name = s.name();
        }
        assertTrue(name.matches("scope #\\d+ \\(thread .+\\)"), name);
        IllegalStateException e = assertThrows(IllegalStateException.class, t::buffer);
        assertEquals("tensor " + t.describe() + " was closed (released when scope '" + name + "' closed)", e.getMessage());
        Tensor u;
        try (Scope s = Scope.open("validation step")) {
            u = Tensor.zeros(4);
            u.close();
            assertEquals("tensor " + u.describe() + " was closed with close()", assertThrows(IllegalStateException.class, u::buffer).getMessage());
            s.close();
            assertEquals("scope 'validation step' is closed", assertThrows(IllegalStateException.class, s::activate).getMessage());
        }
    }

    @Test
    void creatingATensorWithoutAScopeFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(3));
        assertTrue(e.getMessage().contains("no open Scope"), e.getMessage());
    }

    @Test
    void innerScopeFreesOnlyItsOwnTensors() {
        try (Scope outer = Scope.open()) {
            Tensor kept = Tensor.of(new float[] {1, 2}, 2);
            Tensor moved;
            Tensor dropped;
            try (Scope inner = Scope.open()) {
                dropped = kept.relu();
                moved = inner.keep(kept.tanh());
            }
            assertTrue(dropped.isClosed());
            assertFalse(moved.isClosed());
            assertEquals(Math.tanh(2), moved.toFloatArray()[1], 1e-6);
            assertFalse(kept.isClosed());
        }
    }

    @Test
    void viewKeepsMemoryAliveAfterBaseIsClosed() {
        long base = Native.memoryInUse(Device.CPU);
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.of(new float[] {1, 2, 3, 4}, 4);
            Tensor v = t.view(Shape.of(2, 2));
            t.close();
            assertArrayEquals(new float[] {1, 2, 3, 4}, v.toFloatArray());
            v.close();
            assertEquals(base, Native.memoryInUse(Device.CPU));
        }
    }

    @Test
    void standaloneScopeOutlivesStepScopes() {
        long base = Native.memoryInUse(Device.CPU);
        Scope params = Scope.standalone("params");
        Tensor w;
        try (Scope.Activation a = params.activate()) {
            w = Tensor.of(new float[] {1, 2, 3}, 3);
        }
        try (Scope step = Scope.open()) {
            w.relu();
            assertEquals(1, params.size());
        }
        assertFalse(w.isClosed());
        params.close();
        assertTrue(w.isClosed());
        assertEquals(base, Native.memoryInUse(Device.CPU));
        assertThrows(IllegalStateException.class, params::activate);
    }

    @Test
    void closeIsIdempotent() {
        Scope s = Scope.open();
        Tensor.zeros(2);
        s.close();
        s.close();
        assertTrue(s.isClosed());
    }
}
