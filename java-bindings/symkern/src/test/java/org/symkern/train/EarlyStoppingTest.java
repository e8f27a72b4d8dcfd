package org.symkern.train;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
    @Test
    void stopsAfterPatienceEpochsWithoutAStrictImprovementAndKeepsTheEarlierEpochOnTies() {
        EarlyStopping es = new EarlyStopping(2);
        assertTrue(Double.isNaN(es.bestScore()));
        assertTrue(es.update(1, 0.5));
        assertTrue(es.update(2, 0.7));
        assertFalse(es.update(3, 0.7), "a tie is no improvement");
        assertFalse(es.shouldStop());
        assertFalse(es.update(4, 0.6));
        assertTrue(es.shouldStop());
        assertEquals(2, es.bestEpoch());
        assertEquals(0.7, es.bestScore(), 0);
        assertEquals(2, es.epochsWithoutImprovement());
        assertTrue(es.update(5, 0.8));
        assertFalse(es.shouldStop());
    }

    @Test
    void zeroPatienceNeverStopsButTracksTheBest() {
        EarlyStopping es = new EarlyStopping(0);
        es.update(1, 0.9);
        for (int e = 2; e < 20; e++) es.update(e, 0.1);
        assertFalse(es.shouldStop());
        assertEquals(1, es.bestEpoch());
    }

    @Test
    void aRestoredTrackerContinuesLikeTheOriginal() {
        EarlyStopping a = new EarlyStopping(3);
        a.update(1, 0.4);
        a.update(2, 0.3);
        EarlyStopping b = EarlyStopping.restore(3, a.bestEpoch(), a.bestScore(), a.epochsWithoutImprovement());
        for (int e = 3; e <= 4; e++) assertEquals(a.update(e, 0.35), b.update(e, 0.35));
        assertTrue(a.shouldStop() && b.shouldStop());
        assertFalse(new EarlyStopping(1).update(1, Double.NaN), "NaN never improves");
        assertThrows(IllegalArgumentException.class, () -> b.update(1, 0.9));
    }
}
