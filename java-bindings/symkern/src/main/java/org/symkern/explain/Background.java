package org.symkern.explain;

import org.symkern.ops.Reduce;
import org.symkern.tensor.Tensor;

/**
 * What replaces absent features: K reference samples r_1..r_K (a tensor (K, *sample)); a masked input is
 * x_S = z_S x + (1 - z_S) r_k and v(S) = (1/K) sum_k f(x_S with r_k), so E f(background) = v(empty).
 * <ul>
 *   <li>{@link #zeros()}: K = 1, r = 0;</li>
 *   <li>{@link #mean(Tensor)}: K = 1, r = the mean of a data set (N, *sample) over N;</li>
 *   <li>{@link #samples(Tensor)}: the K given samples, the value averaged over them (shap's KernelExplainer).</li>
 * </ul>
 * The tensors are taken as given (not copied); they must stay open while explanations run.
 */
public final class Background {
    private final Tensor samples;
    private final String kind;

    private Background(Tensor samples, String kind) {
        this.samples = samples;
        this.kind = kind;
    }

    /** The all-zero reference (one sample). */
    public static Background zeros() {
        return new Background(null, "zeros");
    }

    /** One reference: the mean of `data` (N, *sample) over its first axis (computed in the current scope). */
    public static Background mean(Tensor data) {
        check(data);
        Tensor m = Reduce.apply(data.detach(), 0, Reduce.Op.MEAN, true);
        return new Background(m, "data mean");
    }

    /** K references (K, *sample), the value averaged over them. */
    public static Background samples(Tensor set) {
        check(set);
        return new Background(set.detach(), set.dim(0) + " background samples");
    }

    private static void check(Tensor t) {
        if (t == null) throw new IllegalArgumentException("background data is null");
        t.requireFloat("background");
        if (t.rank() < 2 || t.dim(0) < 1) throw new IllegalArgumentException("background must be (N >= 1, *sample), got " + t.shape());
    }

    /** The references (K, *sample) for inputs like x (1, *sample), on x's device, in the current scope. */
    public Tensor references(Tensor x) {
        if (samples == null) return Tensor.zeros(x.shape(), x.device());
        if (samples.rank() != x.rank())
            throw new IllegalArgumentException("background " + samples.shape() + " does not fit input " + x.shape());
        for (int i = 1; i < x.rank(); i++)
            if (samples.dim(i) != x.dim(i))
                throw new IllegalArgumentException("background " + samples.shape() + " does not fit input " + x.shape());
        return samples.to(x.device());
    }

    /** A short description for reports, e.g. "zeros". */
    public String describe() {
        return kind;
    }

    @Override
    public String toString() {
        return "Background(" + kind + ")";
    }

}
