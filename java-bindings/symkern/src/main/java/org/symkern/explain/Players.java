package org.symkern.explain;

import java.util.Arrays;

/**
 * How the elements of one input sample (shape (C, *space), without the batch axis) are grouped into players:
 * assignment[e] = the player of element e (row-major), or -1 for an element that is never masked. All channels of
 * a location belong to the same player.
 * <ul>
 *   <li>{@link #superpixels(int)}: square patches of s x s pixels over (H, W) (edge patches are smaller):
 *       M = ceil(H / s) ceil(W / s);</li>
 *   <li>{@link #windows(int)}: windows of w samples of a signal (C, L): M = ceil(L / w);</li>
 *   <li>{@link #features()}: every element its own player (M = numel);</li>
 *   <li>{@link #of(int[])}: an explicit assignment (for instance graph nodes over a (N, F) feature matrix).</li>
 * </ul>
 */
public interface Players {
    /** The assignment for a sample of shape `sample` (C, *space); throws when the grouping does not apply. */
    int[] assign(long[] sample);

    /** A short description ("superpixels 4x4"). */
    String describe();

    /** The number of players of an assignment: 1 + its largest entry. */
    static int count(int[] assignment) {
        int m = -1;
        for (int a : assignment) m = Math.max(m, a);
        return m + 1;
    }

    /** Square s x s patches of an image sample (C, H, W), numbered row-major over the patch grid. */
    static Players superpixels(int s) {
        if (s < 1) throw new IllegalArgumentException("superpixel size must be >= 1, got " + s);
        return new Players() {
            @Override
            public int[] assign(long[] d) {
                if (d.length != 3) throw new IllegalArgumentException("superpixels need image samples (C, H, W), got " + Arrays.toString(d));
                int c = (int) d[0], h = (int) d[1], w = (int) d[2], gw = (w + s - 1) / s;
                int[] a = new int[c * h * w];
                for (int k = 0; k < c; k++)
                    for (int y = 0; y < h; y++)
                        for (int x = 0; x < w; x++) a[(k * h + y) * w + x] = (y / s) * gw + x / s;
                return a;
            }

            @Override
            public String describe() {
                return "superpixels " + s + "x" + s;
            }
        };
    }

    /** Windows of w samples of a signal sample (C, L). */
    static Players windows(int w) {
        if (w < 1) throw new IllegalArgumentException("window length must be >= 1, got " + w);
        return new Players() {
            @Override
            public int[] assign(long[] d) {
                if (d.length != 2) throw new IllegalArgumentException("windows need signal samples (C, L), got " + Arrays.toString(d));
                int c = (int) d[0], l = (int) d[1];
                int[] a = new int[c * l];
                for (int k = 0; k < c; k++)
                    for (int p = 0; p < l; p++) a[k * l + p] = p / w;
                return a;
            }

            @Override
            public String describe() {
                return "windows of " + w;
            }
        };
    }

    /** Every element of the sample is a player. */
    static Players features() {
        return new Players() {
            @Override
            public int[] assign(long[] d) {
                long n = 1;
                for (long v : d) n *= v;
                int[] a = new int[Math.toIntExact(n)];
                for (int i = 0; i < a.length; i++) a[i] = i;
                return a;
            }

            @Override
            public String describe() {
                return "features";
            }
        };
    }

    /** A fixed assignment (length = sample size; players 0..M-1 each used, -1 = never masked). */
    static Players of(int[] assignment) {
        int[] copy = assignment.clone();
        int m = count(copy);
        boolean[] used = new boolean[Math.max(m, 0)];
        for (int v : copy) {
            if (v < -1) throw new IllegalArgumentException("player assignment has entry " + v + " < -1");
            if (v >= 0) used[v] = true;
        }
        for (int j = 0; j < m; j++)
            if (!used[j]) throw new IllegalArgumentException("player " + j + " has no element (players must be numbered 0..M-1)");
        return new Players() {
            @Override
            public int[] assign(long[] d) {
                long n = 1;
                for (long v : d) n *= v;
                if (n != copy.length)
                    throw new IllegalArgumentException("assignment has " + copy.length + " entries, sample " + Arrays.toString(d) + " has " + n);
                return copy.clone();
            }

            @Override
            public String describe() {
                return "explicit assignment of " + m + " players";
            }
        };
    }
}
