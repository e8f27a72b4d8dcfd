package org.symkern.cli.explain;

import java.awt.Color;

/**
 * Colour maps for attribution figures: {@link #SEQUENTIAL} (black - purple - orange - yellow, for non-negative maps such
 * as Grad-CAM, scaled to [0, max]) and {@link #DIVERGING} (blue - white - red, for signed attributions such as SHAP and
 * integrated gradients, scaled symmetrically to [-max|a|, max|a|], white = 0).
 */
public enum ColorMap {
    SEQUENTIAL(new int[][] {{0, 0, 4}, {87, 16, 110}, {188, 55, 84}, {249, 142, 9}, {252, 255, 164}}),
    DIVERGING(new int[][] {{33, 102, 172}, {146, 197, 222}, {247, 247, 247}, {244, 165, 130}, {178, 24, 43}});

    private final int[][] anchors;

    ColorMap(int[][] anchors) {
        this.anchors = anchors;
    }

    /** The colour at u in [0, 1] (clamped), interpolated linearly between the anchors. */
    public Color at(double u) {
        if (Double.isNaN(u)) u = 0;
        u = Math.max(0, Math.min(1, u));
        double p = u * (anchors.length - 1);
        int i = Math.min(anchors.length - 2, (int) Math.floor(p));
        double f = p - i;
        int[] a = anchors[i], b = anchors[i + 1];
        return new Color((int) Math.round(a[0] + f * (b[0] - a[0])), (int) Math.round(a[1] + f * (b[1] - a[1])),
                (int) Math.round(a[2] + f * (b[2] - a[2])));
    }

    /** The value range [lo, hi] this map shows for `values`: [0, max] (at least [0, 1e-12]) or [-m, m], m = max |v|. */
    public double[] range(float[] values) {
        double max = 0, maxAbs = 0;
        for (float v : values) {
            if (!Float.isFinite(v)) continue;
            max = Math.max(max, v);
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        return this == SEQUENTIAL ? new double[] {0, Math.max(max, 1e-12)} : new double[] {-Math.max(maxAbs, 1e-12), Math.max(maxAbs, 1e-12)};
    }

    /** The colour of v on the range [lo, hi]. */
    public Color of(double v, double[] range) {
        return at((v - range[0]) / (range[1] - range[0]));
    }
}
