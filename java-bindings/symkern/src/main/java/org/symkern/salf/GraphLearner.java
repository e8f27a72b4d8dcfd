package org.symkern.salf;

import org.symkern.models.GraphClassifier;

import org.symkern.data.GraphBatch;
import org.symkern.data.TuDataset;
import org.symkern.nn.Module;
import org.symkern.tensor.Device;
import org.symkern.tensor.Tensor;
import org.symkern.train.Learner;

/**
 * A {@link Learner} for graph classification on a {@link TuDataset}: example i is graph i, and each batch idx[from, to)
 * is one block-diagonal {@link GraphBatch} on the model's device. The training loss is
 * <pre>
 *   L = CE(logits, y) + lambda * L_asym(z, y; m)      (docs/salf.md, section symkern's reading; {@link AsymmetryLoss})
 * </pre>
 * with z the SALF head representation of a {@link SalfGraphModel}; with lambda = 0 it is the cross-entropy alone and
 * any {@link GraphClassifier} will do. Standardize the node attributes beforehand with the training graphs' statistics
 * ({@link TuDataset#standardizeAttributes}); the learner uses the dataset as given.
 */
public final class GraphLearner implements Learner {
    private final GraphClassifier model;
    private final TuDataset data;
    private final float lambda, margin;
    private final Device device;

    /**
     * @param model  a graph classifier; a {@link SalfGraphModel} when lambda &gt; 0
     * @param lambda weight of the asymmetry loss (&gt;= 0)
     * @param margin the asymmetry loss margin m (&gt; 0; 1.0 is the default of docs/salf.md, section symkern's reading)
     */
    public GraphLearner(GraphClassifier model, TuDataset data, float lambda, float margin) {
        if (!(lambda >= 0)) throw new IllegalArgumentException("graph learner: lambda must be >= 0, got " + lambda);
        if (!(margin > 0)) throw new IllegalArgumentException("graph learner: margin must be positive, got " + margin);
        if (lambda > 0 && !(model instanceof SalfGraphModel))
            throw new IllegalArgumentException("graph learner: lambda = " + lambda + " needs a SalfGraphModel (the asymmetry loss acts on its z), got "
                    + model.name());
        if (model.classes() != data.classes)
            throw new IllegalArgumentException("graph learner: " + model.name() + " has " + model.classes() + " classes, " + data.name + " has " + data.classes);
        if (model.parameters().isEmpty()) throw new IllegalArgumentException("graph learner: " + model.name() + " has no parameters");
        this.model = model;
        this.data = data;
        this.lambda = lambda;
        this.margin = margin;
        this.device = model.parameters().get(0).device();
    }

    @Override
    public Module module() {
        return model;
    }

    @Override
    public int classes() {
        return data.classes;
    }

    @Override
    public int label(int i) {
        return data.labels[i];
    }

    /** The batch idx[from, to) on the model's device. */
    public GraphBatch batch(int[] idx, int from, int to) {
        return GraphBatch.of(data, idx, from, to, device);
    }

    @Override
    public Tensor loss(int[] idx, int from, int to) {
        return loss(batch(idx, from, to));
    }

    /** CE + lambda L_asym of one batch (just CE when lambda = 0). */
    public Tensor loss(GraphBatch b) {
        if (lambda == 0f) return model.logits(b).crossEntropy(b.labels);
        SalfGraphModel.Output out = ((SalfGraphModel) model).logitsAndEmbedding(b);
        return out.logits().crossEntropy(b.labels).add(AsymmetryLoss.compute(out.z(), b.host.labels, data.classes, margin).mul(lambda));
    }

    @Override
    public Tensor logits(int[] idx, int from, int to) {
        return model.logits(batch(idx, from, to));
    }

    /** The weight lambda of the asymmetry loss. */
    public float lambda() {
        return lambda;
    }

    /** The margin m of the asymmetry loss. */
    public float margin() {
        return margin;
    }

    /** The graphs. */
    public TuDataset dataset() {
        return data;
    }
}
