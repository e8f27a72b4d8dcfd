package org.symkern.tensor;

import java.util.SplittableRandom;

/** Small deterministic inputs for tests. */
public final class Fixtures {
    private Fixtures() {}

    public static float[] randn(long seed, int n, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double u1 = r.nextDouble(), u2 = r.nextDouble();
            out[i] = (float) (scale * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
        }
        return out;
    }

    /** A float32 CPU tensor of N(0, scale^2) values in the current scope. */
    public static Tensor randn(long seed, double scale, long... dims) {
        Shape s = Shape.of(dims);
        return Tensor.of(randn(seed, Math.toIntExact(s.numel()), scale), s, Device.CPU);
    }

    /** Values in +-[lo, hi], away from zero (for ops with a kink at 0). */
    public static float[] awayFromZero(long seed, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) ((lo + (hi - lo) * r.nextDouble()) * (r.nextBoolean() ? 1 : -1));
        return out;
    }

    public static void assertClose(double[] expected, float[] actual, double atol, double rtol) {
        if (expected.length != actual.length)
            throw new AssertionError("length " + actual.length + " != expected " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]);
            if (err > atol + rtol * Math.abs(expected[i]))
                throw new AssertionError("element " + i + ": expected " + expected[i] + " got " + actual[i] + " (err " + err + ")");
        }
    }
}
