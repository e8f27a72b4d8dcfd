package org.symkern.ops;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.symkern.tensor.Device;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

class RandomTest {
    /** An independent Philox4x32-10 (Salmon et al. 2011) for the stream of symkern.h. */
    static int[] philox(int c0, int c1, int c2, int c3, int k0, int k1) {
        for (int round = 0; round < 10; round++) {
            if (round > 0) {
                k0 += 0x9E3779B9;
                k1 += 0xBB67AE85;
            }
            long a = 0xD2511F53L * Integer.toUnsignedLong(c0), b = 0xCD9E8D57L * Integer.toUnsignedLong(c2);
            int n0 = (int) (b >>> 32) ^ c1 ^ k0, n2 = (int) (a >>> 32) ^ c3 ^ k1;
            c1 = (int) b;
            c3 = (int) a;
            c0 = n0;
            c2 = n2;
        }
        return new int[] {c0, c1, c2, c3};
    }

    /** u_i = (word >> 8) 2^-24 of element i of the stream (seed, offset). */
    static float referenceUniform(long seed, long offset, long i) {
        long ctr = offset + i / 4;
        int w = philox((int) ctr, (int) (ctr >>> 32), 0, 0, (int) seed, (int) (seed >>> 32))[(int) (i % 4)];
        return (w >>> 8) * 0x1p-24f;
    }

    @Test
    void referencePhiloxMatchesRandom123KnownAnswer() {
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, philox(0, 0, 0, 0, 0, 0));
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                philox(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    @Test
    void uniformIsThePhiloxStreamOfSeedAndOffset() {
        try (Scope s = Scope.open()) {
            long seed = 0x0123456789abcdefL, offset = 0xfffffffeL;   // crosses the 32-bit counter boundary
            float[] u = Random.uniform(Shape.of(3, 7), Device.CPU, 0f, 1f, seed, offset).toFloatArray();
            for (int i = 0; i < u.length; i++) assertEquals(referenceUniform(seed, offset, i), u[i], 0f, "element " + i);
        }
    }

    @Test
    void sameSeedAndOffsetGiveIdenticalTensors() {
        try (Scope s = Scope.open()) {
            Shape shape = Shape.of(5, 13);
            assertArrayEquals(Random.uniform(shape, Device.CPU, -1f, 2f, 9, 4).toFloatArray(),
                    Random.uniform(shape, Device.CPU, -1f, 2f, 9, 4).toFloatArray());
            assertArrayEquals(Random.normal(shape, Device.CPU, 0f, 1f, 9, 4).toFloatArray(),
                    Random.normal(shape, Device.CPU, 0f, 1f, 9, 4).toFloatArray());
        }
    }

    @Test
    void differentSeedsOrOffsetsGiveDifferentTensors() {
        try (Scope s = Scope.open()) {
            Shape shape = Shape.of(64);
            float[] a = Random.normal(shape, Device.CPU, 0f, 1f, 1, 0).toFloatArray();
            assertFalse(Arrays.equals(a, Random.normal(shape, Device.CPU, 0f, 1f, 2, 0).toFloatArray()));
            assertFalse(Arrays.equals(a, Random.normal(shape, Device.CPU, 0f, 1f, 1, 1).toFloatArray()));
        }
    }

    @Test
    void firstElementsDoNotDependOnTheSize() {
        try (Scope s = Scope.open()) {
            float[] small = Random.normal(Shape.of(7), Device.CPU, 0f, 1f, 3, 5).toFloatArray();
            float[] big = Random.normal(Shape.of(10, 100), Device.CPU, 0f, 1f, 3, 5).toFloatArray();
            assertArrayEquals(small, Arrays.copyOf(big, 7));
        }
    }

    @Test
    void offsetCountsBlocksOfFourElements() {
        try (Scope s = Scope.open()) {
            float[] a = Random.uniform(Shape.of(40), Device.CPU, 0f, 1f, 3, 10).toFloatArray();
            float[] b = Random.uniform(Shape.of(32), Device.CPU, 0f, 1f, 3, 12).toFloatArray();
            assertArrayEquals(Arrays.copyOfRange(a, 8, 40), b);
        }
    }

    @Test
    void uniformMeanAndVarianceMatchWithinFiveStandardErrors() {
        try (Scope s = Scope.open()) {
            int n = 200_000;
            float low = -2f, high = 3f;
            float[] u = Random.uniform(Shape.of(n), Device.CPU, low, high, 17, 0).toFloatArray();
            double mean = 0, var = 0;
            for (float x : u) {
                assertTrue(x >= low && x < high, "value " + x + " outside [low, high)");
                mean += x;
            }
            mean /= n;
            for (float x : u) var += (x - mean) * (x - mean);
            var /= n - 1;
            double width = high - low, wantVar = width * width / 12;
            assertEquals(0.5, mean, 5 * Math.sqrt(wantVar / n));
            assertEquals(wantVar, var, 5 * width * width * Math.sqrt((1.0 / 80 - 1.0 / 144) / n));
        }
    }

    @Test
    void normalMeanStdAndOneSigmaMassMatchWithinFiveStandardErrors() {
        try (Scope s = Scope.open()) {
            int n = 200_000;
            double mu = -1.5, sigma = 0.5;
            float[] z = Random.normal(Shape.of(n), Device.CPU, (float) mu, (float) sigma, 23, 8).toFloatArray();
            double mean = 0, var = 0, within = 0;
            for (float x : z) mean += x;
            mean /= n;
            for (float x : z) {
                var += (x - mean) * (x - mean);
                if (Math.abs(x - mu) < sigma) within++;
            }
            double sd = Math.sqrt(var / (n - 1));
            within /= n;
            assertEquals(mu, mean, 5 * sigma / Math.sqrt(n));
            assertEquals(sigma, sd, 5 * sigma / Math.sqrt(2.0 * n));
            assertEquals(0.6826895, within, 5 * Math.sqrt(0.6827 * 0.3173 / n));
        }
    }

    @Test
    void factoriesAreNotDifferentiableAndKeepTheShape() {
        try (Scope s = Scope.open()) {
            Tensor t = Random.normal(Shape.of(2, 3, 4), Device.CPU, 0f, 1f, 1, 0);
            assertEquals(Shape.of(2, 3, 4), t.shape());
            assertFalse(t.requiresGrad());
            assertEquals(0, Random.uniform(Shape.of(0, 3), Device.CPU, 0f, 1f, 1, 0).numel());
        }
    }

    @Test
    void invalidArgumentsAreRejectedWithTheirValues() {
        try (Scope s = Scope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Random.uniform(Shape.of(4), Device.CPU, 1f, 1f, 0, 0));
            assertTrue(e.getMessage().contains("needs low < high, got low = 1.0, high = 1.0"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Random.uniform(Shape.of(4), Device.CPU, Float.NEGATIVE_INFINITY, 0f, 0, 0));
            assertTrue(e.getMessage().contains("not a finite float"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Random.normal(Shape.of(4), Device.CPU, 0f, -1f, 0, 0));
            assertTrue(e.getMessage().contains("std = -1.0 must be finite and >= 0"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Random.normal(Shape.of(4), Device.CPU, Float.NaN, 1f, 0, 0));
            assertTrue(e.getMessage().contains("mean = NaN is not finite"), e.getMessage());
        }
    }

    @Test
    @Tag("gpu")
    void cudaMatchesCpu() {
        assumeTrue(Native.cudaDeviceCount() > 0);
        try (Scope s = Scope.open()) {
            Shape shape = Shape.of(1001, 3);
            Device gpu = Device.cuda(0);
            assertArrayEquals(Random.uniform(shape, Device.CPU, -1f, 4f, 5, 77).toFloatArray(),
                    Random.uniform(shape, gpu, -1f, 4f, 5, 77).toFloatArray());
            assertArrayEquals(Random.normal(shape, Device.CPU, 2f, 3f, 5, 77).toFloatArray(),
                    Random.normal(shape, gpu, 2f, 3f, 5, 77).toFloatArray());
        }
    }
}
