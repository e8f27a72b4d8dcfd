package org.symkern.cli.explain;

import java.util.Map;

import org.symkern.autograd.GradMode;
import org.symkern.explain.metrics.DeletionInsertion;
import org.symkern.explain.metrics.ExplanationEquivariance;
import org.symkern.explain.metrics.PointingGame;
import org.symkern.explain.metrics.SanityCheck;
import org.symkern.explain.metrics.Spearman;
import org.symkern.nn.Module;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * Scores one attribution method of one trained image or signal model over an evaluation set: pointing game against
 * the ground-truth region, RISE deletion / insertion AUC of the class probability (k locations per step; insertion
 * from the Gaussian-blurred input, 11 taps, sigma 5), Spearman's rho against the reference relevance, and on the first
 * `checked` examples the explanation equivariance / invariance over the grid-exact group elements and the
 * randomisation sanity check (Spearman of |map| of the trained model and of the same architecture freshly
 * initialised). The explained class is the model's prediction.
 */
final class GridEvaluation {
    /** Mean scores of one method on one model (NaN where a score does not apply). */
    record Scores(String method, int n, double pointing, double deletion, double insertion, double spearman, int checked, double equivariance,
                  double invariance, double sanity, double secondsPerExplanation) {}

    static final double SANITY_THRESHOLD = 0.5;

    private GridEvaluation() {}

    static int predict(Module model, Tensor x) {
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            float[] z = model.forward(x).toFloatArray();
            int best = 0;
            for (int c = 1; c < z.length; c++) if (z[c] > z[best]) best = c;
            return best;
        }
    }

    /**
     * @param keep examples whose maps are kept (for figures) into `kept` (may be empty)
     */
    static Scores run(GridExplainer e, GridExplainer randomised, GridData data, int[] eval, int checked, int step, String method,
                      java.util.Set<Integer> keep, Map<Integer, float[]> kept) {
        long[] dims = e.dims();
        double hits = 0, del = 0, ins = 0, rho = 0, eq = 0, inv = 0, san = 0, secs = 0;
        int nRho = 0, nCheck = 0, nSan = 0;
        DeletionInsertion di = new DeletionInsertion(step).batch(128);
        for (int k = 0; k < eval.length; k++) {
            int i = eval[k];
            try (Scope s = Scope.open()) {
                Tensor x = data.input(i);
                int cls = predict(e.model, x);
                long t0 = System.nanoTime();
                float[] map = e.explain(method, x, cls);
                secs += (System.nanoTime() - t0) / 1e9;
                if (keep.contains(i)) kept.put(i, method.equals("gradcam-orient") ? e.orientations(x, cls) : map);
                if (PointingGame.hit(map, dims, data.region(i), 0)) hits++;
                del += di.deletion(e.model, x, cls, map).auc();
                ins += di.insertion(e.model, x, cls, map, DeletionInsertion.blur(x, 11, 5)).auc();
                float[] rel = data.relevance(i);
                if (rel != null) {
                    double r = Spearman.correlation(map, rel);
                    if (!Double.isNaN(r)) {
                        rho += r;
                        nRho++;
                    }
                }
                if (k < checked) {
                    ExplanationEquivariance.Result q = ExplanationEquivariance.measure(xx -> e.explain(method, xx, cls), x, e.actions());
                    eq += q.equivariance();
                    inv += q.invariance();
                    nCheck++;
                    if (randomised != null) {
                        double r = SanityCheck.compare(map, randomised.explain(method, x, cls), SANITY_THRESHOLD, true).spearman();
                        if (!Double.isNaN(r)) {
                            san += r;
                            nSan++;
                        }
                    }
                }
            }
        }
        int n = eval.length;
        return new Scores(method, n, hits / n, del / n, ins / n, nRho == 0 ? Double.NaN : rho / nRho, nCheck, nCheck == 0 ? Double.NaN : eq / nCheck,
                nCheck == 0 ? Double.NaN : inv / nCheck, nSan == 0 ? Double.NaN : san / nSan, secs / n);
    }
}
