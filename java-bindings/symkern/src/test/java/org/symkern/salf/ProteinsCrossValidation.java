package org.symkern.salf;

import org.symkern.models.GraphClassifier;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.symkern.autograd.GradMode;
import org.symkern.data.CrossValidation;
import org.symkern.data.Split;
import org.symkern.data.TuDataset;
import org.symkern.models.EquivariantGnn;
import org.symkern.models.Gcn;
import org.symkern.ops.Reduce;
import org.symkern.optim.Adam;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * Measurement tool, not a test: 10-fold cross-validation of the PROTEINS graph models with the protocol of Errica et
 * al. (CrossValidation.stratifiedKFold, 10% of each training part held out; the epoch is chosen on validation
 * accuracy only, ties broken by the lower validation loss, and the test accuracy of that epoch is reported). The
 * attribute column is standardized with each fold's training graphs. A minimal training loop of its own (Adam,
 * shuffled mini-batches, step decay), written to size the models before the generic runner exists.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(deps) org.symkern.salf.ProteinsCrossValidation \
 *     model=gin hidden=64 layers=3 pool=sum dropout=0.5 lr=0.01 epochs=100 batch=32 folds=10 seed=0 [lambda=0.3 margin=1]
 * </pre>
 * model: gcn | gin (EquivariantGnn) | salf (SalfGnn) | salfsym (SalfGnn symmetric only). Prints one line per fold
 * and the mean +- std of the selected test accuracies.
 */
public final class ProteinsCrossValidation {
    private ProteinsCrossValidation() {}

    public static void main(String[] args) {
        Map<String, String> a = new TreeMap<>();
        for (String s : args) {
            String[] kv = s.split("=", 2);
            if (kv.length != 2) throw new IllegalArgumentException("argument '" + s + "' is not key=value");
            a.put(kv[0], kv[1]);
        }
        String kind = a.getOrDefault("model", "gin");
        int hidden = Integer.parseInt(a.getOrDefault("hidden", "64"));
        int layers = Integer.parseInt(a.getOrDefault("layers", "3"));
        Reduce.Op pool = Reduce.Op.valueOf(a.getOrDefault("pool", "sum").toUpperCase(Locale.ROOT));
        float dropout = Float.parseFloat(a.getOrDefault("dropout", "0.5"));
        float lr = Float.parseFloat(a.getOrDefault("lr", "0.01"));
        int epochs = Integer.parseInt(a.getOrDefault("epochs", "100"));
        int decayEvery = Integer.parseInt(a.getOrDefault("decay", "50"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "32"));
        int folds = Integer.parseInt(a.getOrDefault("folds", "10"));
        int onlyFolds = Integer.parseInt(a.getOrDefault("run", Integer.toString(folds)));
        long seed = Long.parseLong(a.getOrDefault("seed", "0"));
        float lambda = Float.parseFloat(a.getOrDefault("lambda", "0"));
        float margin = Float.parseFloat(a.getOrDefault("margin", "1"));
        float gammaInit = Float.parseFloat(a.getOrDefault("gamma", "1"));
        boolean standardize = Boolean.parseBoolean(a.getOrDefault("standardize", "true"));
        System.out.println("PROTEINS 10-fold CV " + a);

        TuDataset proteins = TuDataset.proteins();
        CrossValidation.Fold[] split = CrossValidation.stratifiedKFold(proteins.labels, folds, seed);
        double[] tests = new double[onlyFolds];
        long start = System.nanoTime();
        for (int f = 0; f < onlyFolds; f++) {
            CrossValidation.Fold fold = split[f];
            TuDataset data = standardize ? proteins.standardizeAttributes(fold.train) : proteins;
            long t0 = System.nanoTime();
            try (GraphClassifier model = build(kind, data, hidden, layers, pool, dropout, gammaInit, seed + f)) {
                GraphLearner learner = new GraphLearner(model, data, lambda, margin);
                if (f == 0) System.out.println(kind + ": " + model.parameterCount() + " parameters");
                double bestVal = -1, bestValLoss = Double.MAX_VALUE, testAtBest = 0;
                int bestEpoch = -1;
                try (Adam opt = new Adam(model.parameters(), lr)) {
                    for (int e = 0; e < epochs; e++) {
                        opt.setLr(lr * (float) Math.pow(0.5, e / decayEvery));
                        double trainLoss = trainEpoch(learner, opt, fold.train, batch, seed * 7919 + 131L * f + e);
                        double[] val = evaluate(learner, fold.validation), test = evaluate(learner, fold.test);
                        if (val[0] > bestVal || (val[0] == bestVal && val[1] < bestValLoss)) {
                            bestVal = val[0];
                            bestValLoss = val[1];
                            testAtBest = test[0];
                            bestEpoch = e;
                        }
                        if (a.containsKey("verbose"))
                            System.out.printf(Locale.ROOT, "  fold %d epoch %3d loss %.4f val %.3f (%.4f) test %.3f%n", f, e, trainLoss, val[0], val[1], test[0]);
                    }
                }
                tests[f] = testAtBest;
                System.out.printf(Locale.ROOT, "fold %d: best val %.3f at epoch %d -> test %.3f  (%.1f s)%n", f, bestVal, bestEpoch, testAtBest,
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        double mean = 0, sq = 0;
        for (double t : tests) mean += t / tests.length;
        for (double t : tests) sq += (t - mean) * (t - mean) / tests.length;
        System.out.printf(Locale.ROOT, "%s: test accuracy %.2f +- %.2f %% over %d folds, %.1f s per fold%n", kind, 100 * mean, 100 * Math.sqrt(sq),
                tests.length, (System.nanoTime() - start) / 1e9 / tests.length);
    }

    static GraphClassifier build(String kind, TuDataset d, int hidden, int layers, Reduce.Op pool, float dropout, float gammaInit, long seed) {
        return switch (kind) {
            case "gcn" -> new Gcn(d.featureDim, hidden, layers, d.classes, pool, dropout, Device.CPU, seed);
            case "gin" -> new EquivariantGnn(d.featureDim, hidden, layers, d.classes, pool, dropout, Device.CPU, seed);
            case "salf" -> new SalfGnn(d.featureDim, hidden, layers, d.classes, pool, dropout, false, gammaInit, Device.CPU, seed);
            case "salfsym" -> new SalfGnn(d.featureDim, hidden, layers, d.classes, pool, dropout, true, gammaInit, Device.CPU, seed);
            default -> throw new IllegalArgumentException("model " + kind + " is not gcn, gin, salf or salfsym");
        };
    }

    /** One shuffled pass; the mean training loss. */
    static double trainEpoch(GraphLearner learner, Adam opt, int[] train, int batch, long seed) {
        int[] order = train.clone();
        Split.shuffle(order, seed);
        learner.module().train(true);
        double sum = 0;
        for (int from = 0; from < order.length; from += batch) {
            int to = Math.min(order.length, from + batch);
            if (to - from < 2) continue;                       // batch norm needs two graphs' nodes; a lone last graph is skipped
            try (Scope s = Scope.open()) {
                opt.zeroGrad();
                Tensor loss = learner.loss(order, from, to);
                loss.backward();
                opt.step();
                sum += loss.item() * (to - from);
            }
        }
        return sum / order.length;
    }

    /** {accuracy, mean cross-entropy} in evaluation mode. */
    static double[] evaluate(GraphLearner learner, int[] idx) {
        learner.module().train(false);
        int correct = 0;
        double loss = 0;
        try (GradMode.Guard g = GradMode.disable()) {
            for (int from = 0; from < idx.length; from += 128) {
                int to = Math.min(idx.length, from + 128);
                try (Scope s = Scope.open()) {
                    Tensor logits = learner.logits(idx, from, to);
                    float[] l = logits.toFloatArray();
                    int c = learner.classes();
                    for (int i = 0; i < to - from; i++) {
                        int best = 0;
                        double max = Double.NEGATIVE_INFINITY, z = 0;
                        for (int k = 0; k < c; k++) if (l[i * c + k] > max) { max = l[i * c + k]; best = k; }
                        for (int k = 0; k < c; k++) z += Math.exp(l[i * c + k] - max);
                        int y = learner.label(idx[from + i]);
                        loss += Math.log(z) - (l[i * c + y] - max);
                        if (best == y) correct++;
                    }
                }
            }
        }
        learner.module().train(true);
        return new double[] {(double) correct / idx.length, loss / idx.length};
    }
}
