package org.symkern.ops;

import org.symkern.autograd.Function;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.Native;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Layer normalization over the last axis (catalog K5): x (..., D) is viewed as (rows, D), and per row
 * <pre>
 *  mean = sum_j x_j / D,  var = sum_j (x_j - mean)^2 / D,  rstd = 1 / sqrt(var + eps)
 *  xhat_j = (x_j - mean) rstd,   y_j = gamma_j xhat_j + beta_j
 * </pre>
 * Gradients, with g_j = gamma_j dy_j:
 * <pre>
 *  dx_j = rstd (g_j - mean_k(g_k) - xhat_j mean_k(g_k xhat_k))
 *  dgamma_j = sum over rows of dy_j xhat_j,   dbeta_j = sum over rows of dy_j
 * </pre>
 * gamma, beta (D) may be null (1 and 0).
 */
public final class LayerNorm extends Function {
    private final float eps;
    private final boolean hasGamma, hasBeta;
    private Shape inShape;

    private LayerNorm(float eps, boolean hasGamma, boolean hasBeta) {
        this.eps = eps;
        this.hasGamma = hasGamma;
        this.hasBeta = hasBeta;
    }

    /** Normalizes the last axis of x; gamma and beta are (D) or null. eps &ge; 0. */
    public static Tensor apply(Tensor x, Tensor gamma, Tensor beta, float eps) {
        if (!(eps >= 0) || Float.isInfinite(eps)) throw new IllegalArgumentException("layer_norm: eps " + eps + " must be finite and >= 0");
        if (x.rank() < 1 || x.dim(-1) == 0)
            throw new IllegalArgumentException("layer_norm: input " + x.shape() + " needs a non-empty last axis");
        for (Tensor t : new Tensor[] {gamma, beta})
            if (t != null && !t.shape().equals(Shape.of(x.dim(-1))))
                throw new IllegalArgumentException("layer_norm: gamma / beta " + t.shape() + " do not match the last axis of input " + x.shape());
        return new LayerNorm(eps, gamma != null, beta != null).apply(BatchNorm.present(x, gamma, beta));
    }

    @Override
    protected Tensor forward(Tensor... in) {
        Tensor x = in[0].requireFloat(name());
        Tensor gamma = hasGamma ? in[1].requireFloat(name()) : null;
        Tensor beta = hasBeta ? in[hasGamma ? 2 : 1].requireFloat(name()) : null;
        inShape = x.shape();
        long cols = inShape.dim(-1), rows = x.numel() / cols;
        Tensor y = Tensor.zeros(inShape, x.device());
        Tensor mean = Tensor.zeros(Shape.of(rows), x.device()), rstd = Tensor.zeros(Shape.of(rows), x.device());
        Native.check(SymkernNative.sk_layer_norm_forward(y.buffer(), mean.buffer(), rstd.buffer(), x.buffer(),
                gamma == null ? null : gamma.buffer(), beta == null ? null : beta.buffer(), rows, cols, eps));
        save(x, mean, rstd, gamma);
        return y;
    }

    @Override
    protected Tensor[] backward(Tensor dy) {
        Tensor x = saved(0), mean = saved(1), rstd = saved(2), gamma = saved(3);
        long cols = inShape.dim(-1), rows = inShape.numel() / cols;
        Tensor dx = Tensor.zeros(inShape, dy.device());
        Tensor dgamma = hasGamma ? Tensor.zeros(Shape.of(cols), dy.device()) : null;   // += onto zeros
        Tensor dbeta = hasBeta ? Tensor.zeros(Shape.of(cols), dy.device()) : null;
        Native.check(SymkernNative.sk_layer_norm_backward(dx.buffer(), dgamma == null ? null : dgamma.buffer(),
                dbeta == null ? null : dbeta.buffer(), dy.buffer(), x.buffer(), mean.buffer(), rstd.buffer(),
                gamma == null ? null : gamma.buffer(), rows, cols));
        return BatchNorm.present(dx, dgamma, dbeta);
    }

    @Override
    public String name() {
        return "layer_norm";
    }
}
