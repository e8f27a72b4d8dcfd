package org.symkern.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symkern.autograd.GradMode;
import org.symkern.data.GraphBatch;
import org.symkern.data.TuDataset;
import org.symkern.explain.EdgeGradientSaliency;
import org.symkern.explain.GnnExplainer;
import org.symkern.explain.GraphInstance;
import org.symkern.explain.metrics.ExplanationAuc;
import org.symkern.models.GraphClassifier;
import org.symkern.models.Models;
import org.symkern.spark.GraphFixture.GraphRow;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/** Scoring and explaining graph rows on Spark (local[2]) against the same graph model run in this JVM. */
class SparkGraphScoringTest {
    static SparkSession spark;
    static Path gcn, salf;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkFixture.session();
        gcn = GraphFixture.saveModel(dir, "gcn", 3);
        salf = GraphFixture.saveModel(dir, "salf-gnn", 4);
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    static ScoringConfig config(Path model) {
        return ScoringConfig.of(model.toString(), "x").withEdgesCol("edge_index");
    }

    /** The reference: the same file loaded in this JVM, every graph in one batch. */
    static BatchScorer.Result[] reference(Path model, List<GraphRow> graphs, ScoringConfig cfg) {
        List<float[]> x = new ArrayList<>();
        List<long[]> edges = new ArrayList<>();
        List<boolean[]> truth = new ArrayList<>();
        for (GraphRow g : graphs) {
            x.add(g.x());
            edges.add(g.edgeIndex() == null ? null : g.longs());
            truth.add(g.motif());
        }
        try (Models.Loaded m = Models.load(model, Device.CPU)) {
            return new BatchScorer(m, cfg).score(x, edges, truth);
        }
    }

    static float[] probabilities(Path model, GraphRow g, boolean viaGraphLogits) {
        try (Models.Loaded m = Models.load(model, Device.CPU); Scope s = Scope.open(); GradMode.Guard ng = GradMode.disable()) {
            GraphClassifier gc = (GraphClassifier) m.model();
            GraphInstance gi = g.instance();
            if (viaGraphLogits)
                return gc.graphLogits(gi.features(Device.CPU), gi.srcTensor(Device.CPU), gi.dstTensor(Device.CPU), null).softmax().toFloatArray();
            TuDataset one = TuDataset.of("one", List.of(TuDataset.Graph.fromEdges(gi.nodes(), gi.src(), gi.dst(), gi.x(), GraphFixture.F, 0)),
                    GraphFixture.F, 1);
            return gc.logits(GraphBatch.of(one, new int[] {0}, 0, 1, Device.CPU)).softmax().toFloatArray();
        }
    }

    @Test
    void graphScoringEqualsTheSingleJvmAndTheDirectModelExactly() {
        List<GraphRow> graphs = GraphFixture.graphs(13, 1);
        for (Path model : List.of(gcn, salf)) {
            ScoringConfig cfg = config(model).withBatchSize(4);
            Map<Long, Row> got = SparkScoringTest.byId(SymkernSpark.score(GraphFixture.frame(spark, graphs, 3), cfg));
            BatchScorer.Result[] want = reference(model, graphs, cfg);
            assertEquals(graphs.size(), got.size());
            for (int i = 0; i < graphs.size(); i++) {
                Row r = got.get((long) i);
                String what = model.getFileName() + " row " + i;
                assertNull(r.get(r.fieldIndex("error")), what);
                float[] p = SparkScoringTest.floats(r, "probability");
                assertEquals(want[i].prediction(), r.getInt(r.fieldIndex("prediction")), what);
                assertArrayEquals(want[i].probabilities(), p, 0f, what + ": Spark batches of 4 vs one batch of 13");
                assertArrayEquals(probabilities(model, graphs.get(i), false), p, 0f, what + ": model.logits of the graph alone");
                assertArrayEquals(probabilities(model, graphs.get(i), true), p, 0f, what + ": model.graphLogits in the row's edge order");
            }
        }
        // PyG's edge_index is int64: an array<bigint> edges column scores the same
        Dataset<Row> wide = GraphFixture.frame(spark, graphs, 2).withColumn("edge_index",
                org.apache.spark.sql.functions.col("edge_index").cast("array<bigint>"));
        Map<Long, Row> got = SparkScoringTest.byId(SymkernSpark.score(wide, config(gcn)));
        BatchScorer.Result[] want = reference(gcn, graphs, config(gcn));
        for (int i = 0; i < graphs.size(); i++)
            assertArrayEquals(want[i].probabilities(), SparkScoringTest.floats(got.get((long) i), "probability"), 0f, "bigint edges, row " + i);
    }

    @Test
    void gnnExplainerColumnEqualsTheLibrarysMasksAndItsAucColumnTheLibrarysAuc() {
        List<GraphRow> graphs = new ArrayList<>(GraphFixture.graphs(6, 2));
        GraphRow noTruth = graphs.get(3);
        graphs.set(3, new GraphRow(noTruth.x(), noTruth.edgeIndex(), null));
        ScoringConfig cfg = config(gcn).withBatchSize(4).withGnnExplainer(15, 9).withTruthCol("motif");
        Map<Long, Row> got = SparkScoringTest.byId(SymkernSpark.score(GraphFixture.frame(spark, graphs, 2), cfg));
        GnnExplainer.Config ec = GnnExplainer.Config.defaults().withEpochs(15).withSeed(9);
        try (Models.Loaded m = Models.load(gcn, Device.CPU)) {
            GraphClassifier gc = (GraphClassifier) m.model();
            int withAuc = 0;
            for (int i = 0; i < graphs.size(); i++) {
                Row r = got.get((long) i);
                GraphRow g = graphs.get(i);
                int c = r.getInt(r.fieldIndex("prediction"));
                float[] mask = SparkScoringTest.floats(r, "explanation");
                float[] want = new GnnExplainer(gc, gc::graphLogits, ec).explainGraph(g.instance(), c).edgeMask();
                assertEquals(g.edgeIndex().length / 2, mask.length, "one mask value per edge of row " + i);
                assertArrayEquals(want, mask, 0f, "GNNExplainer mask of row " + i);
                Object auc = r.get(r.fieldIndex("explanation_auc"));
                boolean twoClasses = g.motif() != null && Arrays.asList(GraphFixture.boxed(g.motif())).containsAll(List.of(true, false));
                if (!twoClasses) {
                    assertNull(auc, "row " + i + " has no truth or a single class");
                    continue;
                }
                int[] labels = new int[g.motif().length];
                for (int e = 0; e < labels.length; e++) labels[e] = g.motif()[e] ? 1 : 0;
                assertEquals(ExplanationAuc.rocAuc(want, labels), (Double) auc, 0.0, "AUC of row " + i);
                withAuc++;
            }
            assertEquals(2, withAuc, "rows 1 and 5 carry a house (row 3's truth was dropped)");
        }
        // another seed draws other initial mask logits, so another mask
        Map<Long, Row> other = SparkScoringTest.byId(SymkernSpark.score(GraphFixture.frame(spark, graphs.subList(0, 1), 1),
                cfg.withGnnExplainer(15, 10)));
        assertFalse(Arrays.equals(SparkScoringTest.floats(got.get(0L), "explanation"), SparkScoringTest.floats(other.get(0L), "explanation")));
    }

    @Test
    void saliencyColumnEqualsTheLibrarysEdgeGradients() {
        List<GraphRow> graphs = GraphFixture.graphs(5, 3);
        ScoringConfig cfg = config(salf).withBatchSize(2).withSaliency();
        SymkernScorer scorer = new SymkernScorer().setModelPath(salf.toString()).setInputCol("x").setEdgesCol("edge_index")
                .setBatchSize(2).setExplain("saliency");
        assertEquals(cfg, scorer.config());
        Map<Long, Row> got = SparkScoringTest.byId(scorer.transform(GraphFixture.frame(spark, graphs, 2)));
        try (Models.Loaded m = Models.load(salf, Device.CPU)) {
            GraphClassifier gc = (GraphClassifier) m.model();
            for (int i = 0; i < graphs.size(); i++) {
                Row r = got.get((long) i);
                float[] want = new EdgeGradientSaliency(gc, gc::graphLogits).explainGraph(graphs.get(i).instance(), r.getInt(r.fieldIndex("prediction")))
                        .edgeMask();
                assertArrayEquals(want, SparkScoringTest.floats(r, "explanation"), 0f, "saliency of row " + i);
            }
        }
    }

    @Test
    void corruptGraphRowsGetAnErrorColumnAndTheOthersAreScored() {
        List<GraphRow> graphs = new ArrayList<>(GraphFixture.graphs(10, 4));
        GraphRow g1 = graphs.get(1), g2 = graphs.get(2), g3 = graphs.get(3), g5 = graphs.get(5), g6 = graphs.get(6), g8 = graphs.get(8);
        int[] badIndex = g1.edgeIndex().clone();
        int e1 = badIndex.length / 2;
        badIndex[e1 + 2] = g1.x().length / GraphFixture.F;                           // destination of edge 2 = N
        graphs.set(1, new GraphRow(g1.x(), badIndex, g1.motif()));
        graphs.set(2, new GraphRow(g2.x(), Arrays.copyOf(g2.edgeIndex(), g2.edgeIndex().length - 1), g2.motif()));   // odd length
        graphs.set(3, new GraphRow(Arrays.copyOf(g3.x(), g3.x().length - 1), g3.edgeIndex(), g3.motif()));          // not N x F
        float[] nan = g5.x().clone();
        nan[4] = Float.POSITIVE_INFINITY;
        graphs.set(5, new GraphRow(nan, g5.edgeIndex(), g5.motif()));
        graphs.set(6, new GraphRow(g6.x(), null, g6.motif()));
        graphs.set(7, new GraphRow(new float[0], new int[0], new boolean[0]));
        graphs.set(8, new GraphRow(g8.x(), g8.edgeIndex(), new boolean[] {true}));                                 // truth length
        ScoringConfig cfg = config(gcn).withBatchSize(4).withGnnExplainer(3, 0).withTruthCol("motif");
        Map<Long, Row> got = SparkScoringTest.byId(SymkernSpark.score(GraphFixture.frame(spark, graphs, 2), cfg));
        assertEquals(graphs.size(), got.size());
        int n1 = g1.x().length / 3;
        assertEquals(Map.of(
                1L, "edges column edge_index value " + n1 + " at offset " + (e1 + 2) + " (destination of edge 2) is outside the node range [0, " + n1 + ")",
                2L, "edges column edge_index has " + (g2.edgeIndex().length - 1) + " values; edge_index (2, E) flattened needs an even count",
                3L, "input column x has " + (g3.x().length - 1) + " values, not a multiple of the model's 3 node features",
                5L, "input column x value 4 (node 1, feature 1) is Infinity",
                6L, "edges column edge_index is null or holds a null element",
                7L, "input column x is empty: a graph needs at least one node (3 features per node)",
                8L, "truth column motif has 1 values for the " + g8.edgeIndex().length / 2 + " edges of the row"), errors(got));
        BatchScorer.Result[] want = reference(gcn, graphs, cfg);
        for (long ok : new long[] {0, 4, 9}) {
            Row r = got.get(ok);
            assertNotNull(r.get(r.fieldIndex("prediction")), "row " + ok);
            assertArrayEquals(want[(int) ok].probabilities(), SparkScoringTest.floats(r, "probability"), 0f, "row " + ok);
            assertArrayEquals(want[(int) ok].explanation(), SparkScoringTest.floats(r, "explanation"), 0f, "row " + ok);
        }
        Row bad = got.get(1L);
        for (String col : List.of("prediction", "probability", "explanation", "explanation_auc")) assertNull(bad.get(bad.fieldIndex(col)), col);
    }

    @Test
    void graphsWithoutEdgesAreScoredAndGetAnEmptyMask() {
        List<GraphRow> graphs = new ArrayList<>(GraphFixture.graphs(3, 6));
        graphs.set(1, new GraphRow(new float[] {0.5f, -1f, 2f}, new int[0], new boolean[0]));                     // one node
        graphs.set(2, new GraphRow(Arrays.copyOf(graphs.get(0).x(), 12), new int[] {0, 2, 2, 0}, new boolean[] {true, false}));   // 4 nodes, 2 isolated
        for (ScoringConfig cfg : List.of(config(gcn).withGnnExplainer(5, 1).withTruthCol("motif"), config(salf).withSaliency().withTruthCol("motif"))) {
            Map<Long, Row> got = SparkScoringTest.byId(SymkernSpark.score(GraphFixture.frame(spark, graphs, 1), cfg));
            BatchScorer.Result[] want = reference(Path.of(cfg.modelPath()), graphs, cfg);
            for (int i = 0; i < graphs.size(); i++) {
                Row r = got.get((long) i);
                String what = cfg.explain() + " row " + i;
                assertNull(r.get(r.fieldIndex("error")), what);
                assertArrayEquals(probabilities(Path.of(cfg.modelPath()), graphs.get(i), false), SparkScoringTest.floats(r, "probability"), 0f, what);
                assertArrayEquals(want[i].explanation(), SparkScoringTest.floats(r, "explanation"), 0f, what);
                assertEquals(graphs.get(i).edgeIndex().length / 2, SparkScoringTest.floats(r, "explanation").length, what);
            }
            assertNull(got.get(1L).get(got.get(1L).fieldIndex("explanation_auc")), "no edges: no AUC");
            assertNotNull(got.get(2L).get(got.get(2L).fieldIndex("explanation_auc")), "two edges of two classes");
        }
    }

    static Map<Long, String> errors(Map<Long, Row> rows) {
        Map<Long, String> out = new java.util.TreeMap<>();
        for (Map.Entry<Long, Row> e : rows.entrySet()) {
            Object v = e.getValue().get(e.getValue().fieldIndex("error"));
            if (v != null) out.put(e.getKey(), (String) v);
        }
        return out;
    }

    @Test
    void graphSettingsAreCheckedBeforeAnyRowIsScored() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScoringConfig.of(gcn.toString(), "x").withGnnExplainer(10, 0));
        assertEquals("ScoringConfig: explain gnnexplainer explains graphs and needs the edges column (withEdgesCol)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> config(gcn).withGradCam("conv0"));
        assertTrue(e.getMessage().startsWith("ScoringConfig: explain gradcam explains images and signals, not graphs"), e.getMessage());
        try (Models.Loaded m = Models.load(gcn, Device.CPU)) {
            e = assertThrows(IllegalArgumentException.class, () -> new BatchScorer(m, ScoringConfig.of(gcn.toString(), "x")));
            assertTrue(e.getMessage().endsWith("graph models (gcn) need the edges column too (ScoringConfig.withEdgesCol, "
                    + "SymkernScorer.setEdgesCol): edge_index (2, E) flattened"), e.getMessage());
        }
        Dataset<Row> frame = GraphFixture.frame(spark, GraphFixture.graphs(2, 5), 1);
        e = assertThrows(IllegalArgumentException.class, () -> SymkernSpark.outputSchema(frame.schema(), config(gcn).withTruthCol("motif")
                .withEdgesCol("x")));
        assertEquals("edges column x must be array<int> or array<bigint> (edge_index (2, E) flattened), not array<float>", e.getMessage());
        assertEquals(List.of("id", "x", "edge_index", "motif", "prediction", "probability", "explanation", "explanation_auc", "error"),
                Arrays.asList(SymkernSpark.outputSchema(frame.schema(), config(gcn).withSaliency().withTruthCol("motif")).fieldNames()));
    }
}
