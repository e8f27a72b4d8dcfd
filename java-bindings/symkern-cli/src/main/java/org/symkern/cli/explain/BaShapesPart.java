package org.symkern.cli.explain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.symkern.data.BaShapes;
import org.symkern.explain.BaShapesBenchmark;
import org.symkern.explain.ComputationSubgraph;
import org.symkern.explain.EdgeGradientSaliency;
import org.symkern.explain.GnnExplainer;
import org.symkern.explain.GraphExplanation;
import org.symkern.explain.GraphInstance;
import org.symkern.explain.Predictions;
import org.symkern.explain.metrics.ExplanationAuc;
import org.symkern.models.GcnNodeClassifier;
import org.symkern.models.ModelSpec;
import org.symkern.models.Models;
import org.symkern.tensor.Device;

/**
 * The BA-Shapes benchmark of the explanation experiment, through op/gnn-explain's {@link BaShapesBenchmark}: per seed
 * the seeded BA-Shapes graph, the GNNExplainer paper's node classifier trained full-batch (80 / 20 node split), and the
 * explanation AUC of GNNExplainer, gradient saliency and a random score on a seeded sample of motif nodes (all of them
 * when the preset says 0). The trained classifier is saved ({@link Models}, kind gcn-node) so that {@code symkern
 * explain --data ba-shapes} can explain single nodes, and the first seed draws one motif node's neighbourhood.
 */
final class BaShapesPart {
    /** One seed: accuracies, explained nodes, AUCs (random score: the chance level of this AUC) and seconds per explanation. */
    record Run(long seed, double trainAccuracy, double testAccuracy, int nodes, double gnnExplainerAuc, double gradientAuc, double randomAuc,
               double gnnExplainerSeconds, double gradientSeconds, double gnnExplainerAucUndirected, double gradientAucUndirected) {}

    private BaShapesPart() {}

    static String protocol(ExplainPreset.BaShapesBudget b) {
        return String.format(Locale.ROOT, "BA-Shapes (Ying et al. 2019) generated per seed: a Barabasi-Albert graph of 300 nodes, 80 five-node "
                + "house motifs attached, 0.1 N random edges, 4 node classes, constant features; the GNNExplainer paper's node classifier (3 graph "
                + "convolutions of 20 units as in the authors' code: neighbour sum, each node's output L2-normalised; concatenated, linear) "
                + "trained full-batch with Adam (lr %s, weight decay %s, %d epochs) on a seeded 80 / 20 node split; %s "
                + "explained with GNNExplainer (PyG's defaults: 100 epochs, Adam 0.01, edge size 0.005, edge entropy 1.0, feature size 1.0, "
                + "feature entropy 0.1) and gradient saliency on their 3-hop computation subgraphs; explanation AUC = ROC AUC of the edge "
                + "scores against the motif-edge labels pooled over those subgraphs, over directed edges (PyG's masks) and over undirected edges (each the "
                + "mean of its two directions, the authors' evaluation).", b.lr(), b.weightDecay(), b.epochs(),
                b.nodes() <= 0 ? "all 400 motif nodes" : b.nodes() + " seeded motif nodes per seed");
    }

    static Run run(ExplainPreset.BaShapesBudget b, long seed, Device device, Path modelDir, Path figureDir, Map<String, List<String>> figures,
                   GraphEvaluation.Logger log) {
        long t0 = System.nanoTime();
        BaShapesBenchmark.Options o = new BaShapesBenchmark.Options(b.epochs(), b.lr(), b.weightDecay(), BaShapesBenchmark.Options.full().aggregation(),
                b.nodes(), GnnExplainer.Config.defaults().withEpochs(b.explainerEpochs()));
        BaShapesBenchmark.Trained t = BaShapesBenchmark.train(BaShapes.generate(seed), seed, o, device);
        try {
            log.log("ba-shapes seed %d: trained %d epochs in %.1f s, train accuracy %.3f, test accuracy %.3f", seed, b.epochs(),
                    (System.nanoTime() - t0) / 1e9, t.trainAccuracy(), t.testAccuracy());
            if (modelDir != null) {
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("symkern.data", "ba-shapes");
                meta.put("symkern.split_seed", Long.toString(seed));
                meta.put("symkern.test_accuracy", String.format(Locale.ROOT, "%.4f", t.testAccuracy()));
                GcnNodeClassifier m = t.model();
                Models.save(modelDir.resolve("ba-shapes-s" + seed + ".safetensors"), m, ModelSpec.gcnNode(BaShapes.FEATURES, m.hidden(), m.layers(),
                        BaShapes.CLASSES, m.aggregation()), new long[] {BaShapes.FEATURES}, List.of("base", "top", "middle", "bottom"), meta);
            }
            BaShapesBenchmark.Result r = BaShapesBenchmark.explain(t, seed, o);
            // gradient saliency's time per explanation (the benchmark times GNNExplainer)
            GraphInstance g = BaShapesBenchmark.graph(t.data());
            int[] nodes = BaShapesBenchmark.chooseNodes(t.data(), b.nodes(), seed);
            EdgeGradientSaliency sal = new EdgeGradientSaliency(t.model(), t.model()::logits);
            long s0 = System.nanoTime();
            for (int v : nodes) sal.explainNode(g, v, t.model().layers());
            double gradSecs = nodes.length == 0 ? 0 : (System.nanoTime() - s0) / 1e9 / nodes.length;
            log.log("ba-shapes seed %d: %d motif nodes, explanation AUC (directed / undirected) GNNExplainer %.3f / %.3f, gradient saliency %.3f / %.3f, "
                    + "random %.3f; %.0f ms / %.1f ms per explanation", seed, r.explainedNodes(), r.gnnExplainerAuc(), r.gnnExplainerAucUndirected(),
                    r.gradientAuc(), r.gradientAucUndirected(), r.randomAuc(), 1000 * r.secondsPerExplanation(), 1000 * gradSecs);
            if (figureDir != null) {
                String file = "explain-ba-shapes.png";
                draw(figureDir.resolve(file), t, nodes.length > 0 ? nodes[0] : t.data().motifNodes()[0], seed, b.explainerEpochs(),
                        "BA-Shapes seed " + seed + ": GNNExplainer edge mask around motif node ");
                figures.computeIfAbsent("ba-shapes", k -> new ArrayList<>()).add(file);
            }
            return new Run(seed, r.trainAccuracy(), r.testAccuracy(), r.explainedNodes(), r.gnnExplainerAuc(), r.gradientAuc(), r.randomAuc(),
                    r.secondsPerExplanation(), gradSecs, r.gnnExplainerAucUndirected(), r.gradientAucUndirected());
        } finally {
            t.model().close();
        }
    }

    /** The computation subgraph of `node` with the GNNExplainer mask on its edges, motif edges dashed, the node ringed. */
    static void draw(Path png, BaShapesBenchmark.Trained t, int node, long seed, int epochs, String title) {
        GraphInstance g = BaShapesBenchmark.graph(t.data());
        GraphExplanation e = new GnnExplainer(t.model(), t.model()::logits, GnnExplainer.Config.defaults().withSeed(seed).withEpochs(epochs))
                .explainNode(g, node, t.model().layers());
        draw(png, t.data(), e, node, title + node + " (class " + t.data().labels[node] + ")", "GNNExplainer mask", seed);
    }

    static void draw(Path png, BaShapes data, GraphExplanation e, int node, String title, String what, long seed) {
        ComputationSubgraph sub = e.subgraph();
        Map<Integer, Integer> local = new HashMap<>();
        for (int i = 0; i < sub.nodes.length; i++) local.put(sub.nodes[i], i);
        Map<Long, Integer> at = new HashMap<>();
        List<int[]> edges = new ArrayList<>();
        List<Float> score = new ArrayList<>();
        List<Boolean> truth = new ArrayList<>();
        for (int k : sub.edges) {
            int a = local.get(data.src[k]), b = local.get(data.dst[k]), lo = Math.min(a, b), hi = Math.max(a, b);
            long key = (long) lo * sub.nodes.length + hi;
            Integer i = at.get(key);
            if (i == null) {
                at.put(key, edges.size());
                edges.add(new int[] {lo, hi});
                score.add(e.edgeMask()[k]);
                truth.add(data.motifEdge[k] != 0);
            } else score.set(i, Math.max(score.get(i), e.edgeMask()[k]));        // both directions: the larger score
        }
        float[] es = new float[score.size()];
        boolean[] tr = new boolean[score.size()], ring = new boolean[sub.nodes.length];
        for (int i = 0; i < es.length; i++) {
            es[i] = score.get(i);
            tr[i] = truth.get(i);
        }
        ring[local.get(node)] = true;
        GraphFigure.write(png, title, sub.nodes.length, edges.toArray(new int[0][]), es, null, tr, ring,
                "edges: " + what + " (colour, width), dashed = motif (ground truth); ringed: the explained node; its 3-hop neighbourhood", seed);
    }

    /** symkern explain --data ba-shapes: node ids of the seeded graph with a saved gcn-node model. */
    static void explainCli(ExplainRunner.Request q, Models.Loaded m, List<String> out, List<ExplainRunner.Item> items) {
        if (!(m.model() instanceof GcnNodeClassifier model))
            throw new IllegalArgumentException("--data ba-shapes needs the BA-Shapes node classifier (kind gcn-node), " + q.model() + " holds a "
                    + m.spec().kind());
        if (!List.of("gnnexplainer", "saliency").contains(q.method()))
            throw new IllegalArgumentException("--method " + q.method() + " does not apply to --data ba-shapes (expected gnnexplainer, saliency)");
        BaShapes data = BaShapes.generate(Long.parseLong(m.metadata().getOrDefault("symkern.split_seed", "1")));
        GraphInstance g = BaShapesBenchmark.graph(data);
        for (int v : q.index()) {
            if (v < 0 || v >= data.nodes)
                throw new IllegalArgumentException("--index " + v + " is out of range: BA-Shapes has " + data.nodes + " nodes (0.." + (data.nodes - 1) + ")");
            long t0 = System.nanoTime();
            GraphExplanation e = q.method().equals("gnnexplainer")
                    ? new GnnExplainer(model, model::logits, GnnExplainer.Config.defaults().withSeed(q.seed())).explainNode(g, v, model.layers())
                    : new EdgeGradientSaliency(model, model::logits).explainNode(g, v, model.layers());
            double secs = (System.nanoTime() - t0) / 1e9;
            int[] lab = new int[e.subgraph().edges.length];
            for (int k = 0; k < lab.length; k++) lab[k] = data.motifEdge[e.subgraph().edges[k]];
            Map<String, Double> met = new LinkedHashMap<>();
            boolean both = false, none = true;
            for (int l : lab) if (l != 0) none = false; else both = true;
            met.put("explanation_auc", none || !both ? Double.NaN : ExplanationAuc.rocAuc(e.subgraphEdgeMask(), lab));
            met.put("seconds", secs);
            int pred = Predictions.predictedClass(model, model::logits, g, v, q.device());
            String name = String.format(Locale.ROOT, "ba-shapes-%d-%s.png", v, q.method());
            draw(q.out().resolve(name), data, e, v, String.format(Locale.ROOT, "BA-Shapes node %d (class %d, predicted %d), %s", v, data.labels[v], pred,
                    q.method()), q.method() + " score", q.seed());
            items.add(new ExplainRunner.Item("ba-shapes", v, v, data.labels[v], pred, q.method(), new long[] {data.edges()}, e.edgeMask(), met));
            out.add(ExplainRunner.line("ba-shapes", v, Integer.toString(data.labels[v]), Integer.toString(pred), met) + "  -> " + q.out().resolve(name));
        }
    }
}
