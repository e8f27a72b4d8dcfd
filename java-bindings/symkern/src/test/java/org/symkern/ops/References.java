package org.symkern.ops;

import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Tensor;

/** Test helpers shared by the pooling / normalization tests of org.symkern.ops and org.symkern.nn. */
public final class References {
    /** The eps of {@link #normalize}. */
    public static final float BN_EPS = 1e-5f;

    private References() {}

    /** Per-channel mean and biased variance of x viewed as (B, C, R), in float64: {mean[], var[]}. */
    public static double[][] moments(float[] x, long b, long c, long r) {
        double[] mean = new double[(int) c], var = new double[(int) c];
        for (int ch = 0; ch < c; ch++) {
            double s = 0, q = 0;
            for (int i = 0; i < b; i++)
                for (int k = 0; k < r; k++) s += x[(int) ((i * c + ch) * r + k)];
            mean[ch] = s / (b * r);
            for (int i = 0; i < b; i++)
                for (int k = 0; k < r; k++) q += Math.pow(x[(int) ((i * c + ch) * r + k)] - mean[ch], 2);
            var[ch] = q / (b * r);
        }
        return new double[][] {mean, var};
    }

    /** gamma (x - mean) / sqrt(var + eps) + beta per channel, in float64. */
    public static double[] normalize(float[] x, long b, long c, long r, double[] mean, double[] var, float[] gamma, float[] beta) {
        double[] y = new double[x.length];
        for (int i = 0; i < b; i++)
            for (int ch = 0; ch < c; ch++)
                for (int k = 0; k < r; k++) {
                    int idx = (int) ((i * c + ch) * r + k);
                    y[idx] = gamma[ch] * (x[idx] - mean[ch]) / Math.sqrt(var[ch] + BN_EPS) + beta[ch];
                }
        return y;
    }

    /** Distinct values 0.05 apart in random order (no ties: max pooling is differentiable under +-h). */
    public static float[] distinct(long seed, int n) {
        return ReduceTest.distinct(seed, n);
    }

    /** Element-wise |cpu - gpu| <= tol + tol |cpu|, the device tensor copied to the host. */
    public static void assertClose(Tensor cpu, Tensor gpu, double tol) {
        float[] w = cpu.toFloatArray();
        double[] want = new double[w.length];
        for (int i = 0; i < w.length; i++) want[i] = w[i];
        Fixtures.assertClose(want, gpu.to(Device.CPU).toFloatArray(), tol, tol);
    }

    /**
     * Runs f on float copies of the CPU inputs and on copies on cuda:0 (all requiring gradients), compares the
     * outputs within tol, backpropagates the same random seed on both devices and compares every input's
     * gradient within gradTol.
     */
    public static void assertCudaMatchesCpu(java.util.function.Function<Tensor[], Tensor> f, Tensor[] cpu, double tol,
                                            double gradTol) {
        Device gpu = Device.cuda(0);
        Tensor[] c = new Tensor[cpu.length], g = new Tensor[cpu.length];
        for (int i = 0; i < cpu.length; i++) {
            c[i] = cpu[i].copy().requiresGrad(true);
            g[i] = cpu[i].to(gpu).requiresGrad(true);
        }
        Tensor yc = f.apply(c), yg = f.apply(g);
        assertClose(yc, yg, tol);
        Tensor seed = Fixtures.randn(5, 1.0, yc.dims());
        yc.backward(seed);
        yg.backward(seed.to(gpu));
        for (int i = 0; i < cpu.length; i++) assertClose(c[i].grad(), g[i].grad(), gradTol);
    }
}
