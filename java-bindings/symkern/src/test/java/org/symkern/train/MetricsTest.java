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

    @Test
    void macroAveragesRunOverClassesInTheTruthWithUndefinedPrecisionAsZero() {
        Metrics m = new Metrics(4);
        // class 0: 2 of 3 right (one predicted as 2); class 1: 1 of 2 (one predicted as 0); class 2: 1 of 1; class 3 absent, never predicted
        m.add(0, 0); m.add(0, 0); m.add(0, 2);
        m.add(1, 1); m.add(1, 0);
        m.add(2, 2);
        double r0 = 2 / 3.0, r1 = 0.5, r2 = 1, p0 = 2 / 3.0, p1 = 1, p2 = 0.5;
        assertEquals((r0 + r1 + r2) / 3, m.macroRecall(), 1e-12);
        assertEquals((p0 + p1 + p2) / 3, m.macroPrecision(), 1e-12);
        Metrics.Summary s = m.summary();
        assertEquals(6, s.total());
        assertEquals(4 / 6.0, s.accuracy(), 1e-12);
        assertEquals(m.macroF1(), s.macroF1(), 0);
        assertArrayEquals(new double[] {r0, r1, r2, Double.NaN}, s.perClassRecall(), 1e-12);
        assertTrue(Double.isNaN(s.perClassPrecision()[3]));
        assertArrayEquals(new long[] {1, 1, 0, 0}, s.confusion()[1]);
        s.confusion()[0][0] = 99;
        assertEquals(2, m.confusion[0][0], "the summary holds a copy");

        Metrics never = new Metrics(2);
        never.add(0, 1);
        never.add(1, 1);
        assertEquals((0 + 0.5) / 2, never.macroPrecision(), 1e-12, "class 0, never predicted, counts as precision 0");
        assertThrows(IllegalArgumentException.class, () -> never.add(2, 0));
    }
}
