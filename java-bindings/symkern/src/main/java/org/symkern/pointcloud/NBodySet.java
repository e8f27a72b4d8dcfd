package org.symkern.pointcloud;

import java.util.SplittableRandom;

/**
 * A set of N-body data points as flat float arrays (sample-major): positions x and velocities v at the input time,
 * charges q, the external field vector e (zero without a field), the target positions, and the true path of
 * positions at every recorded sample from input to target ({@code pathLength} frames), for drawing. A mini-batch is
 * a {@link #subset} of a set.
 *
 * <pre>
 *   x, v, target : count x n x 3      q : count x n      field : count x 3      path : count x pathLength x n x 3
 * </pre>
 */
public record NBodySet(int count, int n, float[] x, float[] v, float[] q, float[] field, float[] target, float[] path,
                       int pathLength) {
    public NBodySet {
        int p = count * n * 3;
        if (x.length != p || v.length != p || target.length != p || q.length != count * n || field.length != count * 3
                || (path != null && path.length != count * pathLength * n * 3))
            throw new IllegalArgumentException("NBodySet: inconsistent array sizes for " + count + " samples of " + n + " particles");
    }

    /** The samples idx[0], idx[1], ... in that order. */
    public NBodySet subset(int[] idx) {
        int p = 3 * n, l = pathLength * p;
        float[] xs = new float[idx.length * p], vs = new float[idx.length * p], ts = new float[idx.length * p];
        float[] qs = new float[idx.length * n], es = new float[idx.length * 3], ps = path == null ? null : new float[idx.length * l];
        for (int k = 0; k < idx.length; k++) {
            int s = idx[k];
            if (s < 0 || s >= count) throw new IndexOutOfBoundsException("NBodySet.subset: sample " + s + " of " + count);
            System.arraycopy(x, s * p, xs, k * p, p);
            System.arraycopy(v, s * p, vs, k * p, p);
            System.arraycopy(target, s * p, ts, k * p, p);
            System.arraycopy(q, s * n, qs, k * n, n);
            System.arraycopy(field, s * 3, es, k * 3, 3);
            if (ps != null) System.arraycopy(path, s * l, ps, k * l, l);
        }
        return new NBodySet(idx.length, n, xs, vs, qs, es, ts, ps, pathLength);
    }

    /** The first k samples. */
    public NBodySet first(int k) {
        int[] idx = new int[Math.min(k, count)];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        return subset(idx);
    }

    /**
     * The whole system of every sample transformed by x -> R x + t (R orthogonal, row-major): positions, targets
     * and paths by R x + t, velocities and the field by R v. rot[s] is the matrix of sample s (one matrix for all
     * when rot has length 1); t may be null.
     */
    public NBodySet transformed(double[][] rot, double[] t) {
        float[] xs = x.clone(), vs = v.clone(), ts = target.clone(), es = field.clone(), ps = path == null ? null : path.clone();
        int p = 3 * n;
        for (int s = 0; s < count; s++) {
            double[] r = rot[rot.length == 1 ? 0 : s];
            Rotations.apply(r, xs, s * p, n);
            Rotations.apply(r, vs, s * p, n);
            Rotations.apply(r, ts, s * p, n);
            Rotations.apply(r, es, s * 3, 1);
            if (ps != null) Rotations.apply(r, ps, s * pathLength * p, pathLength * n);
        }
        if (t != null) {
            for (float[] a : new float[][] {xs, ts, ps}) {
                if (a == null) continue;
                for (int k = 0; k < a.length; k++) a[k] += (float) t[k % 3];
            }
        }
        return new NBodySet(count, n, xs, vs, q, es, ts, ps, pathLength);
    }

    /** Every sample's whole system (field included) rotated by its own uniformly random rotation. */
    public NBodySet randomlyRotated(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] rot = new double[count][];
        for (int s = 0; s < count; s++) rot[s] = Rotations.random(rng);
        return transformed(rot, null);
    }

    /** The particles of every sample reordered: particle i of the result is particle perm[i] of this set. */
    public NBodySet permuted(int[] perm) {
        if (perm.length != n) throw new IllegalArgumentException("NBodySet.permuted: permutation of " + perm.length + " for " + n + " particles");
        float[] xs = new float[x.length], vs = new float[v.length], ts = new float[target.length], qs = new float[q.length];
        float[] ps = path == null ? null : new float[path.length];
        for (int s = 0; s < count; s++)
            for (int i = 0; i < n; i++) {
                int src = s * n + perm[i], dst = s * n + i;
                System.arraycopy(x, 3 * src, xs, 3 * dst, 3);
                System.arraycopy(v, 3 * src, vs, 3 * dst, 3);
                System.arraycopy(target, 3 * src, ts, 3 * dst, 3);
                qs[dst] = q[src];
                if (ps != null)
                    for (int f = 0; f < pathLength; f++)
                        System.arraycopy(path, ((s * pathLength + f) * n + perm[i]) * 3, ps, ((s * pathLength + f) * n + i) * 3, 3);
            }
        return new NBodySet(count, n, xs, vs, qs, field, ts, ps, pathLength);
    }

    /** The field replaced by the same vector e for every sample (the held-fixed reference of the tests). */
    public NBodySet withField(double[] e) {
        float[] es = new float[count * 3];
        for (int k = 0; k < es.length; k++) es[k] = (float) e[k % 3];
        return new NBodySet(count, n, x, v, q, es, target, path, pathLength);
    }
}
