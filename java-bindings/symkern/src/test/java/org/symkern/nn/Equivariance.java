package org.symkern.nn;

import java.util.function.UnaryOperator;

import org.symkern.group.Permutation;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/** Test helper: node permutations of (batch, n, features) arrays and the measured equivariance error. */
final class Equivariance {
    private Equivariance() {}

    /** (g.x)[b, g(i), :] = x[b, i, :] for x of shape (batch, n, feat), row-major. */
    static float[] permuteNodes(float[] x, int n, int feat, Permutation g) {
        float[] out = new float[x.length];
        for (int b = 0; b < x.length / (n * feat); b++)
            for (int i = 0; i < n; i++)
                System.arraycopy(x, (b * n + i) * feat, out, (b * n + g.apply(i)) * feat, feat);
        return out;
    }

    /**
     * max |f(g.x)[b, g(i)] - f(x)[b, i]| / max |f(x)|: 0 (up to rounding) exactly when f commutes with g on x.
     * f maps a (batch, n, feat) tensor to a (batch, n, outFeat) tensor.
     */
    static double error(UnaryOperator<Tensor> f, Tensor x, Permutation g) {
        try (Scope s = Scope.open()) {
            int n = (int) x.dim(-2), feat = (int) x.dim(-1);
            float[] xv = x.toFloatArray();
            float[] y = f.apply(x).toFloatArray();
            float[] yg = f.apply(Tensor.of(permuteNodes(xv, n, feat, g), x.shape(), x.device())).toFloatArray();
            float[] want = permuteNodes(y, n, y.length / (xv.length / feat), g);
            double err = 0, scale = 0;
            for (int i = 0; i < y.length; i++) {
                err = Math.max(err, Math.abs(yg[i] - want[i]));
                scale = Math.max(scale, Math.abs(y[i]));
            }
            return err / scale;
        }
    }
}
