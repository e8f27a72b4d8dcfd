package org.symkern.pointcloud;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;

/**
 * E(3) x S_n equivariance of the N-body models: f(P(Q x + t), P Q v, P q, Q e) = P(Q f(x, v, q, e) + t) for the plain
 * EGNN and Radial Field (to float32 rounding), the externally broken EGNN only when its reference vector e turns with
 * the system, the internally broken EGNN not at all, by an amount that grows with its breaking weight.
 */
class DynamicsEquivarianceTest {
    static final double[] T = {0.7, -1.3, 2.1};
    static final int[] PERM = {3, 0, 4, 1, 2};

    static NBodySet data() {
        return new ChargedNBody(ChargedNBody.Config.benchmark().withField(ChargedNBody.Field.RANDOM, 0.25)).generate(3, 2, 6);
    }

    /** max |f(g x) - g f(x)| / max |f(x)| for g = (Q, t, P). */
    static double error(DynamicsModel m, NBodySet d, double[] q, double[] t, boolean turnField) {
        try (Scope s = Scope.open()) {
            float[] ref = DynamicsTrainer.predict(m, d);
            NBodySet g = d.transformed(new double[][] {q}, t).permuted(PERM);
            if (!turnField) g = new NBodySet(g.count(), g.n(), g.x(), g.v(), g.q(), d.field(), g.target(), g.path(), g.pathLength());
            float[] out = DynamicsTrainer.predict(m, g);
            /* expected: the reference prediction transformed and permuted, via a set whose target is the prediction */
            NBodySet refSet = new NBodySet(d.count(), d.n(), d.x(), d.v(), d.q(), d.field(), ref, null, 0);
            float[] want = refSet.transformed(new double[][] {q}, t).permuted(PERM).target();
            double err = 0, scale = 0;
            for (int k = 0; k < out.length; k++) {
                err = Math.max(err, Math.abs(out[k] - want[k]));
                scale = Math.max(scale, Math.abs(want[k]));
            }
            return err / scale;
        }
    }

    static double[][] transforms() {
        SplittableRandom rng = new SplittableRandom(11);
        double[] rot = Rotations.random(rng), refl = Rotations.reflection(Rotations.unitVector(rng));
        return new double[][] {rot, refl, {1, 0, 0, 0, 1, 0, 0, 0, 1}};
    }

    @Test
    void plainEgnnAndRadialFieldAreE3AndPermutationEquivariant() {
        NBodySet d = data();
        try (EgnnDynamics egnn = new EgnnDynamics(EgnnDynamics.Options.benchmark().withCharges(true), Device.CPU, 1);
             RadialField rf = new RadialField(16, 4, Device.CPU, 2)) {
            for (double[] q : transforms()) {
                double e1 = error(egnn, d, q, T, false), e2 = error(rf, d, q, T, false);
                System.out.printf("plain EGNN %.3g, Radial Field %.3g (det %.0f)%n", e1, e2, det(q));
                assertTrue(e1 < 1e-5, "EGNN equivariance error " + e1);
                assertTrue(e2 < 1e-5, "Radial Field equivariance error " + e2);
            }
        }
    }

    @Test
    void externalBreakingIsEquivariantOnlyWhenTheReferenceTurnsWithTheSystem() {
        NBodySet d = data();
        try (EgnnDynamics m = new EgnnDynamics(EgnnDynamics.Options.benchmark().withCharges(true).withExternal(true), Device.CPU, 4)) {
            double[][] ts = transforms();
            for (int i = 0; i < 2; i++) {
                double turned = error(m, d, ts[i], T, true), fixed = error(m, d, ts[i], T, false);
                System.out.printf("external EGNN: reference turned %.3g, held fixed %.3g%n", turned, fixed);
                assertTrue(turned < 1e-5, "with the reference turned: " + turned);
                assertTrue(fixed > 1e-3, "with the reference held fixed: " + fixed);
            }
            /* translations and permutations alone leave e unchanged: still equivariant */
            assertTrue(error(m, d, ts[2], T, false) < 1e-5);
        }
    }

    @Test
    void internalBreakingErrorGrowsWithTheBreakingWeight() {
        NBodySet d = data();
        double[] rot = transforms()[0];
        double previous = 0;
        try (EgnnDynamics plain = new EgnnDynamics(EgnnDynamics.Options.benchmark().withCharges(true).withInternal(0), Device.CPU, 5)) {
            assertTrue(error(plain, d, rot, T, true) < 1e-5, "weight 0 is the plain model");
        }
        for (double alpha : new double[] {0.01, 0.1, 1.0}) {
            try (EgnnDynamics m = new EgnnDynamics(EgnnDynamics.Options.benchmark().withCharges(true).withInternal(alpha), Device.CPU, 5)) {
                double e = error(m, d, rot, T, true);
                System.out.printf("internal EGNN, weight %.2f: equivariance error %.3g%n", alpha, e);
                assertTrue(e > 1e-5, "weight " + alpha + " must break the symmetry measurably: " + e);
                assertTrue(e > 2 * previous, "error must grow with the weight: " + e + " after " + previous);
                previous = e;
            }
        }
    }

    @Test
    void gnnIsPermutationButNotRotationEquivariant() {
        NBodySet d = data();
        try (GnnDynamics m = new GnnDynamics(32, 2, true, true, Device.CPU, 3)) {
            assertTrue(error(m, d, transforms()[2], new double[3], true) < 1e-5);
            assertTrue(error(m, d, transforms()[0], T, true) > 1e-3);
        }
    }

    static double det(double[] m) {
        return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }
}
