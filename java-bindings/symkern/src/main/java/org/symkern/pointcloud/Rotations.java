package org.symkern.pointcloud;

import java.util.SplittableRandom;

/**
 * 3x3 orthogonal matrices (row-major double[9]) and their action on packed 3-vectors, for the symmetry tests and
 * the rotated test sets. A uniformly random rotation is drawn from a uniformly random unit quaternion
 * (four Gaussians, normalised); {@link #aboutAxis} is Rodrigues' formula
 * R = cos t I + sin t [u]_x + (1 - cos t) u u^T.
 */
public final class Rotations {
    private Rotations() {}

    /** A rotation drawn uniformly from SO(3). */
    public static double[] random(SplittableRandom rng) {
        double a = gauss(rng), b = gauss(rng), c = gauss(rng), d = gauss(rng);
        double n = Math.sqrt(a * a + b * b + c * c + d * d);
        a /= n; b /= n; c /= n; d /= n;
        return new double[] {
            a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
            2 * (b * c + a * d), a * a - b * b + c * c - d * d, 2 * (c * d - a * b),
            2 * (b * d - a * c), 2 * (c * d + a * b), a * a - b * b - c * c + d * d};
    }

    /** The rotation by angle t about the unit axis u. */
    public static double[] aboutAxis(double[] u, double t) {
        double c = Math.cos(t), s = Math.sin(t), k = 1 - c;
        double x = u[0], y = u[1], z = u[2];
        return new double[] {
            c + k * x * x, k * x * y - s * z, k * x * z + s * y,
            k * y * x + s * z, c + k * y * y, k * y * z - s * x,
            k * z * x - s * y, k * z * y + s * x, c + k * z * z};
    }

    /** The reflection x -> x - 2 (x.u) u through the plane normal to the unit vector u. */
    public static double[] reflection(double[] u) {
        double[] r = new double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) r[i * 3 + j] = (i == j ? 1 : 0) - 2 * u[i] * u[j];
        return r;
    }

    /** A uniformly random unit vector. */
    public static double[] unitVector(SplittableRandom rng) {
        double[] u = {gauss(rng), gauss(rng), gauss(rng)};
        double n = Math.sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
        for (int i = 0; i < 3; i++) u[i] /= n;
        return u;
    }

    /** Applies R to the 3-vectors v[off + 3k .. off + 3k + 2], k = 0 .. count-1, in place. */
    public static void apply(double[] r, float[] v, int off, int count) {
        for (int k = 0; k < count; k++) {
            int p = off + 3 * k;
            double x = v[p], y = v[p + 1], z = v[p + 2];
            v[p] = (float) (r[0] * x + r[1] * y + r[2] * z);
            v[p + 1] = (float) (r[3] * x + r[4] * y + r[5] * z);
            v[p + 2] = (float) (r[6] * x + r[7] * y + r[8] * z);
        }
    }

    /** A standard normal draw (Box-Muller; one of the pair). */
    public static double gauss(SplittableRandom rng) {
        double u1 = rng.nextDouble(), u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
