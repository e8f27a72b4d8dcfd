package org.symkern.explain;

import org.symkern.autograd.GradMode;
import org.symkern.nn.Module;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Integrated gradients (Sundararajan et al., ICML 2017) along the straight path from a baseline x' to x:
 * <pre>
 *   IG_i(x) = (x_i - x'_i) int_0^1 d f(x' + a (x - x')) / d x_i da
 *           ~ (x_i - x'_i) (1/n) sum_{k=0}^{n-1} d f(x' + a_k (x - x')) / d x_i,     a_k = (k + 1/2) / n   (midpoint rule)
 * </pre>
 * Completeness: sum_i IG_i = f(x) - f(x') exactly for the integral; the returned delta is the discretisation
 * error of the n-point rule (O(1/n^2) for a smooth f). The n path points are evaluated in batches of
 * {@link #batch(int)} rows (one forward and one backward pass each) on x's device, with the model in evaluation
 * mode and its parameters frozen.
 */
public final class IntegratedGradients {
    private int steps = 50;
    private int batch = 32;
    private Output output = Output.LOGIT;

    /** Number of Riemann steps along the path; returns this. */
    public IntegratedGradients steps(int n) {
        if (n < 1) throw new IllegalArgumentException("IntegratedGradients: steps must be >= 1, got " + n);
        steps = n;
        return this;
    }

    /** Rows per model batch (default 32); returns this. */
    public IntegratedGradients batch(int b) {
        if (b < 1) throw new IllegalArgumentException("IntegratedGradients: batch must be >= 1, got " + b);
        batch = b;
        return this;
    }

    /** Explain the logit or the probability of the class (default logit); returns this. */
    public IntegratedGradients output(Output o) {
        if (o == null) throw new IllegalArgumentException("IntegratedGradients: output is null");
        output = o;
        return this;
    }

    /** IG of class `cls` for x (1, *sample) against the zero baseline. */
    public Attribution explain(Module model, Tensor x, int cls) {
        return explain(model, x, cls, null);
    }

    /** IG of class `cls` for x (1, *sample) against `baseline` (x's shape; null = zeros). */
    public Attribution explain(Module model, Tensor x, int cls, Tensor baseline) {
        if (model == null) throw new IllegalArgumentException("IntegratedGradients: model is null");
        Scores.checkSingle("IntegratedGradients", x);
        if (baseline != null && !baseline.shape().equals(x.shape()))
            throw new IllegalArgumentException("IntegratedGradients: baseline " + baseline.shape() + " does not match input " + x.shape());
        try (Scope outer = Scope.open(); ModelGuard g = ModelGuard.eval(model)) {
            Tensor x0 = baseline == null ? Tensor.zeros(x.shape(), x.device()) : baseline.detach().to(x.device());
            Tensor xd = x.detach();
            Tensor diff;
            try (GradMode.Guard off = GradMode.disable()) {
                diff = xd.sub(x0);
            }
            double[] ends = InputGradients.scores(model, Scores.stack(x0, xd), cls, output);
            Tensor total = null;
            for (int from = 0; from < steps; from += batch) {
                int n = Math.min(batch, steps - from);
                float[] a = new float[n];
                for (int k = 0; k < n; k++) a[k] = (float) ((from + k + 0.5) / steps);
                Tensor path;
                try (GradMode.Guard off = GradMode.disable()) {
                    Tensor alpha = Tensor.of(a, Shape.of(rowShape(n, x.rank())), x.device());
                    path = x0.add(alpha.mul(diff));                                   // (n, *sample)
                }
                Tensor part = InputGradients.weightedSum(model, path, cls, output, null);
                try (GradMode.Guard off = GradMode.disable()) {
                    total = total == null ? part : total.add(part);
                }
            }
            Tensor ig;
            try (GradMode.Guard off = GradMode.disable()) {
                ig = outer.keep(total.mul(diff).mul(1f / steps).copy());
            }
            double sum = 0;
            for (float v : ig.toFloatArray()) sum += v;
            return new Attribution(ig, sum - (ends[1] - ends[0]));
        }
    }

    static long[] rowShape(long n, int rank) {
        long[] d = new long[rank];
        java.util.Arrays.fill(d, 1);
        d[0] = n;
        return d;
    }
}
