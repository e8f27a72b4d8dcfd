package org.symkern.explain;

import java.util.ArrayList;
import java.util.List;

import org.symkern.autograd.GradMode;
import org.symkern.data.GraphBatch;
import org.symkern.data.TuDataset;
import org.symkern.models.GraphClassifier;
import org.symkern.nn.Module;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Kernel SHAP on graphs with nodes as players ({@link CoalitionGame} for {@link KernelShap#explain(CoalitionGame)}):
 * v(S) = f_c at output row `row` of the model on the graph whose node v keeps its features x_v when v is in S and
 * gets the background features b_v otherwise (zeros by default; edges are kept), with f = the logit or the softmax
 * probability of class c ({@link Output}). This is {@link GraphNodePlayers} over the node-feature matrix.
 *
 * <p><b>Batched.</b> A chunk of K coalitions is evaluated in one forward pass over the block-diagonal graph of K
 * masked copies (node v of copy k is k N + v, edges shifted alike), which for a message-passing network is exactly K
 * separate passes: output row k N + row is copy k's value. So row is a node of a node-level model; for a graph-level
 * model use {@code row = -1}: when the model is a {@link GraphClassifier} the K masked copies go through
 * {@link GraphClassifier#logits(GraphBatch)} as one batch of K graphs (one row of logits per copy, the same values as
 * K single-graph calls: the model's per-graph sums do not depend on what else is in the batch); any other graph-level
 * forward is called once per coalition.
 */
public final class GraphNodeGame implements CoalitionGame {
    private final Module model;
    private final MaskableGnn fn;
    private final GraphInstance g;
    private final int row, cls;
    private final Output output;
    private final float[] background;
    private final Device device;

    /** background: (nodes x featureDim) replacement features, or null for zeros. */
    public GraphNodeGame(Module model, MaskableGnn fn, GraphInstance g, int row, int cls, Output output, float[] background) {
        if (model == null || fn == null || g == null || output == null) throw new IllegalArgumentException("GraphNodeGame: model, forward, graph and output must not be null");
        if (row < -1 || row >= g.nodes()) throw new IllegalArgumentException("GraphNodeGame: row " + row + " is not a node of the graph (or -1 for graph level)");
        if (background != null && background.length != g.x().length)
            throw new IllegalArgumentException("GraphNodeGame: background has " + background.length + " values, the features " + g.x().length);
        this.model = model;
        this.fn = fn;
        this.g = g;
        this.row = row;
        this.cls = cls;
        this.output = output;
        this.background = background == null ? new float[g.x().length] : background.clone();
        this.device = GnnExplainer.deviceOf(model);
        int classes = Predictions.classes(model, fn, g, device);
        if (cls < 0 || cls >= classes) throw new IllegalArgumentException("GraphNodeGame: class " + cls + " is out of range [0, " + classes + ")");
    }

    @Override
    public int players() {
        return g.nodes();
    }

    @Override
    public double[] values(boolean[][] coalitions) {
        double[] out = new double[coalitions.length];
        if (row < 0) {
            if (model instanceof GraphClassifier gc && coalitions.length > 0) return evaluateGraphs(gc, coalitions);
            for (int i = 0; i < coalitions.length; i++) out[i] = evaluate(new boolean[][] {coalitions[i]})[0];
            return out;
        }
        return evaluate(coalitions);
    }

    /** Graph level, batched: the K masked copies as one {@link GraphBatch} of K graphs, one forward pass. */
    private double[] evaluateGraphs(GraphClassifier gc, boolean[][] cs) {
        int k = cs.length, n = g.nodes(), f = g.featureDim();
        List<TuDataset.Graph> copies = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            if (cs[c].length != n) throw new IllegalArgumentException("coalition " + c + " has " + cs[c].length + " entries for " + n + " players");
            float[] x = new float[n * f];
            for (int v = 0; v < n; v++) System.arraycopy(cs[c][v] ? g.x() : background, v * f, x, v * f, f);
            copies.add(TuDataset.Graph.fromEdges(n, g.src(), g.dst(), x, f, 0));
        }
        int[] idx = new int[k];
        for (int c = 0; c < k; c++) idx[c] = c;
        double[] out = new double[k];
        try (ModelGuard mf = ModelGuard.eval(model); Scope s = Scope.open(); GradMode.Guard off = GradMode.disable()) {
            Tensor logits = gc.logits(GraphBatch.of(TuDataset.of("coalitions", copies, f, 1), idx, 0, k, device));
            if (output == Output.PROBABILITY) logits = logits.softmax();
            float[] l = logits.toFloatArray();
            int classes = (int) logits.dim(1);
            for (int c = 0; c < k; c++) out[c] = l[c * classes + cls];
        }
        return out;
    }

    private double[] evaluate(boolean[][] cs) {
        int k = cs.length, n = g.nodes(), f = g.featureDim(), e = g.edges();
        float[] x = new float[k * n * f];
        int[] src = new int[k * e], dst = new int[k * e];
        for (int c = 0; c < k; c++) {
            if (cs[c].length != n) throw new IllegalArgumentException("coalition " + c + " has " + cs[c].length + " entries for " + n + " players");
            for (int v = 0; v < n; v++) System.arraycopy(cs[c][v] ? g.x() : background, v * f, x, (c * n + v) * f, f);
            for (int j = 0; j < e; j++) {
                src[c * e + j] = g.src()[j] + c * n;
                dst[c * e + j] = g.dst()[j] + c * n;
            }
        }
        double[] out = new double[k];
        try (ModelGuard mf = ModelGuard.eval(model); Scope s = Scope.open(); GradMode.Guard off = GradMode.disable()) {
            Tensor logits = fn.logits(Tensor.of(x, Shape.of((long) k * n, f), device), Tensor.ofInts(src, Shape.of(src.length), device),
                    Tensor.ofInts(dst, Shape.of(dst.length), device), null);
            if (output == Output.PROBABILITY) logits = logits.softmax();
            float[] l = logits.toFloatArray();
            int classes = (int) logits.dim(1);
            for (int c = 0; c < k; c++) out[c] = l[(row < 0 ? c : c * n + row) * classes + cls];
        }
        return out;
    }
}
