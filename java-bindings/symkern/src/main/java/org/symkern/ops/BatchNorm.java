package org.symkern.ops;

import java.util.ArrayList;
import java.util.List;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Batch normalization with statistics shared over every axis except the channel axis 1 (catalog K5,
 * "inner" batch norm): x is (B, C, ...) viewed as (B, C, R) with R the product of the trailing axes, e.g.
 * R = |G| H W for a group feature map (B, C, |G|, H, W), R = H W for BatchNorm2d, R = 1 for (B, C).
 * Per channel c, over its n = B R values:
 * <pre>
 *  training: mean_c, var_c = batch mean and biased variance;   eval: mean_c, var_c = running statistics
 *  invstd_c = 1 / sqrt(var_c + eps),   xhat = (x - mean_c) invstd_c,   y = gamma_c xhat + beta_c
 *  training also updates, in place:  running_mean = (1 - m) running_mean + m mean_c
 *                                    running_var  = (1 - m) running_var  + m var_c n / (n - 1)
 * </pre>
 * Gradients (sums over the channel's n values):
 * <pre>
 *  dbeta_c  = sum dy,   dgamma_c = sum dy xhat
 *  training: dx = gamma_c invstd_c (dy - sum(dy) / n - xhat sum(dy xhat) / n)   (through the batch statistics)
 *  eval:     dx = gamma_c invstd_c dy
 * </pre>
 * gamma, beta (C) may be null (1 and 0). The running statistics (C) are not graph inputs; they may be
 * null in training (then they are not tracked) and are required in evaluation.
 */
public final class BatchNorm extends Function {
    private final boolean training;
    private final float momentum, eps;
    private final Tensor runningMean, runningVar;
    private final boolean hasGamma, hasBeta;
    private Shape inShape;

    private BatchNorm(boolean training, float momentum, float eps, Tensor runningMean, Tensor runningVar,
                      boolean hasGamma, boolean hasBeta) {
        this.training = training;
        this.momentum = momentum;
        this.eps = eps;
        this.runningMean = runningMean;
        this.runningVar = runningVar;
        this.hasGamma = hasGamma;
        this.hasBeta = hasBeta;
    }

    /**
     * Normalizes x (B, C, ...) per channel; see the class comment. momentum in [0, 1], eps &ge; 0.
     * In training, running statistics (when given) are updated in place.
     */
    public static Tensor apply(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                               boolean training, float momentum, float eps) {
        if ((runningMean == null) != (runningVar == null))
            throw new IllegalArgumentException("batch_norm: runningMean and runningVar must both be given or both be null");
        if (!training && runningMean == null)
            throw new IllegalArgumentException("batch_norm: evaluation mode needs running statistics");
        if (!(momentum >= 0 && momentum <= 1)) throw new IllegalArgumentException("batch_norm: momentum " + momentum + " is outside [0, 1]");
        if (!(eps >= 0) || Float.isInfinite(eps)) throw new IllegalArgumentException("batch_norm: eps " + eps + " must be finite and >= 0");
        if (x.rank() < 2) throw new IllegalArgumentException("batch_norm: input " + x.shape() + " needs at least 2 axes (B, C, ...)");
        long c = x.dim(1);
        for (Tensor t : new Tensor[] {gamma, beta, runningMean, runningVar})
            if (t != null && !t.shape().equals(Shape.of(c)))
                throw new IllegalArgumentException("batch_norm: per-channel tensor " + t.shape() + " does not match the "
                        + c + " channels of input " + x.shape());
        for (Tensor t : new Tensor[] {runningMean, runningVar})
            if (t != null && (!t.device().equals(x.device()) || t.requiresGrad()))
                throw new IllegalArgumentException("batch_norm: running statistics must live on " + x.device()
                        + " and not require gradients, got " + t.describe());
        return new BatchNorm(training, momentum, eps, runningMean, runningVar, gamma != null, beta != null)
                .apply(present(x, gamma, beta));
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0].requireFloat(name());
        Tensor gamma = hasGamma ? in[1].requireFloat(name()) : null;
        Tensor beta = hasBeta ? in[hasGamma ? 2 : 1].requireFloat(name()) : null;
        inShape = x.shape();
        long b = inShape.dim(0), c = inShape.dim(1), r = inShape.prod(2, inShape.rank());
        if (training && c > 0 && b * r < 2)
            throw new IllegalArgumentException("batch_norm: training needs more than one value per channel, input " + inShape);
        Tensor y = Tensor.uninitialized(inShape, x.device());
        Tensor mean = Tensor.uninitialized(Shape.of(c), x.device()), invstd = Tensor.zeros(Shape.of(c), x.device());
        Native.check(SymkernNative.sk_batch_norm_forward(y.buffer(), mean.buffer(), invstd.buffer(),
                runningMean == null ? null : runningMean.buffer(), runningVar == null ? null : runningVar.buffer(),
                x.buffer(), gamma == null ? null : gamma.buffer(), beta == null ? null : beta.buffer(), b, c, r,
                training ? 1 : 0, momentum, eps));
        save(x, mean, invstd, gamma);
        return y;
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor x = saved(0), mean = saved(1), invstd = saved(2), gamma = saved(3);
        long b = inShape.dim(0), c = inShape.dim(1), r = inShape.prod(2, inShape.rank());
        Tensor dx = Tensor.uninitialized(inShape, dy.device());
        Tensor dgamma = hasGamma ? Tensor.zeros(Shape.of(c), dy.device()) : null;   // += onto zeros
        Tensor dbeta = hasBeta ? Tensor.zeros(Shape.of(c), dy.device()) : null;
        Native.check(SymkernNative.sk_batch_norm_backward(dx.buffer(), dgamma == null ? null : dgamma.buffer(),
                dbeta == null ? null : dbeta.buffer(), dy.buffer(), x.buffer(), mean.buffer(), invstd.buffer(),
                gamma == null ? null : gamma.buffer(), b, c, r, training ? 1 : 0));
        return present(dx, dgamma, dbeta);
    }

    /** The non-null tensors, in order: the graph inputs (x, gamma?, beta?) or their gradients. Shared with LayerNorm. */
    static Tensor[] present(Tensor... ts) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : ts) if (t != null) out.add(t);
        return out.toArray(new Tensor[0]);
    }

    @Override
    public String name() {
        return "batch_norm";
    }
}
