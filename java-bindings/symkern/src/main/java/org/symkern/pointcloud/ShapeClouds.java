package org.symkern.pointcloud;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded synthetic point clouds whose classes depend on orientation relative to a fixed "up" direction u = z.
 * Each cloud has n ~ U{64 .. 256} points sampled uniformly by area on one surface, scaled by s ~ U(0.8, 1.2) with
 * aspect jitter, Gaussian noise of std {@code noise} per coordinate, rotated about u by a uniform angle and shifted
 * by a N(0, 0.5^2 I) translation. The classes:
 * <pre>
 *   0 cone, apex up        1 cone, apex down          (lateral surface only: the pair differs only by orientation)
 *   2 bowl, opening up     3 bowl, opening down (dome) (a half sphere shell: likewise)
 *   4 cylinder, axis up    5 cylinder, axis horizontal (open tube)
 *   6 torus, axis up       7 torus, axis horizontal
 * </pre>
 * Rotations about u keep every class; a rotation about another axis maps 0 to 1, 2 to 3, 4 to 5 and 6 to 7 (for
 * half-turns about a horizontal axis, quarter-turns for the last two pairs), so a rotation-invariant classifier
 * cannot separate the pairs, and a classifier that knows u can. Cloud k of split `split` draws from
 * {@code SplittableRandom(mix(seed, split, k))}; its class is k mod 8 (balanced).
 */
public final class ShapeClouds {
    public static final List<String> CLASSES = List.of("cone up", "cone down", "bowl up", "bowl down",
            "cylinder up", "cylinder lying", "torus flat", "torus standing");

    private final int minPoints, maxPoints;
    private final double noise;

    public ShapeClouds(int minPoints, int maxPoints, double noise) {
        if (minPoints < 1 || maxPoints < minPoints || noise < 0)
            throw new IllegalArgumentException("ShapeClouds: bad sizes " + minPoints + ".." + maxPoints + " noise " + noise);
        this.minPoints = minPoints;
        this.maxPoints = maxPoints;
        this.noise = noise;
    }

    /** `count` clouds of split `split`, up vector z. */
    public ShapeSet generate(long seed, int split, int count) {
        int[] sizes = new int[count], labels = new int[count];
        float[][] clouds = new float[count][];
        long total = 0;
        for (int k = 0; k < count; k++) {
            SplittableRandom rng = new SplittableRandom(ChargedNBody.mix(seed, 100 + split, k));
            labels[k] = k % CLASSES.size();
            clouds[k] = cloud(labels[k], rng);
            sizes[k] = clouds[k].length / 3;
            total += sizes[k];
        }
        float[] pts = new float[(int) total * 3];
        long[] off = new long[count + 1];
        for (int k = 0; k < count; k++) {
            System.arraycopy(clouds[k], 0, pts, (int) off[k] * 3, clouds[k].length);
            off[k + 1] = off[k] + sizes[k];
        }
        float[] up = new float[count * 3];
        for (int k = 0; k < count; k++) up[3 * k + 2] = 1f;
        return new ShapeSet(count, pts, off, labels, up);
    }

    float[] cloud(int label, SplittableRandom rng) {
        int n = minPoints + rng.nextInt(maxPoints - minPoints + 1);
        double s = 0.8 + 0.4 * rng.nextDouble(), a = 0.8 + 0.4 * rng.nextDouble();
        float[] p = new float[3 * n];
        for (int i = 0; i < n; i++) {
            double[] q = surface(label, rng, a);
            for (int c = 0; c < 3; c++) p[3 * i + c] = (float) (s * q[c] + noise * Rotations.gauss(rng));
        }
        double[] r = Rotations.aboutAxis(new double[] {0, 0, 1}, 2 * Math.PI * rng.nextDouble());
        Rotations.apply(r, p, 0, n);
        double tx = 0.5 * Rotations.gauss(rng), ty = 0.5 * Rotations.gauss(rng), tz = 0.5 * Rotations.gauss(rng);
        for (int i = 0; i < n; i++) {
            p[3 * i] += (float) tx;
            p[3 * i + 1] += (float) ty;
            p[3 * i + 2] += (float) tz;
        }
        return p;
    }

    /** One point on the class's surface (before scale, noise and the rotation about u); a = aspect jitter. */
    static double[] surface(int label, SplittableRandom rng, double a) {
        double t = 2 * Math.PI * rng.nextDouble();
        switch (label) {
            case 0, 1 -> {                                   // cone: radius 1 at the base, height 1.5 a
                double h = 1.5 * a, u = Math.sqrt(rng.nextDouble());   // area density grows with the radius
                double z = h / 2 - u * h;                    // apex at +h/2
                double[] p = {u * Math.cos(t), u * Math.sin(t), z};
                if (label == 1) p[2] = -p[2];
                return p;
            }
            case 2, 3 -> {                                   // lower half sphere shell, radius 1, flattened by a
                double z = -rng.nextDouble(), r = Math.sqrt(1 - z * z);   // uniform z is uniform area on a sphere
                double[] p = {r * Math.cos(t), r * Math.sin(t), a * z + 0.5 * a};
                if (label == 3) p[2] = -p[2];
                return p;
            }
            case 4, 5 -> {                                   // open cylinder radius 0.6, height 1.6 a
                double[] p = {0.6 * Math.cos(t), 0.6 * Math.sin(t), 1.6 * a * (rng.nextDouble() - 0.5)};
                return label == 4 ? p : new double[] {p[2], p[1], p[0]};
            }
            case 6, 7 -> {                                   // torus R = 0.8, r = 0.3 a (rejection for uniform area)
                double big = 0.8, small = 0.3 * a, phi;
                do phi = 2 * Math.PI * rng.nextDouble(); while (rng.nextDouble() * (big + small) > big + small * Math.cos(phi));
                double rr = big + small * Math.cos(phi);
                double[] p = {rr * Math.cos(t), rr * Math.sin(t), small * Math.sin(phi)};
                return label == 6 ? p : new double[] {p[2], p[1], p[0]};
            }
            default -> throw new IllegalArgumentException("ShapeClouds: no class " + label);
        }
    }
}
