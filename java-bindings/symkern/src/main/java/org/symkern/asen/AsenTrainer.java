package org.symkern.asen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.symkern.asen.task.Task;
import org.symkern.asen.task.TaskSamples;
import org.symkern.autograd.GradMode;
import org.symkern.optim.Adam;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Training and evaluation of an {@link Asen} model on its tasks (docs/asen.md, section Training protocol): Adam with the reference's
 * three learning-rate groups (shared body, edge embedders, token embedders; no weight decay, no schedule) and the
 * per-task losses
 * <pre>
 *   node masks:      mean cross-entropy over the B*n nodes of the batch (2 logits per node)
 *   regression:      mean |y_hat - y| * labelScale         (the reference's range-scaled L1; column 0 of the head)
 *   classification:  mean cross-entropy over the first classes columns of the head
 * </pre>
 * A mini-batch mixing tasks is split by task (one batched forward per task present) and the task losses are
 * weighted by their share of the batch, so a batch's loss is the mean over its samples (over its nodes, for
 * equivariant tasks of equal n).
 */
public final class AsenTrainer implements AutoCloseable {
    /** Learning rates of the three parameter groups. */
    public record Rates(float body, float edge, float token) implements java.io.Serializable {
        /** The reference multitask rates: body 0.01, edge embedders 0.03, token embedders 0.1. */
        public static Rates reference() {
            return new Rates(0.01f, 0.03f, 0.1f);
        }

        /** One rate for every group (the reference's pretraining and single-Adam settings). */
        public static Rates uniform(float lr) {
            return new Rates(lr, lr, lr);
        }
    }

    /**
     * Metrics over a sample set: the mean training loss, the accuracy (per node for node masks; per sequence for
     * classification; rounded prediction equal to the label for regression), for regression the unscaled mean
     * absolute error (NaN otherwise) and its split by label value ({@link LabelErrors}; null otherwise), and the
     * exact-match rate per sequence (every node right for node masks; equal to the accuracy for the other targets).
     */
    public record Evaluation(double loss, double accuracy, double meanAbsError, int samples, double exactMatch, LabelErrors labelErrors) {}

    /**
     * A regression task's unscaled absolute error per label value: {@code meanAbsError[k]} = mean |y_hat - y| over the
     * {@code counts[k]} samples whose label rounds to {@code labels[k]} (labels ascending, only those present).
     */
    public record LabelErrors(int[] labels, double[] meanAbsError, int[] counts) implements java.io.Serializable {}

    private final Asen model;
    private final List<Adam> optimizers = new ArrayList<>();
    private final int batchSize;
    private final SplittableRandom rng;

    /** A trainer for {@code model} with Adam at the given rates, batches of {@code batchSize} samples and shuffles seeded by {@code seed}. */
    public AsenTrainer(Asen model, Rates rates, int batchSize, long seed) {
        if (batchSize <= 0) throw new IllegalArgumentException("AsenTrainer: batch size " + batchSize + " must be positive");
        this.model = model;
        this.batchSize = batchSize;
        this.rng = new SplittableRandom(seed);
        optimizers.add(new Adam(model.bodyParameters(), rates.body()));
        optimizers.add(new Adam(model.edgeParameters(), rates.edge()));
        if (!model.tokenParameters().isEmpty()) optimizers.add(new Adam(model.tokenParameters(), rates.token()));
    }

    /**
     * The loss of samples {@code idx} of task {@code task} (see the class comment), as a rank-0 tensor in the current
     * scope, with the graph recorded when gradients are enabled.
     */
    public static Tensor loss(Asen model, int task, TaskSamples data, int[] idx) {
        checkData(model, task, data);
        return loss(model, task, data, idx, model.forward(task, data.tokens(idx)));
    }

    private static void checkData(Asen model, int task, TaskSamples data) {
        Task t = model.task(task);
        if (data.task().kind() != t.kind() || data.task().n() != t.n() || data.task().target() != t.target())
            throw new IllegalArgumentException("samples of " + data.task().describe() + " given for model task " + t.describe());
    }

    /** The loss for outputs y already computed by {@code model.forward(task, data.tokens(idx))}. */
    private static Tensor loss(Asen model, int task, TaskSamples data, int[] idx, Tensor y) {
        Task t = model.task(task);
        int b = idx.length;
        switch (t.target()) {
            case NODE_MASK: {
                Tensor labels = Tensor.ofInts(data.nodeLabelsFlat(idx), Shape.of((long) b * t.n()), model.device());
                return y.reshape((long) b * t.n(), 2).crossEntropy(labels);
            }
            case CLASSIFICATION: {
                Tensor labels = Tensor.ofInts(data.classes(idx), Shape.of(b), model.device());
                return firstColumns(y, t.outputs(), model).crossEntropy(labels);
            }
            case REGRESSION: {
                Tensor target = Tensor.of(data.targets(idx), Shape.of(b, 1), model.device());
                return firstColumns(y, 1, model).sub(target).abs().mean().mul(t.labelScale());
            }
            default:
                throw new IllegalStateException("unknown target " + t.target());
        }
    }

    /** y[:, 0:c] as y P with the constant (width, c) selector P = [I_c; 0] (the identity when c = width). */
    private static Tensor firstColumns(Tensor y, int c, Asen model) {
        int width = (int) y.dim(1);
        if (c == width) return y;
        float[] p = new float[width * c];
        for (int k = 0; k < c; ++k) p[k * c + k] = 1f;
        return y.matmul(Tensor.of(p, Shape.of(width, c), model.device()));
    }

    /** One optimizer step on samples {@code idx} of a single task; returns the loss. */
    public double step(int task, TaskSamples data, int[] idx) {
        return step(List.of(new Part(task, data, idx)));
    }

    private record Part(int task, TaskSamples data, int[] idx) {}

    private double step(List<Part> parts) {
        int total = 0;
        for (Part p : parts) total += p.idx.length;
        try (Scope s = Scope.open()) {
            Tensor loss = null;
            for (Part p : parts) {
                Tensor l = loss(model, p.task, p.data, p.idx);
                if (parts.size() > 1) l = l.mul((float) p.idx.length / total);
                loss = loss == null ? l : loss.add(l);
            }
            model.zeroGrad();
            loss.backward();
            for (Adam a : optimizers) a.step();
            return loss.item();
        }
    }

    /** One pass over a single task's samples in shuffled mini-batches; returns the mean batch loss. */
    public double epoch(int task, TaskSamples data) {
        return epoch(List.of(data), new int[] {task});
    }

    /**
     * One pass over the pooled samples of several tasks (data.get(k) belongs to model task tasks[k]), shuffled together
     * as the reference's concatenated DataLoader does; returns the mean batch loss.
     */
    public double epoch(List<TaskSamples> data, int[] tasks) {
        if (data.size() != tasks.length) throw new IllegalArgumentException("epoch: " + data.size() + " sample sets for " + tasks.length + " tasks");
        List<int[]> pool = new ArrayList<>();
        for (int k = 0; k < data.size(); ++k)
            for (int i = 0; i < data.get(k).count(); ++i) pool.add(new int[] {k, i});
        for (int i = pool.size() - 1; i > 0; --i) {
            int j = rng.nextInt(i + 1);
            int[] tmp = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, tmp);
        }
        double sum = 0;
        int batches = 0;
        for (int start = 0; start < pool.size(); start += batchSize) {
            int end = Math.min(pool.size(), start + batchSize);
            List<Part> parts = new ArrayList<>();
            for (int k = 0; k < data.size(); ++k) {
                int count = 0;
                for (int q = start; q < end; ++q) if (pool.get(q)[0] == k) ++count;
                if (count == 0) continue;
                int[] idx = new int[count];
                int c = 0;
                for (int q = start; q < end; ++q) if (pool.get(q)[0] == k) idx[c++] = pool.get(q)[1];
                parts.add(new Part(tasks[k], data.get(k), idx));
            }
            sum += step(parts);
            ++batches;
        }
        return batches == 0 ? 0 : sum / batches;
    }

    /** Metrics of task {@code task} on all of {@code data}, in evaluation mode without gradients. */
    public Evaluation evaluate(int task, TaskSamples data) {
        return evaluate(model, task, data, batchSize);
    }

    /** As {@link #evaluate(int, TaskSamples)} for any model; restores the model's training flag afterwards. */
    public static Evaluation evaluate(Asen model, int task, TaskSamples data, int batchSize) {
        Task t = model.task(task);
        checkData(model, task, data);
        boolean wasTraining = model.isTraining();
        model.train(false);
        double loss = 0, correct = 0, units = 0, abs = 0, exact = 0;
        java.util.TreeMap<Integer, double[]> perLabel = new java.util.TreeMap<>();     // label -> {sum |y_hat - y|, count}
        try (GradMode.Guard g = GradMode.disable()) {
            for (int start = 0; start < data.count(); start += batchSize) {
                int end = Math.min(data.count(), start + batchSize);
                int[] idx = new int[end - start];
                for (int k = 0; k < idx.length; ++k) idx[k] = start + k;
                try (Scope s = Scope.open()) {
                    Tensor out = model.forward(task, data.tokens(idx));
                    loss += loss(model, task, data, idx, out).item() * idx.length;
                    float[] y = out.toFloatArray();
                    int w = t.kind() == Task.Kind.EQUIVARIANT ? 2 : model.outputs();
                    switch (t.target()) {
                        case NODE_MASK -> {
                            int[] lab = data.nodeLabelsFlat(idx);
                            for (int b = 0; b < idx.length; ++b) {
                                boolean all = true;
                                for (int q = b * t.n(); q < (b + 1) * t.n(); ++q) {
                                    boolean right = (y[2 * q + 1] > y[2 * q] ? 1 : 0) == lab[q];
                                    if (right) ++correct;
                                    all &= right;
                                }
                                if (all) ++exact;
                            }
                            units += lab.length;
                        }
                        case CLASSIFICATION -> {
                            int[] lab = data.classes(idx);
                            for (int q = 0; q < lab.length; ++q) {
                                int arg = 0;
                                for (int c = 1; c < t.outputs(); ++c) if (y[q * w + c] > y[q * w + arg]) arg = c;
                                if (arg == lab[q]) {
                                    ++correct;
                                    ++exact;
                                }
                            }
                            units += lab.length;
                        }
                        case REGRESSION -> {
                            float[] lab = data.targets(idx);
                            for (int q = 0; q < lab.length; ++q) {
                                abs += Math.abs(y[q * w] - lab[q]);
                                double[] acc = perLabel.computeIfAbsent(Math.round(lab[q]), k -> new double[2]);
                                acc[0] += Math.abs(y[q * w] - lab[q]);
                                acc[1] += 1;
                                if (Math.round(y[q * w]) == Math.round(lab[q])) {
                                    ++correct;
                                    ++exact;
                                }
                            }
                            units += lab.length;
                        }
                    }
                }
            }
        } finally {
            model.train(wasTraining);
        }
        int n = data.count();
        LabelErrors byLabel = null;
        if (t.target() == Task.Target.REGRESSION && n > 0) {
            int[] labels = new int[perLabel.size()], counts = new int[labels.length];
            double[] mae = new double[labels.length];
            int k = 0;
            for (var e : perLabel.entrySet()) {
                labels[k] = e.getKey();
                counts[k] = (int) e.getValue()[1];
                mae[k] = e.getValue()[0] / e.getValue()[1];
                ++k;
            }
            byLabel = new LabelErrors(labels, mae, counts);
        }
        return new Evaluation(n == 0 ? Double.NaN : loss / n, units == 0 ? Double.NaN : correct / units,
                t.target() == Task.Target.REGRESSION && n > 0 ? abs / n : Double.NaN, n, n == 0 ? Double.NaN : exact / n, byLabel);
    }

    /** The model being trained. */
    public Asen model() {
        return model;
    }

    @Override
    public void close() {
        for (Adam a : optimizers) a.close();
    }
}
