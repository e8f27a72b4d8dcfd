package org.symkern.spark;

import java.io.Serializable;
import java.util.Locale;

/**
 * What {@link PartitionScorer} does with each row: the saved model to load (a safetensors file written by
 * {@code Models.save} / {@code symkern train --save}, readable at the same path on every executor), the input column
 * (array&lt;float&gt;, one example of the model's input shape flattened row-major), the batch size of the forward passes,
 * the native threads each Spark task may use, an optional explanation and the names of the appended columns.
 *
 * <p>Explanations: {@code none}; {@code gradcam} (Grad-CAM of the predicted class at the module named by
 * {@link #layer}, upsampled to the input); {@code kernelshap} (Kernel SHAP of the predicted class's probability over
 * square superpixels of {@link #superpixel} pixels, or windows of that many samples for signals, zero background,
 * {@link #shapSamples} coalitions, seed {@link #seed}). With a {@link #truthCol} (array&lt;boolean&gt; or
 * array&lt;float&gt; &gt; 0.5 over the input's spatial positions) each explained row also gets its pointing-game hit.
 */
public record ScoringConfig(String modelPath, String inputCol, int batchSize, int threadsPerTask, String explain, String layer,
                            int superpixel, int shapSamples, long seed, String truthCol, String predictionCol,
                            String probabilityCol, String explanationCol, String pointingCol, String errorCol) implements Serializable {

    /** Known explanation methods. */
    public static final String NONE = "none", GRADCAM = "gradcam", KERNELSHAP = "kernelshap";

    public ScoringConfig {
        if (modelPath == null || modelPath.isBlank()) throw new IllegalArgumentException("ScoringConfig: modelPath is not set");
        if (inputCol == null || inputCol.isBlank()) throw new IllegalArgumentException("ScoringConfig: inputCol is not set");
        if (batchSize < 1) throw new IllegalArgumentException("ScoringConfig: batchSize " + batchSize + " must be >= 1");
        if (threadsPerTask < 1) throw new IllegalArgumentException("ScoringConfig: threadsPerTask " + threadsPerTask + " must be >= 1");
        explain = explain == null ? NONE : explain.toLowerCase(Locale.ROOT);
        if (!explain.equals(NONE) && !explain.equals(GRADCAM) && !explain.equals(KERNELSHAP))
            throw new IllegalArgumentException("ScoringConfig: explain '" + explain + "' is not one of none, gradcam, kernelshap");
        if (explain.equals(GRADCAM) && (layer == null || layer.isBlank()))
            throw new IllegalArgumentException("ScoringConfig: explain gradcam needs the layer (a module name of the model)");
        if (superpixel < 1) throw new IllegalArgumentException("ScoringConfig: superpixel " + superpixel + " must be >= 1");
        if (shapSamples < 1) throw new IllegalArgumentException("ScoringConfig: shapSamples " + shapSamples + " must be >= 1");
    }

    /** Scoring only: batch 64, one native thread per task, columns prediction / probability / error. */
    public static ScoringConfig of(String modelPath, String inputCol) {
        return new ScoringConfig(modelPath, inputCol, 64, 1, NONE, null, 4, 256, 0L, null, "prediction", "probability",
                "explanation", "pointing_hit", "error");
    }

    public ScoringConfig withBatchSize(int b) {
        return new ScoringConfig(modelPath, inputCol, b, threadsPerTask, explain, layer, superpixel, shapSamples, seed, truthCol,
                predictionCol, probabilityCol, explanationCol, pointingCol, errorCol);
    }

    public ScoringConfig withThreadsPerTask(int t) {
        return new ScoringConfig(modelPath, inputCol, batchSize, t, explain, layer, superpixel, shapSamples, seed, truthCol,
                predictionCol, probabilityCol, explanationCol, pointingCol, errorCol);
    }

    /** Grad-CAM at module `layerName`. */
    public ScoringConfig withGradCam(String layerName) {
        return new ScoringConfig(modelPath, inputCol, batchSize, threadsPerTask, GRADCAM, layerName, superpixel, shapSamples, seed,
                truthCol, predictionCol, probabilityCol, explanationCol, pointingCol, errorCol);
    }

    /** Kernel SHAP over superpixels (or signal windows) of `size`, `samples` coalitions, seeded. */
    public ScoringConfig withKernelShap(int size, int samples, long s) {
        return new ScoringConfig(modelPath, inputCol, batchSize, threadsPerTask, KERNELSHAP, layer, size, samples, s, truthCol,
                predictionCol, probabilityCol, explanationCol, pointingCol, errorCol);
    }

    /** Ground-truth region column for the pointing game. */
    public ScoringConfig withTruthCol(String col) {
        return new ScoringConfig(modelPath, inputCol, batchSize, threadsPerTask, explain, layer, superpixel, shapSamples, seed, col,
                predictionCol, probabilityCol, explanationCol, pointingCol, errorCol);
    }

    /** true when an explanation column is produced. */
    public boolean explains() {
        return !explain.equals(NONE);
    }
}
