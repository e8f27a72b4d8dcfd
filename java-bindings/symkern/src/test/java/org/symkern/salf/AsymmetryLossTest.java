package org.symkern.salf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.symkern.autograd.GradCheck;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

class AsymmetryLossTest {
    /** The formula of the class Javadoc in float64, written without tensors. */
    static double reference(float[] z, int rows, int[] y, int classes, double margin) {
        int d = z.length / rows;
        double[][] mu = new double[classes][d];
        int[] count = new int[classes];
        for (int b = 0; b < rows; b++) {
            double n = 0;
            for (int j = 0; j < d; j++) n += (double) z[b * d + j] * z[b * d + j];
            n = Math.sqrt(n + AsymmetryLoss.EPS);
            for (int j = 0; j < d; j++) mu[y[b]][j] += z[b * d + j] / n;
            count[y[b]]++;
        }
        double sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (count[c] == 0) continue;
            present++;
            double best = Double.MAX_VALUE;
            for (int c2 = 0; c2 < classes; c2++) {
                if (c2 == c || count[c2] == 0) continue;
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double diff = mu[c][j] / count[c] - mu[c2][j] / count[c2];
                    s += diff * diff;
                }
                best = Math.min(best, Math.sqrt(s + AsymmetryLoss.EPS));
            }
            double h = Math.max(0, margin - best);
            sum += h * h;
        }
        return sum / present;
    }

    @Test
    void forwardMatchesFloat64Reference() {
        int[] y = {0, 2, 2, 1, 0, 4, 2, 1, 0};   // class 3 absent
        try (Scope s = Scope.open()) {
            for (float margin : new float[] {0.5f, 1f, 2f}) {
                Tensor z = Fixtures.randn(11, 1.0, y.length, 6);
                double want = reference(z.toFloatArray(), y.length, y, 5, margin);
                float got = AsymmetryLoss.compute(z, y, 5, margin).item();
                assertEquals(want, got, 1e-5 + 1e-5 * want, "margin " + margin);
            }
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        int[] y = {0, 1, 1, 2, 0, 2, 1};
        try (Scope s = Scope.open()) {
            Tensor z = Fixtures.randn(5, 1.0, y.length, 4).requiresGrad(true);
            GradCheck.assertGradients(in -> AsymmetryLoss.compute(in[0], y, 3, 1.5f), new Tensor[] {z}, 1e-3, 2e-3, 2e-2);
        }
    }

    @Test
    void isZeroOnceCentroidsAreBeyondTheMargin() {
        // two classes on opposite unit vectors: centroid distance 2 > margin 1
        try (Scope s = Scope.open()) {
            Tensor z = Tensor.of(new float[] {3, 0, 1, 0, -2, 0, -5, 0}, 4, 2);
            assertEquals(0f, AsymmetryLoss.compute(z, new int[] {0, 0, 1, 1}, 2, 1f).item(), 1e-6);
            float close = AsymmetryLoss.compute(z, new int[] {0, 1, 0, 1}, 2, 1f).item();
            assertTrue(close > 0.5f, "mixed classes have nearby centroids: " + close);
        }
    }

    @Test
    void isScaleInvariantPerRow() {
        int[] y = {0, 1, 2, 0, 1, 2};
        try (Scope s = Scope.open()) {
            Tensor z = Fixtures.randn(3, 1.0, 6, 5);
            float[] scaled = z.toFloatArray();
            for (int i = 0; i < scaled.length; i++) scaled[i] *= 1 + (i / 5);
            assertEquals(AsymmetryLoss.compute(z, y, 3, 1f).item(), AsymmetryLoss.compute(Tensor.of(scaled, 6, 5), y, 3, 1f).item(), 1e-5);
        }
    }

    @Test
    void singleClassBatchGivesAConstantZero() {
        try (Scope s = Scope.open()) {
            Tensor z = Fixtures.randn(1, 1.0, 3, 2).requiresGrad(true);
            Tensor l = AsymmetryLoss.compute(z, new int[] {2, 2, 2}, 3, 1f);
            assertEquals(0f, l.item());
            assertFalse(l.requiresGrad());
        }
    }

    @Test
    void badInputsNameTheProblem() {
        try (Scope s = Scope.open()) {
            Tensor z = Fixtures.randn(1, 1.0, 3, 2);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> AsymmetryLoss.compute(z, new int[] {0, 1}, 2, 1f))
                    .getMessage().contains("2 labels"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> AsymmetryLoss.compute(z, new int[] {0, 1, 7}, 2, 1f))
                    .getMessage().contains("label 7 at row 2"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> AsymmetryLoss.compute(z.reshape(6), new int[] {0}, 2, 1f))
                    .getMessage().contains("(B, D)"));
        }
    }
}
