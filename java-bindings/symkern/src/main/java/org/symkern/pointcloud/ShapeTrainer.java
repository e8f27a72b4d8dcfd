package org.symkern.pointcloud;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.symkern.autograd.GradMode;
import org.symkern.optim.Adam;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Trains a {@link CloudClassifier} with the cross-entropy of its logits (Adam, shuffled mini-batches, a budget of
 * optimizer steps), evaluating validation accuracy about {@code evaluations} times and keeping the best parameters.
 * With {@code augment}, each drawn training cloud is rotated about its up vector by a fresh random angle (the
 * symmetry the task has).
 */
public final class ShapeTrainer {
    private ShapeTrainer() {}

    public record Config(int steps, int batch, float lr, boolean augment, int evaluations, long seed) {
        public Config {
            if (steps <= 0 || batch <= 0 || !(lr > 0) || evaluations <= 0)
                throw new IllegalArgumentException("ShapeTrainer: bad config steps=" + steps + " batch=" + batch);
        }
    }

    public record Result(double bestValAccuracy, long bestStep, long steps, double msPerStep, double firstLoss, double lastLoss) {}

    public static Result fit(CloudClassifier model, ShapeSet train, ShapeSet val, Config cfg) {
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        List<Tensor> params = model.parameters();
        float[][] best = DynamicsTrainer.snapshot(params);
        double bestAcc = -1, first = Double.NaN, last = Double.NaN;
        long bestStep = 0, step = 0, nanos = 0, evalEvery = Math.max(1, cfg.steps() / cfg.evaluations());
        int[] order = new int[train.count()];
        try (Adam opt = Adam.builder(params).lr(cfg.lr()).build()) {
            while (step < cfg.steps()) {
                for (int i = 0; i < order.length; i++) order[i] = i;
                for (int i = order.length - 1; i > 0; i--) {
                    int j = rng.nextInt(i + 1), t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int from = 0; from < order.length && step < cfg.steps(); from += cfg.batch()) {
                    ShapeSet b = train.subset(Arrays.copyOfRange(order, from, Math.min(order.length, from + cfg.batch())));
                    if (cfg.augment()) b = b.rotated(rng.nextLong(), false);
                    long t0 = System.nanoTime();
                    try (Scope s = Scope.open()) {
                        model.train(true);
                        opt.zeroGrad();
                        Tensor loss = model.logits(b).crossEntropy(Tensor.ofInts(b.labels(), Shape.of(b.count()), model.parameters().get(0).device()));
                        loss.backward();
                        opt.step();
                        last = loss.item();
                        if (step == 0) first = last;
                    }
                    nanos += System.nanoTime() - t0;
                    step++;
                    if (step % evalEvery == 0 || step == cfg.steps()) {
                        double acc = accuracy(model, val);
                        if (acc > bestAcc) {
                            bestAcc = acc;
                            bestStep = step;
                            best = DynamicsTrainer.snapshot(params);
                        }
                    }
                }
            }
        }
        DynamicsTrainer.restore(params, best);
        model.train(false);
        return new Result(bestAcc, bestStep, step, nanos / 1e6 / Math.max(1, step), first, last);
    }

    /** Predicted classes (argmax of the logits), batches of 256 clouds, no gradients. */
    public static int[] predict(CloudClassifier model, ShapeSet set) {
        int[] out = new int[set.count()];
        model.train(false);
        try (GradMode.Guard g = GradMode.disable()) {
            for (int from = 0; from < set.count(); from += 256) {
                int to = Math.min(set.count(), from + 256);
                int[] idx = new int[to - from];
                for (int i = 0; i < idx.length; i++) idx[i] = from + i;
                try (Scope s = Scope.open()) {
                    Tensor l = model.logits(set.subset(idx));
                    float[] v = l.toFloatArray();
                    int c = (int) l.dim(1);
                    for (int i = 0; i < idx.length; i++) {
                        int arg = 0;
                        for (int k = 1; k < c; k++) if (v[i * c + k] > v[i * c + arg]) arg = k;
                        out[from + i] = arg;
                    }
                }
            }
        }
        return out;
    }

    public static double accuracy(CloudClassifier model, ShapeSet set) {
        int[] p = predict(model, set);
        int ok = 0;
        for (int i = 0; i < p.length; i++) if (p[i] == set.labels()[i]) ok++;
        return ok / (double) p.length;
    }
}
