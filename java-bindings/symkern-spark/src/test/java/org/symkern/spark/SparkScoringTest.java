package org.symkern.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symkern.models.Models;
import org.symkern.tensor.Device;

/** Scoring on Spark (local[2]) against the same model run in this JVM. */
class SparkScoringTest {
    static SparkSession spark;
    static Path model;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkFixture.session();
        model = SparkFixture.saveModel(dir);
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    /** id -> row of the scored frame. */
    static Map<Long, Row> byId(Dataset<Row> scored) {
        Map<Long, Row> m = new HashMap<>();
        for (Row r : scored.collectAsList()) assertNull(m.put(r.getLong(0), r), "row " + r.getLong(0) + " came out twice");
        return m;
    }

    /** The reference: the same file loaded in this JVM, every image in one batch. */
    static BatchScorer.Result[] reference(List<float[]> images, ScoringConfig cfg) {
        try (Models.Loaded m = Models.load(model, Device.CPU)) {
            List<boolean[]> none = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) none.add(null);
            return new BatchScorer(m, cfg).score(images, none);
        }
    }

    static float[] floats(Row r, String col) {
        List<Float> v = r.getList(r.fieldIndex(col));
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) out[i] = v.get(i);
        return out;
    }

    @Test
    void scoringEqualsTheSingleJvmResultExactly() {
        List<float[]> images = SparkFixture.images(37, 1);
        ScoringConfig cfg = ScoringConfig.of(model.toString(), "pixels").withBatchSize(5);
        Map<Long, Row> got = byId(SymkernSpark.score(SparkFixture.frame(spark, images, 3), cfg));
        BatchScorer.Result[] want = reference(images, cfg);
        assertEquals(images.size(), got.size());
        for (int i = 0; i < images.size(); i++) {
            Row r = got.get((long) i);
            assertNull(r.get(r.fieldIndex("error")), "row " + i);
            assertEquals(want[i].prediction(), r.getInt(r.fieldIndex("prediction")), "prediction of row " + i);
            assertArrayEquals(want[i].probabilities(), floats(r, "probability"), 0f, "probabilities of row " + i);
        }
    }

    @Test
    void gradCamColumnEqualsTheLibrarysMaps() {
        List<float[]> images = SparkFixture.images(9, 2);
        String layer = GradCamLayer.last(model);
        ScoringConfig cfg = ScoringConfig.of(model.toString(), "pixels").withBatchSize(4).withGradCam(layer);
        Map<Long, Row> got = byId(SymkernSpark.score(SparkFixture.frame(spark, images, 2), cfg));
        BatchScorer.Result[] want = reference(images, cfg);
        for (int i = 0; i < images.size(); i++) {
            float[] map = floats(got.get((long) i), "explanation");
            assertEquals(SparkFixture.SIZE * SparkFixture.SIZE, map.length);
            assertArrayEquals(want[i].explanation(), map, 1e-6f, "Grad-CAM of row " + i);
        }
    }

    @Test
    void kernelShapColumnEqualsTheLibraryAndSumsToTheProbabilityGap() {
        List<float[]> images = SparkFixture.images(2, 3);
        ScoringConfig cfg = ScoringConfig.of(model.toString(), "pixels").withBatchSize(16).withKernelShap(7, 64, 11);
        Map<Long, Row> got = byId(SymkernSpark.score(SparkFixture.frame(spark, images, 2), cfg));
        BatchScorer.Result[] want = reference(images, cfg);
        // efficiency: the values sum to p_c(x) - p_c(zero background), c the predicted class
        BatchScorer.Result zero = reference(List.of(new float[SparkFixture.SIZE * SparkFixture.SIZE]), ScoringConfig.of(model.toString(), "pixels"))[0];
        for (int i = 0; i < images.size(); i++) {
            Row r = got.get((long) i);
            float[] phi = floats(r, "explanation");
            assertArrayEquals(want[i].explanation(), phi, 0f, "Kernel SHAP of row " + i);
            int c = r.getInt(r.fieldIndex("prediction"));
            double sum = 0;
            for (float v : phi) sum += v;
            assertEquals(floats(r, "probability")[c] - zero.probabilities()[c], sum, 1e-4, "efficiency of row " + i);
        }
    }

    @Test
    void corruptRowsGetAnErrorColumnAndTheOthersAreScored() {
        List<float[]> images = new ArrayList<>(SparkFixture.images(6, 4));
        images.set(1, new float[] {1f, 2f});
        float[] nan = images.get(3).clone();
        nan[5] = Float.NaN;
        images.set(3, nan);
        images.set(4, null);
        Map<Long, Row> got = byId(SymkernSpark.score(SparkFixture.frame(spark, images, 2), ScoringConfig.of(model.toString(), "pixels")));
        assertEquals(6, got.size());
        assertTrue(got.get(1L).getString(got.get(1L).fieldIndex("error")).contains("has 2 values; the model takes 784"));
        assertTrue(got.get(3L).getString(got.get(3L).fieldIndex("error")).contains("value 5 is NaN"));
        assertTrue(got.get(4L).getString(got.get(4L).fieldIndex("error")).contains("is null"));
        for (long ok : new long[] {0, 2, 5}) {
            Row r = got.get(ok);
            assertNull(r.get(r.fieldIndex("error")));
            assertNotNull(r.get(r.fieldIndex("prediction")));
        }
        assertNull(got.get(1L).get(got.get(1L).fieldIndex("prediction")));
    }

    @Test
    void aFailedTaskIsRetriedWithoutWrongOrDuplicatedRows() {
        List<float[]> images = SparkFixture.images(20, 5);
        ScoringConfig cfg = ScoringConfig.of(model.toString(), "pixels").withBatchSize(3);
        Dataset<Row> in = SparkFixture.frame(spark, images, 2);
        // the first attempt of partition 1 dies after its scorer started reading rows
        Dataset<Row> flaky = in.map((MapFunction<Row, Row>) r -> {
            TaskContext t = TaskContext.get();
            if (t.partitionId() == 1 && t.attemptNumber() == 0 && r.getLong(0) % 2 == 0)
                throw new IllegalStateException("injected failure of the first attempt");
            return RowFactory.create(r.get(0), r.get(1));
        }, Encoders.row(in.schema()));
        Map<Long, Row> got = byId(SymkernSpark.score(flaky, cfg));
        BatchScorer.Result[] want = reference(images, cfg);
        assertEquals(images.size(), got.size());
        for (int i = 0; i < images.size(); i++)
            assertArrayEquals(want[i].probabilities(), floats(got.get((long) i), "probability"), 0f, "row " + i);
    }

    @Test
    void theTransformerScoresLikeTheDatasetApiAndChecksItsParams() {
        List<float[]> images = SparkFixture.images(8, 6);
        SymkernScorer scorer = new SymkernScorer().setModelPath(model.toString()).setInputCol("pixels").setBatchSize(4);
        Dataset<Row> frame = SparkFixture.frame(spark, images, 2);
        assertEquals(SymkernSpark.outputSchema(frame.schema(), scorer.config()), scorer.transformSchema(frame.schema()));
        Map<Long, Row> a = byId(scorer.transform(frame)), b = byId(SymkernSpark.score(frame, scorer.config()));
        for (long i = 0; i < images.size(); i++)
            assertArrayEquals(floats(b.get(i), "probability"), floats(a.get(i), "probability"), 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SymkernScorer().setInputCol("pixels").config());
        assertEquals("SymkernScorer: modelPath is not set", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> scorer.copy(new org.apache.spark.ml.param.ParamMap())
                .setInputCol("nope").transformSchema(frame.schema()));
        assertTrue(e.getMessage().startsWith("input column nope is not in the schema"), e.getMessage());
    }

    @Test
    void eachTaskThreadLoadsTheModelOnceNotPerBatch() {
        List<float[]> images = SparkFixture.images(30, 7);
        ScoringConfig cfg = ScoringConfig.of(model.toString(), "pixels").withBatchSize(2);
        SymkernSpark.score(SparkFixture.frame(spark, images, 2), cfg).count();
        int before = ModelPool.loads();
        SymkernSpark.score(SparkFixture.frame(spark, images, 4), cfg).collectAsList();
        assertEquals(before, ModelPool.loads(), "a second job on the same executor reuses the pooled models");
    }
}
