package org.symkern.pointcloud;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.symkern.autograd.GradMode;
import org.symkern.optim.Adam;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Trains a {@link DynamicsModel} with the mean squared error of the predicted positions,
 * <pre>
 *   L = 1/(3 n B) sum_{s, i} |x_i'(s) - x_i^target(s)|^2
 * </pre>
 * with Adam, for a budget of optimizer steps over shuffled mini-batches (the last batch of an epoch may be short),
 * evaluating the validation MSE about {@code evaluations} times and keeping the parameters of the best evaluation
 * (selection on validation). With {@code augment}, every training system is rotated by a fresh uniformly random
 * rotation (field included) each time it is drawn. With {@code cosine}, the learning rate of step t (0-based) of T is
 * lr (1 + cos(pi t / T)) / 2 (cosine decay to zero, no restarts); otherwise it stays lr.
 */
public final class DynamicsTrainer {
    private DynamicsTrainer() {}

    /** Training settings. */
    public record Config(int steps, int batch, float lr, float weightDecay, boolean augment, int evaluations, long seed, boolean cosine) {
        public Config {
            if (steps <= 0 || batch <= 0 || !(lr > 0) || evaluations <= 0)
                throw new IllegalArgumentException("DynamicsTrainer: bad config steps=" + steps + " batch=" + batch + " lr=" + lr + " evaluations=" + evaluations);
        }

        /** A constant learning rate. */
        public Config(int steps, int batch, float lr, float weightDecay, boolean augment, int evaluations, long seed) {
            this(steps, batch, lr, weightDecay, augment, evaluations, seed, false);
        }

        /** The learning rate of step {@code t} (0-based). */
        public float lrAt(long t) {
            return cosine ? (float) (lr * 0.5 * (1 + Math.cos(Math.PI * t / steps))) : lr;
        }
    }

    /** The outcome: best validation MSE and where, the validation curve (step, MSE), time per training step. */
    public record Result(double bestValMse, long bestStep, long steps, double trainSeconds, double msPerStep,
                         double[] curveSteps, double[] valCurve, double firstLoss, double lastLoss) {}

    public static Result fit(DynamicsModel model, NBodySet train, NBodySet val, Config cfg, Consumer<String> log) {
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        List<Tensor> params = model.parameters();
        float[][] best = snapshot(params);
        double bestVal = Double.POSITIVE_INFINITY, firstLoss = Double.NaN, lastLoss = Double.NaN;
        long bestStep = 0, step = 0;
        long perEpoch = (train.count() + cfg.batch() - 1) / cfg.batch();
        long evalEvery = Math.max(1, cfg.steps() / cfg.evaluations());
        List<Double> cs = new ArrayList<>(), cv = new ArrayList<>();
        long nanos = 0;
        try (Adam opt = Adam.builder(params).lr(cfg.lr()).weightDecay(cfg.weightDecay()).build()) {
            model.train(true);
            int[] order = new int[train.count()];
            while (step < cfg.steps()) {
                for (int i = 0; i < order.length; i++) order[i] = i;
                for (int i = order.length - 1; i > 0; i--) {
                    int j = rng.nextInt(i + 1), t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (long bi = 0; bi < perEpoch && step < cfg.steps(); bi++) {
                    int from = (int) (bi * cfg.batch()), to = Math.min(order.length, from + cfg.batch());
                    NBodySet b = train.subset(java.util.Arrays.copyOfRange(order, from, to));
                    if (cfg.augment()) b = b.randomlyRotated(rng.nextLong());
                    long t0 = System.nanoTime();
                    try (Scope s = Scope.open()) {
                        opt.setLr(cfg.lrAt(step));
                        opt.zeroGrad();
                        Tensor d = model.predict(b).sub(Tensor.of(b.target(), Shape.of(b.count(), b.n(), 3), model.device()));
                        Tensor loss = d.mul(d).mean();
                        loss.backward();
                        opt.step();
                        lastLoss = loss.item();
                        if (step == 0) firstLoss = lastLoss;
                    }
                    nanos += System.nanoTime() - t0;
                    step++;
                    if (step % evalEvery == 0 || step == cfg.steps()) {
                        double v = mse(model, val);
                        model.train(true);
                        cs.add((double) step);
                        cv.add(v);
                        if (v < bestVal || Double.isNaN(bestVal)) {
                            bestVal = v;
                            bestStep = step;
                            best = snapshot(params);
                        }
                        if (log != null) log.accept(String.format("step %d/%d train %.5f val %.5f (best %.5f at %d)", step, cfg.steps(), lastLoss, v, bestVal, bestStep));
                    }
                }
            }
        }
        restore(params, best);
        model.train(false);
        return new Result(bestVal, bestStep, step, nanos / 1e9, nanos / 1e6 / Math.max(1, step),
                cs.stream().mapToDouble(Double::doubleValue).toArray(), cv.stream().mapToDouble(Double::doubleValue).toArray(), firstLoss, lastLoss);
    }

    /** The model's predicted positions for the whole set (evaluation mode, no gradients, batches of 500). */
    public static float[] predict(DynamicsModel model, NBodySet set) {
        float[] out = new float[set.x().length];
        model.train(false);
        try (GradMode.Guard g = GradMode.disable()) {
            for (int from = 0; from < set.count(); from += 500) {
                int to = Math.min(set.count(), from + 500);
                int[] idx = new int[to - from];
                for (int i = 0; i < idx.length; i++) idx[i] = from + i;
                try (Scope s = Scope.open()) {
                    float[] p = model.predict(set.subset(idx)).toFloatArray();
                    System.arraycopy(p, 0, out, from * set.n() * 3, p.length);
                }
            }
        }
        return out;
    }

    /** The model's MSE on the set. */
    public static double mse(DynamicsModel model, NBodySet set) {
        return mse(predict(model, set), set.target());
    }

    /** Mean of (a - b)^2 over all entries. */
    public static double mse(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            double d = a[k] - b[k];
            s += d * d;
        }
        return s / a.length;
    }

    static float[][] snapshot(List<Tensor> params) {
        float[][] s = new float[params.size()][];
        for (int i = 0; i < s.length; i++) s[i] = params.get(i).toFloatArray();
        return s;
    }

    static void restore(List<Tensor> params, float[][] s) {
        for (int i = 0; i < s.length; i++) params.get(i).copyFrom(s[i]);
    }
}
