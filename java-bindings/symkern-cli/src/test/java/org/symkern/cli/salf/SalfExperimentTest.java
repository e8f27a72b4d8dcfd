package org.symkern.cli.salf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.symkern.nn.GSpace;
import org.symkern.cli.report.Json;
import org.symkern.tensor.Device;

/** The SALF runner end to end on a micro budget: every arm, the TR% transform, the lambda sweep, the files. */
class SalfExperimentTest {
    @TempDir Path dir;

    static SalfPreset micro() {
        SalfPreset.Budget b = new SalfPreset.Budget(1, 64, 2e-3f, 0, 256, 0, 0);
        return new SalfPreset("micro", 1, 0.3f, 1f, List.of(0.1f, 0.3f), List.of("mitbih"), List.of("mitbih"), b, b, b, b);
    }

    @Test
    void microRunWritesEveryTableJsonAndCharts() throws IOException {
        StringWriter log = new StringWriter();
        SalfExperiment.Options o = new SalfExperiment.Options(micro(), List.of("mitbih"), false, true, dir, null, null, new PrintWriter(log), "test", 1);
        SalfExperiment.Results r = new SalfExperiment(o, new SalfDomains.Source(null, "p4", "cpu"), "cpu").run();

        // 4 arms in the main experiment + lambda 0.1 in the sweep (lambda 0.3 is the main SALF run)
        assertEquals(5, r.runs().size(), log.toString());
        for (SalfRun run : r.runs()) {
            assertTrue(run.parameters() > 0 && run.epochsRun() == 1, run.toString());
            assertTrue(run.transformed().containsKey("time-reversed"), "ECG runs are also tested on reversed beats");
            assertEquals(2, run.test().perClassRecall().length, "binary task");
        }
        long sweep = r.runs().stream().filter(x -> x.experiment().equals("sweep")).count();
        assertEquals(1, sweep);

        String md = Files.readString(dir.resolve("salf.md"));
        for (String section : new String[] {"## 1.", "## 2.", "## 3.", "## 4.", "## 5.", "## 6.", "## 7.", "Command: `test`", "recall arrhythmic"})
            assertTrue(md.contains(section), "salf.md lacks " + section);
        assertTrue(md.contains("| 0.10 |") && md.contains("| 0.30 |"), "lambda rows");
        assertTrue(md.contains("time-reversed"), "TR% row for ECG");

        var json = Json.read(dir.resolve("salf.json")).getAsJsonObject();
        assertEquals(5, json.getAsJsonArray("runs").size());
        assertEquals(720, ImageIO.read(dir.resolve("salf-mitbih-curves.png").toFile()).getWidth());
        assertTrue(Files.size(dir.resolve("salf-lambda.png")) > 1000);
    }

    @Test
    void mergedReportHoldsTheRunsOfEveryPart() throws IOException {
        SalfExperiment.Options o = new SalfExperiment.Options(micro(), List.of("mitbih"), false, false, dir.resolve("a"), null, null, null, "part a", 1);
        SalfExperiment.Results a = new SalfExperiment(o, new SalfDomains.Source(null, "p4", "cpu"), "cpu").run();
        Files.createDirectories(dir.resolve("b"));
        Files.copy(dir.resolve("a/salf.json"), dir.resolve("b/salf.json"));
        SalfExperiment.Results m = SalfExperiment.merge(List.of(dir.resolve("a/salf.json"), dir.resolve("b/salf.json")), dir, micro());
        assertEquals(a.runs().size(), m.runs().size(), "the same runs in two parts are kept once");
        assertEquals(a.runs().get(0).test().accuracy(), m.runs().get(0).test().accuracy());
        assertTrue(Files.readString(dir.resolve("salf.md")).contains("`part a` and `part a`"));
        Files.writeString(dir.resolve("bad.json"), "{\"preset\": \"x\"}");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SalfExperiment.merge(List.of(dir.resolve("bad.json")), dir, micro()));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("no runs"), e.getMessage());
    }

    @Test
    void unknownDomainIsAClearError() {
        SalfExperiment.Options o = new SalfExperiment.Options(micro(), List.of("cifar"), false, false, dir, null, null, null, "test", 1);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SalfExperiment(o, new SalfDomains.Source(null, "p4", "cpu"), "cpu").run());
        assertTrue(e.getMessage().contains("unknown SALF domain 'cifar'"), e.getMessage());
    }
}
