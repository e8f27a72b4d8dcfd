package org.symkern.train;

import java.io.PrintStream;

import me.tongfei.progressbar.ProgressBar;

import org.symkern.autograd.GradMode;
import org.symkern.data.ImageDataset;
import org.symkern.data.Split;
import org.symkern.nn.Module;
import org.symkern.optim.Adam;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * Mini-batch training of an image classifier with cross-entropy and an optimizer: each epoch shuffles
 * the training indices with (seed, epoch), runs forward / backward / step in one {@link Scope} per batch
 * (so activations are freed every step), and reports the mean loss. Evaluation runs without gradients in
 * evaluation mode.
 */
public final class ClassifierTrainer {
    private final Module model;
    private final Adam optimizer;
    private final Device device;
    private final int batchSize;
    private final long seed;
    private PrintStream progressOut;

    public ClassifierTrainer(Module model, Adam optimizer, Device device, int batchSize, long seed) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        this.model = model;
        this.optimizer = optimizer;
        this.device = device;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** Shows a progress bar per epoch on `out` (null: none). */
    public ClassifierTrainer progress(PrintStream out) {
        this.progressOut = out;
        return this;
    }

    /** One pass over `train[idx]`; returns the mean training loss. */
    public double trainEpoch(ImageDataset train, int[] idx, int epoch) {
        int[] order = idx.clone();
        Split.shuffle(order, seed * 7919 + epoch);
        model.train(true);
        int steps = (order.length + batchSize - 1) / batchSize;
        double lossSum = 0;
        long seen = 0;
        try (ProgressBar bar = bar("epoch " + epoch, steps)) {
            for (int s = 0; s < steps; s++) {
                int from = s * batchSize, to = Math.min(order.length, from + batchSize);
                try (Scope step = Scope.open()) {
                    Tensor x = train.images(order, from, to, device);
                    Tensor y = train.labels(order, from, to, device);
                    Tensor loss = model.forward(x).crossEntropy(y);
                    model.zeroGrad();
                    loss.backward();
                    optimizer.step();
                    float l = loss.item();
                    if (!Float.isFinite(l)) throw new IllegalStateException("training diverged: loss " + l + " at epoch " + epoch + " step " + s);
                    lossSum += (double) l * (to - from);
                    seen += to - from;
                }
                if (bar != null) bar.step();
            }
        }
        return lossSum / Math.max(1, seen);
    }

    /** Confusion-matrix metrics of the model on `data[idx]` (evaluation mode, no gradients). */
    public Metrics evaluate(ImageDataset data, int[] idx) {
        model.train(false);
        Metrics m = new Metrics(data.classes);
        try (GradMode.Guard g = GradMode.disable()) {
            for (int from = 0; from < idx.length; from += batchSize) {
                int to = Math.min(idx.length, from + batchSize);
                try (Scope s = Scope.open()) {
                    float[] logits = model.forward(data.images(idx, from, to, device)).toFloatArray();
                    int classes = logits.length / (to - from);
                    for (int i = 0; i < to - from; i++) {
                        int best = 0;
                        for (int c = 1; c < classes; c++) if (logits[i * classes + c] > logits[i * classes + best]) best = c;
                        m.add(data.labels[idx[from + i]], best);
                    }
                }
            }
        }
        model.train(true);
        return m;
    }

    private ProgressBar bar(String name, int steps) {
        return Fit.bar(progressOut, name, steps);
    }

}
