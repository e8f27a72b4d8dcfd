package org.symkern.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.symkern.autograd.GradMode;
import org.symkern.data.GraphBatch;
import org.symkern.data.TuDataset;
import org.symkern.explain.EdgeGradientSaliency;
import org.symkern.explain.GnnExplainer;
import org.symkern.explain.GraphExplanation;
import org.symkern.explain.GraphInstance;
import org.symkern.explain.metrics.ExplanationAuc;
import org.symkern.models.GraphClassifier;
import org.symkern.models.Models;
import org.symkern.tensor.Scope;

/**
 * Scores one mini-batch of graphs with a loaded graph-level model ({@link GraphClassifier}), independent of Spark
 * ({@link BatchScorer} delegates to it when the config names an edges column, and the tests run it as the
 * single-JVM reference).
 *
 * <p><b>Rows.</b> Row r is a graph G_r = (X_r, E_r): node features X_r (N_r x F) flattened row-major, F the model's
 * node feature width (its saved input shape), so N_r = len(x) / F; and edge_index (2, E_r) flattened row-major as
 * PyG stores it, [s_0 .. s_{E-1}, d_0 .. d_{E-1}], edge e the directed edge s_e -&gt; d_e (message x_{s_e} goes to
 * node d_e; an undirected edge is listed in both directions). A row is valid when len(x) is a positive multiple of F,
 * every x is finite, len(edge_index) is even and every index lies in [0, N_r); an invalid row gets only an error
 * message naming the column, the offset and the value, and the other rows of the batch are scored as usual.
 *
 * <p><b>Scoring.</b> The B valid graphs of the batch form one block-diagonal graph (nodes of graph k at offsets
 * o_k .. o_{k+1}-1, {@link GraphBatch}) and go through the model in one forward pass with gradients off:
 * z = logits(G_1 + ... + G_B) (B x C), p_r = softmax(z_r), prediction_r = argmax_c p_r,c (the first maximum).
 * Everything of the batch lives in one {@code Scope}.
 *
 * <p><b>Explanations</b> (of the predicted class c_r, one graph at a time on the row's own edge order, through
 * {@code model::graphLogits}, which multiplies every message of edge e by a weight w_e):
 * <ul>
 * <li>{@code gnnexplainer}: {@link GnnExplainer#explainGraph} with {@link #explainerConfig} (the library's defaults,
 *     {@code epochs} Adam steps, seed {@code seed}): the edge mask M = sigmoid(a) minimising
 *     -log p(c_r | X * F_m, w = M) + 0.005 sum_e M_e + mean_e H(M_e) + feature-mask terms; cost = epochs forward and
 *     backward passes of one graph per row;</li>
 * <li>{@code saliency}: {@link EdgeGradientSaliency}, s_e = |d/dw_e (-log p(c_r | X, w))| at w = 1; one forward and
 *     one backward pass per row.</li>
 * </ul>
 * The explanation is one score per edge, in the order of the row's edge_index. With ground truth t_r in {0,1}^{E_r}
 * (e.g. "is a motif edge") the row's metric is the ROC AUC of the scores against t_r,
 * AUC = P(s_pos &gt; s_neg) + P(s_pos = s_neg) / 2 ({@link ExplanationAuc#rocAuc}); it is null when the row has no
 * truth, when the truth holds a single class (the AUC is undefined) or when a score is NaN.
 */
public final class GraphBatchScorer {
    private final GraphClassifier model;
    private final ScoringConfig cfg;
    private final int features;

    /** Scores with `loaded`'s model, which must be a {@link GraphClassifier}. */
    public GraphBatchScorer(Models.Loaded loaded, ScoringConfig cfg) {
        if (!(loaded.model() instanceof GraphClassifier gc))
            throw new IllegalArgumentException(cfg.modelPath() + ": model kind " + loaded.spec().kind() + " is not a graph classifier; the edges column "
                    + cfg.edgesCol() + " is for graph-level models (gcn, salf-gnn)");
        this.model = gc;
        this.cfg = cfg;
        this.features = featureWidth(loaded, cfg.modelPath());
    }

    /** F, the node feature width of a saved graph model: its input shape (F), else its spec argument "in". */
    static int featureWidth(Models.Loaded loaded, String source) {
        long[] s = loaded.inputShape();
        if (s.length == 1 && s[0] > 0 && s[0] <= Integer.MAX_VALUE) return (int) s[0];
        String in = loaded.spec().args().get("in");
        if (in != null) {
            try {
                int f = Integer.parseInt(in.trim());
                if (f > 0) return f;
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw new IllegalArgumentException(source + ": the node feature width of the graph model is neither its input shape "
                + Arrays.toString(s) + " (one positive size) nor its spec argument 'in' = " + in);
    }

    /** The node feature width F the model takes. */
    public int featureWidth() {
        return features;
    }

    /** The GNNExplainer settings of `cfg`: the library's defaults with cfg's epochs and seed. */
    public static GnnExplainer.Config explainerConfig(ScoringConfig cfg) {
        return GnnExplainer.Config.defaults().withEpochs(cfg.epochs()).withSeed(cfg.seed());
    }

    /**
     * The outputs of the graphs (x[i], edgeIndex[i]); null entries and malformed rows become errors, truths may be
     * null or hold null entries (one boolean per edge otherwise).
     */
    public BatchScorer.Result[] score(List<float[]> x, List<long[]> edgeIndex, List<boolean[]> truths) {
        if (edgeIndex.size() != x.size() || (truths != null && truths.size() != x.size()))
            throw new IllegalArgumentException("graph batch: " + x.size() + " feature rows, " + edgeIndex.size() + " edge rows and "
                    + (truths == null ? "no" : truths.size()) + " truth rows");
        BatchScorer.Result[] out = new BatchScorer.Result[x.size()];
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            String why = check(x.get(i), edgeIndex.get(i), truths == null ? null : truths.get(i));
            if (why != null) out[i] = BatchScorer.Result.failed(why);
            else valid.add(i);
        }
        if (valid.isEmpty()) return out;
        int b = valid.size();
        List<GraphInstance> graphs = new ArrayList<>(b);
        List<TuDataset.Graph> csr = new ArrayList<>(b);
        for (int i : valid) {
            GraphInstance g = instance(x.get(i), edgeIndex.get(i));
            graphs.add(g);
            csr.add(TuDataset.Graph.fromEdges(g.nodes(), g.src(), g.dst(), g.x(), features, 0));
        }
        int[] idx = new int[b];
        for (int j = 0; j < b; j++) idx[j] = j;
        TuDataset data = TuDataset.of("graph rows", csr, features, 1);
        try (Scope s = Scope.open()) {
            float[] probs;
            try (GradMode.Guard g = GradMode.disable()) {
                probs = model.logits(GraphBatch.of(data, idx, 0, b, ModelPool.device())).softmax().toFloatArray();
            }
            int k = probs.length / b;
            for (int j = 0; j < b; j++) {
                int best = 0;
                for (int c = 1; c < k; c++) if (probs[j * k + c] > probs[j * k + best]) best = c;
                int i = valid.get(j);
                float[] mask = explain(graphs.get(j), best);
                Double auc = mask == null || cfg.truthCol() == null || truths == null ? null : auc(mask, truths.get(i));
                out[i] = new BatchScorer.Result(best, Arrays.copyOfRange(probs, j * k, (j + 1) * k), mask, null, auc, null);
            }
        }
        return out;
    }

    /** The graph of one valid row: x as is, src = edgeIndex[0..E), dst = edgeIndex[E..2E). */
    private GraphInstance instance(float[] x, long[] edgeIndex) {
        int e = edgeIndex.length / 2;
        int[] src = new int[e], dst = new int[e];
        for (int k = 0; k < e; k++) {
            src[k] = (int) edgeIndex[k];
            dst[k] = (int) edgeIndex[e + k];
        }
        return new GraphInstance(x.length / features, features, x, src, dst);
    }

    /** null when the row can be scored, else why not. */
    private String check(float[] x, long[] edgeIndex, boolean[] truth) {
        String in = "input column " + cfg.inputCol(), ec = "edges column " + cfg.edgesCol();
        if (x == null) return in + " is null or holds a null element";
        if (x.length == 0) return in + " is empty: a graph needs at least one node (" + features + " features per node)";
        if (x.length % features != 0)
            return in + " has " + x.length + " values, not a multiple of the model's " + features + " node features";
        for (int v = 0; v < x.length; v++)
            if (!Float.isFinite(x[v]))
                return in + " value " + v + " (node " + v / features + ", feature " + v % features + ") is " + x[v];
        int nodes = x.length / features;
        if (edgeIndex == null) return ec + " is null or holds a null element";
        if (edgeIndex.length % 2 != 0)
            return ec + " has " + edgeIndex.length + " values; edge_index (2, E) flattened needs an even count";
        int e = edgeIndex.length / 2;
        for (int k = 0; k < edgeIndex.length; k++)
            if (edgeIndex[k] < 0 || edgeIndex[k] >= nodes)
                return ec + " value " + edgeIndex[k] + " at offset " + k + " (" + (k < e ? "source of edge " + k : "destination of edge " + (k - e))
                        + ") is outside the node range [0, " + nodes + ")";
        if (cfg.explains() && cfg.truthCol() != null && truth != null && truth.length != e)
            return "truth column " + cfg.truthCol() + " has " + truth.length + " values for the " + e + " edges of the row";
        return null;
    }

    /** The edge scores of the predicted class c of graph g (null when no explanation is asked for). */
    private float[] explain(GraphInstance g, int c) {
        GraphExplanation ex;
        try {
            switch (cfg.explain()) {
                case ScoringConfig.GNNEXPLAINER:
                    ex = new GnnExplainer(model, model::graphLogits, explainerConfig(cfg)).explainGraph(g, c);
                    break;
                case ScoringConfig.SALIENCY:
                    ex = new EdgeGradientSaliency(model, model::graphLogits).explainGraph(g, c);
                    break;
                default:
                    return null;
            }
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException(cfg.modelPath() + ": explain " + cfg.explain() + " needs per-edge weights: " + e.getMessage(), e);
        }
        return ex.edgeMask() == null ? new float[0] : ex.edgeMask();
    }

    /** ROC AUC of the edge scores against the truth; null without truth, with a single class or a NaN score. */
    static Double auc(float[] scores, boolean[] truth) {
        if (truth == null) return null;
        int[] labels = new int[truth.length];
        int pos = 0;
        for (int e = 0; e < truth.length; e++) pos += labels[e] = truth[e] ? 1 : 0;
        if (pos == 0 || pos == truth.length) return null;
        for (float s : scores) if (Float.isNaN(s)) return null;
        return ExplanationAuc.rocAuc(scores, labels);
    }
}
