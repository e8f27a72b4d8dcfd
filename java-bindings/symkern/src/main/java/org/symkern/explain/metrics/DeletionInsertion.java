package org.symkern.explain.metrics;

import org.symkern.autograd.GradMode;
import org.symkern.explain.ModelGuard;
import org.symkern.explain.Output;
import org.symkern.nn.Module;
import org.symkern.ops.Conv1d;
import org.symkern.ops.Conv2d;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Deletion and insertion curves (Petsiuk et al., "RISE", BMVC 2018). The P locations of an input x (1, C, *space)
 * (pixels or samples; all channels of a location together) are sorted by decreasing attribution (ties by index) and
 * changed k per step; after t steps the first min(t k, P) locations are changed, t = 0..n-1 with n = ceil(P / k) + 1:
 * <pre>
 *   deletion:   x_t = mask_t * 0          + (1 - mask_t) * x          (substrate zeros: evidence removed)
 *   insertion:  x_t = mask_t * x          + (1 - mask_t) * blur(x)    (substrate the blurred input: evidence added)
 *   a_t = p(c | x_t)  (softmax probability of the class, or its logit)
 *   AUC = ( sum_t a_t - a_0 / 2 - a_{n-1} / 2 ) / (n - 1)            (trapezoid rule on [0, 1])
 * </pre>
 * A faithful attribution gives a low deletion AUC (the probability collapses as its top locations go) and a high
 * insertion AUC. All n curve points are evaluated in batched forward passes ({@link #batch(int)} rows each) on x's
 * device, the model in evaluation mode with frozen parameters. {@link #blur} is the Gaussian blur used as the
 * insertion substrate (RISE: an 11-tap kernel with sigma 5).
 */
public final class DeletionInsertion {
    private final int perStep;
    private int batch = 64;
    private Output output = Output.PROBABILITY;

    /** k locations changed per step. */
    public DeletionInsertion(int perStep) {
        if (perStep < 1) throw new IllegalArgumentException("DeletionInsertion: features per step must be >= 1, got " + perStep);
        this.perStep = perStep;
    }

    /** Rows per model batch; returns this. */
    public DeletionInsertion batch(int b) {
        if (b < 1) throw new IllegalArgumentException("DeletionInsertion: batch must be >= 1, got " + b);
        batch = b;
        return this;
    }

    /** The recorded score (default the class probability, as in RISE). */
    public DeletionInsertion output(Output o) {
        if (o == null) throw new IllegalArgumentException("DeletionInsertion: output is null");
        output = o;
        return this;
    }

    /** The curve points a_0..a_{n-1} and their normalised area. */
    public record Curve(double[] scores, double auc) {}

    /** The deletion curve of class `cls` for x (1, C, *space) and an attribution over the P locations. */
    public Curve deletion(Module model, Tensor x, int cls, float[] attribution) {
        try (Scope s = Scope.open()) {
            return curve(model, x, cls, order(attribution, locations(x)), x, Tensor.zeros(x.shape(), x.device()));
        }
    }

    /** The insertion curve of class `cls` for x, starting from `substrate` (x's shape; {@link #blur} for RISE). */
    public Curve insertion(Module model, Tensor x, int cls, float[] attribution, Tensor substrate) {
        if (substrate == null || !substrate.shape().equals(x.shape()))
            throw new IllegalArgumentException("DeletionInsertion: substrate " + (substrate == null ? "null" : substrate.shape())
                    + " must have the input's shape " + x.shape());
        return curve(model, x, cls, order(attribution, locations(x)), substrate, x);
    }

    /** Locations ordered by decreasing attribution, ties by increasing index. */
    public static int[] order(float[] attribution, long locations) {
        if (attribution == null || attribution.length != locations)
            throw new IllegalArgumentException("DeletionInsertion: the attribution has " + (attribution == null ? "no" : attribution.length)
                    + " entries, the input " + locations + " locations");
        Integer[] idx = new Integer[attribution.length];
        for (int i = 0; i < idx.length; i++) {
            if (Float.isNaN(attribution[i])) throw new IllegalArgumentException("DeletionInsertion: attribution " + i + " is NaN");
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (p, q) -> {
            int c = Float.compare(attribution[q], attribution[p]);
            return c != 0 ? c : Integer.compare(p, q);
        });
        int[] out = new int[idx.length];
        for (int i = 0; i < out.length; i++) out[i] = idx[i];
        return out;
    }

    /** (sum a - a_0 / 2 - a_{n-1} / 2) / (n - 1). */
    public static double auc(double[] a) {
        if (a.length < 2) throw new IllegalArgumentException("DeletionInsertion: a curve needs at least 2 points, got " + a.length);
        double s = 0;
        for (double v : a) s += v;
        return (s - a[0] / 2 - a[a.length - 1] / 2) / (a.length - 1);
    }

    /**
     * The curve going from `start` to `end`, location order[i] switched from start to end at step ceil((i + 1) / k).
     */
    public Curve curve(Module model, Tensor x, int cls, int[] order, Tensor start, Tensor end) {
        if (model == null) throw new IllegalArgumentException("DeletionInsertion: model is null");
        long p = locations(x), c = x.dim(1);
        int steps = (int) ((p + perStep - 1) / perStep) + 1;
        double[] a = new double[steps];
        try (Scope s = Scope.open(); ModelGuard g = ModelGuard.eval(model); GradMode.Guard off = GradMode.disable()) {
            Tensor from = start.detach().to(x.device()).reshape(1, c, p);
            Tensor diff = end.detach().to(x.device()).reshape(1, c, p).sub(from);
            for (int t0 = 0; t0 < steps; t0 += batch) {
                int n = Math.min(batch, steps - t0);
                float[] mask = new float[(int) (n * p)];
                for (int r = 0; r < n; r++) {
                    int changed = (int) Math.min(p, (long) (t0 + r) * perStep);
                    for (int i = 0; i < changed; i++) mask[(int) (r * p + order[i])] = 1f;
                }
                long[] dims = x.dims().clone();
                dims[0] = n;
                Tensor in = Tensor.of(mask, Shape.of(n, 1, p), x.device()).mul(diff).add(from).reshape(dims);
                Tensor z = model.forward(in);
                if (z.rank() != 2 || z.dim(0) != n)
                    throw new IllegalArgumentException(model.name() + ": needs class scores (B, K), got " + z.shape());
                if (cls < 0 || cls >= z.dim(1))
                    throw new IllegalArgumentException("DeletionInsertion: class " + cls + " is out of range [0, " + z.dim(1) + ")");
                float[] f = (output == Output.PROBABILITY ? z.softmax() : z).toFloatArray();
                for (int r = 0; r < n; r++) a[t0 + r] = f[(int) (r * z.dim(1) + cls)];
            }
        }
        return new Curve(a, auc(a));
    }

    /**
     * Gaussian blur of every channel of x (1, C, H, W) or (1, C, L): a klen (x klen) kernel exp(-d^2 / (2 sigma^2))
     * normalised to sum 1, zero padding, same size; computed on x's device in the current scope.
     */
    public static Tensor blur(Tensor x, int klen, double sigma) {
        if (klen < 1 || klen % 2 == 0) throw new IllegalArgumentException("blur: kernel length must be odd and positive, got " + klen);
        if (!(sigma > 0)) throw new IllegalArgumentException("blur: sigma must be > 0, got " + sigma);
        int spatial = x.rank() - 2;
        if (x.dim(0) != 1 || (spatial != 1 && spatial != 2))
            throw new IllegalArgumentException("blur: input must be (1, C, H, W) or (1, C, L), got " + x.shape());
        double[] g1 = new double[klen];
        double s = 0;
        for (int i = 0; i < klen; i++) {
            double d = i - klen / 2;
            g1[i] = Math.exp(-d * d / (2 * sigma * sigma));
            s += g1[i];
        }
        for (int i = 0; i < klen; i++) g1[i] /= s;
        long c = x.dim(1);
        try (GradMode.Guard off = GradMode.disable()) {
            if (spatial == 2) {
                float[] k = new float[klen * klen];
                for (int i = 0; i < klen; i++)
                    for (int j = 0; j < klen; j++) k[i * klen + j] = (float) (g1[i] * g1[j]);
                Tensor w = Tensor.of(k, Shape.of(1, 1, klen, klen), x.device());
                return Conv2d.apply(x.detach().reshape(c, 1, x.dim(2), x.dim(3)), w, null, 1, klen / 2).reshape(x.dims());
            }
            float[] k = new float[klen];
            for (int i = 0; i < klen; i++) k[i] = (float) g1[i];
            Tensor w = Tensor.of(k, Shape.of(1, 1, klen), x.device());
            return Conv1d.apply(x.detach().reshape(c, 1, x.dim(2)), w, null, 1, klen / 2).reshape(x.dims());
        }
    }

    /** The number of locations P = prod(space) of x (1, C, *space). */
    static long locations(Tensor x) {
        if (x == null || x.rank() < 3 || x.dim(0) != 1)
            throw new IllegalArgumentException("DeletionInsertion: input must be (1, C, *space), got " + (x == null ? "null" : x.shape()));
        return x.numel() / x.dim(1);
    }
}
