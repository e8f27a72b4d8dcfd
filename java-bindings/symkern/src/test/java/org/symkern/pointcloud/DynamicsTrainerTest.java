package org.symkern.pointcloud;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.symkern.tensor.Device;

/**
 * A tiny EGNN training run learns the dynamics beyond constant-velocity extrapolation and the fitted linear model; the
 * cosine schedule is lr (1 + cos(pi t / T)) / 2.
 */
class DynamicsTrainerTest {
    @Test
    void tinyEgnnBeatsConstantVelocityAndLinearBaselines() {
        ChargedNBody sim = new ChargedNBody(ChargedNBody.Config.benchmark());
        NBodySet train = sim.generate(1, 0, 300), val = sim.generate(1, 1, 200);
        double constant = new LinearDynamics(1.0).mse(val), linear = LinearDynamics.fit(train).mse(val);
        try (EgnnDynamics m = new EgnnDynamics(new EgnnDynamics.Options(32, 2, false, false, 0), Device.CPU, 1)) {
            DynamicsTrainer.Result r = DynamicsTrainer.fit(m, train, val, new DynamicsTrainer.Config(300, 50, 2e-3f, 1e-12f, false, 5, 1), null);
            System.out.printf("constant velocity %.4f, linear %.4f, tiny EGNN %.4f (first loss %.4f, %.1f ms/step)%n", constant, linear,
                    r.bestValMse(), r.firstLoss(), r.msPerStep());
            assertTrue(r.bestValMse() < linear && r.bestValMse() < constant, "EGNN " + r.bestValMse() + " vs linear " + linear);
            assertEquals(r.bestValMse(), DynamicsTrainer.mse(m, val), 1e-6, "the best parameters are restored");
        }
    }

    @Test
    void cosineScheduleFallsFromLrToZeroAndConstantScheduleStays() {
        DynamicsTrainer.Config cos = new DynamicsTrainer.Config(1000, 100, 2e-3f, 0f, false, 10, 1, true);
        DynamicsTrainer.Config flat = new DynamicsTrainer.Config(1000, 100, 2e-3f, 0f, false, 10, 1);
        assertEquals(2e-3f, cos.lrAt(0), 1e-9f);
        assertEquals(1e-3f, cos.lrAt(500), 1e-9f);
        assertEquals(2e-3 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), cos.lrAt(250), 1e-9);
        for (int t = 1; t < 1000; t++) assertTrue(cos.lrAt(t) < cos.lrAt(t - 1) && cos.lrAt(t) > 0, "step " + t);
        for (int t : new int[] {0, 500, 999}) assertEquals(2e-3f, flat.lrAt(t));
    }
}
