package org.symkern.pointcloud;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradMode;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;

/**
 * The EGNN shape classifier: the plain model's logits are invariant under E(3), scaling and the order of the points;
 * the externally broken one only when its up vector turns with the cloud; the internally broken one changes under
 * rotations by an amount that grows with its weight; the framed model learns what the invariant one cannot.
 */
class EgnnShapeClassifierTest {
    static final ShapeClouds GEN = new ShapeClouds(64, 96, 0.02);
    static final int POINTS = 24;

    static EgnnShapeClassifier model(EgnnShapeClassifier.Breaking b, double alpha) {
        return new EgnnShapeClassifier(new EgnnShapeClassifier.Options(POINTS, 16, 2, b, alpha), 8, Device.CPU, 3);
    }

    static EgnnShapeClassifier small(EgnnShapeClassifier.Breaking b) {
        return new EgnnShapeClassifier(new EgnnShapeClassifier.Options(16, 16, 2, b, 0), 8, Device.CPU, 1);
    }

    static float[] logits(EgnnShapeClassifier m, ShapeSet s) {
        try (Scope sc = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            return m.logits(s).toFloatArray();
        }
    }

    /** Every cloud: x -> scale Q x + t (Q orthogonal); u -> Q u when turnUp; the first POINTS points reversed. */
    static ShapeSet transformed(ShapeSet s, double[] q, double[] t, double scale, boolean turnUp) {
        float[] pts = s.points().clone(), up = s.up().clone();
        for (int c = 0; c < s.count(); c++) {
            int from = (int) s.offsets()[c];
            Rotations.apply(q, pts, 3 * from, s.size(c));
            for (int i = 0; i < s.size(c); i++) for (int d = 0; d < 3; d++) pts[3 * (from + i) + d] = (float) (scale * pts[3 * (from + i) + d] + t[d]);
            for (int i = 0, j = POINTS - 1; i < j; i++, j--)
                for (int d = 0; d < 3; d++) {
                    float tmp = pts[3 * (from + i) + d];
                    pts[3 * (from + i) + d] = pts[3 * (from + j) + d];
                    pts[3 * (from + j) + d] = tmp;
                }
            if (turnUp) Rotations.apply(q, up, 3 * c, 1);
        }
        return new ShapeSet(s.count(), pts, s.offsets(), s.labels(), up);
    }

    static double relDiff(float[] a, float[] b) {
        double d = 0, m = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
            m = Math.max(m, Math.abs(a[i]));
        }
        return d / m;
    }

    static double[][] transforms() {
        SplittableRandom rng = new SplittableRandom(5);
        return new double[][] {Rotations.random(rng), Rotations.reflection(Rotations.unitVector(rng))};
    }

    @Test
    void plainLogitsAreInvariantUnderE3ScalingAndPointOrder() {
        ShapeSet s = GEN.generate(2, 1, 8);
        try (EgnnShapeClassifier m = model(EgnnShapeClassifier.Breaking.NONE, 0)) {
            float[] ref = logits(m, s);
            /* not trivially invariant: different clouds get different logits, far beyond the invariance tolerance */
            double between = relDiff(java.util.Arrays.copyOfRange(ref, 0, 8), java.util.Arrays.copyOfRange(ref, 8, 16));
            assertTrue(between > 1e-3, "clouds 0 and 1 get nearly the same logits: " + between);
            for (double[] q : transforms()) {
                double e = relDiff(ref, logits(m, transformed(s, q, new double[] {0.7, -1.2, 2.0}, 1.7, false)));
                assertTrue(e < 1e-4, "plain EGNN invariance error " + e);
            }
        }
    }

    @Test
    void externalBreakingIsInvariantOnlyWhenTheUpVectorTurnsWithTheCloud() {
        ShapeSet s = GEN.generate(2, 1, 8);
        double[] rot = transforms()[0];
        try (EgnnShapeClassifier m = model(EgnnShapeClassifier.Breaking.EXTERNAL, 0)) {
            float[] ref = logits(m, s);
            for (double[] q : transforms()) {
                double e = relDiff(ref, logits(m, transformed(s, q, new double[] {0.3, 0.1, -0.5}, 0.8, true)));
                assertTrue(e < 1e-4, "external EGNN joint-invariance error " + e);
            }
            double fixed = relDiff(ref, logits(m, transformed(s, rot, new double[3], 1, false)));
            assertTrue(fixed > 1e-3, "the up vector held fixed should change the logits, changed by " + fixed);
        }
    }

    @Test
    void internalBreakingChangesTheLogitsByAnAmountGrowingWithItsWeight() {
        ShapeSet s = GEN.generate(2, 1, 8), turned = transformed(s, transforms()[0], new double[3], 1, true);
        try (EgnnShapeClassifier weak = model(EgnnShapeClassifier.Breaking.INTERNAL, 0.1);
             EgnnShapeClassifier strong = model(EgnnShapeClassifier.Breaking.INTERNAL, 1.0)) {
            double small = relDiff(logits(weak, s), logits(weak, turned)), big = relDiff(logits(strong, s), logits(strong, turned));
            assertTrue(small > 1e-5, "weight 0.1 should break invariance, changed by " + small);
            assertTrue(big > 3 * small, "weight 1.0 should break it more: " + big + " vs " + small);
        }
    }

    @Test
    void cloudsWithFewerPointsThanTheModelReadsAreRejectedByIndex() {
        ShapeSet s = new ShapeClouds(10, 10, 0.0).generate(1, 0, 3);
        try (EgnnShapeClassifier m = model(EgnnShapeClassifier.Breaking.NONE, 0); Scope sc = Scope.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.logits(s));
            assertTrue(e.getMessage().contains("cloud 0 has 10 points, the model reads 24"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new EgnnShapeClassifier.Options(24, 16, 2, EgnnShapeClassifier.Breaking.NONE, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new EgnnShapeClassifier.Options(24, 16, 2, EgnnShapeClassifier.Breaking.INTERNAL, 0));
    }

    @Test
    void framedEgnnSeparatesUpFromDownWhereThePlainOneCannot() {
        ShapeSet train = GEN.generate(1, 0, 320), val = GEN.generate(1, 1, 160);
        try (EgnnShapeClassifier framed = small(EgnnShapeClassifier.Breaking.EXTERNAL); EgnnShapeClassifier plain = small(EgnnShapeClassifier.Breaking.NONE)) {
            ShapeTrainer.Result rf = ShapeTrainer.fit(framed, train, val, new ShapeTrainer.Config(200, 32, 3e-3f, false, 4, 1));
            ShapeTrainer.Result rp = ShapeTrainer.fit(plain, train, val, new ShapeTrainer.Config(200, 32, 3e-3f, false, 4, 1));
            System.out.printf("EGNN shape accuracy: framed %.3f, plain %.3f (%.1f / %.1f ms per step)%n", rf.bestValAccuracy(), rp.bestValAccuracy(),
                    rf.msPerStep(), rp.msPerStep());
            assertTrue(rf.bestValAccuracy() > 0.65, "framed (an invariant model reaches at most about 0.5) " + rf.bestValAccuracy());
            assertTrue(rp.bestValAccuracy() < 0.6, "plain " + rp.bestValAccuracy());
            assertEquals(rf.bestValAccuracy(), ShapeTrainer.accuracy(framed, val.rotated(9, true)), 0.02, "framed model is invariant to turning cloud and up");
        }
    }
}
