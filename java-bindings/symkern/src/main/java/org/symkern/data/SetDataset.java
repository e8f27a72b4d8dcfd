package org.symkern.data;

import java.util.ArrayList;
import java.util.List;

import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Labelled sets of feature vectors from a user's own arrays, in the CSR form the set models take
 * ({@link org.symkern.nn.DeepSets}, {@link org.symkern.nn.PermEquivariant}): set i is a float array of
 * n_i x featureDim values (n_i rows, row-major; n_i may differ between sets and may be 0) with a class in
 * [0, classes). A batch of sets s_1 .. s_m is
 * <pre>
 *   x        (sum_k n_{s_k}, featureDim) float32   the rows of s_1, then of s_2, ...
 *   offsets  (m + 1) int64                          set k is rows offsets[k] .. offsets[k+1]-1
 *   labels   (m) int32
 * </pre>
 * The arrays are copied in; an instance is immutable.
 */
public final class SetDataset {
    private final List<float[]> sets;
    private final int[] labels;
    private final int featureDim, classes;

    /**
     * @throws IllegalArgumentException naming the set whose length is not a multiple of featureDim or whose label is
     *     outside [0, classes)
     */
    public SetDataset(List<float[]> sets, int[] labels, int featureDim, int classes) {
        if (featureDim < 1) throw new IllegalArgumentException("SetDataset: featureDim " + featureDim + " must be >= 1");
        if (classes < 1) throw new IllegalArgumentException("SetDataset: classes " + classes + " must be >= 1");
        if (sets == null || labels == null || sets.size() != labels.length)
            throw new IllegalArgumentException("SetDataset: " + (sets == null ? "null" : sets.size()) + " sets but "
                    + (labels == null ? "null" : labels.length) + " labels");
        List<float[]> copy = new ArrayList<>(sets.size());
        for (int i = 0; i < sets.size(); i++) {
            float[] s = sets.get(i);
            if (s == null) throw new IllegalArgumentException("SetDataset: set " + i + " is null");
            if (s.length % featureDim != 0)
                throw new IllegalArgumentException("SetDataset: set " + i + " has " + s.length + " values, not a multiple of featureDim "
                        + featureDim);
            if (labels[i] < 0 || labels[i] >= classes)
                throw new IllegalArgumentException("SetDataset: label " + labels[i] + " of set " + i + " is outside [0, " + classes + ")");
            copy.add(s.clone());
        }
        this.sets = copy;
        this.labels = labels.clone();
        this.featureDim = featureDim;
        this.classes = classes;
    }

    public int size() {
        return sets.size();
    }

    public int featureDim() {
        return featureDim;
    }

    public int classes() {
        return classes;
    }

    /** The label of set i. */
    public int label(int i) {
        return labels[i];
    }

    /** Number of rows n_i of set i. */
    public int rows(int i) {
        return sets.get(i).length / featureDim;
    }

    /** The sets idx[from, to) as one CSR batch on `device`, in the current scope. */
    public Batch batch(int[] idx, int from, int to, Device device) {
        if (from < 0 || to > idx.length || from > to)
            throw new IllegalArgumentException("SetDataset.batch: [" + from + ", " + to + ") is outside the " + idx.length + " indices");
        int m = to - from;
        long[] offsets = new long[m + 1];
        int[] lb = new int[m];
        for (int k = 0; k < m; k++) {
            int i = idx[from + k];
            if (i < 0 || i >= sets.size()) throw new IllegalArgumentException("SetDataset.batch: set index " + i + " is outside 0.." + (sets.size() - 1));
            offsets[k + 1] = offsets[k] + rows(i);
            lb[k] = labels[i];
        }
        float[] x = new float[Math.toIntExact(offsets[m] * featureDim)];
        for (int k = 0; k < m; k++) {
            float[] s = sets.get(idx[from + k]);
            System.arraycopy(s, 0, x, (int) offsets[k] * featureDim, s.length);
        }
        return new Batch(Tensor.of(x, Shape.of(offsets[m], featureDim), device), Tensor.ofLongs(offsets, Shape.of(m + 1), device),
                Tensor.ofInts(lb, Shape.of(m), device));
    }

    /** One batch of sets as tensors (see the class comment). */
    public record Batch(Tensor x, Tensor offsets, Tensor labels) {}
}
