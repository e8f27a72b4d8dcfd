package org.symkern.cli.explain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.symkern.autograd.GradMode;
import org.symkern.cli.salf.GraphDomain;
import org.symkern.cli.salf.SalfDomain;
import org.symkern.data.GraphBatch;
import org.symkern.data.TuDataset;
import org.symkern.explain.EdgeGradientSaliency;
import org.symkern.explain.GnnExplainer;
import org.symkern.explain.GraphExplanation;
import org.symkern.explain.GraphInstance;
import org.symkern.explain.KernelShap;
import org.symkern.explain.metrics.GraphFidelity;
import org.symkern.explain.metrics.SanityCheck;
import org.symkern.models.GraphClassifier;
import org.symkern.models.Models;
import org.symkern.nn.Module;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;

/**
 * Explanations of the PROTEINS graph classifiers: per test graph of fold 0 a node-importance vector from each method,
 * scored by fidelity (PyG's phenomenon fidelity+/- with the top 20 % of nodes as the explanation), permutation
 * equivariance of the node importance (Monte-Carlo over sampled node permutations), the randomisation sanity check and
 * the time per explanation. Graphs have no ground truth here, so there is no pointing game and no Spearman.
 */
final class GraphEvaluation {
    static final int PERMUTATIONS = 2;
    static final double TOP_FRACTION = 0.2;

    private GraphEvaluation() {}

    interface Logger {
        void log(String fmt, Object... args);
    }

    static List<String> methods() {
        return List.of("gnnexplainer", "saliency", "kernelshap");
    }

    /** An explanation of one graph: node importance (always) and edge scores (the edge methods; null for Kernel SHAP). */
    record Expl(float[] node, float[] edge) {}

    /** Graph g of `data` (renumbered by perm: node v -> perm[v], edges in the same order) as an explainer input. */
    static GraphInstance instance(TuDataset data, int g, int[] perm) {
        TuDataset.Graph gr = data.graphs.get(g);
        int n = gr.nodes, dim = data.featureDim, e = gr.neighbors.length;
        float[] x = new float[n * dim];
        int[] src = new int[e], dst = new int[e];
        for (int v = 0; v < n; v++) {
            int pv = perm == null ? v : perm[v];
            System.arraycopy(gr.features, v * dim, x, pv * dim, dim);
            for (int k = gr.offsets[v]; k < gr.offsets[v + 1]; k++) {          // messages neighbor -> v (GraphBatch's convention)
                src[k] = perm == null ? gr.neighbors[k] : perm[gr.neighbors[k]];
                dst[k] = pv;
            }
        }
        return new GraphInstance(n, dim, x, src, dst);
    }

    /** Node importance from edge scores: the mean score of the edges at a node (in or out). */
    static float[] nodesFromEdges(float[] edge, GraphInstance g) {
        float[] sum = new float[g.nodes()];
        int[] count = new int[g.nodes()];
        for (int k = 0; k < edge.length; k++) {
            sum[g.src()[k]] += edge[k];
            sum[g.dst()[k]] += edge[k];
            count[g.src()[k]]++;
            count[g.dst()[k]]++;
        }
        for (int v = 0; v < sum.length; v++) sum[v] = count[v] == 0 ? 0 : sum[v] / count[v];
        return sum;
    }

    /** Node importance of graph `g` (of `data`) for class `cls` by `method`. */
    static float[] explain(String method, GraphClassifier model, TuDataset data, int g, int cls, int shapSamples, long seed, Device device) {
        return explainBoth(method, model, data, g, null, cls, shapSamples, seed, device).node();
    }

    static float[] explain(String method, GraphClassifier model, TuDataset data, int g, int[] perm, int cls, int shapSamples, long seed,
                           Device device) {
        return explainBoth(method, model, data, g, perm, cls, shapSamples, seed, device).node();
    }

    /**
     * Graph g renumbered by perm (node v -> perm[v]; null = as is) explained by `method` for class cls: GNNExplainer (PyG's
     * defaults, graph level, edge mask; node importance = mean mask of a node's edges), gradient saliency of the edge
     * weights (likewise), or Kernel SHAP with the nodes as players (node importance = Shapley values).
     */
    static Expl explainBoth(String method, GraphClassifier model, TuDataset data, int g, int[] perm, int cls, int shapSamples, long seed,
                            Device device) {
        return switch (method) {
            case "kernelshap" -> {
                KernelShap.Result r = new KernelShap().samples(shapSamples).batch(256).seed(seed).explain(new NodeMaskGame(model, data, g, perm, cls, device));
                float[] out = new float[r.phi().length];
                for (int i = 0; i < out.length; i++) out[i] = (float) r.phi()[i];
                yield new Expl(out, null);
            }
            case "gnnexplainer" -> {
                GraphInstance in = instance(data, g, perm);
                GraphExplanation e = new GnnExplainer(model, model::graphLogits, GnnExplainer.Config.defaults().withSeed(seed)).explainGraph(in, cls);
                yield new Expl(nodesFromEdges(e.edgeMask(), in), e.edgeMask());
            }
            case "saliency" -> {
                GraphInstance in = instance(data, g, perm);
                GraphExplanation e = new EdgeGradientSaliency(model, model::graphLogits).explainGraph(in);
                yield new Expl(nodesFromEdges(e.edgeMask(), in), e.edgeMask());
            }
            default -> throw new IllegalArgumentException("unknown graph method '" + method + "'");
        };
    }

    static int predict(GraphClassifier model, TuDataset data, int g, Device device) {
        try (Scope s = Scope.open(); GradMode.Guard q = GradMode.disable()) {
            float[] z = model.logits(GraphBatch.of(data, new int[] {g}, 0, 1, device)).toFloatArray();
            int best = 0;
            for (int c = 1; c < z.length; c++) if (z[c] > z[best]) best = c;
            return best;
        }
    }

    static List<ExplainExperiment.Row> run(GraphDomain d, SalfDomain.Split split, Models.Loaded m, String arm, long seed, ExplainPreset.Domain b,
                                           ExplainPreset p, double accuracy, Path figureDir, Map<String, List<String>> figures,
                                           Map<String, String> evaluation, Logger log) {
        TuDataset data = d.data(split);
        Device device = deviceOf(m.model());
        GraphClassifier model = (GraphClassifier) m.model();
        int[] eval = b.eval() > 0 && b.eval() < split.test().length ? Arrays.copyOf(split.test(), b.eval()) : split.test();
        evaluation.put("proteins", String.format(Locale.ROOT, "the %d test graphs of fold 0 (%s; GNNExplainer with PyG's defaults "
                + "(100 epochs, Adam 0.01) at graph level; Kernel SHAP: the first %d with at most %d nodes; "
                + "permutation equivariance (%d sampled permutations) and sanity check: the first %d)", eval.length,
                b.eval() > 0 ? "the first " + b.eval() : "all", Math.min(b.shapEval(), eval.length), p.shapSamples() / 3, PERMUTATIONS, Math.min(b.checkEval(), eval.length)));
        List<ExplainExperiment.Row> rows = new ArrayList<>();
        try (Module random = Models.build(m.spec(), device, seed + 7919)) {
            random.train(false);
            for (String method : methods()) {
                int[] set = eval;
                if (method.equals("kernelshap")) {                 // Kernel SHAP: graphs with at most samples / 3 nodes (players)
                    int limit = p.shapSamples() / 3;
                    set = Arrays.stream(eval).filter(g -> data.graphs.get(g).nodes <= limit).limit(b.shapEval()).toArray();
                }
                double secs = 0, eq = 0, inv = 0, san = 0;
                int nCheck = 0, nSan = 0;
                List<GraphFidelity.Outcome> outcomes = new ArrayList<>();
                for (int k = 0; k < set.length; k++) {
                    int g = set[k];
                    int cls = predict(model, data, g, device);
                    long t0 = System.nanoTime();
                    Expl ex = explainBoth(method, model, data, g, null, cls, p.shapSamples(), seed, device);
                    secs += (System.nanoTime() - t0) / 1e9;
                    float[] imp = ex.node();
                    outcomes.add(outcome(model, data, g, ex, device));
                    if (k < (!method.equals("saliency") ? Math.min(b.checkEval(), ExplainPreset.COSTLY_CHECKS) : b.checkEval())) {
                        double[] e = permutationEquivariance(method, model, data, g, cls, imp, p.shapSamples(), seed, device);
                        eq += e[0];
                        inv += e[1];
                        nCheck++;
                        double r = SanityCheck.compare(imp, explain(method, (GraphClassifier) random, data, g, cls, p.shapSamples(), seed, device),
                                GridEvaluation.SANITY_THRESHOLD, true).spearman();
                        if (!Double.isNaN(r)) {
                            san += r;
                            nSan++;
                        }
                    }
                }
                int n = set.length;
                GraphFidelity.Result fid = n == 0 ? new GraphFidelity.Result(Double.NaN, Double.NaN, 0) : GraphFidelity.phenomenon(outcomes);
                ExplainExperiment.Row row = new ExplainExperiment.Row("proteins", arm, seed, method, n, accuracy, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, fid.positive(), fid.negative(), nCheck, nCheck == 0 ? Double.NaN : eq / nCheck, nCheck == 0 ? Double.NaN : inv / nCheck,
                        nSan == 0 ? Double.NaN : san / nSan, secs / n);
                rows.add(row);
                log.log("  proteins %s seed %d %-12s n %3d  fid+ %.3f  fid- %.3f  equiv %.3f  sanity %.3f  %.1f ms/expl", arm, seed, method, n,
                        row.fidelityPlus(), row.fidelityMinus(), row.equivariance(), row.sanity(), 1000 * row.secondsPerExplanation());
            }
            if (figureDir != null && eval.length > 0) figure(model, data, eval, arm, p, seed, device, figureDir, figures);
        }
        return rows;
    }

    private static Device deviceOf(Module m) {
        return m.parameters().isEmpty() ? Device.CPU : m.parameters().get(0).device();
    }

    /**
     * Monte-Carlo explanation equivariance over sampled node permutations P: Equiv = mean cos(e(P G), P e(G)),
     * Inv = mean cos(e(P G), e(G)) (node importance of a permutation-invariant classifier should move with the nodes).
     */
    static double[] permutationEquivariance(String method, GraphClassifier model, TuDataset data, int g, int cls, float[] imp, int shapSamples,
                                            long seed, Device device) {
        SplittableRandom rnd = new SplittableRandom(seed * 31 + g);
        int n = imp.length;
        double eq = 0, inv = 0;
        for (int q = 0; q < PERMUTATIONS; q++) {
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) perm[i] = i;
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1), t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            float[] e = explain(method, model, data, g, perm, cls, shapSamples, seed, device);
            float[] moved = new float[n];
            for (int v = 0; v < n; v++) moved[perm[v]] = imp[v];
            eq += org.symkern.explain.metrics.ExplanationEquivariance.cosine(e, moved);
            inv += org.symkern.explain.metrics.ExplanationEquivariance.cosine(e, imp);
        }
        return new double[] {eq / PERMUTATIONS, inv / PERMUTATIONS};
    }

    /** Per-graph scores of an importance vector: fidelity+ / fidelity- and the permutation equivariance / invariance. */
    static Map<String, Double> scores(String method, GraphClassifier model, TuDataset data, int g, int cls, Expl ex, int shapSamples, long seed,
                                      Device device) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        float[] imp = ex.node();
        double[] f = fidelity(model, data, g, ex, device);
        m.put("fidelity_plus", f[0]);
        m.put("fidelity_minus", f[1]);
        double[] e = permutationEquivariance(method, model, data, g, cls, imp, shapSamples, seed, device);
        m.put("equivariance", e[0]);
        m.put("invariance", e[1]);
        return m;
    }

    /**
     * The fidelity outcome of one explanation (PyG's phenomenon type, target = the true label): the hard explanation is
     * the top 20 % of edges by score (edge methods) or of nodes by importance (Kernel SHAP, as a node mask).
     */
    static GraphFidelity.Outcome outcome(GraphClassifier model, TuDataset data, int g, Expl e, Device device) {
        GraphInstance in = instance(data, g, null);
        GraphExplanation hard = e.edge() != null
                ? new GraphExplanation(-1, -1, GraphFidelity.topK(e.edge(), (int) Math.ceil(TOP_FRACTION * e.edge().length)), null,
                        GraphExplanation.FeatureMaskType.NONE, null)
                : new GraphExplanation(-1, -1, null, GraphFidelity.topK(e.node(), (int) Math.ceil(TOP_FRACTION * e.node().length)),
                        GraphExplanation.FeatureMaskType.NODE, null);
        return GraphFidelity.outcome(model, model::graphLogits, in, hard, data.graphs.get(g).label, device);
    }

    /** {fid+, fid-} of one graph. */
    static double[] fidelity(GraphClassifier model, TuDataset data, int g, Expl e, Device device) {
        GraphFidelity.Result r = GraphFidelity.phenomenon(List.of(outcome(model, data, g, e, device)));
        return new double[] {r.positive(), r.negative()};
    }

    private static void figure(GraphClassifier model, TuDataset data, int[] eval, String arm, ExplainPreset p, long seed, Device device, Path dir,
                               Map<String, List<String>> figures) {
        int g = eval[0];
        for (int i : eval) if (data.graphs.get(i).nodes >= 15 && data.graphs.get(i).nodes <= Math.min(40, p.shapSamples() / 3)) { g = i; break; }
        int cls = predict(model, data, g, device);
        float[] shap = explain("kernelshap", model, data, g, cls, p.shapSamples(), seed, device);
        Expl gx = explainBoth("gnnexplainer", model, data, g, null, cls, p.shapSamples(), seed, device);
        String file = "explain-proteins-" + arm + ".png";
        draw(dir.resolve(file), data, g, shap, gx.edge(), "PROTEINS graph " + g + " (" + data.graphs.get(g).nodes + " nodes, label "
                + data.graphs.get(g).label + ", predicted " + cls + "), " + ExplainReport.ARM_NAMES.getOrDefault(arm, arm), "Kernel SHAP value", "GNNExplainer mask", seed);
        figures.computeIfAbsent("proteins", k -> new ArrayList<>()).add(file);
    }

    /** The graph with node colour = importance (positive part, divided by its max). */
    static void draw(Path png, TuDataset data, int g, float[] imp, float[] edgeScores, String title, String nodeWhat, String edgeWhat, long seed) {
        TuDataset.Graph gr = data.graphs.get(g);
        List<int[]> edges = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        Map<Long, Integer> at = new java.util.HashMap<>();
        for (int v = 0; v < gr.nodes; v++)
            for (int e = gr.offsets[v]; e < gr.offsets[v + 1]; e++) {
                int u = gr.neighbors[e], a = Math.min(u, v), b = Math.max(u, v);
                long key = (long) a * gr.nodes + b;
                float sc = edgeScores == null ? 0f : edgeScores[e];
                Integer k = at.get(key);
                if (k == null) {
                    at.put(key, edges.size());
                    edges.add(new int[] {a, b});
                    scores.add(sc);
                } else scores.set(k, Math.max(scores.get(k), sc));              // the two directions of an edge: the larger score
            }
        float[] es = null;
        if (edgeScores != null) {
            es = new float[scores.size()];
            for (int i = 0; i < es.length; i++) es[i] = scores.get(i);
        }
        float[] pos = new float[imp.length];
        for (int i = 0; i < imp.length; i++) pos[i] = Math.max(0, imp[i]);
        GraphFigure.write(png, title, gr.nodes, edges.toArray(new int[0][]), es, pos, null, null,
                "nodes: " + nodeWhat + " / max (negative as 0)" + (es != null ? "; edges: " + edgeWhat + " (colour and width)" : "")
                        + "; seeded force-directed layout", seed);
    }
}
