package org.symkern.cli.explain;

import org.symkern.data.ImageDataset;
import org.symkern.data.MitBih;
import org.symkern.explain.truth.GroundTruth;
import org.symkern.tensor.Device;
import org.symkern.tensor.Tensor;

/** Examples of an image or signal data set with their ground truth ({@link GroundTruth}). */
interface GridData {
    /** Example i as (1, 1, H, W) or (1, 1, L) in the current scope. */
    Tensor input(int i);

    /** Examples idx as (B, 1, *space). */
    Tensor inputs(int[] idx);

    /** The ground-truth region of example i over its locations. */
    boolean[] region(int i);

    /** The reference relevance of example i (Spearman), or null when the domain has none. */
    float[] relevance(int i);

    int label(int i);

    String className(int c);

    /** The raw values of example i (H W or L), for figures. */
    float[] values(int i);

    static GridData images(ImageDataset d, Device device) {
        return new GridData() {
            public Tensor input(int i) {
                return d.images(new int[] {i}, 0, 1, device);
            }

            public Tensor inputs(int[] idx) {
                return d.images(idx, 0, idx.length, device);
            }

            public boolean[] region(int i) {
                return GroundTruth.foreground(d, i);
            }

            public float[] relevance(int i) {
                return values(i);
            }

            public int label(int i) {
                return d.labels[i];
            }

            public String className(int c) {
                return Integer.toString(c);
            }

            public float[] values(int i) {
                int n = d.height * d.width;
                float[] v = new float[n];
                System.arraycopy(d.pixels, i * n, v, 0, n);
                return v;
            }
        };
    }

    static GridData beats(MitBih.Beats b, Device device) {
        ImageDataset d = b.dataset();
        return new GridData() {
            public Tensor input(int i) {
                return inputs(new int[] {i});
            }

            public Tensor inputs(int[] idx) {
                return d.images(idx, 0, idx.length, device).reshape(idx.length, 1, b.length);
            }

            public boolean[] region(int i) {
                return GroundTruth.qrsRegion(b, i);
            }

            public float[] relevance(int i) {
                return GroundTruth.peakProximity(b.length, b.peakOffset());
            }

            public int label(int i) {
                return b.labels[i];
            }

            public String className(int c) {
                return b.classNames[c];
            }

            public float[] values(int i) {
                float[] v = new float[b.length];
                System.arraycopy(b.x, i * b.length, v, 0, b.length);
                return v;
            }
        };
    }
}
