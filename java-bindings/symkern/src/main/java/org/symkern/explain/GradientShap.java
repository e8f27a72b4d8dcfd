package org.symkern.explain;

import java.util.SplittableRandom;

import org.symkern.autograd.GradMode;
import org.symkern.nn.Module;
import org.symkern.ops.Gather;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * GradientSHAP / expected gradients (Lundberg and Lee 2017; Erion et al. 2021): integrated gradients averaged over
 * baselines drawn from a background set B = {b_1..b_K}, with one random point per path:
 * <pre>
 *   phi_i(x) = E_{b ~ U(B), a ~ U(0, 1), eps ~ N(0, sigma^2 I)} [ (x_i - b_i) d f(b + a (x - b) + eps) / d x_i ]
 *            ~ (1/n) sum_{j=1}^{n} (x_i - b_{k_j, i}) d f(b_{k_j} + a_j (x - b_{k_j}) + eps_j) / d x_i
 * </pre>
 * (sigma = 0 by default: pure expected gradients). In expectation sum_i phi_i = f(x) - E_b f(b); the returned
 * delta is this gap for the sample drawn. Indices, path points and noise come from {@link SplittableRandom}(seed),
 * so the same seed gives the same values; the n samples are evaluated in batches of {@link #batch(int)} rows on
 * x's device (baselines gathered there), with the model in evaluation mode and its parameters frozen.
 */
public final class GradientShap {
    private int samples = 50;
    private int batch = 32;
    private double stdev;
    private long seed;
    private Output output = Output.LOGIT;

    /** Number of (reference, interpolation point) samples per explanation (default 50); returns this. */
    public GradientShap samples(int n) {
        if (n < 1) throw new IllegalArgumentException("GradientShap: samples must be >= 1, got " + n);
        samples = n;
        return this;
    }

    /** Rows per model batch (default 32); returns this. */
    public GradientShap batch(int b) {
        if (b < 1) throw new IllegalArgumentException("GradientShap: batch must be >= 1, got " + b);
        batch = b;
        return this;
    }

    /** Standard deviation of the Gaussian noise added to each path point (default 0). */
    public GradientShap stdev(double s) {
        if (!(s >= 0)) throw new IllegalArgumentException("GradientShap: stdev must be >= 0, got " + s);
        stdev = s;
        return this;
    }

    /** Seed of the reference and interpolation draws; returns this. */
    public GradientShap seed(long s) {
        seed = s;
        return this;
    }

    /** Explain the logit or the probability of the class (default logit); returns this. */
    public GradientShap output(Output o) {
        if (o == null) throw new IllegalArgumentException("GradientShap: output is null");
        output = o;
        return this;
    }

    /** GradientSHAP of class `cls` for x (1, *sample) with baselines from `background` (K, *sample). */
    public Attribution explain(Module model, Tensor x, int cls, Tensor background) {
        if (model == null) throw new IllegalArgumentException("GradientShap: model is null");
        Scores.checkSingle("GradientShap", x);
        if (background == null || background.rank() != x.rank() || background.dim(0) < 1)
            throw new IllegalArgumentException("GradientShap: background must be (K >= 1, *sample) for input " + x.shape()
                    + ", got " + (background == null ? "null" : background.shape()));
        for (int i = 1; i < x.rank(); i++)
            if (background.dim(i) != x.dim(i))
                throw new IllegalArgumentException("GradientShap: background " + background.shape() + " does not fit input " + x.shape());
        int k = (int) background.dim(0);
        long d = x.numel();
        SplittableRandom rng = new SplittableRandom(seed);
        try (Scope outer = Scope.open(); ModelGuard g = ModelGuard.eval(model)) {
            Tensor bg = background.detach().to(x.device()).reshape(k, d);
            Tensor xd = x.detach();
            Tensor total = null;
            for (int from = 0; from < samples; from += batch) {
                int n = Math.min(batch, samples - from);
                int[] idx = new int[n];
                float[] a = new float[n];
                float[] eps = stdev > 0 ? new float[(int) (n * d)] : null;
                for (int j = 0; j < n; j++) {
                    idx[j] = rng.nextInt(k);
                    a[j] = (float) rng.nextDouble();
                    if (eps != null) for (int e = 0; e < d; e++) eps[(int) (j * d + e)] = (float) (stdev * gaussian(rng));
                }
                Tensor path, weights;
                try (GradMode.Guard off = GradMode.disable()) {
                    Tensor b = Gather.apply(bg, Tensor.ofInts(idx, Shape.of(n), x.device())).reshape(Scores.rows(x, n));
                    weights = xd.sub(b);                                                        // (n, *sample)
                    Tensor alpha = Tensor.of(a, Shape.of(IntegratedGradients.rowShape(n, x.rank())), x.device());
                    path = b.add(alpha.mul(weights));
                    if (eps != null) path = path.add(Tensor.of(eps, path.shape(), x.device()));
                }
                Tensor part = InputGradients.weightedSum(model, path, cls, output, weights);
                try (GradMode.Guard off = GradMode.disable()) {
                    total = total == null ? part : total.add(part);
                }
            }
            Tensor phi;
            try (GradMode.Guard off = GradMode.disable()) {
                phi = outer.keep(total.mul(1f / samples).copy());
            }
            double fx = InputGradients.scores(model, xd, cls, output)[0], fb = 0;
            Tensor bgFull = background.detach().to(x.device());
            for (int from = 0; from < k; from += batch) {
                int n = Math.min(batch, k - from);
                Tensor rows = Tensor.zeros(Shape.of(Scores.rows(x, n)), x.device());
                org.symkern.tensor.Native.check(org.symkern.jni.SymkernNative.sk_buffer_copy(rows.buffer(), 0, bgFull.buffer(), 4L * from * d, 4L * n * d));
                for (double v : InputGradients.scores(model, rows, cls, output)) fb += v;
            }
            fb /= k;
            double sum = 0;
            for (float v : phi.toFloatArray()) sum += v;
            return new Attribution(phi, sum - (fx - fb));
        }
    }

    /** A standard normal draw (Box-Muller on the seeded stream). */
    private static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble(), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
