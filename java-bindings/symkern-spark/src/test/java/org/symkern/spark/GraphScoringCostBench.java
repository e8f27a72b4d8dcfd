package org.symkern.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symkern.Symkern;
import org.symkern.models.Models;
import org.symkern.spark.GraphFixture.GraphRow;
import org.symkern.tensor.Device;

/**
 * Cost per graph row of the single-JVM graph scorer ({@link GraphBatchScorer}, what one Spark task runs): scoring
 * only, with edge gradient saliency, and with GNNExplainer (100 epochs), on BA-Shapes-like graphs (a
 * Barabasi-Albert base of 20..23 nodes, m = 2, a house on every second graph; about 25 nodes and 90 directed edges),
 * a GCN of 2 layers of width 8, batch 64, one native thread, with the share of the CPU that other processes took.
 * Tag "bench": {@code mvn -B -ntp -Dsymkern.cuda=OFF -Dsymkern.build.tests=OFF -pl java-bindings/symkern-spark -am test
 * -Dtest=GraphScoringCostBench -Dsurefire.failIfNoSpecifiedTests=false -DexcludedGroups=gpu -Dgroups=bench}
 * (system property {@code bench.rows}, default 256); writes target/spark-graph-cost.txt.
 */
@Tag("bench")
class GraphScoringCostBench {
    @TempDir
    Path dir;

    @Test
    void costPerGraphRowOfScoringAndExplaining() throws IOException {
        int rows = Integer.getInteger("bench.rows", 256);
        Path model = GraphFixture.saveModel(dir, "gcn", 1);
        List<GraphRow> graphs = GraphFixture.graphs(rows, 20, 7);
        ScoringConfig base = ScoringConfig.of(model.toString(), "x").withEdgesCol("edge_index").withBatchSize(64);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "graph scoring cost per row, %d BA-Shapes-like graphs, GCN 2x8, batch 64, 1 native thread (%s)%n", rows,
                ScoringThroughputBench.cpuModel()));
        out.append("explanation | rows | ms per row | others' CPU\n");
        int before = Symkern.numThreads();
        Symkern.setNumThreads(1);
        try (Models.Loaded m = Models.load(model, Device.CPU)) {
            for (ScoringConfig cfg : List.of(base, base.withSaliency(), base.withGnnExplainer(100, 0))) {
                List<GraphRow> part = cfg.explain().equals(ScoringConfig.GNNEXPLAINER) ? graphs.subList(0, Math.max(1, rows / 8)) : graphs;
                run(m, cfg, part.subList(0, Math.min(part.size(), 8)));          // warm-up
                double[] t = ScoringThroughputBench.measure(() -> run(m, cfg, part));
                out.append(String.format(Locale.ROOT, "%s | %d | %.3f | %.0f%%%n", cfg.explain(), part.size(), 1e3 * t[0] / part.size(), 100 * t[1]));
            }
        } finally {
            Symkern.setNumThreads(before);
        }
        System.out.print(out);
        Path report = Path.of(System.getProperty("symkern.root", "."), "target", "spark-graph-cost.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, out.toString());
    }

    static void run(Models.Loaded m, ScoringConfig cfg, List<GraphRow> graphs) {
        BatchScorer s = new BatchScorer(m, cfg);
        for (int i = 0; i < graphs.size(); i += cfg.batchSize()) {
            List<float[]> x = new ArrayList<>();
            List<long[]> e = new ArrayList<>();
            for (GraphRow g : graphs.subList(i, Math.min(graphs.size(), i + cfg.batchSize()))) {
                x.add(g.x());
                e.add(g.longs());
            }
            BatchScorer.Result[] r = s.score(x, e, new ArrayList<>(Collections.nCopies(x.size(), (boolean[]) null)));
            for (BatchScorer.Result one : r)
                if (one.error() != null) throw new IllegalStateException(one.error());
        }
    }
}
