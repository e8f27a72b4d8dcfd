package org.symkern.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symkern.Symkern;
import org.symkern.models.Models;
import org.symkern.tensor.Device;

/**
 * Scoring throughput (rows/s) of the Spark path in local mode against the single-JVM loop at the same core count,
 * in interleaved rounds, with the share of the CPU that other processes took during each measurement (from
 * /proc/stat and this process's own CPU time). Not part of the default test run (tag "bench"):
 * {@code mvn -B -ntp -Dsymkern.cuda=OFF -pl java-bindings/symkern-spark -am test -Dtest=ScoringThroughputBench
 * -Dsurefire.failIfNoSpecifiedTests=false -DexcludedGroups=gpu -Dgroups=bench} (system properties
 * {@code bench.rows}, {@code bench.rounds}, {@code bench.cores}).
 */
@Tag("bench")
class ScoringThroughputBench {
    @TempDir
    Path dir;

    @Test
    void sparkLocalModeAgainstTheSingleJvmLoop() throws IOException {
        int rows = Integer.getInteger("bench.rows", 4096), rounds = Integer.getInteger("bench.rounds", 3);
        int cores = Integer.getInteger("bench.cores", 2), batch = 64;
        Path model = SparkFixture.saveModel(dir);
        List<float[]> images = SparkFixture.images(rows, 9);
        SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("symkern-bench")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            Dataset<Row> frame = SparkFixture.frame(spark, images, cores).cache();
            frame.count();
            ScoringConfig cfg = ScoringConfig.of(model.toString(), "pixels").withBatchSize(batch).withThreadsPerTask(1);
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                    "scoring throughput, %d rows of 1x%dx%d, Z2CNN, batch %d, %d cores (%s)%n", rows, SparkFixture.SIZE,
                    SparkFixture.SIZE, batch, cores, cpuModel()));
            out.append("round | single JVM rows/s | others' CPU | Spark local rows/s | others' CPU | Spark / single\n");
            SymkernSpark.score(frame, cfg).count();          // warm-up: JIT, model pool, natives
            single(model, images, batch, cores);
            for (int r = 0; r < rounds; r++) {
                double[] s = measure(() -> single(model, images, batch, cores));
                double[] k = measure(() -> assertEquals(rows, SymkernSpark.score(frame, cfg).count()));
                out.append(String.format(Locale.ROOT, "%d | %.0f | %.0f%% | %.0f | %.0f%% | %.2f%n", r + 1, rows / s[0], 100 * s[1],
                        rows / k[0], 100 * k[1], s[0] / k[0]));
            }
            System.out.print(out);
            Path report = Path.of(System.getProperty("symkern.root", "."), "target", "spark-throughput.txt");
            Files.createDirectories(report.getParent());
            Files.writeString(report, out.toString());
        } finally {
            spark.stop();
        }
    }

    /** The single-JVM loop: one thread, `cores` native threads, the same batches of the same BatchScorer. */
    static void single(Path model, List<float[]> images, int batch, int cores) {
        int before = Symkern.numThreads();
        Symkern.setNumThreads(cores);
        try (Models.Loaded m = Models.load(model, Device.CPU)) {
            BatchScorer s = new BatchScorer(m, ScoringConfig.of(model.toString(), "pixels").withBatchSize(batch));
            for (int i = 0; i < images.size(); i += batch) {
                List<float[]> part = images.subList(i, Math.min(images.size(), i + batch));
                s.score(part, new ArrayList<>(java.util.Collections.nCopies(part.size(), (boolean[]) null)));
            }
        } finally {
            Symkern.setNumThreads(before);
        }
    }

    /** {seconds, share of all CPU time taken by other processes} of one run. */
    static double[] measure(Runnable run) {
        long[] a = procStat();
        long selfA = selfTicks(), t0 = System.nanoTime();
        run.run();
        double secs = (System.nanoTime() - t0) * 1e-9;
        long[] b = procStat();
        long selfB = selfTicks();
        double busy = b[0] - a[0], total = b[1] - a[1], self = selfB - selfA;
        return new double[] {secs, total <= 0 ? 0 : Math.max(0, (busy - self) / total)};
    }

    /** {busy ticks, total ticks} of all CPUs. */
    static long[] procStat() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0, idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            for (int i = 1; i < f.length; i++) total += Long.parseLong(f[i]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** utime + stime of this process in clock ticks. */
    static long selfTicks() {
        try {
            String s = Files.readString(Path.of("/proc/self/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
