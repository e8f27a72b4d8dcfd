package org.symkern.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.symkern.data.BaShapes;
import org.symkern.explain.GraphInstance;
import org.symkern.models.ModelSpec;
import org.symkern.models.Models;
import org.symkern.nn.Module;
import org.symkern.ops.Reduce;
import org.symkern.tensor.Device;

/**
 * Small BA-Shapes-like graphs as DataFrame rows (id, x: node features N x F, edge_index: (2, E) flattened, motif:
 * one boolean per edge) and small seeded graph models saved to a file.
 */
final class GraphFixture {
    static final int F = 3, CLASSES = 2;

    private GraphFixture() {}

    /** One row: features, edge_index [src..., dst...] and the motif flag of every edge (null entries allowed). */
    record GraphRow(float[] x, int[] edgeIndex, boolean[] motif) {
        GraphInstance instance() {
            int e = edgeIndex.length / 2;
            int[] src = java.util.Arrays.copyOfRange(edgeIndex, 0, e), dst = java.util.Arrays.copyOfRange(edgeIndex, e, 2 * e);
            return new GraphInstance(x.length / F, F, x, src, dst);
        }

        long[] longs() {
            long[] out = new long[edgeIndex.length];
            for (int k = 0; k < out.length; k++) out[k] = edgeIndex[k];
            return out;
        }
    }

    /** A GCN (F -> 8, 2 layers, mean pool, 2 classes) or a SALF GNN of the same size, seeded, saved to dir/name. */
    static Path saveModel(Path dir, String kind, long seed) {
        Path file = dir.resolve(kind + "-graph.safetensors");
        ModelSpec spec = kind.equals("gcn") ? ModelSpec.gcn(F, 8, 2, CLASSES, Reduce.Op.MEAN, 0f)
                : ModelSpec.salfGnn(F, 8, 2, CLASSES, Reduce.Op.SUM, 0f, false, 0.5f);
        try (Module m = Models.build(spec, Device.CPU, seed)) {
            Models.save(file, m, spec, new long[] {F}, List.of("base", "house"), Map.of());
        }
        return file;
    }

    /**
     * n graphs: a Barabasi-Albert base of 6..9 nodes (m = 2) with a house motif on every second graph, seeded random
     * features; the edges in BA-Shapes order (both directions of an undirected edge next to each other).
     */
    static List<GraphRow> graphs(int n, long seed) {
        return graphs(n, 6, seed);
    }

    /** As {@link #graphs(int, long)} with bases of baseNodes .. baseNodes + 3 nodes. */
    static List<GraphRow> graphs(int n, int baseNodes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<GraphRow> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BaShapes g = BaShapes.generate(baseNodes + r.nextInt(4), 2, i % 2, 0.0, seed * 1000 + i);
            int e = g.edges();
            int[] edgeIndex = new int[2 * e];
            boolean[] motif = new boolean[e];
            for (int k = 0; k < e; k++) {
                edgeIndex[k] = g.src[k];
                edgeIndex[e + k] = g.dst[k];
                motif[k] = g.motifEdge[k] == 1;
            }
            float[] x = new float[g.nodes * F];
            for (int v = 0; v < x.length; v++) x[v] = (float) r.nextDouble(-1, 1);
            out.add(new GraphRow(x, edgeIndex, motif));
        }
        return out;
    }

    static StructType schema() {
        return new StructType().add("id", DataTypes.LongType, false)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, false), true)
                .add("edge_index", DataTypes.createArrayType(DataTypes.IntegerType, false), true)
                .add("motif", DataTypes.createArrayType(DataTypes.BooleanType, false), true);
    }

    static Dataset<Row> frame(SparkSession spark, List<GraphRow> graphs, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < graphs.size(); i++) {
            GraphRow g = graphs.get(i);
            rows.add(RowFactory.create((long) i, SparkFixture.boxed(g.x()), boxed(g.edgeIndex()), boxed(g.motif())));
        }
        return spark.createDataFrame(rows, schema()).repartition(partitions);
    }

    static Integer[] boxed(int[] v) {
        if (v == null) return null;
        Integer[] b = new Integer[v.length];
        for (int i = 0; i < v.length; i++) b[i] = v[i];
        return b;
    }

    static Boolean[] boxed(boolean[] v) {
        if (v == null) return null;
        Boolean[] b = new Boolean[v.length];
        for (int i = 0; i < v.length; i++) b[i] = v[i];
        return b;
    }
}
