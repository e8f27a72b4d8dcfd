package org.symkern.explain.metrics;

/**
 * The pointing game (Zhang et al., ECCV 2016 / IJCV 2018): an explanation map scores a hit when its
 * highest-attribution location p* = argmax_p e(p) (the first in row-major order among ties) lies in the
 * ground-truth region R, or within `tolerance` (Euclidean distance in pixels or samples) of a location of R:
 * <pre>
 *   hit(e, R) = [ min_{r in R} ||p* - r|| &lt;= tolerance ]          accuracy = hits / total
 * </pre>
 * Maps and regions are row-major arrays over the same spatial grid (dims (H, W) or (L)).
 */
public final class PointingGame {
    private PointingGame() {}

    /** Whether map's maximum lies within `tolerance` of the region (a map of NaNs or an empty region is an error). */
    public static boolean hit(float[] map, long[] dims, boolean[] region, double tolerance) {
        long n = 1;
        for (long d : dims) n *= d;
        if (map.length != n || region.length != n)
            throw new IllegalArgumentException("PointingGame: map (" + map.length + ") and region (" + region.length
                    + ") must both have " + n + " entries for dims " + java.util.Arrays.toString(dims));
        if (!(tolerance >= 0)) throw new IllegalArgumentException("PointingGame: tolerance must be >= 0, got " + tolerance);
        int best = -1;
        for (int i = 0; i < map.length; i++) if (!Float.isNaN(map[i]) && (best < 0 || map[i] > map[best])) best = i;
        if (best < 0) throw new IllegalArgumentException("PointingGame: the map has no finite value");
        boolean any = false;
        long[] pb = coords(best, dims), pr;
        for (int i = 0; i < region.length; i++) {
            if (!region[i]) continue;
            any = true;
            pr = coords(i, dims);
            double d2 = 0;
            for (int k = 0; k < dims.length; k++) d2 += (double) (pb[k] - pr[k]) * (pb[k] - pr[k]);
            if (d2 <= tolerance * tolerance) return true;
        }
        if (!any) throw new IllegalArgumentException("PointingGame: the ground-truth region is empty");
        return false;
    }

    /** hits / total over the given outcomes. */
    public static double accuracy(boolean[] hits) {
        if (hits.length == 0) throw new IllegalArgumentException("PointingGame: no outcomes");
        int h = 0;
        for (boolean b : hits) if (b) h++;
        return (double) h / hits.length;
    }

    private static long[] coords(long i, long[] dims) {
        long[] c = new long[dims.length];
        for (int k = dims.length - 1; k >= 0; k--) {
            c[k] = i % dims[k];
            i /= dims[k];
        }
        return c;
    }
}
