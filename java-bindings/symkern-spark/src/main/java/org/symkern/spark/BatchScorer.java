package org.symkern.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.symkern.autograd.GradMode;
import org.symkern.explain.Background;
import org.symkern.explain.GradCam;
import org.symkern.explain.KernelShap;
import org.symkern.explain.Output;
import org.symkern.explain.Players;
import org.symkern.explain.metrics.PointingGame;
import org.symkern.models.GraphClassifier;
import org.symkern.models.Models;
import org.symkern.nn.Module;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Scores one mini-batch of examples with a loaded model, independent of Spark (the single-JVM loop of the benchmark
 * and the tests use it too, so the Spark path and the reference run the same code on the same batches).
 *
 * <p>For the valid examples of the batch (length = the product of the model's input shape, every value finite):
 * logits z = model(x) in one forward pass with gradients off, probabilities p = softmax(z), prediction = argmax p
 * (the first maximum). Explanations are of the predicted class: Grad-CAM of all valid examples in one forward and
 * backward pass, or Kernel SHAP per example (its coalitions batched). Everything runs in one {@code Scope} per
 * batch, freed before the results are returned. An invalid example gets only an error message.
 *
 * <p>Graphs: when the config names an edges column the model must be a graph-level {@link GraphClassifier} and the
 * batch is scored by {@link GraphBatchScorer} through {@link #score(List, List, List)} (node features and edge_index
 * per row; GNNExplainer or gradient saliency edge masks; the ROC AUC against edge truth).
 */
public final class BatchScorer {
    /**
     * One example's outputs; error != null means only the error is set. pointingHit: images and signals with a truth
     * region; auc: graphs with edge truth (the ROC AUC of the edge scores).
     */
    public record Result(Integer prediction, float[] probabilities, float[] explanation, Boolean pointingHit, Double auc, String error) {
        static Result failed(String message) {
            return new Result(null, null, null, null, null, message);
        }
    }

    private final Module model;
    private final ScoringConfig cfg;
    private final long[] shape;
    private final long numel;
    private final GraphBatchScorer graphs;

    /**
     * Scores with `loaded`'s model: image and signal models from the input column alone, graph models
     * ({@link GraphClassifier}) only with an edges column in the config.
     */
    public BatchScorer(Models.Loaded loaded, ScoringConfig cfg) {
        if (loaded.model() instanceof GraphClassifier && !cfg.graphs())
            throw new IllegalArgumentException(cfg.modelPath() + ": graph models (" + loaded.spec().kind()
                    + ") need the edges column too (ScoringConfig.withEdgesCol, SymkernScorer.setEdgesCol): edge_index (2, E) flattened");
        this.graphs = cfg.graphs() ? new GraphBatchScorer(loaded, cfg) : null;
        this.model = loaded.model();
        this.cfg = cfg;
        this.shape = loaded.inputShape().clone();
        long n = 1;
        for (long d : shape) n *= d;
        this.numel = n;
    }

    /** The outputs of `inputs` (null entries and malformed ones become errors); truths may hold null entries. */
    public Result[] score(List<float[]> inputs, List<boolean[]> truths) {
        if (graphs != null)
            throw new IllegalStateException("graph rows need their edges: call score(inputs, edgeIndex, truths)");
        Result[] out = new Result[inputs.size()];
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String why = check(inputs.get(i));
            if (why != null) out[i] = Result.failed(why);
            else valid.add(i);
        }
        if (valid.isEmpty()) return out;
        int b = valid.size();
        float[] flat = new float[(int) (b * numel)];
        for (int j = 0; j < b; j++) System.arraycopy(inputs.get(valid.get(j)), 0, flat, (int) (j * numel), (int) numel);
        long[] dims = new long[shape.length + 1];
        dims[0] = b;
        System.arraycopy(shape, 0, dims, 1, shape.length);
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(flat, Shape.of(dims), ModelPool.device());
            float[] probs;
            try (GradMode.Guard g = GradMode.disable()) {
                probs = model.forward(x).softmax().toFloatArray();
            }
            int k = probs.length / b;
            int[] pred = new int[b];
            for (int j = 0; j < b; j++) {
                int best = 0;
                for (int c = 1; c < k; c++) if (probs[j * k + c] > probs[j * k + best]) best = c;
                pred[j] = best;
            }
            float[][] maps = explain(x, pred);
            for (int j = 0; j < b; j++) {
                int i = valid.get(j);
                float[] map = maps == null ? null : maps[j];
                Boolean hit = null;
                boolean[] truth = truths == null ? null : truths.get(i);
                if (map != null && cfg.truthCol() != null) hit = truth == null ? null : pointing(map, truth);
                out[i] = new Result(pred[j], Arrays.copyOfRange(probs, j * k, (j + 1) * k), map, hit, null, null);
            }
        }
        return out;
    }

    /**
     * Graph rows ({@link GraphBatchScorer#score}): node features (N x F flattened) and edge_index (2, E flattened) per
     * row; image and signal models ignore the edges ({@link #score(List, List)}).
     */
    public Result[] score(List<float[]> inputs, List<long[]> edgeIndex, List<boolean[]> truths) {
        return graphs != null ? graphs.score(inputs, edgeIndex, truths) : score(inputs, truths);
    }

    /** null when the example can be scored, else why not. */
    private String check(float[] in) {
        if (in == null) return "input column " + cfg.inputCol() + " is null";
        if (in.length != numel)
            return "input column " + cfg.inputCol() + " has " + in.length + " values; the model takes " + numel + " (shape "
                    + Arrays.toString(shape) + ")";
        for (int e = 0; e < in.length; e++)
            if (!Float.isFinite(in[e])) return "input column " + cfg.inputCol() + " value " + e + " is " + in[e];
        return null;
    }

    /** The explanation maps of the predicted classes, one flat array per example (over the spatial positions). */
    private float[][] explain(Tensor x, int[] pred) {
        int b = pred.length;
        switch (cfg.explain()) {
            case ScoringConfig.GRADCAM: {
                float[] cam = new GradCam(model, cfg.layer()).compute(x, pred).cam().toFloatArray();
                int per = cam.length / b;
                float[][] m = new float[b][];
                for (int j = 0; j < b; j++) m[j] = Arrays.copyOfRange(cam, j * per, (j + 1) * per);
                return m;
            }
            case ScoringConfig.KERNELSHAP: {
                Players players = shape.length == 3 ? Players.superpixels(cfg.superpixel()) : Players.windows(cfg.superpixel());
                int[] assignment = players.assign(shape);
                KernelShap shap = new KernelShap().samples(cfg.shapSamples()).batch(cfg.batchSize()).seed(cfg.seed());
                float[][] m = new float[b][];
                for (int j = 0; j < b; j++) {
                    try (Scope s = Scope.open()) {
                        Tensor xj = x.narrow(0, j, 1);   // the row already on the device: no host copy per row
                        float[] full = shap.explain(model, xj, pred[j], Output.PROBABILITY, players, Background.zeros()).map(assignment);
                        m[j] = Arrays.copyOf(full, (int) (numel / shape[0]));   // channel 0: all channels share a player
                    }
                }
                return m;
            }
            default:
                return null;
        }
    }

    private boolean pointing(float[] map, boolean[] truth) {
        long[] spatial = Arrays.copyOfRange(shape, 1, shape.length);
        return PointingGame.hit(map, spatial, truth, 0);
    }
}
