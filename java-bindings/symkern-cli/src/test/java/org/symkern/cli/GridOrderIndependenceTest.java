package org.symkern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.symkern.cli.asen.AsenPreset;
import org.symkern.cli.asen.AsenSuite;
import org.symkern.cli.salf.SalfDomains;
import org.symkern.cli.salf.SalfExperiment;
import org.symkern.cli.salf.SalfPreset;
import org.symkern.tensor.Device;
import org.symkern.train.GridExecutor;

/**
 * Every training of the SALF and ASEN grids is a pure function of its cell: running the cells in reverse order, each
 * on a fresh thread and through Java serialization ({@link GridParity#SCRAMBLED}), gives records and a JSON report
 * identical (all numbers, apart from wall-clock fields) to the sequential runner's.
 */
class GridOrderIndependenceTest {
    @TempDir Path dir;

    /** 2 seeds x 3 arms + the lambda-0.1 sweep on MIT-BIH (embedded), 256 training beats, 1 epoch. */
    static SalfPreset tinySalf() {
        SalfPreset.Budget b = new SalfPreset.Budget(1, 64, 2e-3f, 0, 256, 0, 0);
        return new SalfPreset("tiny", 2, 0.3f, 1f, List.of(0.1f, 0.3f), List.of("mitbih"), List.of(), b, b, b, b);
    }

    static SalfExperiment.Results salf(Path out, GridExecutor grid) {
        SalfExperiment.Options o = new SalfExperiment.Options(tinySalf(), List.of("mitbih"), false, true, out, null, null, null, "test", 1, grid);
        return new SalfExperiment(o, new SalfDomains.Source(null, "p4", "cpu"), "cpu").run();
    }

    static AsenSuite.Result asen(Path out, GridExecutor grid, List<String> only) {
        return AsenSuite.run(AsenPreset.micro().withSeeds(2), only, Device.CPU, grid, out, "test", null, null);
    }

    @Test
    void salfRecordsDoNotDependOnTheOrderOrPlaceCellsRunIn() {
        SalfExperiment.Results a = salf(dir.resolve("a"), GridExecutor.SEQUENTIAL);
        SalfExperiment.Results b = salf(dir.resolve("b"), GridParity.SCRAMBLED);
        assertEquals(8, a.runs().size(), "2 seeds x (3 arms + 1 sweep lambda)");
        assertTrue(a.runs().get(0).test().accuracy() != a.runs().get(1).test().accuracy() || a.runs().get(0).history().get(0).trainLoss()
                != a.runs().get(1).history().get(0).trainLoss(), "the arms train differently");
        String want = GridParity.withoutTiming(dir.resolve("a/salf.json"));
        assertEquals(want, GridParity.withoutTiming(dir.resolve("b/salf.json")));
        assertTrue(want.contains("\"confusion\"") && want.contains("\"history\""), "the compared JSON holds every record's numbers");
        assertEquals(a.runs().size(), b.runs().size());
    }

    @Test
    void asenRecordsDoNotDependOnTheOrderOrPlaceCellsRunIn() {
        StringWriter log = new StringWriter();
        AsenSuite.Result a = asen(dir.resolve("a"), GridExecutor.SEQUENTIAL, List.of());
        AsenSuite.Result b = asen(dir.resolve("b"), GridParity.SCRAMBLED, List.of());
        assertEquals(a.runs().size(), b.runs().size(), log.toString());
        for (int i = 0; i < a.runs().size(); i++) assertEquals(a.runs().get(i).id(), b.runs().get(i).id(), "run " + i);
        String want = GridParity.withoutTiming(dir.resolve("a/asen.json"));
        assertEquals(want, GridParity.withoutTiming(dir.resolve("b/asen.json")));
        assertTrue(want.contains("tieRatioAfter") && want.contains("pretrain-for-intersect"), "discovery and transfer are compared too");
        assertTrue(want.contains("invariant/non-invariant/sign") && want.contains("\"meanAbsError\""), "invariant regression is compared too");
    }

    @Test
    void theSparkExecutorIsNamedClearlyWhenItIsMissing() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GridExecutors.load("org.symkern.spark.NoSuchGridExecutor"));
        assertTrue(e.getMessage().startsWith("--executor spark needs org.symkern.spark.NoSuchGridExecutor (jar symkern-spark) and Apache Spark 3.5"),
                e.getMessage());
        assertTrue(e.getMessage().contains("spark-submit"), e.getMessage());
        assertEquals("unknown --executor 'yarn' (expected sequential or spark)",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> GridExecutors.named("yarn")).getMessage());
        assertEquals(GridExecutor.SEQUENTIAL, GridExecutors.named("Sequential"));
    }
}
