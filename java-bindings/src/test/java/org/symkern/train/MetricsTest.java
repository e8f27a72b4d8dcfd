package org.symkern.train;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void metricsMatchAHandComputedConfusionMatrix() {
        Metrics m = new Metrics(2);
        // truth 0: 3 right, 1 wrong; truth 1: 1 right, 1 wrong
        m.add(0, 0); m.add(0, 0); m.add(0, 0); m.add(0, 1);
        m.add(1, 1); m.add(1, 0);
        assertEquals(4.0 / 6, m.accuracy(), 1e-12);
        assertEquals(0.75, m.recall(0), 1e-12);
        assertEquals(0.75, m.precision(0), 1e-12);
        assertEquals(0.5, m.recall(1), 1e-12);
        assertEquals(0.5, m.precision(1), 1e-12);
        assertEquals((0.75 + 0.5) / 2, m.macroF1(), 1e-12);
    }
}
