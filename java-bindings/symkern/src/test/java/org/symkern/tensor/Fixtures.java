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

    /**
     * Like {@link #assertClose} with the tolerance of a long float32 sum: |e_i - a_i| <= atol + rtol |e_i| +
     * scaleTol max_j |e_j|. A gradient that sums n terms of size ~s carries rounding errors ~ eps s sqrt(n) in
     * every element, including the elements that cancel to near zero, where a purely relative bound fails.
     */
    public static void assertCloseToScale(String what, double[] expected, float[] actual, double atol, double rtol,
                                          double scaleTol) {
        if (expected.length != actual.length)
            throw new AssertionError(what + ": length " + actual.length + " != expected " + expected.length);
        double scale = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]);
            if (!(err <= atol + rtol * Math.abs(expected[i]) + scaleTol * scale))
                throw new AssertionError(what + " element " + i + ": expected " + expected[i] + " got " + actual[i]
                        + " (err " + err + ", largest |expected| " + scale + ")");
        }
    }
}
