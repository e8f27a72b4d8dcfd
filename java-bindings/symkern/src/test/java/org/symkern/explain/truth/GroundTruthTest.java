package org.symkern.explain.truth;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.symkern.data.MitBih;
import org.symkern.data.RotatedMnist;
import org.symkern.data.ImageDataset;

class GroundTruthTest {
    @Test
    void qrsRegionIsThe37SamplesWithin50msOfThePeakAt360Hz() {
        boolean[] q = GroundTruth.qrsRegion(181, 90, 360);
        int n = 0;
        for (int t = 0; t < q.length; t++) {
            assertEquals(Math.abs(t - 90) <= 18, q[t], "t = " + t);
            if (q[t]) n++;
        }
        assertEquals(37, n);
        boolean[] slow = GroundTruth.qrsRegion(187, 93, 125);       // 50 ms at 125 Hz = 6.25 samples -> |t - p| <= 6
        int m = 0;
        for (boolean b : slow) if (b) m++;
        assertEquals(13, m);
    }

    @Test
    void embeddedBeatsHaveTheirAnnotatedPeakAtTheWindowCentreAlsoWhenReversed() {
        MitBih.Beats b = MitBih.embedded(MitBih.Options.defaults());
        assertEquals(90, b.peakOffset());
        assertEquals(90, b.timeReversed().peakOffset());
        // the annotated R peak is a local extreme of the raw (not normalized) beat in most beats: check the QRS window holds the
        // beat's largest absolute deflection for the majority of normal beats
        int hits = 0, normal = 0;
        for (int i = 0; i < b.count; i++) {
            if (b.labels[i] != MitBih.N) continue;
            normal++;
            int arg = 0;
            for (int t = 1; t < b.length; t++) if (Math.abs(b.x[i * b.length + t]) > Math.abs(b.x[i * b.length + arg])) arg = t;
            if (GroundTruth.qrsRegion(b, i)[arg]) hits++;
        }
        assertTrue(hits > 0.9 * normal, hits + " of " + normal);
    }

    @Test
    void peakProximityIsMinusTheDistance() {
        float[] r = GroundTruth.peakProximity(5, 1);
        assertArrayEquals(new float[] {-1, 0, -1, -2, -3}, r);
        assertThrows(IllegalArgumentException.class, () -> GroundTruth.peakProximity(5, 5));
    }

    @Test
    void foregroundIsTheRotatedStrokeAboveHalfIntensity() {
        ImageDataset d = RotatedMnist.embedded(1).data;
        boolean[] f = GroundTruth.foreground(d, 0);
        int n = 0;
        for (int p = 0; p < f.length; p++) {
            assertEquals(d.pixels[p] > 0.5f, f[p]);
            if (f[p]) n++;
        }
        assertTrue(n > 20 && n < 400, n + " foreground pixels");
        float max = 0;
        for (int p = 0; p < 784; p++) max = Math.max(max, d.pixels[p]);
        assertTrue(max <= 1f && max > 0.9f, "intensities in [0, 1], max " + max);
    }
}
