package org.symkern.cli.asen;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Group selection returns the candidate with the best validation score. */
class SymmetrySelectionTest {
    @Test
    void pickIsTheArgmaxOfValidationAccuracy() {
        assertEquals(2, SymmetrySelection.pick(new double[] {0.7, 0.8, 0.95, 0.9}, new double[] {0.5, 0.4, 0.3, 0.2}));
        assertEquals(0, SymmetrySelection.pick(new double[] {0.99}, new double[] {1}));
    }

    @Test
    void tiesGoToTheLowerValidationLossThenTheEarlierCandidate() {
        assertEquals(1, SymmetrySelection.pick(new double[] {0.9, 0.9, 0.5}, new double[] {0.3, 0.2, 0.1}));
        assertEquals(0, SymmetrySelection.pick(new double[] {0.9, 0.9}, new double[] {0.2, 0.2}));
        assertThrows(IllegalArgumentException.class, () -> SymmetrySelection.pick(new double[] {0.9}, new double[] {0.2, 0.2}));
        assertThrows(IllegalArgumentException.class, () -> SymmetrySelection.pick(new double[0], new double[0]));
    }
}
