package org.symkern.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

class EmbeddingTest {
    @Test
    void initialisationIsSeededStandardNormal() {
        try (Embedding a = new Embedding(200, 50, Device.CPU, 3); Embedding b = new Embedding(200, 50, Device.CPU, 3);
             Embedding c = new Embedding(200, 50, Device.CPU, 4)) {
            float[] w = a.weight().toFloatArray();
            assertArrayEquals(w, b.weight().toFloatArray());
            assertFalse(java.util.Arrays.equals(w, c.weight().toFloatArray()));
            double mean = 0, sq = 0;
            for (float v : w) mean += v;
            mean /= w.length;
            for (float v : w) sq += (v - mean) * (v - mean);
            double std = Math.sqrt(sq / w.length);
            assertEquals(0.0, mean, 0.03, "mean of N(0,1) init");   // 10^4 samples: sd of the mean 0.01
            assertEquals(1.0, std, 0.03, "std of N(0,1) init");
            assertEquals(200 * 50, a.parameterCount());
        }
    }

    @Test
    void lookupReturnsRowsAndMaxNormClipsThem() {
        try (Embedding plain = new Embedding(10, 8, Device.CPU, 1); Embedding clipped = new Embedding(10, 8, 1.0f, Device.CPU, 1);
             Scope s = Scope.open()) {
            Tensor idx = Tensor.ofInts(new int[] {9, 0, 3, 3}, 2, 2);
            Tensor y = plain.forward(idx), z = clipped.forward(idx);
            assertEquals(Shape.of(2, 2, 8), y.shape());
            float[] w = plain.weight().toFloatArray(), yv = y.toFloatArray(), zv = z.toFloatArray();
            int[] ix = {9, 0, 3, 3};
            for (int i = 0; i < 4; i++) {
                double norm = 0, zn = 0;
                for (int d = 0; d < 8; d++) {
                    assertEquals(w[ix[i] * 8 + d], yv[i * 8 + d]);
                    norm += (double) w[ix[i] * 8 + d] * w[ix[i] * 8 + d];
                    zn += (double) zv[i * 8 + d] * zv[i * 8 + d];
                }
                // N(0,1) rows of width 8 have norm ~2.8 > 1: clipped to exactly 1
                assertEquals(Math.min(1.0, Math.sqrt(norm)), Math.sqrt(zn), 1e-6);
            }
        }
    }

    @Test
    void gradientReachesTheWeight() {
        try (Embedding e = new Embedding(5, 3, 1.5f, Device.CPU, 2); Scope s = Scope.open()) {
            e.forward(Tensor.ofInts(new int[] {1, 1, 4}, 3)).sum().backward();
            float[] g = e.weight().grad().toFloatArray();
            for (int k : new int[] {0, 2, 3})
                for (int d = 0; d < 3; d++) assertEquals(0f, g[k * 3 + d], "row " + k + " was not looked up");
            double row1 = 0;
            for (int d = 0; d < 3; d++) row1 += Math.abs(g[3 + d]);
            assertTrue(row1 > 0);
        }
    }
}
