package org.symkern.salf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.symkern.autograd.GradMode;
import org.symkern.data.Split;
import org.symkern.optim.Adam;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;
import org.symkern.train.Learner;
import org.symkern.train.Metrics;

/** Test helper: a few Adam steps through a {@link Learner}, its evaluation, and the loss decomposition check. */
final class SmokeTraining {
    private SmokeTraining() {}

    /** Adam steps over reshuffled batches of trainIdx; returns {mean loss of the first 5 steps, of the last 5}. */
    static double[] train(Learner learner, int[] trainIdx, int steps, int batch, float lr, long seed) {
        double first = 0, last = 0;
        learner.module().train(true);
        try (Adam opt = new Adam(learner.module().parameters(), lr)) {
            int[] order = trainIdx.clone();
            for (int step = 0, at = order.length; step < steps; step++, at += batch) {
                if (at + batch > order.length) {
                    Split.shuffle(order, seed + step);
                    at = 0;
                }
                try (Scope s = Scope.open()) {
                    Tensor loss = learner.loss(order, at, at + batch);
                    opt.zeroGrad();
                    loss.backward();
                    opt.step();
                    float l = loss.item();
                    assertTrue(Float.isFinite(l), "loss " + l + " at step " + step);
                    if (step < 5) first += l / 5;
                    if (step >= steps - 5) last += l / 5;
                }
            }
        }
        return new double[] {first, last};
    }

    /** Confusion matrix of the arg-max of the learner's logits on idx (evaluation mode, no gradients). */
    static Metrics evaluate(Learner learner, int[] idx) {
        learner.module().train(false);
        Metrics m = new Metrics(learner.classes());
        int k = learner.classes();
        try (GradMode.Guard g = GradMode.disable()) {
            for (int from = 0; from < idx.length; from += 100) {
                int to = Math.min(idx.length, from + 100);
                try (Scope s = Scope.open()) {
                    float[] logits = learner.logits(idx, from, to).toFloatArray();
                    for (int i = 0; i < to - from; i++) {
                        int best = 0;
                        for (int c = 1; c < k; c++) if (logits[i * k + c] > logits[i * k + best]) best = c;
                        m.add(learner.label(idx[from + i]), best);
                    }
                }
            }
        }
        learner.module().train(true);
        return m;
    }

    /**
     * loss(lambda) - loss(0) on the batch idx = lambda L_asym(z) of the model's embedding of x (the batch's inputs);
     * batch norm uses batch statistics, so the three forwards agree.
     */
    static void assertLossAddsLambdaTimesAsymmetryLoss(Learner withLambda, Learner without, SalfModel model, Tensor x, int[] idx,
                                                      float lambda, float margin) {
        int[] labels = new int[idx.length];
        for (int i = 0; i < idx.length; i++) labels[i] = withLambda.label(idx[i]);
        try (Scope s = Scope.open()) {
            float plain = without.loss(idx, 0, idx.length).item(), full = withLambda.loss(idx, 0, idx.length).item();
            float asym = AsymmetryLoss.compute(model.logitsAndEmbedding(x).embedding(), labels, withLambda.classes(), margin).item();
            System.out.printf("%s: CE %.6f, L_asym %.6f, CE + %.2f L_asym = %.6f, learner %.6f%n", withLambda.getClass().getSimpleName(),
                    plain, asym, lambda, plain + lambda * asym, full);
            assertTrue(asym > 1e-3, "L_asym should be active on this batch, got " + asym);
            assertEquals(plain + lambda * asym, full, 1e-5 * (1 + Math.abs(full)));
        }
    }
}
