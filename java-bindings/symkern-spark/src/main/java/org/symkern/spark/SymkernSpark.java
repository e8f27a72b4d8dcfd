package org.symkern.spark;

import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The plain Dataset API: {@code SymkernSpark.score(rows, ScoringConfig.of("model.safetensors", "pixels"))} returns the
 * rows with the columns of {@link #outputSchema} appended, computed partition by partition on the executors
 * ({@link PartitionScorer}). The input column holds array&lt;float&gt; (or array&lt;double&gt;) values; for graphs
 * ({@link ScoringConfig#withEdgesCol}) the node features, with the edges column array&lt;int&gt; (or array&lt;bigint&gt;) holding
 * PyG's edge_index (2, E) flattened row-major.
 */
public final class SymkernSpark {
    private SymkernSpark() {}

    /** `rows` with prediction, probability, [explanation, [pointing hit or edge-mask AUC]] and error columns appended. */
    public static Dataset<Row> score(Dataset<Row> rows, ScoringConfig cfg) {
        StructType in = rows.schema();
        StructType out = outputSchema(in, cfg);
        return rows.mapPartitions(new PartitionScorer(cfg, in), Encoders.row(out));
    }

    /** The input schema plus the appended columns (names from the config; they must not exist yet). */
    public static StructType outputSchema(StructType in, ScoringConfig cfg) {
        int idx = fieldIndex(in, cfg.inputCol(), "input");
        DataType t = in.fields()[idx].dataType();
        if (!(t instanceof org.apache.spark.sql.types.ArrayType a)
                || !(a.elementType().equals(DataTypes.FloatType) || a.elementType().equals(DataTypes.DoubleType)))
            throw new IllegalArgumentException("input column " + cfg.inputCol() + " must be array<float> or array<double>, not " + t.simpleString());
        if (cfg.graphs()) {
            DataType e = in.fields()[fieldIndex(in, cfg.edgesCol(), "edges")].dataType();
            if (!(e instanceof org.apache.spark.sql.types.ArrayType ea) || !(ea.elementType().equals(DataTypes.IntegerType)
                    || ea.elementType().equals(DataTypes.LongType) || ea.elementType().equals(DataTypes.ShortType)))
                throw new IllegalArgumentException("edges column " + cfg.edgesCol() + " must be array<int> or array<bigint> (edge_index (2, E) flattened), not "
                        + e.simpleString());
        }
        StructType out = in;
        out = add(out, cfg.predictionCol(), DataTypes.IntegerType);
        out = add(out, cfg.probabilityCol(), DataTypes.createArrayType(DataTypes.FloatType, false));
        if (cfg.explains()) out = add(out, cfg.explanationCol(), DataTypes.createArrayType(DataTypes.FloatType, false));
        if (cfg.metricCol() != null) {
            fieldIndex(in, cfg.truthCol(), "truth");
            out = add(out, cfg.metricCol(), cfg.graphs() ? DataTypes.DoubleType : DataTypes.BooleanType);
        }
        return add(out, cfg.errorCol(), DataTypes.StringType);
    }

    private static StructType add(StructType s, String name, DataType t) {
        for (String n : s.fieldNames())
            if (n.equals(name)) throw new IllegalArgumentException("output column " + name + " already exists in the input");
        return s.add(new StructField(name, t, true, org.apache.spark.sql.types.Metadata.empty()));
    }

    static int fieldIndex(StructType schema, String name, String role) {
        for (int i = 0; i < schema.fields().length; i++) if (schema.fields()[i].name().equals(name)) return i;
        throw new IllegalArgumentException(role + " column " + name + " is not in the schema " + schema.simpleString());
    }

    /** The float values of array column `i` of `r` (null when the cell is null or holds a null element). */
    static float[] floats(Row r, int i) {
        if (r.isNullAt(i)) return null;
        List<Object> v = r.getList(i);
        float[] out = new float[v.size()];
        int k = 0;
        for (Object o : v) {   // the iterator: an array cell may be a Scala List, whose get(k) walks k links
            if (o == null) return null;
            out[k++] = ((Number) o).floatValue();
        }
        return out;
    }

    /** The integer values of array column `i` of `r` (null when the cell is null or holds a null element). */
    static long[] longs(Row r, int i) {
        if (r.isNullAt(i)) return null;
        List<Object> v = r.getList(i);
        long[] out = new long[v.size()];
        int k = 0;
        for (Object o : v) {   // iterator, as in floats()
            if (o == null) return null;
            out[k++] = ((Number) o).longValue();
        }
        return out;
    }

    /** A region mask from an array&lt;boolean&gt; or array of numbers (&gt; 0.5 = inside); null when absent. */
    static boolean[] mask(Row r, int i) {
        if (r.isNullAt(i)) return null;
        List<Object> v = r.getList(i);
        boolean[] out = new boolean[v.size()];
        int k = 0;
        for (Object o : v) out[k++] = o instanceof Boolean b ? b : o != null && ((Number) o).doubleValue() > 0.5;   // iterator
        return out;
    }
}
