package org.symkern.explain.metrics;

import org.symkern.explain.GraphExplanation;
import org.symkern.explain.GraphInstance;
import org.symkern.explain.MaskableGnn;
import org.symkern.explain.Predictions;
import org.symkern.nn.Module;
import org.symkern.tensor.Device;

/**
 * Fidelity+ / fidelity- and the characterization score of graph explanations (Amara et al., "GraphFramEx", LoG 2022),
 * with the definitions of PyG's {@code torch_geometric.explain.metric}. For N explained instances i with unmasked
 * prediction yhat_i, the prediction yhat_i^S on the explanation (features times the feature mask, messages times the
 * edge mask) and yhat_i^{C\S} on its complement (masks replaced by 1 - mask):
 * <pre>
 *   model explanations (target = the model's prediction):
 *     fid+ = 1 - (1/N) sum_i 1(yhat_i^{C\S} = yhat_i)        fid- = 1 - (1/N) sum_i 1(yhat_i^S = yhat_i)
 *   phenomenon explanations (target = the true label y_i):
 *     fid+ = (1/N) sum_i | 1(yhat_i = y_i) - 1(yhat_i^{C\S} = y_i) |
 *     fid- = (1/N) sum_i | 1(yhat_i = y_i) - 1(yhat_i^S = y_i) |
 *   charact = (w+ + w-) / (w+ / fid+ + w- / (1 - fid-)),   w+ = w- = 1/2 by default, w+ + w- = 1
 * </pre>
 * A good explanation has high fid+ (removing it changes the prediction) and low fid- (it alone keeps the prediction).
 * The masks are applied as given (soft); threshold them first (e.g. {@link #topK}) for hard explanations.
 */
public final class GraphFidelity {
    private GraphFidelity() {}

    /** The two fidelities over a set of instances. */
    public record Result(double positive, double negative, int instances) {
        /** The characterization score with weights 1/2, 1/2. */
        public double characterization() {
            return characterizationScore(positive, negative, 0.5, 0.5);
        }
    }

    /** Per-instance indicator triple: 1(yhat = y), 1(yhat^S = y), 1(yhat^{C\S} = y). */
    public record Outcome(boolean full, boolean explanation, boolean complement) {}

    /**
     * Predictions of one explanation: the output row is the explained node (or row 0 for a graph-level explanation),
     * y = the true label (phenomenon) or -1 (model: y = the unmasked prediction).
     */
    public static Outcome outcome(Module model, MaskableGnn fn, GraphInstance g, GraphExplanation ex, int trueLabel, Device device) {
        int row = ex.index() < 0 ? 0 : ex.index();
        float[] fm = ex.featureMask(), em = ex.edgeMask();
        float[] full = Predictions.logits(model, fn, g, null, null, device);
        int classes = full.length / (ex.index() < 0 ? 1 : g.nodes());
        int yhat = Predictions.argmax(full, classes)[row];
        int y = trueLabel >= 0 ? trueLabel : yhat;
        int yS = Predictions.argmax(Predictions.logits(model, fn, g, fm, em, device), classes)[row];
        int yC = Predictions.argmax(Predictions.logits(model, fn, g, complement(fm), complement(em), device), classes)[row];
        return new Outcome(yhat == y, yS == y, yC == y);
    }

    /** Model-type fidelity (targets = the model's own predictions) of outcomes computed with trueLabel = -1. */
    public static Result model(java.util.List<Outcome> outcomes) {
        check(outcomes);
        double keepC = 0, keepS = 0;
        for (Outcome o : outcomes) {
            keepC += o.complement() ? 1 : 0;
            keepS += o.explanation() ? 1 : 0;
        }
        int n = outcomes.size();
        return new Result(1 - keepC / n, 1 - keepS / n, n);
    }

    /** Phenomenon-type fidelity (targets = true labels) of outcomes computed with the true labels. */
    public static Result phenomenon(java.util.List<Outcome> outcomes) {
        check(outcomes);
        double pos = 0, neg = 0;
        for (Outcome o : outcomes) {
            double f = o.full() ? 1 : 0;
            pos += Math.abs(f - (o.complement() ? 1 : 0));
            neg += Math.abs(f - (o.explanation() ? 1 : 0));
        }
        int n = outcomes.size();
        return new Result(pos / n, neg / n, n);
    }

    /** (w+ + w-) / (w+ / fid+ + w- / (1 - fid-)); weights must sum to 1 (as PyG). */
    public static double characterizationScore(double positive, double negative, double wPos, double wNeg) {
        if (Math.abs(wPos + wNeg - 1.0) > 1e-12) throw new IllegalArgumentException("characterization score: the weights must sum to 1, got " + wPos + " and " + wNeg);
        return 1.0 / (wPos / positive + wNeg / (1.0 - negative));
    }

    /** A hard mask keeping the k highest scores (1) and dropping the rest (0); ties broken by the lower index. */
    public static float[] topK(float[] scores, int k) {
        if (scores == null || k < 0) throw new IllegalArgumentException("topK: need scores and k >= 0");
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        float[] out = new float[scores.length];
        for (int i = 0; i < Math.min(k, order.length); i++) out[order[i]] = 1f;
        return out;
    }

    private static float[] complement(float[] m) {
        if (m == null) return null;
        float[] c = new float[m.length];
        for (int i = 0; i < m.length; i++) c[i] = 1f - m[i];
        return c;
    }

    private static void check(java.util.List<Outcome> o) {
        if (o == null || o.isEmpty()) throw new IllegalArgumentException("fidelity: no explained instances");
    }
}
