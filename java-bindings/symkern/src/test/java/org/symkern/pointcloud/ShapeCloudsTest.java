package org.symkern.pointcloud;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.symkern.tensor.Device;

/** Shape clouds are deterministic; the feature sets have the invariances their names claim; a framed classifier learns. */
class ShapeCloudsTest {
    static final ShapeClouds GEN = new ShapeClouds(64, 256, 0.02);

    @Test
    void cloudsAreAFunctionOfSeedSplitAndIndexWithBalancedClasses() {
        ShapeSet a = GEN.generate(4, 0, 16), b = GEN.generate(4, 0, 16), c = GEN.generate(5, 0, 16);
        assertArrayEquals(a.points(), b.points());
        assertArrayEquals(a.offsets(), b.offsets());
        assertFalse(java.util.Arrays.equals(a.points(), c.points()));
        int[] counts = new int[8];
        for (int k = 0; k < a.count(); k++) {
            counts[a.labels()[k]]++;
            assertTrue(a.size(k) >= 64 && a.size(k) <= 256, "cloud size " + a.size(k));
        }
        for (int n : counts) assertEquals(2, n);
    }

    static double diff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }

    @Test
    void featureInvariancesHold() {
        ShapeSet s = GEN.generate(2, 1, 8), any = s.rotated(3, true), aboutUp = s.rotated(3, false);
        /* invariant features: any rotation; framed features: any rotation of cloud and up together */
        assertTrue(diff(ShapeClassifier.features(s, ShapeClassifier.Features.INVARIANT, 0), ShapeClassifier.features(any, ShapeClassifier.Features.INVARIANT, 0)) < 1e-4);
        assertTrue(diff(ShapeClassifier.features(s, ShapeClassifier.Features.FRAME, 0), ShapeClassifier.features(any, ShapeClassifier.Features.FRAME, 0)) < 1e-4);
        /* the frame features see the up direction: with u held fixed, a general rotation changes them */
        ShapeSet fixedUp = new ShapeSet(any.count(), any.points(), any.offsets(), any.labels(), s.up());
        assertTrue(diff(ShapeClassifier.features(s, ShapeClassifier.Features.FRAME, 0), ShapeClassifier.features(fixedUp, ShapeClassifier.Features.FRAME, 0)) > 1e-2);
        /* raw and internal features change under rotations about up, by an amount scaling with the weight */
        assertTrue(diff(ShapeClassifier.features(s, ShapeClassifier.Features.RAW, 0), ShapeClassifier.features(aboutUp, ShapeClassifier.Features.RAW, 0)) > 1e-2);
        double small = diff(ShapeClassifier.features(s, ShapeClassifier.Features.INTERNAL, 0.1), ShapeClassifier.features(aboutUp, ShapeClassifier.Features.INTERNAL, 0.1));
        double big = diff(ShapeClassifier.features(s, ShapeClassifier.Features.INTERNAL, 1.0), ShapeClassifier.features(aboutUp, ShapeClassifier.Features.INTERNAL, 1.0));
        assertEquals(10.0, big / small, 1e-2);
    }

    @Test
    void framedClassifierSeparatesUpFromDownWhereTheInvariantOneCannot() {
        ShapeSet train = GEN.generate(1, 0, 400), val = GEN.generate(1, 1, 160);
        try (ShapeClassifier frame = new ShapeClassifier(ShapeClassifier.Features.FRAME, 0, 64, 8, Device.CPU, 1);
             ShapeClassifier inv = new ShapeClassifier(ShapeClassifier.Features.INVARIANT, 0, 64, 8, Device.CPU, 1)) {
            ShapeTrainer.Result rf = ShapeTrainer.fit(frame, train, val, new ShapeTrainer.Config(300, 32, 3e-3f, false, 5, 1));
            ShapeTrainer.Result ri = ShapeTrainer.fit(inv, train, val, new ShapeTrainer.Config(300, 32, 3e-3f, false, 5, 1));
            System.out.printf("shape accuracy: framed %.3f, invariant %.3f%n", rf.bestValAccuracy(), ri.bestValAccuracy());
            assertTrue(rf.bestValAccuracy() > 0.8, "framed " + rf.bestValAccuracy());
            /* the invariant model confuses the members of each pair: at most about half of all clouds right */
            assertTrue(ri.bestValAccuracy() < 0.6, "invariant " + ri.bestValAccuracy());
            assertEquals(rf.bestValAccuracy(), ShapeTrainer.accuracy(frame, val.rotated(9, true)), 0.02, "framed model is invariant to turning cloud and up");
        }
    }

    @Test
    void truncatedKeepsTheFirstPointsOfEachCloudAndRejectsShortClouds() {
        ShapeSet s = GEN.generate(3, 0, 4), t = s.truncated(10);
        for (int k = 0; k < 4; k++) {
            assertEquals(10, t.size(k));
            assertArrayEquals(java.util.Arrays.copyOfRange(s.points(), (int) s.offsets()[k] * 3, (int) s.offsets()[k] * 3 + 30),
                    java.util.Arrays.copyOfRange(t.points(), 30 * k, 30 * k + 30));
        }
        assertArrayEquals(s.labels(), t.labels());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.truncated(300));
        assertTrue(e.getMessage().contains("cloud 0 has " + s.size(0) + " points, 300 requested"), e.getMessage());
    }
}
