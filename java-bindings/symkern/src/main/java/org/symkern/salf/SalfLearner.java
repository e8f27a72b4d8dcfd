package org.symkern.salf;

import org.symkern.data.ImageDataset;
import org.symkern.nn.Module;
import org.symkern.tensor.Device;
import org.symkern.tensor.Tensor;
import org.symkern.train.Learner;

/**
 * What {@link ImageLearner} and {@link SignalLearner} share: a classifier on examples held as an
 * {@link ImageDataset}, trained with
 * <pre>
 *   L = CE(logits, y) + lambda L_asym(z, y; m)        (docs/salf.md, section symkern's reading; the second term only when lambda > 0)
 * </pre>
 * where z is the embedding of a {@link SalfModel} from the same forward pass as the logits and L_asym is
 * {@link AsymmetryLoss#compute} over the batch (classes absent from the batch do not count). With lambda = 0 the
 * loss is plain cross-entropy and any module will do (the baseline and symmetric-only rows). Every
 * {@link SalfClassifier} is a SalfModel, including the symmetric-only GCnn / GCnn1d: with lambda > 0 they get L_asym
 * of their invariant embedding (an extra ablation, not one of the three rows). Tensors are built on the device of
 * the model's first parameter.
 */
public abstract class SalfLearner implements Learner {
    private final Module model;
    private final SalfModel salf;
    private final ImageDataset data;
    private final float lambda, margin;
    private final Device device;

    SalfLearner(Module model, ImageDataset data, float lambda, float margin) {
        if (model == null || data == null) throw new IllegalArgumentException("learner: model and data are required");
        if (!(lambda >= 0 && Float.isFinite(lambda))) throw new IllegalArgumentException("learner: lambda " + lambda + " must be >= 0");
        if (!(margin > 0 && Float.isFinite(margin))) throw new IllegalArgumentException("learner: margin " + margin + " must be > 0");
        if (lambda > 0 && !(model instanceof SalfModel))
            throw new IllegalArgumentException("learner: lambda " + lambda + " needs a SalfModel (a model with an embedding z), got "
                    + model.name());
        if (model.parameters().isEmpty()) throw new IllegalArgumentException("learner: " + model.name() + " has no parameters");
        this.model = model;
        this.salf = lambda > 0 ? (SalfModel) model : null;
        this.data = data;
        this.lambda = lambda;
        this.margin = margin;
        this.device = model.parameters().get(0).device();
    }

    /** The model's input for examples idx[from, to) of {@link #data()}. */
    abstract Tensor inputs(int[] idx, int from, int to);

    final ImageDataset data() {
        return data;
    }

    final Device device() {
        return device;
    }

    @Override
    public final Module module() {
        return model;
    }

    @Override
    public final int classes() {
        return data.classes;
    }

    @Override
    public final int label(int i) {
        return data.labels[i];
    }

    /** The weight lambda of the asymmetry loss. */
    public final float lambda() {
        return lambda;
    }

    /** The margin m of the asymmetry loss. */
    public final float margin() {
        return margin;
    }

    /** CE over the batch, plus lambda L_asym(z) when lambda > 0. */
    @Override
    public final Tensor loss(int[] idx, int from, int to) {
        Tensor x = inputs(idx, from, to);
        Tensor y = data.labels(idx, from, to, device);
        if (salf == null) return model.forward(x).crossEntropy(y);
        SalfModel.LogitsAndEmbedding out = salf.logitsAndEmbedding(x);
        int[] labels = new int[to - from];
        for (int i = 0; i < labels.length; i++) labels[i] = data.labels[idx[from + i]];
        Tensor asym = AsymmetryLoss.compute(out.embedding(), labels, data.classes, margin);
        return out.logits().crossEntropy(y).add(asym.mul(lambda));
    }

    @Override
    public final Tensor logits(int[] idx, int from, int to) {
        return model.forward(inputs(idx, from, to));
    }
}
