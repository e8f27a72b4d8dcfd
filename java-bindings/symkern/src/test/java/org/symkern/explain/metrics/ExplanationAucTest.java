package org.symkern.explain.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ExplanationAucTest {
    @Test
    void perfectReversedAndTiedRankingsGiveOneZeroAndOneHalf() {
        int[] y = {0, 1, 0, 1, 1};
        assertEquals(1.0, ExplanationAuc.rocAuc(new float[] {0.1f, 0.9f, 0.2f, 0.8f, 0.7f}, y), 0);
        assertEquals(0.0, ExplanationAuc.rocAuc(new float[] {0.9f, 0.1f, 0.8f, 0.2f, 0.3f}, y), 0);
        assertEquals(0.5, ExplanationAuc.rocAuc(new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f}, y), 0);
    }

    @Test
    void equalsThePairCountingDefinitionWithTies() {
        SplittableRandom r = new SplittableRandom(4);
        float[] s = new float[200];
        int[] y = new int[200];
        for (int i = 0; i < s.length; i++) {
            s[i] = r.nextInt(20) / 20f;                      // many ties
            y[i] = r.nextDouble() < 0.3 + 0.4 * s[i] ? 1 : 0;
        }
        double num = 0, pairs = 0;
        for (int i = 0; i < s.length; i++)
            for (int j = 0; j < s.length; j++)
                if (y[i] == 1 && y[j] == 0) {
                    pairs++;
                    num += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
        assertEquals(num / pairs, ExplanationAuc.rocAuc(s, y), 1e-12);
    }

    @Test
    void oneClassOnlyIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExplanationAuc.rocAuc(new float[] {1, 2}, new int[] {1, 1}));
        assertEquals("ROC AUC: needs both classes, got 2 positive and 0 negative labels", e.getMessage());
    }
}
