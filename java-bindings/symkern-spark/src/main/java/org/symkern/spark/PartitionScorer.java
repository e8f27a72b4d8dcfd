package org.symkern.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.symkern.models.Models;

/**
 * Scores the rows of one Spark partition with a saved symkern model: the model is borrowed from the executor's
 * {@link ModelPool} once per partition, rows are read lazily in mini-batches of {@link ScoringConfig#batchSize()}, each
 * batch runs in one {@code Scope} ({@link BatchScorer}), and every input row comes out once, in order, with the
 * prediction, the class probabilities, the optional explanation and pointing-game hit, and an error message
 * (null when the row was scored). A row whose input is missing, of the wrong length or not finite gets only the
 * error; it never fails the task. A task that fails for another reason (an executor lost, a retried attempt) is
 * re-run by Spark from its input: scoring is a pure function of the rows, so the retry gives the same rows again.
 * Graph rows ({@link ScoringConfig#edgesCol()} set) also read the edges column (array of int or bigint) and get the
 * edge-mask ROC AUC instead of the pointing hit ({@link GraphBatchScorer}).
 */
public final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ScoringConfig cfg;
    private final int inputIndex, truthIndex, edgesIndex;

    /** Scores rows of `inputSchema` (which must hold cfg.inputCol(), and cfg.truthCol() and cfg.edgesCol() when set). */
    public PartitionScorer(ScoringConfig cfg, StructType inputSchema) {
        this.cfg = cfg;
        this.inputIndex = SymkernSpark.fieldIndex(inputSchema, cfg.inputCol(), "input");
        this.truthIndex = cfg.truthCol() == null ? -1 : SymkernSpark.fieldIndex(inputSchema, cfg.truthCol(), "truth");
        this.edgesIndex = cfg.edgesCol() == null ? -1 : SymkernSpark.fieldIndex(inputSchema, cfg.edgesCol(), "edges");
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) return rows;
        NativeThreads.set(cfg.threadsPerTask());
        Models.Loaded model = ModelPool.borrow(cfg.modelPath());
        BatchScorer scorer = new BatchScorer(model, cfg);
        return new Iterator<>() {
            private final List<Row> ready = new ArrayList<>();
            private int next;
            private boolean released;

            @Override
            public boolean hasNext() {
                if (next < ready.size()) return true;
                if (!rows.hasNext()) {
                    if (!released) {
                        released = true;
                        ModelPool.release(cfg.modelPath(), model);
                    }
                    return false;
                }
                ready.clear();
                next = 0;
                List<Row> batch = new ArrayList<>(cfg.batchSize());
                while (batch.size() < cfg.batchSize() && rows.hasNext()) batch.add(rows.next());
                List<float[]> inputs = new ArrayList<>(batch.size());
                List<boolean[]> truths = new ArrayList<>(batch.size());
                List<long[]> edges = new ArrayList<>(batch.size());
                for (Row r : batch) {
                    inputs.add(SymkernSpark.floats(r, inputIndex));
                    truths.add(truthIndex < 0 ? null : SymkernSpark.mask(r, truthIndex));
                    edges.add(edgesIndex < 0 ? null : SymkernSpark.longs(r, edgesIndex));
                }
                BatchScorer.Result[] out = edgesIndex < 0 ? scorer.score(inputs, truths) : scorer.score(inputs, edges, truths);
                for (int i = 0; i < batch.size(); i++) ready.add(append(batch.get(i), out[i]));
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                return ready.get(next++);
            }
        };
    }

    private Row append(Row in, BatchScorer.Result r) {
        int n = in.length(), extra = 3 + (cfg.explains() ? 1 : 0) + (cfg.metricCol() != null ? 1 : 0);
        Object[] v = new Object[n + extra];
        for (int i = 0; i < n; i++) v[i] = in.get(i);
        int k = n;
        v[k++] = r.prediction();
        v[k++] = r.probabilities();
        if (cfg.explains()) v[k++] = r.explanation();
        if (cfg.metricCol() != null) v[k++] = cfg.graphs() ? r.auc() : r.pointingHit();
        v[k] = r.error();
        return RowFactory.create(v);
    }
}
