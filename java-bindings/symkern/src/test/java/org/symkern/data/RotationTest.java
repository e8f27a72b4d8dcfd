package org.symkern.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RotationTest {
    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextDouble();
        return a;
    }

    /** A smooth image: two Gaussian blobs well inside the inscribed circle. */
    static float[] blobs(int n) {
        float[] a = new float[n * n];
        double c = (n - 1) / 2.0;
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) {
                double d1 = Math.pow(y - c + 4, 2) + Math.pow(x - c - 3, 2), d2 = Math.pow(y - c - 3, 2) + Math.pow(x - c + 2, 2);
                a[y * n + x] = (float) (Math.exp(-d1 / 18) + 0.6 * Math.exp(-d2 / 12));
            }
        return a;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 5, 7, 28})
    void rotationBy90IsAnExactIndexRotationForOddAndEvenSizes(int n) {
        float[] in = random(n * n, n);
        float[] r90 = Rotation.rotate(in, n, n, 90), r180 = Rotation.rotate(in, n, n, 180), r270 = Rotation.rotate(in, n, n, 270);
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) {
                assertEquals(in[x * n + (n - 1 - y)], r90[y * n + x], 0f, "90 at " + y + "," + x);          // numpy.rot90
                assertEquals(in[(n - 1 - y) * n + (n - 1 - x)], r180[y * n + x], 0f, "180 at " + y + "," + x);
                assertEquals(in[(n - 1 - x) * n + y], r270[y * n + x], 0f, "270 at " + y + "," + x);
            }
        assertArrayEquals(r270, Rotation.rotate(in, n, n, -90));
        assertArrayEquals(in, Rotation.rotate(in, n, n, 360));
        assertArrayEquals(in, Rotation.rotate(Rotation.rotate(r90, n, n, 90), n, n, 180));
    }

    @Test
    void positiveAnglesTurnCounterClockwiseAsDisplayed() {
        int n = 9, c = 4;
        float[] in = new float[n * n];
        in[c * n + c + 3] = 1;                                  // three pixels right of the centre
        float[] out = Rotation.rotate(in, n, n, 90);
        assertEquals(1f, out[(c - 3) * n + c], 0f);             // now three pixels above it (row 0 at the top)
        assertEquals(1f, sum(out), 0f);
    }

    @Test
    void rotationByThetaThenMinusThetaRecoversTheCentre() {
        int n = 29;
        double c = (n - 1) / 2.0;
        for (double theta : new double[] {13, 37, 45, 123.4, 250}) {
            float[] smooth = blobs(n);
            float[] back = Rotation.rotate(Rotation.rotate(smooth, n, n, theta), n, n, -theta);
            double worst = 0;
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++)
                    if (Math.hypot(y - c, x - c) <= c - 1.5) worst = Math.max(worst, Math.abs(back[y * n + x] - smooth[y * n + x]));
            // two bilinear passes blur a blob of peak 1 by a few hundredths; a wrong sign or centre errs by ~1
            assertTrue(worst < 0.06, theta + " degrees: largest error in the centre " + worst);
        }
        // a real digit (sharp strokes): the double interpolation blurs, but the centre is kept on average
        ImageDataset digits = Mnist.embedded();
        float[] digit = java.util.Arrays.copyOfRange(digits.pixels, 0, 28 * 28);
        float[] back = Rotation.rotate(Rotation.rotate(digit, 28, 28, 37), 28, 28, -37);
        double err = 0, mass = 0;
        for (int i = 0; i < digit.length; i++) {
            err += Math.abs(back[i] - digit[i]);
            mass += digit[i];
        }
        assertTrue(err / mass < 0.25, "relative L1 error " + err / mass);
        assertTrue(err / mass > 0, "a 37 degree round trip cannot be exact");
    }

    @Test
    void pixelsThatComeFromOutsideTheImageAreZero() {
        int n = 10;
        float[] ones = new float[n * n];
        java.util.Arrays.fill(ones, 1f);
        float[] out = Rotation.rotate(ones, n, n, 45);
        assertEquals(0f, out[0], 0f);                           // corners map outside
        assertEquals(0f, out[n * n - 1], 0f);
        assertEquals(1f, out[4 * n + 4], 1e-6f);                // the middle stays covered
        for (float v : out) assertTrue(v >= 0 && v <= 1 + 1e-6f, "bilinear weights are convex: " + v);
    }

    @Test
    void smoothImagesKeepTheirMassUnderRotation() {
        int n = 29;
        float[] smooth = blobs(n);
        for (double theta : new double[] {10, 33, 77.5, 200})
            assertEquals(sum(smooth), sum(Rotation.rotate(smooth, n, n, theta)), 0.01 * sum(smooth), theta + " degrees");
    }

    @Test
    void datasetRotationTurnsEveryChannelByItsImagesAngle() {
        float[] px = random(2 * 3 * 5 * 5, 3);
        ImageDataset d = new ImageDataset(px, new int[] {1, 0}, 3, 5, 5, 2);
        ImageDataset r = Rotation.rotate(d, new double[] {90, 31});
        assertArrayEquals(new int[] {1, 0}, r.labels);
        for (int i = 0; i < 2; i++)
            for (int ch = 0; ch < 3; ch++) {
                int at = (i * 3 + ch) * 25;
                float[] plane = java.util.Arrays.copyOfRange(px, at, at + 25);
                assertArrayEquals(Rotation.rotate(plane, 5, 5, i == 0 ? 90 : 31), java.util.Arrays.copyOfRange(r.pixels, at, at + 25));
            }
        assertThrows(IllegalArgumentException.class, () -> Rotation.rotate(d, new double[] {1}));
    }

    static double sum(float[] a) {
        double s = 0;
        for (float v : a) s += v;
        return s;
    }
}
