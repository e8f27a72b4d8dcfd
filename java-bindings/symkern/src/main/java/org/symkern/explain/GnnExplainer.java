package org.symkern.explain;

import java.util.ArrayList;
import java.util.List;

import org.symkern.autograd.GradMode;
import org.symkern.explain.GraphExplanation.FeatureMaskType;
import org.symkern.nn.Module;
import org.symkern.ops.CrossEntropy;
import org.symkern.ops.Gather;
import org.symkern.ops.Random;
import org.symkern.optim.Adam;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * GNNExplainer (Ying, Bourgeois, You, Zitnik, Leskovec, NeurIPS 2019) for node- and graph-level predictions, with the
 * loss, defaults and initialisation of PyG's {@code torch_geometric.explain.algorithm.GNNExplainer}.
 *
 * <p>For a graph with E edges and node features X (N x F), it learns logits a (E) of a soft edge mask
 * M = sigmoid(a) and logits b of a node-feature mask F_m = sigmoid(b) ((F) shared by all nodes by default, see
 * {@link GraphExplanation.FeatureMaskType}), and minimises over (a, b), with the model's parameters fixed and the
 * model in evaluation mode,
 * <pre>
 *   L(a, b) = - log p_model(c | X * F_m, edges weighted by M)[index]                  task loss, c = explained class
 *           + edgeSize * sum_e M_e        + edgeEnt * mean_e H(M_e)                    (edge size: sum, as PyG)
 *           + featSize * mean_k F_m,k     + featEnt * mean_k H(F_m,k)                  (e, k over the hard masks)
 *   H(m) = - m log(m + 1e-15) - (1 - m) log(1 - m + 1e-15)
 * </pre>
 * where the edge weights multiply every message of every message-passing layer ({@link MaskableGnn}); c is the model's
 * own prediction on the unmasked graph (the "model" explanation type), or a given class. Optimiser: Adam (lr 0.01,
 * betas 0.9 / 0.999, eps 1e-8) for 100 epochs. Defaults (PyG): edgeSize 0.005, edgeEnt 1.0, featSize 1.0,
 * featEnt 0.1. Initialisation (PyG): a ~ N(0, std), std = gain(relu) sqrt(2 / (2 N)) = sqrt(2) sqrt(1 / N) with N the
 * nodes of the explained (sub)graph, b ~ N(0, 0.1); the means are configurable ({@link Config#withInitMeans}: the
 * paper authors' own code used N(1, std) and N(0.1, 0.1)). The draws use symkern's Philox generator with the
 * configured seed, so one seed gives one explanation.
 *
 * <p><b>Tied directions</b> ({@link Config#withSymmetricEdgeMask}, off by default): the weight of both directions of an
 * edge is (sigmoid(a_{j-&gt;i}) + sigmoid(a_{i-&gt;j})) / 2, the symmetrised mask of the GNNExplainer authors' code; the
 * regulariser and the returned mask are that weight.
 *
 * <p><b>Hard masks</b> (as PyG): the first step minimises the task loss alone; the entries whose gradient is exactly 0
 * there (edges and features that cannot reach the explained output, e.g. an edge into a node k hops from the centre
 * of a k-layer network) are left out of the size and entropy terms from then on, and get 0 in the returned masks.
 *
 * <p><b>Node level</b>: the mask is learned on the node's k-hop computation subgraph ({@link ComputationSubgraph},
 * k = the number of message-passing layers), which gives the same prediction as the whole graph for a k-layer
 * network; the returned edge mask is over the whole graph's edges, 0 outside the subgraph. <b>Graph level</b>: the
 * mask covers the whole graph and the model's output is a single row.
 *
 * <p>The model's parameters and their gradients are not changed: their requires-grad flags are cleared while the
 * masks are trained and restored afterwards, and the model's training flag is restored too.
 */
public final class GnnExplainer {
    /** Reduction of a size term over the mask entries. */
    public enum Reduction { SUM, MEAN }

    /** The hyper-parameters; {@link #defaults()} are PyG's. */
    public record Config(int epochs, float lr, float edgeSize, Reduction edgeReduction, float edgeEntropy, float featureSize,
                         Reduction featureReduction, float featureEntropy, FeatureMaskType featureMask, boolean learnEdgeMask,
                         float edgeInitMean, float featureInitMean, long seed, boolean symmetricEdgeMask) {
        public Config {
            if (epochs < 0 || !(lr > 0)) throw new IllegalArgumentException("GnnExplainer: epochs " + epochs + " must be >= 0 and lr " + lr + " > 0");
            if (featureMask == null || edgeReduction == null || featureReduction == null)
                throw new IllegalArgumentException("GnnExplainer: feature mask type and reductions must not be null");
            if (!learnEdgeMask && featureMask == FeatureMaskType.NONE)
                throw new IllegalArgumentException("GnnExplainer: nothing to learn (no edge mask and no feature mask)");
        }

        /** PyG's defaults: 100 epochs, lr 0.01, edge size 0.005 (sum), edge entropy 1, feature size 1 (mean), feature entropy 0.1, feature mask shared by all nodes, seed 0. */
        public static Config defaults() {
            return new Config(100, 0.01f, 0.005f, Reduction.SUM, 1.0f, 1.0f, Reduction.MEAN, 0.1f, FeatureMaskType.COMMON, true, 0f, 0f, 0L, false);
        }

        public Config withEpochs(int e) {
            return new Config(e, lr, edgeSize, edgeReduction, edgeEntropy, featureSize, featureReduction, featureEntropy, featureMask, learnEdgeMask, edgeInitMean, featureInitMean, seed, symmetricEdgeMask);
        }

        public Config withLr(float l) {
            return new Config(epochs, l, edgeSize, edgeReduction, edgeEntropy, featureSize, featureReduction, featureEntropy, featureMask, learnEdgeMask, edgeInitMean, featureInitMean, seed, symmetricEdgeMask);
        }

        public Config withSeed(long s) {
            return new Config(epochs, lr, edgeSize, edgeReduction, edgeEntropy, featureSize, featureReduction, featureEntropy, featureMask, learnEdgeMask, edgeInitMean, featureInitMean, s, symmetricEdgeMask);
        }

        public Config withFeatureMask(FeatureMaskType t) {
            return new Config(epochs, lr, edgeSize, edgeReduction, edgeEntropy, featureSize, featureReduction, featureEntropy, t, learnEdgeMask, edgeInitMean, featureInitMean, seed, symmetricEdgeMask);
        }

        public Config withEdgeMask(boolean learn) {
            return new Config(epochs, lr, edgeSize, edgeReduction, edgeEntropy, featureSize, featureReduction, featureEntropy, featureMask, learn, edgeInitMean, featureInitMean, seed, symmetricEdgeMask);
        }

        /** Means of the initial mask logits (PyG: 0 and 0; the GNNExplainer authors' code: 1 and 0.1). */
        public Config withInitMeans(float edge, float feature) {
            return new Config(epochs, lr, edgeSize, edgeReduction, edgeEntropy, featureSize, featureReduction, featureEntropy, featureMask, learnEdgeMask, edge, feature, seed, symmetricEdgeMask);
        }

        /**
         * Ties the two directions of every edge, as the GNNExplainer authors' code does (its mask is symmetrised,
         * (sigmoid(a) + sigmoid(a)^T) / 2): the weight of j -&gt; i and of i -&gt; j is the mean of their two sigmoids, and
         * the returned edge mask is that symmetric weight. PyG (and the default here) learns one weight per directed edge.
         */
        public Config withSymmetricEdgeMask(boolean tie) {
            return new Config(epochs, lr, edgeSize, edgeReduction, edgeEntropy, featureSize, featureReduction, featureEntropy, featureMask, learnEdgeMask, edgeInitMean, featureInitMean, seed, tie);
        }

        public Config withCoefficients(float eSize, Reduction eRed, float eEnt, float fSize, Reduction fRed, float fEnt) {
            return new Config(epochs, lr, eSize, eRed, eEnt, fSize, fRed, fEnt, featureMask, learnEdgeMask, edgeInitMean, featureInitMean, seed, symmetricEdgeMask);
        }
    }

    static final float EPS = 1e-15f;

    private final Module model;
    private final MaskableGnn fn;
    private final Config cfg;
    private final Device device;

    /**
     * @param model the model whose parameters stay fixed (its flags are restored afterwards)
     * @param fn    the model's forward with edge weights, e.g. {@code m::logits}
     */
    public GnnExplainer(Module model, MaskableGnn fn, Config cfg) {
        if (model == null || fn == null || cfg == null) throw new IllegalArgumentException("GnnExplainer: model, forward and config must not be null");
        this.model = model;
        this.fn = fn;
        this.cfg = cfg;
        this.device = deviceOf(model);
    }

    static Device deviceOf(Module model) {
        List<Tensor> p = model.parameters();
        return p.isEmpty() ? Device.CPU : p.get(0).device();
    }

    public Config config() {
        return cfg;
    }

    /** Explains the model's prediction at `node`, on its `hops`-hop computation subgraph. */
    public GraphExplanation explainNode(GraphInstance g, int node, int hops) {
        return explainNode(g, node, hops, -1);
    }

    /** As {@link #explainNode(GraphInstance, int, int)} for class `target` (target &lt; 0: the model's prediction). */
    public GraphExplanation explainNode(GraphInstance g, int node, int hops, int target) {
        ComputationSubgraph sub = ComputationSubgraph.of(g, node, hops);
        int c = target >= 0 ? checkClass(target, g, node) : Predictions.predictedClass(model, fn, g, node, device);
        Masks m = train(sub.graph, sub.center, c);
        float[] feat = m.feature;
        if (feat != null && cfg.featureMask() != FeatureMaskType.COMMON) {          // per node: back to the whole graph
            int w = cfg.featureMask() == FeatureMaskType.PER_NODE ? g.featureDim() : 1;
            float[] full = new float[g.nodes() * w];
            for (int i = 0; i < sub.nodes.length; i++) System.arraycopy(feat, i * w, full, sub.nodes[i] * w, w);
            feat = full;
        }
        return new GraphExplanation(node, c, m.edge == null ? null : sub.toFullEdges(m.edge, g.edges()), feat, cfg.featureMask(), sub);
    }

    /** Explains a graph-level prediction (the model returns one row of logits for the whole graph). */
    public GraphExplanation explainGraph(GraphInstance g) {
        return explainGraph(g, -1);
    }

    /** As {@link #explainGraph(GraphInstance)} for class `target` (target &lt; 0: the model's prediction). */
    public GraphExplanation explainGraph(GraphInstance g, int target) {
        int c = target >= 0 ? checkClass(target, g, 0) : Predictions.predictedClass(model, fn, g, 0, device);
        Masks m = train(g, 0, c);
        return new GraphExplanation(-1, c, m.edge, m.feature, cfg.featureMask(), null);
    }

    private int checkClass(int target, GraphInstance g, int row) {
        int classes = Predictions.classes(model, fn, g, device);
        if (target >= classes) throw new IllegalArgumentException("GnnExplainer: class " + target + " is out of range [0, " + classes + ")");
        return target;
    }

    private record Masks(float[] edge, float[] feature) {}

    /** Learns the masks for output row `row`, class c, of the model on g. */
    private Masks train(GraphInstance g, int row, int c) {
        try (ModelGuard freeze = ModelGuard.eval(model); Scope outer = Scope.open()) {
            Tensor x = g.features(device), src = g.srcTensor(device), dst = g.dstTensor(device);
            Tensor rowIdx = Tensor.ofInts(new int[] {row}, Shape.of(1), device), label = Tensor.ofInts(new int[] {c}, Shape.of(1), device);
            int n = g.nodes(), f = g.featureDim(), e = g.edges();
            List<Tensor> params = new ArrayList<>();
            Tensor edgeLogit = null, featLogit = null;
            if (cfg.learnEdgeMask() && e > 0) {
                float std = (float) (Math.sqrt(2.0) * Math.sqrt(2.0 / (2.0 * Math.max(n, 1))));
                edgeLogit = Random.normal(Shape.of(e), device, cfg.edgeInitMean(), std, cfg.seed(), 0).requiresGrad(true);
                params.add(edgeLogit);
            }
            Shape featShape = switch (cfg.featureMask()) {
                case NONE -> null;
                case COMMON -> Shape.of(1, f);
                case PER_NODE -> Shape.of(n, f);
                case NODE -> Shape.of(n, 1);
            };
            if (featShape != null) {
                featLogit = Random.normal(featShape, device, cfg.featureInitMean(), 0.1f, cfg.seed(), 1L << 40).requiresGrad(true);
                params.add(featLogit);
            }
            if (params.isEmpty()) return new Masks(null, null);
            Tensor reverse = edgeLogit != null && cfg.symmetricEdgeMask() ? outer.adopt(Tensor.ofInts(reverseEdges(g), Shape.of(e), device)) : null;
            Tensor hardEdges = null, hardFeatures = null;   // indices of the entries that reach the prediction
            boolean[] edgeReach = null, featureReach = null;
            try (Adam opt = new Adam(params, cfg.lr())) {
                for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
                    try (Scope step = Scope.open()) {
                        opt.zeroGrad();
                        Tensor h = featLogit == null ? x : x.mul(featLogit.sigmoid());
                        Tensor w = edgeLogit == null ? null : edgeWeights(edgeLogit, reverse);
                        Tensor logits = fn.logits(h, src, dst, w);
                        Tensor loss = CrossEntropy.apply(Gather.apply(logits, rowIdx), label, null, 0f);
                        // the first step is the task loss alone; it finds the entries with a non-zero gradient
                        if (hardEdges != null)
                            loss = loss.add(regulariser(Gather.apply(w, hardEdges), cfg.edgeSize(), cfg.edgeReduction(), cfg.edgeEntropy()));
                        if (hardFeatures != null)
                            loss = loss.add(regulariser(Gather.apply(featLogit.sigmoid().reshape(-1), hardFeatures), cfg.featureSize(),
                                    cfg.featureReduction(), cfg.featureEntropy()));
                        loss.backward();
                        if (epoch == 0) {
                            if (edgeLogit != null) {
                                edgeReach = nonZero(edgeLogit.grad());
                                hardEdges = indices(edgeReach, device, outer);
                            }
                            if (featLogit != null) {
                                featureReach = nonZero(featLogit.grad());
                                hardFeatures = indices(featureReach, device, outer);
                            }
                        }
                        opt.step();
                    }
                }
            }
            try (GradMode.Guard ng = GradMode.disable()) {
                return new Masks(edgeLogit == null ? null : masked(edgeWeights(edgeLogit, reverse).toFloatArray(), edgeReach),
                        featLogit == null ? null : masked(featLogit.sigmoid().toFloatArray(), featureReach));
            }
        }
    }

    /** The edge weights the model sees: sigmoid(a), or with tied directions (sigmoid(a) + sigmoid(a)[reverse]) / 2. */
    private static Tensor edgeWeights(Tensor edgeLogit, Tensor reverse) {
        Tensor m = edgeLogit.sigmoid();
        return reverse == null ? m : m.add(Gather.apply(m, reverse)).mul(0.5f);
    }

    /**
     * For each directed edge j -&gt; i the index of an edge i -&gt; j (the first one, when the graph repeats it), or the
     * edge itself when the graph has no reverse edge (a self-loop, or a one-way edge).
     */
    static int[] reverseEdges(GraphInstance g) {
        java.util.Map<Long, Integer> first = new java.util.HashMap<>();
        int[] src = g.src(), dst = g.dst();
        for (int k = 0; k < src.length; k++) first.putIfAbsent(((long) src[k] << 32) | (dst[k] & 0xffffffffL), k);
        int[] rev = new int[src.length];
        for (int k = 0; k < src.length; k++) rev[k] = first.getOrDefault(((long) dst[k] << 32) | (src[k] & 0xffffffffL), k);
        return rev;
    }

    /** Which entries of a gradient are non-zero (all false when the gradient is missing). */
    static boolean[] nonZero(Tensor grad) {
        if (grad == null) return null;
        float[] g = grad.toFloatArray();
        boolean[] r = new boolean[g.length];
        for (int i = 0; i < g.length; i++) r[i] = g[i] != 0f;
        return r;
    }

    /** The indices of the true entries as an int32 tensor owned by `scope` (null when there are none). */
    private static Tensor indices(boolean[] reach, Device device, Scope scope) {
        if (reach == null) return null;
        int[] idx = java.util.stream.IntStream.range(0, reach.length).filter(i -> reach[i]).toArray();
        if (idx.length == 0) return null;
        return scope.adopt(Tensor.ofInts(idx, Shape.of(idx.length), device));
    }

    /** The mask with 0 at the entries that do not reach the prediction (PyG's post-processing with its hard mask). */
    static float[] masked(float[] m, boolean[] reach) {
        if (reach == null) return m;
        for (int i = 0; i < m.length; i++) if (!reach[i]) m[i] = 0f;
        return m;
    }

    /** size * reduce(m) + entropy * mean(H(m)). */
    static Tensor regulariser(Tensor m, float size, Reduction reduction, float entropy) {
        Tensor r = (reduction == Reduction.SUM ? m.sum() : m.mean()).mul(size);
        Tensor oneMinus = m.neg().add(1f);
        Tensor h = m.mul(m.add(EPS).log()).add(oneMinus.mul(oneMinus.add(EPS).log())).neg();
        return r.add(h.mean().mul(entropy));
    }
}
