package org.symkern.pointcloud;

import java.util.SplittableRandom;

/**
 * The charged N-body simulation of the EGNN N-body benchmark (Satorras, Hoogeboom &amp; Welling 2021, section 5.1,
 * after Kipf et al. 2018), in double precision, optionally in a uniform external field E:
 * <pre>
 *   q_i = +1 or -1 (probability 1/2 each),  x_i(0) ~ N(0, I_3),  v_i(0) = 0.5 u_i, u_i uniform on the unit sphere
 *   F_i = sum_{j != i} q_i q_j (x_i - x_j) / |x_i - x_j|^3  +  q_i E,   every component clipped to [-clip, clip]
 *   start:      v += (dt/2) F(x)                                (the initial half step)
 *   each step:  x += dt v;  F = F(x);  v += dt F                  (position, then force, then velocity)
 * </pre>
 * with dt = 0.001, no box. The state after step s is "sample s / sampleEvery"; a data point is the positions and
 * velocities at sample {@code inputSample} (30, i.e. step 3,000) and the positions at {@code targetSample} (40,
 * step 4,000). The recorded velocity is the leapfrog's (staggered) velocity after the last kick, as in the reference
 * simulator. The energy is conserved by the unclipped dynamics:
 * <pre>
 *   H = sum_i |v_i|^2 / 2 + sum_{i &lt; j} q_i q_j / |x_i - x_j| - sum_i q_i E . x_i
 * </pre>
 * (the kinetic term with the velocity synchronised to the positions, v - (dt/2) F).
 *
 * <p>Field modes: {@link Field#NONE} (the benchmark, E(3)-symmetric), {@link Field#FIXED} (E = strength * z for
 * every trajectory: only rotations about z and translations remain symmetries) and {@link Field#RANDOM} (a uniformly
 * random direction per trajectory, recorded with the sample: the task is E(3)-equivariant if E rotates with the
 * system). Each trajectory draws from its own stream, {@code SplittableRandom(mix(seed, split, index))}, so a
 * sample depends only on (seed, split, index), not on the split sizes.
 */
public final class ChargedNBody {
    /** How the external field is chosen. */
    public enum Field { NONE, FIXED, RANDOM }

    /** Simulation settings; {@link #benchmark()} gives the published ones. */
    public record Config(int particles, double dt, int sampleEvery, int inputSample, int targetSample, double clip,
                         Field field, double fieldStrength) {
        public Config {
            if (particles < 2) throw new IllegalArgumentException("ChargedNBody: need at least 2 particles, got " + particles);
            if (!(dt > 0) || sampleEvery < 1 || inputSample < 0 || targetSample <= inputSample || !(clip > 0))
                throw new IllegalArgumentException("ChargedNBody: bad config " + particles + " particles, dt " + dt + ", every "
                        + sampleEvery + ", samples " + inputSample + " -> " + targetSample + ", clip " + clip);
        }

        /** 5 particles, dt 0.001, every 100 steps, sample 30 -> 40, clip 100, no field. */
        public static Config benchmark() {
            return new Config(5, 0.001, 100, 30, 40, 100.0, Field.NONE, 0.0);
        }

        public Config withField(Field mode, double strength) {
            return new Config(particles, dt, sampleEvery, inputSample, targetSample, clip, mode, strength);
        }
    }

    private final Config cfg;

    public ChargedNBody(Config cfg) {
        this.cfg = cfg;
    }

    public Config config() {
        return cfg;
    }

    /** One trajectory's initial state (double precision). */
    public record Initial(double[] x, double[] v, double[] q, double[] field) {}

    /** The initial state of trajectory `index` of `split` under `seed`. */
    public Initial initial(long seed, int split, int index) {
        SplittableRandom rng = new SplittableRandom(mix(seed, split, index));
        int n = cfg.particles();
        double[] x = new double[3 * n], v = new double[3 * n], q = new double[n];
        for (int i = 0; i < 3 * n; i++) x[i] = Rotations.gauss(rng);
        for (int i = 0; i < n; i++) {
            double[] u = Rotations.unitVector(rng);
            for (int c = 0; c < 3; c++) v[3 * i + c] = 0.5 * u[c];
        }
        for (int i = 0; i < n; i++) q[i] = rng.nextBoolean() ? 1.0 : -1.0;
        double[] e = new double[3];
        switch (cfg.field()) {
            case NONE -> {}
            case FIXED -> e[2] = cfg.fieldStrength();
            case RANDOM -> {
                double[] u = Rotations.unitVector(rng);
                for (int c = 0; c < 3; c++) e[c] = cfg.fieldStrength() * u[c];
            }
        }
        return new Initial(x, v, q, e);
    }

    /**
     * Integrates `init` and returns the positions and velocities at samples 0 .. last (each (last+1) x 3n, flat),
     * plus whether any force component hit the clip.
     */
    public Trajectory simulate(Initial init, int lastSample) {
        int n = cfg.particles();
        double[] x = init.x().clone(), v = init.v().clone(), f = new double[3 * n];
        double[] xs = new double[(lastSample + 1) * 3 * n], vs = new double[(lastSample + 1) * 3 * n];
        boolean clipped = forces(x, init.q(), init.field(), f);
        System.arraycopy(x, 0, xs, 0, 3 * n);
        System.arraycopy(v, 0, vs, 0, 3 * n);
        double dt = cfg.dt();
        for (int k = 0; k < 3 * n; k++) v[k] += 0.5 * dt * f[k];
        long steps = (long) lastSample * cfg.sampleEvery();
        for (long s = 1; s <= steps; s++) {
            for (int k = 0; k < 3 * n; k++) x[k] += dt * v[k];
            clipped |= forces(x, init.q(), init.field(), f);
            for (int k = 0; k < 3 * n; k++) v[k] += dt * f[k];
            if (s % cfg.sampleEvery() == 0) {
                int at = (int) (s / cfg.sampleEvery()) * 3 * n;
                System.arraycopy(x, 0, xs, at, 3 * n);
                System.arraycopy(v, 0, vs, at, 3 * n);
            }
        }
        return new Trajectory(xs, vs, clipped);
    }

    /** Sampled positions and velocities (samples x 3n, flat) and whether the force clip was ever active. */
    public record Trajectory(double[] x, double[] v, boolean clipped) {}

    /** F = clipped Coulomb + field forces at positions x; returns whether a component was clipped. */
    boolean forces(double[] x, double[] q, double[] e, double[] f) {
        int n = q.length;
        for (int i = 0; i < n; i++) {
            f[3 * i] = q[i] * e[0];
            f[3 * i + 1] = q[i] * e[1];
            f[3 * i + 2] = q[i] * e[2];
        }
        /* each pair once: the Coulomb term is antisymmetric in (i, j) */
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                double dx = x[3 * i] - x[3 * j], dy = x[3 * i + 1] - x[3 * j + 1], dz = x[3 * i + 2] - x[3 * j + 2];
                double r2 = dx * dx + dy * dy + dz * dz, s = q[i] * q[j] / (r2 * Math.sqrt(r2));
                f[3 * i] += s * dx;
                f[3 * i + 1] += s * dy;
                f[3 * i + 2] += s * dz;
                f[3 * j] -= s * dx;
                f[3 * j + 1] -= s * dy;
                f[3 * j + 2] -= s * dz;
            }
        boolean clipped = false;
        double c = cfg.clip();
        for (int k = 0; k < 3 * n; k++) {
            if (Math.abs(f[k]) > c) {
                clipped = true;
                f[k] = Math.copySign(c, f[k]);
            }
        }
        return clipped;
    }

    /** H at positions x with the velocity v synchronised to them. */
    public double energy(double[] x, double[] v, double[] q, double[] e) {
        int n = q.length;
        double h = 0;
        for (double vk : v) h += 0.5 * vk * vk;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = x[3 * i] - x[3 * j], dy = x[3 * i + 1] - x[3 * j + 1], dz = x[3 * i + 2] - x[3 * j + 2];
                h += q[i] * q[j] / Math.sqrt(dx * dx + dy * dy + dz * dz);
            }
            h -= q[i] * (e[0] * x[3 * i] + e[1] * x[3 * i + 1] + e[2] * x[3 * i + 2]);
        }
        return h;
    }

    /** The leapfrog's staggered velocity (after a full kick at x) synchronised to x: v - (dt/2) F(x). */
    public double[] synchronise(double[] x, double[] vStaggered, double[] q, double[] e) {
        double[] f = new double[x.length], v = vStaggered.clone();
        forces(x, q, e, f);
        for (int k = 0; k < v.length; k++) v[k] -= 0.5 * cfg.dt() * f[k];
        return v;
    }

    /**
     * `count` data points of `split` (0 train, 1 validation, 2 test, or any other stream id): inputs at
     * {@code inputSample}, targets at {@code targetSample}, and the true path between them (every sample) for drawing.
     */
    public NBodySet generate(long seed, int split, int count) {
        if (count < 0) throw new IllegalArgumentException("ChargedNBody.generate: negative count " + count);
        int n = cfg.particles(), in = cfg.inputSample(), out = cfg.targetSample(), len = out - in + 1;
        float[] x = new float[count * 3 * n], v = new float[count * 3 * n], t = new float[count * 3 * n];
        float[] q = new float[count * n], e = new float[count * 3], path = new float[count * len * 3 * n];
        for (int s = 0; s < count; s++) {
            Initial init = initial(seed, split, s);
            Trajectory tr = simulate(init, out);
            for (int k = 0; k < 3 * n; k++) {
                x[s * 3 * n + k] = (float) tr.x()[in * 3 * n + k];
                v[s * 3 * n + k] = (float) tr.v()[in * 3 * n + k];
                t[s * 3 * n + k] = (float) tr.x()[out * 3 * n + k];
            }
            for (int k = 0; k < len * 3 * n; k++) path[s * len * 3 * n + k] = (float) tr.x()[in * 3 * n + k];
            for (int i = 0; i < n; i++) q[s * n + i] = (float) init.q()[i];
            for (int c = 0; c < 3; c++) e[s * 3 + c] = (float) init.field()[c];
        }
        return new NBodySet(count, n, x, v, q, e, t, path, len);
    }

    /** The stream seed of one trajectory (SplitMix64 finaliser of the three ids). */
    static long mix(long seed, int split, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + split * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
