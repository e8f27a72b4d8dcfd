package org.symkern.explain.metrics;

import java.util.List;
import java.util.function.Function;

/**
 * Explanation invariance and equivariance (Crabbe and van der Schaar, NeurIPS 2023): for an explanation method e,
 * an input x and group elements g (the grid-exact ones of {@link GridActions}, or sampled node permutations),
 * <pre>
 *   Equiv(e, x) = mean_g cos( e(g x), g e(x) )        Inv(e, x) = mean_g cos( e(g x), e(x) )
 *   cos(a, b)   = a . b / (|a| |b|)                   (1 when both are zero, 0 when exactly one is)
 * </pre>
 * Equiv = 1 means the explanation moves with the input (what an equivariant model's saliency should do); Inv = 1
 * means it does not change (what an invariant feature importance should do). The explainer is any function from
 * an input to a flat explanation array; it is called once for x and once per element.
 */
public final class ExplanationEquivariance {
    private ExplanationEquivariance() {}

    /** The two means and the per-element cosines (in the order of the actions). */
    public record Result(double equivariance, double invariance, double[] equivariancePerElement, double[] invariancePerElement) {}

    /** Equiv and Inv of {@code explainer} at {@code x} over {@code actions} (at least one). */
    public static <X> Result measure(Function<X, float[]> explainer, X x, List<? extends GroupAction<X>> actions) {
        if (actions == null || actions.isEmpty()) throw new IllegalArgumentException("ExplanationEquivariance: no group elements given");
        float[] ex = explainer.apply(x);
        double[] eq = new double[actions.size()], inv = new double[actions.size()];
        double se = 0, si = 0;
        for (int i = 0; i < actions.size(); i++) {
            GroupAction<X> g = actions.get(i);
            float[] egx = explainer.apply(g.onInput(x));
            if (egx.length != ex.length)
                throw new IllegalArgumentException("ExplanationEquivariance: e(" + g.name() + " x) has " + egx.length + " entries, e(x) " + ex.length);
            eq[i] = cosine(egx, g.onExplanation(ex));
            inv[i] = cosine(egx, ex);
            se += eq[i];
            si += inv[i];
        }
        return new Result(se / actions.size(), si / actions.size(), eq, inv);
    }

    /** a . b / (|a| |b|) in double; 1 for two zero vectors, 0 when exactly one is zero. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("cosine: lengths " + a.length + " and " + b.length + " differ");
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        if (aa == 0 && bb == 0) return 1;
        if (aa == 0 || bb == 0) return 0;
        return ab / Math.sqrt(aa * bb);
    }
}
