package org.symkern.ops;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.DType;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Fused log-softmax + negative log-likelihood with optional class weights and label smoothing, mean
 * reduction as in PyTorch (catalog K4). For logits (rows, classes), int32 labels y (rows), weights w
 * (classes; all 1 when null), smoothing eps in [0, 1) and p = log_softmax(logits):
 * <pre>
 *  loss = sum_i [ (1-eps) w_{y_i} (-p_{i,y_i}) + eps/classes * sum_c w_c (-p_{i,c}) ] / sum_i w_{y_i}
 *  dlogits_ic = dloss * (A_i softmax_ic - a_ic) / sum_i w_{y_i},
 *      a_ic = (1-eps) w_{y_i} [c == y_i] + eps w_c / classes,   A_i = sum_c a_ic
 * </pre>
 * The result is a rank-0 scalar. Labels and weights receive no gradient. A label outside [0, classes) is
 * a {@link org.symkern.tensor.SymkernException} naming the row and the label.
 */
public final class CrossEntropy extends Function {
    private final float smoothing;

    private CrossEntropy(float smoothing) {
        this.smoothing = smoothing;
    }

    /** logits (rows, classes), labels int32 (rows), weights (classes) or null, smoothing in [0, 1). */
    public static Tensor apply(Tensor logits, Tensor labels, Tensor weights, float smoothing) {
        if (logits == null || labels == null) throw new IllegalArgumentException("cross_entropy: logits and labels must not be null");
        if (logits.dtype() != DType.FLOAT32)
            throw new IllegalArgumentException("cross_entropy: logits must be float32, got " + logits.describe());
        if (logits.rank() != 2)
            throw new IllegalArgumentException("cross_entropy: logits must have rank 2 (rows, classes), got shape " + logits.shape());
        if (labels.dtype() != DType.INT32)
            throw new IllegalArgumentException("cross_entropy: labels must be int32, got " + labels.describe());
        if (labels.rank() != 1 || labels.dim(0) != logits.dim(0))
            throw new IllegalArgumentException("cross_entropy: labels must have shape [" + logits.dim(0) + "] for logits "
                    + logits.shape() + ", got " + labels.shape());
        if (weights != null) {
            if (weights.dtype() != DType.FLOAT32)
                throw new IllegalArgumentException("cross_entropy: weights must be float32, got " + weights.describe());
            if (!weights.shape().equals(Shape.of(logits.dim(1))))
                throw new IllegalArgumentException("cross_entropy: weights must have shape [" + logits.dim(1) + "] for logits "
                        + logits.shape() + ", got " + weights.shape());
        }
        if (!(smoothing >= 0f && smoothing < 1f))
            throw new IllegalArgumentException("cross_entropy: smoothing must be in [0, 1), got " + smoothing);
        CrossEntropy f = new CrossEntropy(smoothing);
        return weights == null ? f.apply(new Tensor[] {logits, labels}) : f.apply(new Tensor[] {logits, labels, weights});
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor logits = in[0], labels = in[1], weights = in.length > 2 ? in[2] : null;
        Tensor loss = Tensor.uninitialized(Shape.scalar(), logits.device());
        Tensor logp = Tensor.uninitialized(logits.shape(), logits.dtype(), logits.device());
        Native.check(SymkernNative.sk_cross_entropy_forward(loss.buffer(), logp.buffer(), logits.buffer(), labels.buffer(),
                weights == null ? null : weights.buffer(), logits.dim(0), logits.dim(1), smoothing));
        save(logp, labels, weights);
        return loss;
    }

    @Override
    protected Tensor[] backward(Tensor dloss) {
        Tensor logp = saved(0), labels = saved(1), weights = saved(2);
        Tensor dlogits = Tensor.uninitialized(logp.shape(), logp.dtype(), logp.device());
        Native.check(SymkernNative.sk_cross_entropy_backward(dlogits.buffer(), dloss.buffer(), logp.buffer(), labels.buffer(),
                weights == null ? null : weights.buffer(), logp.dim(0), logp.dim(1), smoothing));
        return weights == null ? new Tensor[] {dlogits, null} : new Tensor[] {dlogits, null, null};
    }
}
