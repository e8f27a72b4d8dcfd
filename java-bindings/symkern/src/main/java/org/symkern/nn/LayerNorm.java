package org.symkern.nn;

import org.symkern.tensor.Device;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Layer normalization over the last axis of size D (PyTorch nn.LayerNorm(D)):
 * <pre>
 *  y = gamma (x - mean) / sqrt(var + eps) + beta,   mean, var (biased) over the last axis of each row
 * </pre>
 * gamma starts at 1 and beta at 0 (catalog K5, {@link org.symkern.ops.LayerNorm}); their state names are PyTorch's,
 * "weight" (gamma) and "bias" (beta).
 *
 * <p>Equivariance: it acts on each row on its own with statistics that are symmetric functions of the
 * row, so it commutes with every permutation of the leading axes (nodes of a graph, set elements: the
 * DeepSets / ASEN permutation action). It commutes with a permutation of the normalized axis only when
 * gamma and beta are constant along it (e.g. affine = false).
 */
public final class LayerNorm extends Module {
    private final long size;
    private final float eps;
    private final Tensor gamma, beta;

    /** Layer norm over the last axis of width {@code size}, with a learned scale and shift when {@code affine}. */
    public LayerNorm(long size, Device device, float eps, boolean affine) {
        super("LayerNorm(" + size + ")");
        if (size <= 0) throw new IllegalArgumentException("LayerNorm: size " + size + " must be positive");
        this.size = size;
        this.eps = eps;
        Shape s = Shape.of(size);
        this.gamma = affine ? parameter("weight", s, device, () -> Tensor.ones(s, device)) : null;
        this.beta = affine ? parameter("bias", s, device, () -> Tensor.zeros(s, device)) : null;
    }

    /** Affine, eps 1e-5. */
    public LayerNorm(long size, Device device) {
        this(size, device, 1e-5f, true);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 1 || x.dim(-1) != size)
            throw new IllegalArgumentException(name() + ": input " + x.shape() + " must end in " + size);
        return org.symkern.ops.LayerNorm.apply(x, gamma, beta, eps);
    }

    /** The scale (null without affine). */
    public Tensor gamma() {
        return gamma;
    }

    /** The shift (null without affine). */
    public Tensor beta() {
        return beta;
    }
}
