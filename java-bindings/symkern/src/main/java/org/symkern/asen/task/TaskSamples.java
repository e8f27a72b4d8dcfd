package org.symkern.asen.task;

import java.util.Arrays;

/**
 * Samples of one {@link Task}: tokens (count, n) and the labels, either per node (count, n) in {0, 1} for
 * equivariant tasks or one value per sequence for invariant tasks (a real value for regression, a class index
 * stored as a float for classification). Arrays are copied in and out, so an instance is immutable.
 */
public final class TaskSamples {
    private final Task task;
    private final int[][] tokens;
    private final int[][] nodeLabels;
    private final float[] targets;

    private TaskSamples(Task task, int[][] tokens, int[][] nodeLabels, float[] targets) {
        this.task = task;
        this.tokens = tokens;
        this.nodeLabels = nodeLabels;
        this.targets = targets;
    }

    /**
     * Equivariant samples: tokens (count, n) in [0, vocab) and per-node labels (count, n) in {0, 1} (copied in). Use it
     * with a built-in task or with a {@link UserTask} for one's own data.
     *
     * @throws IllegalArgumentException naming the row or token that does not fit the task
     */
    public static TaskSamples nodeMasks(Task task, int[][] tokens, int[][] labels) {
        if (task.kind() != Task.Kind.EQUIVARIANT) throw new IllegalArgumentException(task.describe() + " has no per-node labels");
        check(task, tokens, labels.length);
        int[][] ys = new int[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            int[] y = labels[i];
            if (y == null || y.length != task.n())
                throw new IllegalArgumentException(task.describe() + ": label row " + i + " has " + (y == null ? "no" : y.length)
                        + " entries, not " + task.n());
            for (int v : y)
                if (v != 0 && v != 1) throw new IllegalArgumentException(task.describe() + ": label row " + i + " holds " + v + ", not 0 or 1");
            ys[i] = y.clone();
        }
        return new TaskSamples(task, copy(tokens), ys, null);
    }

    /**
     * Invariant samples: tokens (count, n) and one value per sequence (a real value for regression, a class index in
     * [0, outputs) for classification; copied in).
     *
     * @throws IllegalArgumentException naming the row, token or value that does not fit the task
     */
    public static TaskSamples values(Task task, int[][] tokens, float[] values) {
        if (task.kind() != Task.Kind.INVARIANT) throw new IllegalArgumentException(task.describe() + " has per-node labels");
        check(task, tokens, values.length);
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!Float.isFinite(v)) throw new IllegalArgumentException(task.describe() + ": value " + i + " is " + v);
            if (task.target() == Task.Target.CLASSIFICATION && (v != Math.rint(v) || v < 0 || v >= task.outputs()))
                throw new IllegalArgumentException(task.describe() + ": value " + i + " = " + v + " is not a class in [0, " + task.outputs() + ")");
        }
        return new TaskSamples(task, copy(tokens), null, values.clone());
    }

    private static int[][] copy(int[][] rows) {
        int[][] out = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) out[i] = rows[i].clone();
        return out;
    }

    private static void check(Task task, int[][] tokens, int labels) {
        if (tokens == null) throw new IllegalArgumentException(task.describe() + ": tokens are null");
        for (int i = 0; i < tokens.length; i++)
            if (tokens[i] == null) throw new IllegalArgumentException(task.describe() + ": token row " + i + " is null");
        if (tokens.length != labels)
            throw new IllegalArgumentException(task.describe() + ": " + tokens.length + " token rows but " + labels + " labels");
        for (int[] t : tokens) {
            if (t.length != task.n()) throw new IllegalArgumentException(task.describe() + ": a token row has " + t.length + " entries");
            for (int v : t)
                if (v < 0 || v >= task.vocabSize())
                    throw new IllegalArgumentException(task.describe() + ": token " + v + " outside [0, " + task.vocabSize() + ")");
        }
    }

    /** The task that generated the samples. */
    public Task task() {
        return task;
    }

    /** The number of samples. */
    public int count() {
        return tokens.length;
    }

    /** A copy of sample i's tokens. */
    public int[] tokens(int i) {
        return tokens[i].clone();
    }

    /** Copies of the token rows of the given samples, in that order. */
    public int[][] tokens(int[] indices) {
        int[][] out = new int[indices.length][];
        for (int k = 0; k < indices.length; ++k) out[k] = tokens[indices[k]].clone();
        return out;
    }

    /** All token rows (copies). */
    public int[][] tokens() {
        return tokens(range(count()));
    }

    /** A copy of sample i's per-node labels (equivariant tasks). */
    public int[] nodeLabels(int i) {
        requireNodes();
        return nodeLabels[i].clone();
    }

    /** The per-node labels of the given samples, flattened row-major (indices.length * n). */
    public int[] nodeLabelsFlat(int[] indices) {
        requireNodes();
        int n = task.n();
        int[] out = new int[indices.length * n];
        for (int k = 0; k < indices.length; ++k) System.arraycopy(nodeLabels[indices[k]], 0, out, k * n, n);
        return out;
    }

    /** Sample i's label value (invariant tasks; the class index for classification). */
    public float target(int i) {
        requireValues();
        return targets[i];
    }

    /** The label values of the given samples. */
    public float[] targets(int[] indices) {
        requireValues();
        float[] out = new float[indices.length];
        for (int k = 0; k < indices.length; ++k) out[k] = targets[indices[k]];
        return out;
    }

    /** The class indices of the given samples (classification tasks). */
    public int[] classes(int[] indices) {
        if (task.target() != Task.Target.CLASSIFICATION) throw new IllegalStateException(task.describe() + " is not a classification task");
        int[] out = new int[indices.length];
        for (int k = 0; k < indices.length; ++k) out[k] = (int) targets[indices[k]];
        return out;
    }

    /** The samples at the given indices, in that order. */
    public TaskSamples subset(int[] indices) {
        int[][] tk = tokens(indices);
        if (nodeLabels != null) {
            int[][] y = new int[indices.length][];
            for (int k = 0; k < indices.length; ++k) y[k] = nodeLabels[indices[k]].clone();
            return new TaskSamples(task, tk, y, null);
        }
        return new TaskSamples(task, tk, null, targets(indices));
    }

    /** 0, 1, ..., count-1. */
    public static int[] range(int count) {
        int[] r = new int[count];
        for (int i = 0; i < count; ++i) r[i] = i;
        return r;
    }

    private void requireNodes() {
        if (nodeLabels == null) throw new IllegalStateException(task.describe() + " has one label per sequence, not per node");
    }

    private void requireValues() {
        if (targets == null) throw new IllegalStateException(task.describe() + " has per-node labels, not one value per sequence");
    }

    @Override
    public String toString() {
        return "TaskSamples(" + task.describe() + ", " + count() + " samples, first " + (count() > 0 ? Arrays.toString(tokens[0]) : "-") + ")";
    }
}
