package org.symkern.nn;

import org.symkern.ops.BatchNorm;
import org.symkern.tensor.DType;
import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Batch normalization with one mean / variance and one affine pair per field, shared over the batch, the
 * group axis and space (escnn InnerBatchNorm; GrouPy's chainer BatchNormalization over all axes but 1):
 * input (B, C, |G|, H, W), (B, C, |G|, T), or with groupSize 1 any (B, C, ...) — then it is BatchNorm1d /
 * BatchNorm2d. With the channel's values over (b, g, p):
 * <pre>
 *  training: mean_c, var_c = batch mean and biased variance;  eval: the running statistics
 *  y[b, c, g, p] = gamma_c (x[b, c, g, p] - mean_c) / sqrt(var_c + eps) + beta_c
 *  running_mean = (1 - momentum) running_mean + momentum mean_c
 *  running_var  = (1 - momentum) running_var  + momentum var_c n / (n - 1)     (training only; PyTorch's rule)
 * </pre>
 * Training or evaluation follows {@link #isTraining()}. gamma starts at 1, beta at 0; running_mean at 0 and
 * running_var at 1. State names are PyTorch's (nn.BatchNorm1d/2d): the parameters "weight" (gamma) and "bias"
 * (beta), the buffers "running_mean" and "running_var" (C) and "num_batches_tracked" (int64 scalar: training
 * forwards so far), updated in place by training forwards (see {@link #namedBuffers()}), freed by
 * {@link #close()}. Checkpoints written before the rename ("gamma", "beta", no counter) still load
 * ({@code org.symkern.train.Checkpoint}).
 *
 * <p>Equivariance: the statistics are sums over the whole (b, g, p) set of a channel, so the layer commutes
 * with every permutation of the group axis (the regular representation of p4, p4m, C_N, D_N) and every
 * permutation of the spatial positions (rot90, flips): BN(rot90(x) rolled on the group axis) =
 * rot90(BN(x)) rolled likewise, exactly up to the order of floating-point sums. A per-(c, g) normalization
 * would break this; that is why the statistics are shared (docs/groups.md, section Equivariance laws).
 */
public final class InnerBatchNorm extends Module {
    private final long channels;
    private final long groupSize;
    private final float momentum, eps;
    private final Tensor gamma, beta, runningMean, runningVar, batchesTracked;

    /**
     * @param channels  fields C (axis 1)
     * @param groupSize |G| of axis 2, or 1 for a plain (B, C, ...) input
     * @param affine    learn gamma and beta
     */
    public InnerBatchNorm(long channels, long groupSize, Device device, float momentum, float eps, boolean affine) {
        super("InnerBatchNorm(" + channels + "x" + groupSize + ")");
        if (channels <= 0 || groupSize <= 0)
            throw new IllegalArgumentException("InnerBatchNorm: channels " + channels + " and groupSize " + groupSize + " must be positive");
        this.channels = channels;
        this.groupSize = groupSize;
        this.momentum = momentum;
        this.eps = eps;
        Shape c = Shape.of(channels);
        this.gamma = affine ? parameter("weight", c, device, () -> Tensor.ones(c, device)) : null;
        this.beta = affine ? parameter("bias", c, device, () -> Tensor.zeros(c, device)) : null;
        this.runningMean = buffer("running_mean", () -> Tensor.zeros(c, device));
        this.runningVar = buffer("running_var", () -> Tensor.ones(c, device));
        this.batchesTracked = buffer("num_batches_tracked", () -> Tensor.zeros(Shape.scalar(), DType.INT64, device));
    }

    /** Affine, momentum 0.1, eps 1e-5 (PyTorch's defaults). */
    public InnerBatchNorm(long channels, long groupSize, Device device) {
        this(channels, groupSize, device, 0.1f, 1e-5f, true);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 2 || x.dim(1) != channels || (groupSize > 1 && (x.rank() < 3 || x.dim(2) != groupSize)))
            throw new IllegalArgumentException(name() + ": input " + x.shape() + " must be (B, " + channels
                    + (groupSize > 1 ? ", " + groupSize : "") + ", ...)");
        Tensor y = BatchNorm.apply(x, gamma, beta, runningMean, runningVar, isTraining(), momentum, eps);
        if (isTraining()) batchesTracked.copyFrom(Tensor.ofLongs(new long[] {batchesTracked() + 1}, Shape.scalar(), Device.CPU));
        return FieldType.carry(x, y);
    }

    /** The running mean, one per field. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running variance, one per field. */
    public Tensor runningVar() {
        return runningVar;
    }

    /** Training forwards so far (PyTorch's num_batches_tracked). */
    public long batchesTracked() {
        return batchesTracked.toLongArray()[0];
    }

    /** The scale gamma (C), PyTorch's "weight"; null when not affine. */
    public Tensor gamma() {
        return gamma;
    }

    /** The shift beta (C), PyTorch's "bias"; null when not affine. */
    public Tensor beta() {
        return beta;
    }

    /** Same as {@link #gamma()}: the parameter named "weight". */
    public Tensor weight() {
        return gamma;
    }

    /** Same as {@link #beta()}: the parameter named "bias". */
    public Tensor bias() {
        return beta;
    }

    /** Fields C (axis 1). */
    public long channels() {
        return channels;
    }

    /** |G| of axis 2, or 1 for a plain (B, C, ...) input. */
    public long groupSize() {
        return groupSize;
    }

    /** The running-statistics rate: running = (1 - momentum) running + momentum batch. */
    public float momentum() {
        return momentum;
    }

    /** eps in 1 / sqrt(var + eps). */
    public float eps() {
        return eps;
    }
}
