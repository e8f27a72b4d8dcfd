package org.symkern.data;

import java.util.SplittableRandom;

/**
 * Images rotated by seeded random angles (bilinear, zero fill; see {@link Rotation}), with the angle of
 * every image kept. Image i of the result is image i of the source, so index splits of the source apply
 * unchanged.
 */
public final class RotatedImages {
    /** The rotated images; labels as in the source. */
    public final ImageDataset data;
    /** degrees[i]: the angle image i was rotated by (counter-clockwise as displayed). */
    public final double[] degrees;

    RotatedImages(ImageDataset data, double[] degrees) {
        this.data = data;
        this.degrees = degrees;
    }

    /** Every image at an angle drawn uniformly from [0, 360) by a generator seeded with `seed`. */
    public static RotatedImages uniform(ImageDataset source, long seed) {
        return of(source, uniformAngles(source.count, seed));
    }

    /** Every image at an angle drawn uniformly from [-limit, +limit] degrees (e.g. 15 for the TR% protocol). */
    public static RotatedImages within(ImageDataset source, double limitDegrees, long seed) {
        return of(source, anglesWithin(source.count, limitDegrees, seed));
    }

    /** Images rotated by the given angles. */
    public static RotatedImages of(ImageDataset source, double[] degrees) {
        return new RotatedImages(Rotation.rotate(source, degrees), degrees.clone());
    }

    /** n angles uniform in [0, 360), seeded. */
    public static double[] uniformAngles(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = 360.0 * r.nextDouble();
        return a;
    }

    /** n angles uniform in [-limit, +limit], seeded. */
    public static double[] anglesWithin(int n, double limitDegrees, long seed) {
        if (!(limitDegrees >= 0 && limitDegrees <= 180)) throw new IllegalArgumentException("angle limit " + limitDegrees + " is outside [0, 180]");
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = limitDegrees * (2.0 * r.nextDouble() - 1.0);
        return a;
    }
}
