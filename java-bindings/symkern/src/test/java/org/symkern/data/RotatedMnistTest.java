package org.symkern.data;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatedMnistTest {
    @TempDir
    Path dir;

    @Test
    void splitIs7000_1000_2000DisjointCoveringAndStratified() {
        int[] labels = Mnist.embedded().labels;
        int[][] parts = RotatedMnist.split(labels, 42);
        assertEquals(RotatedMnist.TRAIN, parts[0].length);
        assertEquals(RotatedMnist.VALIDATION, parts[1].length);
        assertEquals(RotatedMnist.TEST, parts[2].length);
        Set<Integer> seen = new HashSet<>();
        for (int[] p : parts) for (int i : p) assertTrue(seen.add(i), "digit " + i + " in two parts");
        assertEquals(10000, seen.size());
        int[] all = new int[10];
        for (int l : labels) all[l]++;
        double[] share = {0.7, 0.1, 0.2};
        for (int p = 0; p < 3; p++) {
            int[] c = new int[10];
            for (int i : parts[p]) c[labels[i]]++;
            for (int k = 0; k < 10; k++) assertEquals(share[p] * all[k], c[k], 1.0, "part " + p + " class " + k);
        }
    }

    @Test
    void sameSeedSameAnglesAndSplitOtherSeedOther() {
        double[] a = RotatedImages.uniformAngles(100, 7), b = RotatedImages.uniformAngles(100, 7), c = RotatedImages.uniformAngles(100, 8);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        int[] labels = Mnist.embedded().labels;
        assertArrayEquals(RotatedMnist.split(labels, 3)[2], RotatedMnist.split(labels, 3)[2]);
        assertFalse(Arrays.equals(RotatedMnist.split(labels, 3)[2], RotatedMnist.split(labels, 4)[2]));
    }

    @Test
    void anglesAreUniformOnTheFullCircle() {
        double[] a = RotatedImages.uniformAngles(36000, 11);
        int[] bins = new int[12];
        for (double v : a) {
            assertTrue(v >= 0 && v < 360, "angle " + v);
            bins[(int) (v / 30)]++;
        }
        for (int b : bins) assertEquals(3000, b, 5 * Math.sqrt(3000 * 11.0 / 12), "bin counts " + Arrays.toString(bins));
    }

    @Test
    void limitedAnglesStayWithinTheLimitAndReachBothSides() {
        double[] a = RotatedImages.anglesWithin(5000, 15, 2);
        double lo = 0, hi = 0;
        for (double v : a) {
            assertTrue(v >= -15 && v <= 15, "angle " + v);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertTrue(lo < -14.9 && hi > 14.9, lo + " .. " + hi);
        assertThrows(IllegalArgumentException.class, () -> RotatedImages.anglesWithin(3, 200, 1));
    }

    @Test
    void rotMnist10kImagesAreTheEmbeddedDigitsRotatedByTheirAngles() {
        ImageDataset digits = Mnist.embedded();
        RotatedImages rot = RotatedMnist.embedded(5);
        assertEquals(10000, rot.data.count);
        assertArrayEquals(digits.labels, rot.data.labels);
        for (int i : new int[] {0, 4321, 9999}) {
            float[] plane = Arrays.copyOfRange(digits.pixels, i * 784, (i + 1) * 784);
            assertArrayEquals(Rotation.rotate(plane, 28, 28, rot.degrees[i]), Arrays.copyOfRange(rot.data.pixels, i * 784, (i + 1) * 784));
        }
        // digits sit inside the inscribed circle, so rotation keeps nearly all of their ink
        double before = RotationTest.sum(digits.pixels), after = RotationTest.sum(rot.data.pixels);
        assertEquals(before, after, 0.02 * before);
    }

    @Test
    void trProtocolTrainsWithin15DegreesAndTestsOnTheFullCircle() {
        RotatedMnist.Parts tr = RotatedMnist.limitedTraining(RotatedMnist.TR_LIMIT_DEGREES, 9);
        RotatedMnist.Parts std = RotatedMnist.standard(9);
        assertEquals(7000, tr.train.count);
        assertEquals(1000, tr.validation.count);
        assertEquals(2000, tr.test.count);
        for (double d : tr.trainDegrees) assertTrue(Math.abs(d) <= 15, "train angle " + d);
        for (double d : tr.validationDegrees) assertTrue(Math.abs(d) <= 15, "validation angle " + d);
        assertTrue(Arrays.stream(tr.testDegrees).anyMatch(d -> d > 90 && d < 270), "test angles cover the full circle");
        assertArrayEquals(std.testDegrees, tr.testDegrees);          // the two protocols share their test set
        assertArrayEquals(std.test.pixels, tr.test.pixels);
        assertArrayEquals(std.test.labels, tr.test.labels);
        assertArrayEquals(std.train.labels, tr.train.labels);        // and their split of digits
        assertFalse(Arrays.equals(std.train.pixels, tr.train.pixels));
    }

    @Test
    void missingFashionMnistNamesTheFileAndThePackage() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> FashionMnist.train(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("train-images-idx3-ubyte.gz").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
        assertFalse(FashionMnist.availableIn(dir));
    }

    // Needs the Debian package dataset-fashion-mnist; skipped where it is not installed.
    @Test
    void fashionMnistFromTheDebianPackageHasItsDocumentedCounts() {
        assumeTrue(FashionMnist.availableIn(FashionMnist.DEBIAN_DIR), "dataset-fashion-mnist is not installed");
        ImageDataset train = FashionMnist.train(), test = FashionMnist.test();
        assertEquals(60000, train.count);
        assertEquals(10000, test.count);
        assertEquals(28, train.height);
        int[] tr = new int[10], te = new int[10];
        for (int l : train.labels) tr[l]++;
        for (int l : test.labels) te[l]++;
        for (int k = 0; k < 10; k++) {
            assertEquals(6000, tr[k]);
            assertEquals(1000, te[k]);
        }
        // pixel means 72.94 and 73.15 (of 255), docs/models.md, section Fashion-MNIST
        assertEquals(72.94 / 255, RotationTest.sum(train.pixels) / train.pixels.length, 2e-4);
        assertEquals(73.15 / 255, RotationTest.sum(test.pixels) / test.pixels.length, 2e-4);

        RotatedImages rt = FashionMnist.rotatedTest(FashionMnist.DEBIAN_DIR, 1);
        assertArrayEquals(test.labels, rt.data.labels);
        assertEquals(10000, rt.degrees.length);
        float[] plane = Arrays.copyOfRange(test.pixels, 0, 784);
        assertArrayEquals(Rotation.rotate(plane, 28, 28, rt.degrees[0]), Arrays.copyOfRange(rt.data.pixels, 0, 784));
        double[] trainDegrees = FashionMnist.rotatedTrain(FashionMnist.DEBIAN_DIR, 1).degrees;
        assertEquals(60000, trainDegrees.length);
        assertFalse(Arrays.equals(Arrays.copyOf(trainDegrees, 100), Arrays.copyOf(rt.degrees, 100)), "train and test draw their own angles");
    }
}
