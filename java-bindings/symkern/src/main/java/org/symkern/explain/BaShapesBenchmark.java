package org.symkern.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.symkern.data.BaShapes;
import org.symkern.explain.metrics.ExplanationAuc;
import org.symkern.models.GcnNodeClassifier;
import org.symkern.ops.CrossEntropy;
import org.symkern.ops.Gather;
import org.symkern.optim.Adam;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * The BA-Shapes explanation benchmark of the GNNExplainer paper (Ying et al. 2019, Table 1): generate
 * {@link BaShapes} from a seed, train the paper's node classifier ({@link GcnNodeClassifier}: 3 GCN layers of 20
 * units, concatenated, linear) on a seeded 80 / 20 node split, then explain the model's prediction at motif (house)
 * nodes with {@link GnnExplainer}, {@link EdgeGradientSaliency} and a uniformly random edge score, and report the
 * explanation AUC of each: the ROC AUC ({@link ExplanationAuc}) of the edge scores against the motif-edge labels,
 * pooled over the directed edges of every explained node's 3-hop computation subgraph, and the same over undirected
 * edges (each the mean of its two directions: the authors' evaluation, which scores the upper triangle of their
 * symmetric masked adjacency). The paper reports AUC 0.925 for GNNExplainer and 0.882 for gradient saliency.
 */
public final class BaShapesBenchmark {
    private BaShapesBenchmark() {}

    /**
     * @param trainEpochs    full-batch Adam epochs for the classifier
     * @param trainLr        its learning rate
     * @param weightDecay    its L2 weight decay (added to the gradient, as torch's Adam)
     * @param aggregation    how its layers aggregate ({@link GcnNodeClassifier.Aggregation})
     * @param explainedNodes how many motif nodes to explain (a seeded sample; &lt;= 0 or &gt;= 400: all of them)
     * @param explainer      the GNNExplainer configuration (its seed is replaced by the run's seed)
     */
    public record Options(int trainEpochs, float trainLr, float weightDecay, GcnNodeClassifier.Aggregation aggregation, int explainedNodes,
                          GnnExplainer.Config explainer) {
        /** The classifier recipe of {@link #full()}: the authors' layer, 3000 full-batch Adam epochs, lr 0.005, weight decay 5e-4. */
        public static final int EPOCHS = 3000;
        public static final float LR = 0.005f, WEIGHT_DECAY = 5e-4f;

        /**
         * The classifier of the GNNExplainer authors' code ({@link GcnNodeClassifier.Aggregation#SUM_L2}) trained 3000
         * epochs at lr 0.005 with weight decay 5e-4, every motif node, PyG's GNNExplainer defaults with the edge mask
         * only (the node features of BA-Shapes are constant, so a feature mask carries no explanation).
         */
        public static Options full() {
            return new Options(EPOCHS, LR, WEIGHT_DECAY, GcnNodeClassifier.Aggregation.SUM_L2, 0,
                    GnnExplainer.Config.defaults().withFeatureMask(GraphExplanation.FeatureMaskType.NONE));
        }

        public Options withExplainedNodes(int n) {
            return new Options(trainEpochs, trainLr, weightDecay, aggregation, n, explainer);
        }

        public Options withTrainEpochs(int e) {
            return new Options(e, trainLr, weightDecay, aggregation, explainedNodes, explainer);
        }

        public Options withExplainer(GnnExplainer.Config c) {
            return new Options(trainEpochs, trainLr, weightDecay, aggregation, explainedNodes, c);
        }

    }

    /** The trained classifier with its accuracies (fractions in [0, 1]). The caller closes the model. */
    public record Trained(GcnNodeClassifier model, BaShapes data, int[] train, int[] test, double trainAccuracy, double testAccuracy) {}

    /**
     * What was measured: the classifier's accuracies, the explanation AUC of GNNExplainer, gradient saliency and a
     * random score over the explained nodes, their count, and the seconds spent per explanation (GNNExplainer).
     */
    public record Result(long seed, double trainAccuracy, double testAccuracy, double gnnExplainerAuc, double gradientAuc,
                         double randomAuc, int explainedNodes, double secondsPerExplanation, double gnnExplainerAucUndirected,
                         double gradientAucUndirected) {}

    /** Generates BA-Shapes with `seed`, trains, explains and measures. */
    public static Result run(long seed, Options o) {
        Trained t = train(BaShapes.generate(seed), seed, o, Device.CPU);
        try {
            return explain(t, seed, o);
        } finally {
            t.model().close();
        }
    }

    /** Trains the paper's classifier on `data` (80 / 20 split seeded by `seed`) with full-batch Adam. */
    public static Trained train(BaShapes data, long seed, int epochs, float lr, Device device) {
        return train(data, seed, epochs, lr, 0f, device);
    }

    /** As {@link #train(BaShapes, long, int, float, Device)} with L2 weight decay (added to the gradient, as torch's Adam). */
    public static Trained train(BaShapes data, long seed, int epochs, float lr, float weightDecay, Device device) {
        return train(data, seed, epochs, lr, weightDecay, GcnNodeClassifier.Aggregation.GCN, device);
    }

    /** Trains the classifier of the options' recipe (epochs, lr, weight decay, aggregation). */
    public static Trained train(BaShapes data, long seed, Options o, Device device) {
        return train(data, seed, o.trainEpochs(), o.trainLr(), o.weightDecay(), o.aggregation(), device);
    }

    /** As {@link #train(BaShapes, long, int, float, float, Device)} with the layers' aggregation chosen. */
    public static Trained train(BaShapes data, long seed, int epochs, float lr, float weightDecay, GcnNodeClassifier.Aggregation aggregation,
                                Device device) {
        int[][] split = data.split(0.8, seed);
        GcnNodeClassifier model = new GcnNodeClassifier(BaShapes.FEATURES, 20, 3, BaShapes.CLASSES, aggregation, device, seed);
        GraphInstance g = graph(data);
        try (Scope s = Scope.open(); Adam opt = Adam.builder(model.parameters()).lr(lr).weightDecay(weightDecay).build()) {
            Tensor x = g.features(device), src = g.srcTensor(device), dst = g.dstTensor(device);
            Tensor idx = Tensor.ofInts(split[0], Shape.of(split[0].length), device);
            int[] y = new int[split[0].length];
            for (int i = 0; i < y.length; i++) y[i] = data.labels[split[0][i]];
            Tensor labels = Tensor.ofInts(y, Shape.of(y.length), device);
            model.train(true);
            for (int epoch = 0; epoch < epochs; epoch++) {
                try (Scope step = Scope.open()) {
                    opt.zeroGrad();
                    CrossEntropy.apply(Gather.apply(model.logits(x, src, dst, null), idx), labels, null, 0f).backward();
                    opt.step();
                }
            }
            model.train(false);
        }
        int[] pred = Predictions.argmax(Predictions.logits(model, model::logits, g, null, null, device), BaShapes.CLASSES);
        return new Trained(model, data, split[0], split[1], accuracy(pred, data.labels, split[0]), accuracy(pred, data.labels, split[1]));
    }

    /** Explains the motif nodes chosen by the options with the three methods and measures their explanation AUC. */
    public static Result explain(Trained t, long seed, Options o) {
        BaShapes data = t.data();
        GraphInstance g = graph(data);
        int[] nodes = chooseNodes(data, o.explainedNodes(), seed);
        int hops = t.model().layers();
        GnnExplainer gx = new GnnExplainer(t.model(), t.model()::logits, o.explainer().withSeed(seed));
        EdgeGradientSaliency grad = new EdgeGradientSaliency(t.model(), t.model()::logits);
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<float[]> gxScores = new ArrayList<>(), gradScores = new ArrayList<>(), rndScores = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        long nanos = 0;
        for (int v : nodes) {
            long t0 = System.nanoTime();
            GraphExplanation e = gx.explainNode(g, v, hops);
            nanos += System.nanoTime() - t0;
            GraphExplanation s = grad.explainNode(g, v, hops);
            int[] edges = e.subgraph().edges;
            int[] lab = new int[edges.length];
            float[] r = new float[edges.length];
            for (int k = 0; k < edges.length; k++) {
                lab[k] = data.motifEdge[edges[k]];
                r[k] = (float) rnd.nextDouble();
            }
            gxScores.add(e.subgraphEdgeMask());
            gradScores.add(s.subgraphEdgeMask());
            rndScores.add(r);
            labels.add(lab);
        }
        int[] allLabels = concat(labels);
        float[] gxAll = concatF(gxScores), gradAll = concatF(gradScores);
        List<int[]> subEdges = new ArrayList<>();
        for (int v : nodes) subEdges.add(ComputationSubgraph.of(g, v, hops).edges);
        return new Result(seed, t.trainAccuracy(), t.testAccuracy(), ExplanationAuc.rocAuc(gxAll, allLabels),
                ExplanationAuc.rocAuc(gradAll, allLabels), ExplanationAuc.rocAuc(concatF(rndScores), allLabels), nodes.length,
                nodes.length == 0 ? 0 : nanos / 1e9 / nodes.length,
                ExplanationAuc.rocAuc(undirected(gxScores, subEdges), allLabels), ExplanationAuc.rocAuc(undirected(gradScores, subEdges), allLabels));
    }

    /**
     * Scores of undirected edges: each directed edge e of a subgraph gets the mean of its score and its reverse's
     * (BA-Shapes stores the two directions of an undirected edge as 2k and 2k + 1; a computation subgraph holds both),
     * as the GNNExplainer authors' symmetric mask. Every undirected edge then appears twice with one score, which does
     * not change the ROC AUC's pairwise comparisons beyond counting each edge twice.
     */
    private static float[] undirected(List<float[]> scores, List<int[]> subEdges) {
        List<float[]> out = new ArrayList<>();
        for (int n = 0; n < scores.size(); n++) {
            float[] s = scores.get(n);
            int[] edges = subEdges.get(n);
            java.util.Map<Integer, Integer> pos = new java.util.HashMap<>();
            for (int k = 0; k < edges.length; k++) pos.put(edges[k], k);
            float[] u = new float[s.length];
            for (int k = 0; k < edges.length; k++) {
                Integer r = pos.get(edges[k] ^ 1);
                u[k] = r == null ? s[k] : 0.5f * (s[k] + s[r]);
            }
            out.add(u);
        }
        return concatF(out);
    }

    /** The BA-Shapes graph as an explainer input. */
    public static GraphInstance graph(BaShapes data) {
        return new GraphInstance(data.nodes, BaShapes.FEATURES, data.features, data.src, data.dst);
    }

    /** `count` motif nodes drawn with a seeded shuffle, sorted (all of them when count &lt;= 0 or too large). */
    public static int[] chooseNodes(BaShapes data, int count, long seed) {
        int[] motif = data.motifNodes();
        if (count <= 0 || count >= motif.length) return motif;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = motif.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = motif[i]; motif[i] = motif[j]; motif[j] = tmp;
        }
        int[] out = Arrays.copyOf(motif, count);
        Arrays.sort(out);
        return out;
    }

    static double accuracy(int[] pred, int[] labels, int[] idx) {
        int hit = 0;
        for (int i : idx) if (pred[i] == labels[i]) hit++;
        return idx.length == 0 ? 0 : (double) hit / idx.length;
    }

    private static int[] concat(List<int[]> parts) {
        return parts.stream().flatMapToInt(Arrays::stream).toArray();
    }

    private static float[] concatF(List<float[]> parts) {
        int n = 0;
        for (float[] p : parts) n += p.length;
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
