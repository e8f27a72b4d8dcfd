package org.symkern.cli.explain;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symkern.cli.ExperimentCommand;
import org.symkern.cli.report.Json;

/** {@code symkern experiment explain --preset micro} end to end into a temporary folder: report sections, figures, numbers in range. */
class ExplainExperimentTest {
    @TempDir
    Path dir;

    @Test
    void microPresetWritesTheReportWithScoresInRange() throws Exception {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = ExperimentCommand.run(new PrintWriter(out), new PrintWriter(err), "explain", "--preset", "micro", "--out", dir.toString(),
                "--models", dir.resolve("models").toString(), "--quiet");
        assertEquals(0, code, err.toString());
        String md = Files.readString(dir.resolve("explain.md"));
        for (String section : List.of("## What was run", "## RotMNIST-10k", "## MIT-BIH intra-patient (binary)", "## PROTEINS", "## Beside the seed paper",
                "pointing game", "deletion AUC", "not reproducible"))
            assertTrue(md.contains(section), section);
        JsonObject json = Json.read(dir.resolve("explain.json")).getAsJsonObject();
        int rows = 0;
        for (JsonElement e : json.getAsJsonArray("rows")) {
            JsonObject r = e.getAsJsonObject();
            for (String k : List.of("pointing", "deletion", "insertion", "fidelityPlus", "fidelityMinus"))
                if (r.has(k) && !r.get(k).isJsonNull() && !Double.isNaN(r.get(k).getAsDouble()))
                    assertTrue(r.get(k).getAsDouble() >= 0 && r.get(k).getAsDouble() <= 1, k + " " + r);
            for (String k : List.of("spearman", "equivariance", "invariance", "sanity"))
                if (r.has(k) && !r.get(k).isJsonNull() && !Double.isNaN(r.get(k).getAsDouble()))
                    assertTrue(Math.abs(r.get(k).getAsDouble()) <= 1 + 1e-9, k + " " + r);
            assertTrue(r.get("secondsPerExplanation").getAsDouble() > 0 || r.get("n").getAsInt() == 0, r.toString());
            rows++;
        }
        assertTrue(rows >= 3 * (5 + 5 + 1) - 2, "rows " + rows);          // per arm: 4-5 grid methods x 2 domains + graph methods
        for (String f : List.of("explain-rotmnist-salf.png", "explain-mitbih-baseline.png", "explain-proteins-salf.png")) {
            assertTrue(Files.size(dir.resolve(f)) > 5000, f);
            assertTrue(md.contains("](" + f + ")"), f + " linked");
        }
        // a second run reuses the saved models instead of training; --methods runs only those rows, and a merge replaces only them
        StringWriter again = new StringWriter();
        assertEquals(0, ExperimentCommand.run(new PrintWriter(again), new PrintWriter(err), "explain", "--preset", "micro", "--out",
                dir.resolve("again").toString(), "--models", dir.resolve("models").toString(), "--domains", "mitbih", "--no-ba-shapes",
                "--methods", "gradcam"), err.toString());
        assertTrue(again.toString().contains("reusing"), again.toString());
        JsonArray part = Json.read(dir.resolve("again/explain.json")).getAsJsonObject().getAsJsonArray("rows");
        assertEquals(3, part.size(), "one gradcam row per arm: " + part);
        for (JsonElement e : part) assertEquals("gradcam", e.getAsJsonObject().get("method").getAsString());
        assertTrue(Files.size(dir.resolve("again/explain-mitbih-salf.png")) > 5000, "the figure still shows every method");
        Path merged = dir.resolve("merged");
        Files.createDirectories(merged);
        assertEquals(0, ExperimentCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "explain", "--preset", "micro", "--out",
                merged.toString(), "--merge", dir.resolve("explain.json") + "," + dir.resolve("again/explain.json")), err.toString());
        JsonArray all = Json.read(merged.resolve("explain.json")).getAsJsonObject().getAsJsonArray("rows");
        assertEquals(rows, all.size(), "the merge replaces rows, it does not add them");
        JsonArray first = json.getAsJsonArray("rows");
        for (int k = 0; k < rows; k++)                 // in place: the method order of the report is kept
            for (String key : List.of("domain", "arm", "seed", "method"))
                assertEquals(first.get(k).getAsJsonObject().get(key), all.get(k).getAsJsonObject().get(key), "row " + k);
        for (JsonElement e : part) {
            JsonObject p = e.getAsJsonObject();
            long same = all.asList().stream().map(JsonElement::getAsJsonObject).filter(r -> r.get("domain").equals(p.get("domain"))
                    && r.get("arm").equals(p.get("arm")) && r.get("method").equals(p.get("method")) && r.get("seed").equals(p.get("seed"))
                    && r.get("secondsPerExplanation").equals(p.get("secondsPerExplanation"))).count();
            assertEquals(1, same, "the rerun row is in the merged report: " + p);
        }
    }
}
