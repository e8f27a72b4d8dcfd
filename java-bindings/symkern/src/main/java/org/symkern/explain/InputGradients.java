package org.symkern.explain;

import org.symkern.autograd.GradMode;
import org.symkern.nn.Module;
import org.symkern.ops.Reduce;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/** Gradients of a class score with respect to a batch of inputs (package-private helper). */
final class InputGradients {
    private InputGradients() {}

    /**
     * sum over rows i of d f_c(in_i) / d in_i times weight_i... returned as (1, *sample) = sum_i w_i grad_i, where
     * `weights` (n, *sample) multiplies each row's gradient before the sum (null: 1). Runs one forward and one
     * backward pass; the model must already be guarded. The result lives in the caller's scope.
     */
    static Tensor weightedSum(Module model, Tensor in, int cls, Output output, Tensor weights) {
        try (Scope s = Scope.open(); GradMode.Guard on = GradMode.enable()) {
            Tensor leaf = in.detach().requiresGrad(true);
            Tensor f = Scores.forward(model, leaf, output);
            Scores.checkClass("attribution", cls, f.dim(1));
            if (!f.requiresGrad()) throw new IllegalArgumentException(model.name() + ": the output does not depend on the input");
            f.backward(Scores.oneHot(Scores.repeat(cls, in.dim(0)), f.dim(1), in.device()));
            Tensor g = leaf.grad();
            try (GradMode.Guard off = GradMode.disable()) {
                Tensor gw = weights == null ? g : g.mul(weights);
                return s.keep(Reduce.apply(gw, 0, Reduce.Op.SUM, true).copy());
            }
        }
    }

    /** f_c(x) for each row of x (n, *sample), without recording. */
    static double[] scores(Module model, Tensor x, int cls, Output output) {
        try (Scope s = Scope.open(); GradMode.Guard off = GradMode.disable()) {
            Tensor f = Scores.forward(model, x.detach(), output);
            Scores.checkClass("attribution", cls, f.dim(1));
            float[] v = f.toFloatArray();
            long k = f.dim(1);
            double[] out = new double[(int) x.dim(0)];
            for (int i = 0; i < out.length; i++) out[i] = v[(int) (i * k + cls)];
            return out;
        }
    }
}
