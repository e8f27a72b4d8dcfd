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
import org.symkern.models.ModelSpec;
import org.symkern.models.Models;
import org.symkern.nn.Module;
import org.symkern.tensor.Device;

/** A local[2] Spark session (task retries allowed, loopback only), a small saved model and random images. */
final class SparkFixture {
    static final int SIZE = 28, CLASSES = 4;

    private SparkFixture() {}

    /** local[2, 3]: two task threads, each task tried up to 3 times. */
    static SparkSession session() {
        return SparkSession.builder().master("local[2,3]").appName("symkern-spark-test")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    /** A Z2CNN (1 channel, 8 channels, 4 classes) with seeded weights, saved to dir/model.safetensors. */
    static Path saveModel(Path dir) {
        Path file = dir.resolve("model.safetensors");
        ModelSpec spec = ModelSpec.z2cnn(1, 8, CLASSES, 0.3f);
        try (Module m = Models.build(spec, Device.CPU, 7)) {
            Models.save(file, m, spec, new long[] {1, SIZE, SIZE}, List.of("a", "b", "c", "d"), Map.of());
        }
        return file;
    }

    static StructType schema() {
        return new StructType().add("id", DataTypes.LongType, false)
                .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false), true);
    }

    /** n seeded random images of SIZE x SIZE. */
    static List<float[]> images(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] x = new float[SIZE * SIZE];
            for (int e = 0; e < x.length; e++) x[e] = (float) r.nextDouble();
            out.add(x);
        }
        return out;
    }

    static Dataset<Row> frame(SparkSession spark, List<float[]> images, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) rows.add(RowFactory.create((long) i, boxed(images.get(i))));
        return spark.createDataFrame(rows, schema()).repartition(partitions);
    }

    static Float[] boxed(float[] x) {
        if (x == null) return null;
        Float[] b = new Float[x.length];
        for (int i = 0; i < x.length; i++) b[i] = x[i];
        return b;
    }
}
