package org.symkern.train;

import java.util.SplittableRandom;

import org.symkern.nn.Activation;
import org.symkern.nn.Dropout;
import org.symkern.nn.InnerBatchNorm;
import org.symkern.nn.Linear;
import org.symkern.nn.Module;
import org.symkern.nn.Sequential;
import org.symkern.tensor.Device;
import org.symkern.tensor.Tensor;

/**
 * A test {@link Learner}: three 2-D Gaussian blobs (centres 120 degrees apart at radius 2.5, standard deviation 0.6,
 * so nearly separable) classified by Linear(2, 16) - BatchNorm - ReLU - Dropout(0.1) - Linear(16, 3): parameters,
 * BatchNorm running statistics and the Dropout offset buffer all take part, as in a real model. Examples
 * [0, n) have their true labels; labels can be overridden per example (to make an unlearnable validation set), and
 * the loss can be poisoned with NaN at a given call.
 */
final class Blobs implements Learner, AutoCloseable {
    static final int CLASSES = 3;
    final float[] x;
    final int[] y;
    final Sequential model;
    /** The loss call (1-based, counted over this learner's life) that returns NaN; 0: none. */
    int nanAtCall;
    private int calls;

    Blobs(int n, long dataSeed, long modelSeed) {
        x = new float[2 * n];
        y = new int[n];
        SplittableRandom r = new SplittableRandom(dataSeed);
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            double a = 2 * Math.PI * c / CLASSES;
            x[2 * i] = (float) (2.5 * Math.cos(a) + 0.6 * gauss(r));
            x[2 * i + 1] = (float) (2.5 * Math.sin(a) + 0.6 * gauss(r));
            y[i] = c;
        }
        model = new Sequential(new Linear(2, 16, Device.CPU, modelSeed), new InnerBatchNorm(16, 1, Device.CPU), Activation.relu(),
                new Dropout(0.1f, modelSeed + 7), new Linear(16, CLASSES, Device.CPU, modelSeed + 1));
    }

    private static double gauss(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static int[] range(int from, int to) {
        int[] a = new int[to - from];
        for (int i = 0; i < a.length; i++) a[i] = from + i;
        return a;
    }

    @Override
    public Module module() {
        return model;
    }

    @Override
    public int classes() {
        return CLASSES;
    }

    @Override
    public int label(int i) {
        return y[i];
    }

    private Tensor inputs(int[] idx, int from, int to) {
        float[] b = new float[2 * (to - from)];
        for (int i = from; i < to; i++) {
            b[2 * (i - from)] = x[2 * idx[i]];
            b[2 * (i - from) + 1] = x[2 * idx[i] + 1];
        }
        return Tensor.of(b, to - from, 2);
    }

    @Override
    public Tensor loss(int[] idx, int from, int to) {
        int[] labels = new int[to - from];
        for (int i = from; i < to; i++) labels[i - from] = y[idx[i]];
        Tensor loss = model.forward(inputs(idx, from, to)).crossEntropy(Tensor.ofInts(labels, to - from));
        return ++calls == nanAtCall ? loss.mul(Float.NaN) : loss;
    }

    @Override
    public Tensor logits(int[] idx, int from, int to) {
        return model.forward(inputs(idx, from, to));
    }

    @Override
    public void close() {
        model.close();
    }
}
