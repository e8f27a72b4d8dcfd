package org.symkern.spark;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link Transformer} that scores (and optionally explains) a column of examples with a saved symkern
 * model, so it drops into a {@code Pipeline}:
 * <pre>{@code
 * Dataset<Row> scored = new SymkernScorer().setModelPath("/models/salf.safetensors").setInputCol("pixels")
 *         .setExplain("gradcam").setLayer("encoder.body.5").transform(images);
 * }</pre>
 * Graphs: {@code setEdgesCol("edge_index")} (edge_index (2, E) flattened; the input column then holds the node
 * features N x F) with {@code setExplain("gnnexplainer").setEpochs(100).setSeed(0)} for GNNExplainer edge masks and
 * {@code setTruthCol} for their ROC AUC against edge truth ({@link GraphBatchScorer}).
 * Its params mirror {@link ScoringConfig}; transform is {@link SymkernSpark#score} with the config they make.
 */
public final class SymkernScorer extends Transformer {
    private static final long serialVersionUID = 1L;
    private final String uid;

    private final Param<String> modelPath;
    private final Param<String> inputCol;
    private final IntParam batchSize;
    private final IntParam threadsPerTask;
    private final Param<String> explain;
    private final Param<String> layer;
    private final IntParam superpixel;
    private final IntParam shapSamples;
    private final LongParam seed;
    private final Param<String> truthCol;
    private final Param<String> edgesCol;
    private final IntParam epochs;

    public SymkernScorer() {
        this(Identifiable$.MODULE$.randomUID("symkernScorer"));
    }

    public SymkernScorer(String uid) {
        this.uid = uid;   // params take their parent's uid when created: set it first
        this.modelPath = new Param<>(this, "modelPath", "saved model (safetensors written by Models.save)");
        this.inputCol = new Param<>(this, "inputCol", "array<float> column, one example flattened");
        this.batchSize = new IntParam(this, "batchSize", "examples per forward pass");
        this.threadsPerTask = new IntParam(this, "threadsPerTask", "native threads per Spark task");
        this.explain = new Param<>(this, "explain", "none, gradcam, kernelshap (images, signals), gnnexplainer or saliency (graphs)");
        this.layer = new Param<>(this, "layer", "Grad-CAM layer (module name)");
        this.superpixel = new IntParam(this, "superpixel", "Kernel SHAP superpixel / window size");
        this.shapSamples = new IntParam(this, "shapSamples", "Kernel SHAP coalitions");
        this.seed = new LongParam(this, "seed", "Kernel SHAP / GNNExplainer seed");
        this.truthCol = new Param<>(this, "truthCol", "ground truth: region for the pointing game, or edge labels for the edge-mask AUC");
        this.edgesCol = new Param<>(this, "edgesCol", "graphs: array<int> column, edge_index (2, E) flattened row-major");
        this.epochs = new IntParam(this, "epochs", "GNNExplainer optimisation steps");
        ScoringConfig d = ScoringConfig.of("unset", "unset");
        setDefault(batchSize, d.batchSize());
        setDefault(threadsPerTask, d.threadsPerTask());
        setDefault(explain, d.explain());
        setDefault(superpixel, d.superpixel());
        setDefault(shapSamples, d.shapSamples());
        setDefault(seed, d.seed());
        setDefault(epochs, d.epochs());
    }

    /** The modelPath param (Spark ML finds params through public no-argument methods). */
    public Param<String> modelPath() {
        return modelPath;
    }

    /** The inputCol param (Spark ML finds params through public no-argument methods). */
    public Param<String> inputCol() {
        return inputCol;
    }

    /** The batchSize param (Spark ML finds params through public no-argument methods). */
    public IntParam batchSize() {
        return batchSize;
    }

    /** The threadsPerTask param (Spark ML finds params through public no-argument methods). */
    public IntParam threadsPerTask() {
        return threadsPerTask;
    }

    /** The explain param (Spark ML finds params through public no-argument methods). */
    public Param<String> explain() {
        return explain;
    }

    /** The layer param (Spark ML finds params through public no-argument methods). */
    public Param<String> layer() {
        return layer;
    }

    /** The superpixel param (Spark ML finds params through public no-argument methods). */
    public IntParam superpixel() {
        return superpixel;
    }

    /** The shapSamples param (Spark ML finds params through public no-argument methods). */
    public IntParam shapSamples() {
        return shapSamples;
    }

    /** The seed param (Spark ML finds params through public no-argument methods). */
    public LongParam seed() {
        return seed;
    }

    /** The truthCol param (Spark ML finds params through public no-argument methods). */
    public Param<String> truthCol() {
        return truthCol;
    }

    /** The edgesCol param (Spark ML finds params through public no-argument methods). */
    public Param<String> edgesCol() {
        return edgesCol;
    }

    /** The epochs param (Spark ML finds params through public no-argument methods). */
    public IntParam epochs() {
        return epochs;
    }

    @Override
    public String uid() {
        return uid;
    }

    public SymkernScorer setModelPath(String v) { set(modelPath, v); return this; }
    public SymkernScorer setInputCol(String v) { set(inputCol, v); return this; }
    public SymkernScorer setBatchSize(int v) { set(batchSize, v); return this; }
    public SymkernScorer setThreadsPerTask(int v) { set(threadsPerTask, v); return this; }
    public SymkernScorer setExplain(String v) { set(explain, v); return this; }
    public SymkernScorer setLayer(String v) { set(layer, v); return this; }
    public SymkernScorer setSuperpixel(int v) { set(superpixel, v); return this; }
    public SymkernScorer setShapSamples(int v) { set(shapSamples, v); return this; }
    public SymkernScorer setSeed(long v) { set(seed, v); return this; }
    public SymkernScorer setTruthCol(String v) { set(truthCol, v); return this; }
    public SymkernScorer setEdgesCol(String v) { set(edgesCol, v); return this; }
    public SymkernScorer setEpochs(int v) { set(epochs, v); return this; }

    /** The scoring settings these params describe. */
    public ScoringConfig config() {
        if (!isDefined(modelPath)) throw new IllegalArgumentException("SymkernScorer: modelPath is not set");
        if (!isDefined(inputCol)) throw new IllegalArgumentException("SymkernScorer: inputCol is not set");
        ScoringConfig d = ScoringConfig.of("unset", "unset");
        return new ScoringConfig($(modelPath), $(inputCol), (Integer) $(batchSize), (Integer) $(threadsPerTask), $(explain),
                isDefined(layer) ? $(layer) : null, (Integer) $(superpixel), (Integer) $(shapSamples), (Long) $(seed),
                isDefined(truthCol) ? $(truthCol) : null, isDefined(edgesCol) ? $(edgesCol) : null, (Integer) $(epochs),
                d.predictionCol(), d.probabilityCol(), d.explanationCol(), d.pointingCol(), d.aucCol(), d.errorCol());
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        return SymkernSpark.score(dataset.toDF(), config());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return SymkernSpark.outputSchema(schema, config());
    }

    @Override
    public SymkernScorer copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
