package org.symkern.pointcloud;

import java.util.SplittableRandom;

/**
 * A batch of variable-size point clouds in CSR form: points (rows x 3), int64 row offsets (count + 1; cloud k is rows
 * offsets[k] .. offsets[k+1]-1), a class label and an "up" reference vector per cloud.
 */
public record ShapeSet(int count, float[] points, long[] offsets, int[] labels, float[] up) {
    public ShapeSet {
        if (offsets.length != count + 1 || labels.length != count || up.length != 3 * count || offsets[0] != 0
                || points.length != 3 * offsets[count])
            throw new IllegalArgumentException("ShapeSet: inconsistent arrays for " + count + " clouds");
    }

    public int size(int k) {
        return (int) (offsets[k + 1] - offsets[k]);
    }

    /** The first n points of every cloud (each cloud must have at least n). */
    public ShapeSet truncated(int n) {
        float[] pts = new float[count * n * 3];
        long[] off = new long[count + 1];
        for (int k = 0; k < count; k++) {
            if (size(k) < n) throw new IllegalArgumentException("ShapeSet: cloud " + k + " has " + size(k) + " points, " + n + " requested");
            System.arraycopy(points, (int) offsets[k] * 3, pts, k * n * 3, n * 3);
            off[k + 1] = off[k] + n;
        }
        return new ShapeSet(count, pts, off, labels, up);
    }

    /** The clouds idx[0], idx[1], ... */
    public ShapeSet subset(int[] idx) {
        long total = 0;
        for (int k : idx) total += size(k);
        float[] pts = new float[(int) total * 3], u = new float[idx.length * 3];
        long[] off = new long[idx.length + 1];
        int[] lab = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            int k = idx[i];
            System.arraycopy(points, (int) offsets[k] * 3, pts, (int) off[i] * 3, size(k) * 3);
            off[i + 1] = off[i] + size(k);
            lab[i] = labels[k];
            System.arraycopy(up, 3 * k, u, 3 * i, 3);
        }
        return new ShapeSet(idx.length, pts, off, lab, u);
    }

    /**
     * Every cloud rotated by its own random rotation about its up vector ({@code anyAxis = false}) or drawn uniformly
     * from SO(3) with the up vector rotated too ({@code anyAxis = true}: the whole system turns).
     */
    public ShapeSet rotated(long seed, boolean anyAxis) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] pts = points.clone(), u = up.clone();
        for (int k = 0; k < count; k++) {
            double[] axis = {up[3 * k], up[3 * k + 1], up[3 * k + 2]};
            double[] r = anyAxis ? Rotations.random(rng) : Rotations.aboutAxis(axis, 2 * Math.PI * rng.nextDouble());
            Rotations.apply(r, pts, (int) offsets[k] * 3, size(k));
            Rotations.apply(r, u, 3 * k, 1);
        }
        return new ShapeSet(count, pts, offsets, labels, u);
    }
}
