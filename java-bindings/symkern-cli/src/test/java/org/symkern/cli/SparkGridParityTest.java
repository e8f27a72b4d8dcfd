package org.symkern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.symkern.cli.asen.AsenSuite;
import org.symkern.cli.salf.SalfExperiment;
import org.symkern.spark.SparkGridExecutor;
import org.symkern.train.GridExecutor;

/**
 * The experiment runners' grids as Spark jobs (local[2], one training per task, 1 native thread per task as the
 * sequential run here): the gathered records and the JSON report equal the sequential runner's apart from wall-clock
 * fields. Spark is a test-scope dependency of the CLI, so the CLI jar carries none of it.
 */
class SparkGridParityTest {
    static SparkSession spark;
    static GridExecutor grid;
    @TempDir Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2,3]").appName("symkern-grid-parity").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        grid = new SparkGridExecutor(spark, 1);
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    @Test
    void salfGridOnSparkGivesTheSequentialRecordsAndJson() {
        SalfExperiment.Results a = GridOrderIndependenceTest.salf(dir.resolve("seq"), GridExecutor.SEQUENTIAL);
        SalfExperiment.Results b = GridOrderIndependenceTest.salf(dir.resolve("spark"), grid);
        assertEquals(8, b.runs().size());
        for (int i = 0; i < a.runs().size(); i++) {
            assertEquals(a.runs().get(i).test().accuracy(), b.runs().get(i).test().accuracy(), "run " + i);
            assertEquals(a.runs().get(i).history().get(0).trainLoss(), b.runs().get(i).history().get(0).trainLoss(), "run " + i);
        }
        assertEquals(GridParity.withoutTiming(dir.resolve("seq/salf.json")), GridParity.withoutTiming(dir.resolve("spark/salf.json")));
    }

    @Test
    void asenGridOnSparkGivesTheSequentialRecordsAndJson() {
        List<String> only = List.of("sweep", "transfer", "discovery");
        AsenSuite.Result a = GridOrderIndependenceTest.asen(dir.resolve("seq"), GridExecutor.SEQUENTIAL, only);
        AsenSuite.Result b = GridOrderIndependenceTest.asen(dir.resolve("spark"), grid, only);
        assertEquals(a.runs().size(), b.runs().size());
        assertTrue(a.runs().size() >= 10, "a grid of " + a.runs().size() + " runs");
        assertEquals(GridParity.withoutTiming(dir.resolve("seq/asen.json")), GridParity.withoutTiming(dir.resolve("spark/asen.json")));
    }
}
