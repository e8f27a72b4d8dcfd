package org.symkern.autograd;

import java.util.SplittableRandom;

import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * Checks analytic gradients against central finite differences computed in float64.
 *
 * <p>For a function f of the inputs and a fixed random projection r, the scalar L(x) = sum_k r_k f(x)_k
 * has gradient J^T r, which {@link Graph#backward} computes with seed r. Each element x_j of every input
 * that requires grad is perturbed by +-h; the numeric derivative is (L(x + h e_j) - L(x - h e_j)) / 2h,
 * with the sums taken in double. An element passes when |analytic - numeric| &lt;= atol + rtol |numeric|.
 * Inputs are restored afterwards; their {@code grad} holds the analytic gradient of L.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Worst disagreement found by {@link #run}. */
    public static final class Result {
        /** The largest |analytic - numeric| over all checked elements. */
        public double maxAbsError;
        /** The input holding the worst element (-1 when nothing was checked). */
        public int worstInput = -1;
        /** The flat index of the worst element in that input (-1 when nothing was checked). */
        public int worstIndex = -1;
        /** The analytic derivative at the worst element. */
        public double worstAnalytic;
        /** The central-difference derivative at the worst element. */
        public double worstNumeric;
        /** The number of elements outside atol + rtol |numeric|. */
        public int failures;

        @Override
        public String toString() {
            return String.format("%d element(s) out of tolerance; worst: input %d element %d analytic %.6g numeric %.6g (abs err %.3g)",
                    failures, worstInput, worstIndex, worstAnalytic, worstNumeric, maxAbsError);
        }
    }

    /** Runs the check and returns the worst disagreement; see the class comment. */
    public static Result run(java.util.function.Function<Tensor[], Tensor> f, Tensor[] inputs, double h, double atol,
                             double rtol, long seed) {
        Result result = new Result();
        try (Scope s = Scope.open()) {
            for (Tensor t : inputs) if (t.requiresGrad()) t.zeroGrad();
            Tensor out = f.apply(inputs);
            float[] r = new float[Math.toIntExact(out.numel())];
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int i = 0; i < r.length; i++) r[i] = (float) (rnd.nextDouble() * 2 - 1);
            out.backward(Tensor.of(r, out.shape(), out.device()));

            for (int idx = 0; idx < inputs.length; idx++) {
                Tensor x = inputs[idx];
                if (!x.requiresGrad()) continue;
                if (x.grad() == null) throw new AssertionError("input " + idx + " requires grad but received none");
                float[] analytic = x.grad().toFloatArray();
                float[] values = x.toFloatArray();
                for (int j = 0; j < values.length; j++) {
                    float keep = values[j];
                    values[j] = (float) (keep + h);
                    double up = projected(f, inputs, x, values, r);
                    values[j] = (float) (keep - h);
                    double down = projected(f, inputs, x, values, r);
                    values[j] = keep;
                    x.copyFrom(values);
                    double numeric = (up - down) / (2 * h);
                    double err = Math.abs(analytic[j] - numeric);
                    if (err > atol + rtol * Math.abs(numeric)) result.failures++;
                    if (err > result.maxAbsError || result.worstInput < 0) {
                        result.maxAbsError = err;
                        result.worstInput = idx;
                        result.worstIndex = j;
                        result.worstAnalytic = analytic[j];
                        result.worstNumeric = numeric;
                    }
                }
            }
        }
        return result;
    }

    /** Throws AssertionError with the worst element when any element is out of tolerance. */
    public static void assertGradients(java.util.function.Function<Tensor[], Tensor> f, Tensor[] inputs, double h,
                                       double atol, double rtol) {
        Result r = run(f, inputs, h, atol, rtol, 42);
        if (r.failures > 0) throw new AssertionError("gradient check failed: " + r);
    }

    private static double projected(java.util.function.Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor x,
                                    float[] values, float[] r) {
        x.copyFrom(values);
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            float[] y = f.apply(inputs).toFloatArray();
            double sum = 0;
            for (int k = 0; k < y.length; k++) sum += (double) r[k] * y[k];
            return sum;
        }
    }
}
