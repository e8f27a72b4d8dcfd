package org.symkern.asen.task;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import org.symkern.group.PermutationGroup;

/**
 * A {@link Task} defined by a user: sequences of n tokens in [0, vocab), the permutation group the task respects
 * (given by the user's own generators, e.g. {@code PermutationGroup.fromArrays(n, gens)}; ASEN ties its edge weights
 * over the group's 2-orbits), and the label kind. Its samples are the user's own data, built with
 * {@link TaskSamples#nodeMasks} or {@link TaskSamples#values}, and train with {@code org.symkern.asen.AsenTrainer}
 * like any built-in task:
 * <pre>{@code
 * PermutationGroup g = PermutationGroup.fromArrays(6, new int[][] {{5, 4, 3, 2, 1, 0}});   // reversal
 * UserTask task = UserTask.classification("mirror-sum", 6, 4, 2, g);
 * TaskSamples data = TaskSamples.values(task, tokens, classes);
 * try (Asen model = new Asen(task, Asen.Config.reference(), Device.CPU, 1);
 *      AsenTrainer trainer = new AsenTrainer(model, AsenTrainer.Rates.uniform(1e-2f), 32, 1)) {
 *     trainer.epoch(0, data);
 * }
 * }</pre>
 * Targets and losses are those of {@link Task}: node masks (2 logits per node, per-node cross-entropy),
 * classification (cross-entropy over {@code classes} logits) and regression (|y_hat - y| * labelScale).
 *
 * <p>A user task has no generator of its own: {@link #sample} is supported only when a labelling function was
 * given together with a token source ({@link #withGenerator}); {@link #nodeLabels} / {@link #value} only when a
 * labelling function was given. Otherwise they throw {@link UnsupportedOperationException} saying so.
 */
public final class UserTask implements Task {
    private final String name;
    private final Target target;
    private final int n, vocab, outputs;
    private final PermutationGroup group;
    private final float labelScale;
    private final Function<int[], int[]> nodeLabeler;
    private final ToDoubleFunction<int[]> valueLabeler;
    private final Function<java.util.SplittableRandom, int[]> tokenSource;

    private UserTask(String name, Target target, int n, int vocab, int outputs, PermutationGroup group, float labelScale,
                     Function<int[], int[]> nodeLabeler, ToDoubleFunction<int[]> valueLabeler,
                     Function<java.util.SplittableRandom, int[]> tokenSource) {
        Objects.requireNonNull(name, "name");
        if (n < 2) throw new IllegalArgumentException(name + ": sequence length " + n + " must be at least 2");
        if (vocab < 2) throw new IllegalArgumentException(name + ": vocabulary size " + vocab + " must be at least 2");
        if (group == null) throw new IllegalArgumentException(name + ": the permutation group is null");
        if (group.degree() != n)
            throw new IllegalArgumentException(name + ": the group acts on " + group.degree() + " points, sequences have " + n);
        if (target == Target.CLASSIFICATION && outputs < 2)
            throw new IllegalArgumentException(name + ": a classification task needs at least 2 classes, got " + outputs);
        if (!(labelScale > 0f && Float.isFinite(labelScale)))
            throw new IllegalArgumentException(name + ": labelScale " + labelScale + " must be finite and > 0");
        this.name = name;
        this.target = target;
        this.n = n;
        this.vocab = vocab;
        this.outputs = outputs;
        this.group = group;
        this.labelScale = labelScale;
        this.nodeLabeler = nodeLabeler;
        this.valueLabeler = valueLabeler;
        this.tokenSource = tokenSource;
    }

    /** An equivariant task: one label in {0, 1} per position (2 logits per node). */
    public static UserTask nodeMask(String name, int n, int vocab, PermutationGroup group) {
        return new UserTask(name, Target.NODE_MASK, n, vocab, 2, group, 1f, null, null, null);
    }

    /** An invariant task with one class in [0, classes) per sequence. */
    public static UserTask classification(String name, int n, int vocab, int classes, PermutationGroup group) {
        return new UserTask(name, Target.CLASSIFICATION, n, vocab, classes, group, 1f, null, null, null);
    }

    /** An invariant task with one real value per sequence, trained with |y_hat - y| * labelScale. */
    public static UserTask regression(String name, int n, int vocab, float labelScale, PermutationGroup group) {
        return new UserTask(name, Target.REGRESSION, n, vocab, 1, group, labelScale, null, null, null);
    }

    /**
     * This task with a labelling function (per-node labels for node masks; the value or class index otherwise) and a
     * token source, so that {@link #sample}, {@link #nodeLabels} and {@link #value} work. {@code tokens} draws one
     * sequence from the generator it is given; labelling is exactly one of the two (pass null for the other).
     */
    public UserTask withGenerator(Function<java.util.SplittableRandom, int[]> tokens, Function<int[], int[]> nodeLabels,
                                  ToDoubleFunction<int[]> value) {
        if ((target == Target.NODE_MASK) != (nodeLabels != null) || (target != Target.NODE_MASK) != (value != null))
            throw new IllegalArgumentException(name + ": a " + target + " task needs "
                    + (target == Target.NODE_MASK ? "nodeLabels (and no value)" : "value (and no nodeLabels)"));
        return new UserTask(name, target, n, vocab, outputs, group, labelScale, nodeLabels, value, tokens);
    }

    /** The name given at construction. */
    @Override
    public String name() {
        return name;
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public int vocabSize() {
        return vocab;
    }

    @Override
    public PermutationGroup group() {
        return group;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    @Override
    public float labelScale() {
        return labelScale;
    }

    /** 0: a user task has no reference seed. */
    @Override
    public long defaultSeed() {
        return 0;
    }

    @Override
    public int[] nodeLabels(int[] tokens) {
        if (kind() != Kind.EQUIVARIANT) throw new IllegalStateException(describe() + " has one label per sequence, see value()");
        if (nodeLabeler == null) throw unsupported("nodeLabels");
        return nodeLabeler.apply(tokens.clone());
    }

    @Override
    public float value(int[] tokens) {
        if (kind() != Kind.INVARIANT) throw new IllegalStateException(describe() + " has per-node labels, see nodeLabels()");
        if (valueLabeler == null) throw unsupported("value");
        return (float) valueLabeler.applyAsDouble(tokens.clone());
    }

    /** {@code count} samples from the token source, labelled by the labelling function (see {@link #withGenerator}). */
    @Override
    public TaskSamples sample(int count, long seed) {
        if (tokenSource == null) throw unsupported("sample");
        if (count < 0) throw new IllegalArgumentException(name + ": sample count " + count + " is negative");
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int[][] x = new int[count][];
        for (int i = 0; i < count; i++) x[i] = tokenSource.apply(r);
        if (target == Target.NODE_MASK) {
            int[][] y = new int[count][];
            for (int i = 0; i < count; i++) y[i] = nodeLabels(x[i]);
            return TaskSamples.nodeMasks(this, x, y);
        }
        float[] v = new float[count];
        for (int i = 0; i < count; i++) v[i] = value(x[i]);
        return TaskSamples.values(this, x, v);
    }

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(describe() + ": " + what + "() needs a labelling function and token source "
                + "(UserTask.withGenerator); otherwise build the samples with TaskSamples.nodeMasks / TaskSamples.values");
    }
}
