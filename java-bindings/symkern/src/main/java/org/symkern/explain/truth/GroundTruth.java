package org.symkern.explain.truth;

import org.symkern.data.ImageDataset;
import org.symkern.data.MitBih;

/**
 * Reference regions and relevances that explanations are scored against. They are <b>our</b> definitions: the seed
 * paper scores its explanations against cardiologists' marks and expert ratings that are not published, so the
 * regions below are objective stand-ins, stated once and used everywhere (report, CLI, tests).
 *
 * <ul>
 *   <li><b>ECG, QRS region.</b> A beat window of MIT-BIH ({@link MitBih}) is centred on the beat annotation of the
 *       reference {@code .atr} file, which marks the R peak (or the main deflection of the QRS complex): the peak lies at
 *       offset p = {@link MitBih.Beats#peakOffset()} = (L - 1) / 2 of the L-sample window (also after time reversal).
 *       The QRS region is Q = { t : |t - p| / f &lt;= w } with f the beat's sampling rate and w = 50 ms
 *       ({@link #QRS_HALF_WIDTH_MS}): at 360 Hz the 37 samples p - 18 .. p + 18 (a normal QRS lasts 60-100 ms, so the
 *       window holds it with a margin). The reference relevance for the rank correlation is r(t) = -|t - p|: the closer
 *       to the R peak, the more relevant.</li>
 *   <li><b>RotMNIST, digit foreground.</b> The pixels of the rotated digit (the network's input, intensities in [0, 1])
 *       whose intensity exceeds {@link #FOREGROUND_THRESHOLD} = 0.5 (half of full ink): the stroke, after rotation and
 *       bilinear interpolation. The reference relevance is the intensity itself.</li>
 *   <li><b>Graphs, BA-Shapes.</b> The edges inside the planted house motifs (Ying et al. 2019); they come with the
 *       generated graph.</li>
 * </ul>
 */
public final class GroundTruth {
    /** Half-width of the QRS region around the annotated R peak, in milliseconds. */
    public static final double QRS_HALF_WIDTH_MS = 50.0;
    /** Intensity above which a RotMNIST pixel belongs to the digit. */
    public static final float FOREGROUND_THRESHOLD = 0.5f;

    private GroundTruth() {}

    /** The QRS region of an L-sample beat sampled at `rateHz` with the R peak at `peak`: |t - peak| / rate &lt;= 50 ms. */
    public static boolean[] qrsRegion(int length, int peak, double rateHz) {
        return qrsRegion(length, peak, rateHz, QRS_HALF_WIDTH_MS);
    }

    /** |t - peak| / rate &lt;= halfWidthMs / 1000 (a small relative slack absorbs the rounding of ms to samples). */
    public static boolean[] qrsRegion(int length, int peak, double rateHz, double halfWidthMs) {
        if (length <= 0 || peak < 0 || peak >= length)
            throw new IllegalArgumentException("qrsRegion: peak " + peak + " outside a beat of " + length + " samples");
        if (!(rateHz > 0) || !(halfWidthMs >= 0)) throw new IllegalArgumentException("qrsRegion: rate " + rateHz + " Hz, half-width " + halfWidthMs + " ms");
        double maxSamples = halfWidthMs / 1000.0 * rateHz * (1 + 1e-9);
        boolean[] m = new boolean[length];
        for (int t = 0; t < length; t++) m[t] = Math.abs(t - peak) <= maxSamples;
        return m;
    }

    /** The QRS region of beat `i` of `beats`. */
    public static boolean[] qrsRegion(MitBih.Beats beats, int i) {
        if (i < 0 || i >= beats.count) throw new IndexOutOfBoundsException("beat " + i + " of " + beats.count);
        return qrsRegion(beats.length, beats.peakOffset(), beats.rate);
    }

    /** The reference relevance r(t) = -|t - peak| of an L-sample beat. */
    public static float[] peakProximity(int length, int peak) {
        if (length <= 0 || peak < 0 || peak >= length)
            throw new IllegalArgumentException("peakProximity: peak " + peak + " outside a beat of " + length + " samples");
        float[] r = new float[length];
        for (int t = 0; t < length; t++) r[t] = -Math.abs(t - peak);
        return r;
    }

    /** Foreground pixels (intensity &gt; 0.5) of a single-channel image given as H x W intensities. */
    public static boolean[] foreground(float[] image) {
        return foreground(image, FOREGROUND_THRESHOLD);
    }

    public static boolean[] foreground(float[] image, float threshold) {
        boolean[] m = new boolean[image.length];
        for (int i = 0; i < image.length; i++) m[i] = image[i] > threshold;
        return m;
    }

    /** Foreground of image `i` of a single-channel dataset. */
    public static boolean[] foreground(ImageDataset data, int i) {
        if (data.channels != 1) throw new IllegalArgumentException("foreground: " + data.channels + " channels, expected 1");
        if (i < 0 || i >= data.count) throw new IndexOutOfBoundsException("image " + i + " of " + data.count);
        int n = data.height * data.width;
        float[] img = new float[n];
        System.arraycopy(data.pixels, i * n, img, 0, n);
        return foreground(img);
    }
}
