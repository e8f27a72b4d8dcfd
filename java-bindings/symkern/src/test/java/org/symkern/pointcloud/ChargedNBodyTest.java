package org.symkern.pointcloud;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The float64 integrator conserves energy, and the generated data is a function of (seed, split, index) only. */
class ChargedNBodyTest {
    @Test
    void energyDriftOfUnclippedTrajectoriesIsBounded() {
        for (ChargedNBody.Field mode : ChargedNBody.Field.values()) {
            ChargedNBody sim = new ChargedNBody(ChargedNBody.Config.benchmark().withField(mode, 0.25));
            double worst = 0;
            int checked = 0;
            for (int k = 0; k < 40 && checked < 12; k++) {
                ChargedNBody.Initial init = sim.initial(5, 0, k);
                ChargedNBody.Trajectory tr = sim.simulate(init, 40);
                if (tr.clipped()) continue;
                checked++;
                int p = 3 * init.q().length;
                /* sample 0 holds the initial (synchronised) velocity; later samples the staggered one */
                double h0 = sim.energy(init.x(), init.v(), init.q(), init.field());
                for (int s = 1; s <= 40; s++) {
                    double[] x = slice(tr.x(), s, p);
                    double e = sim.energy(x, sim.synchronise(x, slice(tr.v(), s, p), init.q(), init.field()), init.q(), init.field());
                    worst = Math.max(worst, Math.abs(e - h0) / Math.max(1.0, Math.abs(h0)));
                }
            }
            System.out.printf("ChargedNBody %s: %d unclipped trajectories, worst relative energy drift over 4,000 steps %.3g%n", mode, checked, worst);
            assertTrue(checked >= 8, "too few unclipped trajectories: " + checked);
            assertTrue(worst < 2e-3, mode + ": energy drift " + worst);
        }
    }

    static double[] slice(double[] a, int sample, int width) {
        double[] out = new double[width];
        System.arraycopy(a, sample * width, out, 0, width);
        return out;
    }

    @Test
    void dataIsAFunctionOfSeedSplitAndIndex() {
        ChargedNBody sim = new ChargedNBody(ChargedNBody.Config.benchmark());
        NBodySet a = sim.generate(7, 0, 6), b = sim.generate(7, 0, 6), c = sim.generate(7, 0, 3), d = sim.generate(8, 0, 6),
                e = sim.generate(7, 1, 6);
        assertArrayEquals(a.x(), b.x());
        assertArrayEquals(a.target(), b.target());
        assertArrayEquals(a.first(3).target(), c.target());
        assertArrayEquals(a.first(3).v(), c.v());
        assertFalse(java.util.Arrays.equals(a.x(), d.x()), "another seed gives other data");
        assertFalse(java.util.Arrays.equals(a.x(), e.x()), "another split gives other data");
        /* charges are +-1, velocities at the start have norm 0.5, the system moved between input and target */
        for (float q : a.q()) assertEquals(1f, Math.abs(q));
        ChargedNBody.Initial init = sim.initial(7, 0, 0);
        for (int i = 0; i < 5; i++)
            assertEquals(0.5, Math.sqrt(init.v()[3 * i] * init.v()[3 * i] + init.v()[3 * i + 1] * init.v()[3 * i + 1] + init.v()[3 * i + 2] * init.v()[3 * i + 2]), 1e-12);
        assertTrue(DynamicsTrainer.mse(a.x(), a.target()) > 1e-2);
        /* the path runs from the input (sample 30) to the target (sample 40) */
        int p = 15;
        for (int k = 0; k < p; k++) {
            assertEquals(a.x()[k], a.path()[k]);
            assertEquals(a.target()[k], a.path()[10 * p + k]);
        }
    }

    @Test
    void fieldModesSetTheFieldVector() {
        ChargedNBody fixed = new ChargedNBody(ChargedNBody.Config.benchmark().withField(ChargedNBody.Field.FIXED, 0.25));
        ChargedNBody random = new ChargedNBody(ChargedNBody.Config.benchmark().withField(ChargedNBody.Field.RANDOM, 0.25));
        NBodySet f = fixed.generate(1, 0, 4), r = random.generate(1, 0, 4);
        for (int s = 0; s < 4; s++) {
            assertArrayEquals(new float[] {0, 0, 0.25f}, java.util.Arrays.copyOfRange(f.field(), 3 * s, 3 * s + 3));
            double n = Math.sqrt(r.field()[3 * s] * r.field()[3 * s] + r.field()[3 * s + 1] * r.field()[3 * s + 1] + r.field()[3 * s + 2] * r.field()[3 * s + 2]);
            assertEquals(0.25, n, 1e-6);
        }
        assertNotEquals(r.field()[0], r.field()[3]);
    }

    @Test
    void badConfigIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChargedNBody.Config(1, 0.001, 100, 30, 40, 100, ChargedNBody.Field.NONE, 0));
        assertEquals("ChargedNBody: need at least 2 particles, got 1", e.getMessage());
    }
}
