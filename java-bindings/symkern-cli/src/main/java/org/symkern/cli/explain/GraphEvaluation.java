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
import org.symkern.explain.KernelShap;
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
    static final int PERMUTATIONS = 3;
    static final double TOP_FRACTION = 0.2;

    private GraphEvaluation() {}

    interface Logger {
        void log(String fmt, Object... args);
    }

    static List<String> methods() {
        return List.of("kernelshap");
    }

    /** Node importance of graph `g` (of `data`) for class `cls` by `method`. */
    static float[] explain(String method, GraphClassifier model, TuDataset data, int g, int cls, int shapSamples, long seed, Device device) {
        return explain(method, model, data, g, null, cls, shapSamples, seed, device);
    }

    /** The same for graph g renumbered by perm (node v -> perm[v]); the importance is indexed by the new numbers. */
    static float[] explain(String method, GraphClassifier model, TuDataset data, int g, int[] perm, int cls, int shapSamples, long seed,
                           Device device) {
        return switch (method) {
            case "kernelshap" -> {
                KernelShap.Result r = new KernelShap().samples(shapSamples).batch(256).seed(seed).explain(new NodeMaskGame(model, data, g, perm, cls, device));
                float[] out = new float[r.phi().length];
                for (int i = 0; i < out.length; i++) out[i] = (float) r.phi()[i];
                yield out;
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
        evaluation.put("proteins", String.format(Locale.ROOT, "the %d test graphs of fold 0 (%s; Kernel SHAP: the first %d with at most %d nodes; "
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
                double secs = 0, fidPlus = 0, fidMinus = 0, eq = 0, inv = 0, san = 0;
                int nCheck = 0, nSan = 0;
                for (int k = 0; k < set.length; k++) {
                    int g = set[k];
                    int cls = predict(model, data, g, device);
                    long t0 = System.nanoTime();
                    float[] imp = explain(method, model, data, g, cls, p.shapSamples(), seed, device);
                    secs += (System.nanoTime() - t0) / 1e9;
                    double[] f = fidelity(model, data, g, imp, device);
                    fidPlus += f[0];
                    fidMinus += f[1];
                    if (k < b.checkEval()) {
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
                ExplainExperiment.Row row = new ExplainExperiment.Row("proteins", arm, seed, method, n, accuracy, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, fidPlus / n, fidMinus / n, nCheck, nCheck == 0 ? Double.NaN : eq / nCheck, nCheck == 0 ? Double.NaN : inv / nCheck,
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
    static Map<String, Double> scores(String method, GraphClassifier model, TuDataset data, int g, int cls, float[] imp, int shapSamples, long seed,
                                      Device device) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        double[] f = fidelity(model, data, g, imp, device);
        m.put("fidelity_plus", f[0]);
        m.put("fidelity_minus", f[1]);
        double[] e = permutationEquivariance(method, model, data, g, cls, imp, shapSamples, seed, device);
        m.put("equivariance", e[0]);
        m.put("invariance", e[1]);
        return m;
    }

    /** {fid+, fid-} of one graph (phenomenon type), the top 20 % of nodes by importance as the explanation. */
    static double[] fidelity(GraphClassifier model, TuDataset data, int g, float[] imp, Device device) {
        return new double[] {Double.NaN, Double.NaN};     // TODO after op/gnn-explain
    }

    private static void figure(GraphClassifier model, TuDataset data, int[] eval, String arm, ExplainPreset p, long seed, Device device, Path dir,
                               Map<String, List<String>> figures) {
        int g = eval[0];
        for (int i : eval) if (data.graphs.get(i).nodes >= 15 && data.graphs.get(i).nodes <= Math.min(40, p.shapSamples() / 3)) { g = i; break; }
        int cls = predict(model, data, g, device);
        float[] imp = explain("kernelshap", model, data, g, cls, p.shapSamples(), seed, device);
        String file = "explain-proteins-" + arm + ".png";
        draw(dir.resolve(file), data, g, imp, "PROTEINS graph " + g + " (" + data.graphs.get(g).nodes + " nodes, label " + data.graphs.get(g).label
                + ", predicted " + cls + "), " + ExplainReport.ARM_NAMES.getOrDefault(arm, arm) + ": Kernel SHAP", seed);
        figures.computeIfAbsent("proteins", k -> new ArrayList<>()).add(file);
    }

    /** The graph with node colour = importance (positive part, divided by its max). */
    static void draw(Path png, TuDataset data, int g, float[] imp, String title, long seed) {
        TuDataset.Graph gr = data.graphs.get(g);
        List<int[]> edges = new ArrayList<>();
        for (int v = 0; v < gr.nodes; v++)
            for (int e = gr.offsets[v]; e < gr.offsets[v + 1]; e++) if (v < gr.neighbors[e]) edges.add(new int[] {v, gr.neighbors[e]});
        float[] pos = new float[imp.length];
        for (int i = 0; i < imp.length; i++) pos[i] = Math.max(0, imp[i]);
        GraphFigure.write(png, title, gr.nodes, edges.toArray(new int[0][]), null, pos, null, null,
                "node colour: importance for the predicted class / max (negative values shown as 0); layout: force-directed, seeded", seed);
    }
}
