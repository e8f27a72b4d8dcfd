package org.symkern.spark;

import java.io.Serializable;
import java.util.Locale;

/**
 * What {@link PartitionScorer} does with each row: the saved model to load (a safetensors file written by
 * {@code Models.save} / {@code symkern train --save}, readable at the same path on every executor), the input column
 * (array&lt;float&gt;, one example of the model's input shape flattened row-major), the batch size of the forward passes,
 * the native threads each Spark task may use, an optional explanation and the names of the appended columns.
 *
 * <p>Explanations of images and signals: {@code none}; {@code gradcam} (Grad-CAM of the predicted class at the module
 * named by {@link #layer}, upsampled to the input); {@code kernelshap} (Kernel SHAP of the predicted class's probability
 * over square superpixels of {@link #superpixel} pixels, or windows of that many samples for signals, zero background,
 * {@link #shapSamples} coalitions, seed {@link #seed}). With a {@link #truthCol} (array&lt;boolean&gt; or
 * array&lt;float&gt; &gt; 0.5 over the input's spatial positions) each explained row also gets its pointing-game hit.
 *
 * <p><b>Graphs</b> ({@link #edgesCol} set, a graph-level {@code GraphClassifier} model): the input column holds the node
 * features X (N x F, row-major, F the model's saved input shape) and the edges column the directed edges in PyG's
 * {@code edge_index} layout, (2, E) flattened row-major: E sources then E destinations, edge e = src[e] -&gt; dst[e].
 * Explanations: {@code gnnexplainer} (GNNExplainer's soft edge mask M = sigmoid(a) of the predicted class, trained
 * {@link #epochs} Adam steps from seed {@link #seed}, the library's defaults otherwise) or {@code saliency} (|dL/dw_e|
 * at w = 1); the explanation column holds one value per edge, in the row's edge order. With a {@link #truthCol}
 * (array&lt;boolean&gt; over the edges, e.g. motif edges) each explained row also gets the ROC AUC of its edge scores
 * against that truth in {@link #aucCol}.
 */
public record ScoringConfig(String modelPath, String inputCol, int batchSize, int threadsPerTask, String explain, String layer,
                            int superpixel, int shapSamples, long seed, String truthCol, String edgesCol, int epochs,
                            String predictionCol, String probabilityCol, String explanationCol, String pointingCol, String aucCol,
                            String errorCol) implements Serializable {

    /** Known explanation methods: images / signals (gradcam, kernelshap) and graphs (gnnexplainer, saliency). */
    public static final String NONE = "none", GRADCAM = "gradcam", KERNELSHAP = "kernelshap", GNNEXPLAINER = "gnnexplainer",
            SALIENCY = "saliency";

    public ScoringConfig {
        if (modelPath == null || modelPath.isBlank()) throw new IllegalArgumentException("ScoringConfig: modelPath is not set");
        if (inputCol == null || inputCol.isBlank()) throw new IllegalArgumentException("ScoringConfig: inputCol is not set");
        if (batchSize < 1) throw new IllegalArgumentException("ScoringConfig: batchSize " + batchSize + " must be >= 1");
        if (threadsPerTask < 1) throw new IllegalArgumentException("ScoringConfig: threadsPerTask " + threadsPerTask + " must be >= 1");
        explain = explain == null ? NONE : explain.toLowerCase(Locale.ROOT);
        if (!explain.equals(NONE) && !explain.equals(GRADCAM) && !explain.equals(KERNELSHAP) && !explain.equals(GNNEXPLAINER)
                && !explain.equals(SALIENCY))
            throw new IllegalArgumentException("ScoringConfig: explain '" + explain
                    + "' is not one of none, gradcam, kernelshap (images, signals), gnnexplainer, saliency (graphs)");
        if (explain.equals(GRADCAM) && (layer == null || layer.isBlank()))
            throw new IllegalArgumentException("ScoringConfig: explain gradcam needs the layer (a module name of the model)");
        if (superpixel < 1) throw new IllegalArgumentException("ScoringConfig: superpixel " + superpixel + " must be >= 1");
        if (shapSamples < 1) throw new IllegalArgumentException("ScoringConfig: shapSamples " + shapSamples + " must be >= 1");
        if (epochs < 0) throw new IllegalArgumentException("ScoringConfig: epochs " + epochs + " must be >= 0");
        if (edgesCol != null && edgesCol.isBlank()) edgesCol = null;
        boolean graphMethod = explain.equals(GNNEXPLAINER) || explain.equals(SALIENCY);
        if (edgesCol == null && graphMethod)
            throw new IllegalArgumentException("ScoringConfig: explain " + explain + " explains graphs and needs the edges column (withEdgesCol)");
        if (edgesCol != null && (explain.equals(GRADCAM) || explain.equals(KERNELSHAP)))
            throw new IllegalArgumentException("ScoringConfig: explain " + explain + " explains images and signals, not graphs (edges column "
                    + edgesCol + "); use gnnexplainer or saliency");
    }

    /** Scoring only: batch 64, one native thread per task, columns prediction / probability / error. */
    public static ScoringConfig of(String modelPath, String inputCol) {
        return new ScoringConfig(modelPath, inputCol, 64, 1, NONE, null, 4, 256, 0L, null, null, 100, "prediction", "probability",
                "explanation", "pointing_hit", "explanation_auc", "error");
    }

    public ScoringConfig withBatchSize(int b) {
        return new ScoringConfig(modelPath, inputCol, b, threadsPerTask, explain, layer, superpixel, shapSamples, seed, truthCol,
                edgesCol, epochs, predictionCol, probabilityCol, explanationCol, pointingCol, aucCol, errorCol);
    }

    public ScoringConfig withThreadsPerTask(int t) {
        return new ScoringConfig(modelPath, inputCol, batchSize, t, explain, layer, superpixel, shapSamples, seed, truthCol,
                edgesCol, epochs, predictionCol, probabilityCol, explanationCol, pointingCol, aucCol, errorCol);
    }

    /** Grad-CAM at module `layerName`. */
    public ScoringConfig withGradCam(String layerName) {
        return new ScoringConfig(modelPath, inputCol, batchSize, threadsPerTask, GRADCAM, layerName, superpixel, shapSamples, seed,
                truthCol, edgesCol, epochs, predictionCol, probabilityCol, explanationCol, pointingCol, aucCol, errorCol);
    }

    /** Kernel SHAP over superpixels (or signal windows) of `size`, `samples` coalitions, seeded. */
    public ScoringConfig withKernelShap(int size, int samples, long s) {
        return new ScoringConfig(modelPath, inputCol, batchSize, threadsPerTask, KERNELSHAP, layer, size, samples, s, truthCol,
                edgesCol, epochs, predictionCol, probabilityCol, explanationCol, pointingCol, aucCol, errorCol);
    }

    /** Ground-truth column: a region for the pointing game (images, signals) or edge labels for the ROC AUC (graphs). */
    public ScoringConfig withTruthCol(String col) {
        return new ScoringConfig(modelPath, inputCol, batchSize, threadsPerTask, explain, layer, superpixel, shapSamples, seed, col,
                edgesCol, epochs, predictionCol, probabilityCol, explanationCol, pointingCol, aucCol, errorCol);
    }

    /**
     * Graph rows: `col` holds each row's edge_index (2, E) flattened row-major (array&lt;int&gt; or array&lt;bigint&gt;:
     * sources e = 0..E-1, then destinations), and the input column the node features (N x F).
     */
    public ScoringConfig withEdgesCol(String col) {
        return new ScoringConfig(modelPath, inputCol, batchSize, threadsPerTask, explain, layer, superpixel, shapSamples, seed, truthCol,
                col, epochs, predictionCol, probabilityCol, explanationCol, pointingCol, aucCol, errorCol);
    }

    /** GNNExplainer edge masks of the predicted class: `steps` Adam epochs, mask logits drawn from seed `s`. */
    public ScoringConfig withGnnExplainer(int steps, long s) {
        return new ScoringConfig(modelPath, inputCol, batchSize, threadsPerTask, GNNEXPLAINER, layer, superpixel, shapSamples, s, truthCol,
                edgesCol, steps, predictionCol, probabilityCol, explanationCol, pointingCol, aucCol, errorCol);
    }

    /** Edge gradient saliency |dL/dw_e| at w = 1 of the predicted class (one forward and backward pass per graph). */
    public ScoringConfig withSaliency() {
        return new ScoringConfig(modelPath, inputCol, batchSize, threadsPerTask, SALIENCY, layer, superpixel, shapSamples, seed, truthCol,
                edgesCol, epochs, predictionCol, probabilityCol, explanationCol, pointingCol, aucCol, errorCol);
    }

    /** true when an explanation column is produced. */
    public boolean explains() {
        return !explain.equals(NONE);
    }

    /** true when the rows are graphs (an edges column is named). */
    public boolean graphs() {
        return edgesCol != null;
    }

    /** The name of the per-row explanation metric column (pointing hit or edge-mask AUC), or null when there is none. */
    public String metricCol() {
        if (!explains() || truthCol == null) return null;
        return graphs() ? aucCol : pointingCol;
    }
}
