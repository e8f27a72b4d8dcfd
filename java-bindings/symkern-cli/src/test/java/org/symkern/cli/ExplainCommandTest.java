package org.symkern.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symkern.cli.report.Json;
import org.symkern.models.ModelSpec;
import org.symkern.models.Models;
import org.symkern.nn.Module;
import org.symkern.tensor.Device;

/** {@code symkern explain}: a saved (untrained) ECG model explained end to end; every bad input exits 2 with one line. */
class ExplainCommandTest {
    @TempDir
    static Path dir;
    static Path cnn, salf;

    /** Runs `symkern args...` through Main's command line; returns {exit code, stdout, stderr}. */
    static String[] run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter out = new StringWriter(), err = new StringWriter();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
            return new String[] {Integer.toString(code), out + bytes.toString(StandardCharsets.UTF_8), err.toString()};
        } finally {
            System.setOut(old);
        }
    }

    @BeforeAll
    static void models() {
        cnn = dir.resolve("cnn1d.safetensors");
        salf = dir.resolve("salf1d.safetensors");
        Map<String, String> meta = Map.of("symkern.data", "mitbih", "symkern.split_seed", "1");
        try (Module m = Models.build(ModelSpec.cnn1d(1, 8, 2), Device.CPU, 3)) {
            Models.save(cnn, m, ModelSpec.cnn1d(1, 8, 2), new long[] {1, 1, 181}, List.of("normal", "arrhythmic"), meta);
        }
        try (Module m = Models.build(ModelSpec.salfCnn1d(1, 4, 2, 0.1f, false), Device.CPU, 3)) {
            Models.save(salf, m, ModelSpec.salfCnn1d(1, 4, 2, 0.1f, false), new long[] {1, 1, 181}, List.of("normal", "arrhythmic"), meta);
        }
    }

    @Test
    void explainsTestBeatsIntoPngsAndJsonWithMetricsInRange() {
        Path out = dir.resolve("out");
        String[] r = run("explain", "--model", salf.toString(), "--data", "mitbih", "--index", "0,3", "--method", "gradcam-orient", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(Files.exists(out.resolve("mitbih-0-gradcam-orient.png")), r[1]);
        assertTrue(Files.exists(out.resolve("mitbih-3-gradcam-orient.png")), r[1]);
        JsonArray items = Json.read(out.resolve("attributions.json")).getAsJsonArray();
        assertEquals(2, items.size());
        for (var e : items) {
            JsonObject o = e.getAsJsonObject();
            assertEquals(181, o.getAsJsonArray("attribution").size());
            JsonObject m = o.getAsJsonObject("metrics");
            for (String k : List.of("pointing_game_hit", "deletion_auc", "insertion_auc", "equivariance", "invariance")) {
                double v = m.get(k).getAsDouble();
                assertTrue(v >= -1e-9 && v <= 1 + 1e-9, k + " = " + v);
            }
            double rho = m.get("spearman_qrs").getAsDouble();
            assertTrue(Double.isNaN(rho) || Math.abs(rho) <= 1 + 1e-9, "spearman " + rho);
            // the time-reversal G-CNN's Grad-CAM moves with the signal: equivariance 1 (GradCamTest proves it exactly)
            assertEquals(1.0, m.get("equivariance").getAsDouble(), 1e-4);
        }
        assertTrue(r[1].contains("mitbih 0 (label"), r[1]);
    }

    /** --layer picks the Grad-CAM layer by module name: an earlier layer gives another map; an unknown name is a one-line error. */
    @Test
    void layerOptionChoosesTheGradCamLayerByModuleName() {
        Path a = dir.resolve("layer-default"), b = dir.resolve("layer-early");
        assertEquals("0", run("explain", "--model", salf.toString(), "--data", "mitbih", "--index", "1", "--out", a.toString())[0]);
        String[] r = run("explain", "--model", salf.toString(), "--data", "mitbih", "--index", "1", "--layer", "encoder.2", "--out", b.toString());
        assertEquals("0", r[0], r[2]);
        JsonArray da = Json.read(a.resolve("attributions.json")).getAsJsonArray(), db = Json.read(b.resolve("attributions.json")).getAsJsonArray();
        assertNotEquals(da.get(0).getAsJsonObject().get("attribution"), db.get(0).getAsJsonObject().get("attribution"));
        assertOneLineError(run("explain", "--model", salf.toString(), "--data", "mitbih", "--index", "1", "--layer", "encoder.99", "--out", b.toString()),
                "--layer 'encoder.99': no module of that name");
        assertOneLineError(run("explain", "--model", salf.toString(), "--data", "mitbih", "--index", "1", "--layer", "encoder.2", "--method", "ig",
                "--out", b.toString()), "it does nothing for --method ig");
    }

    static void assertOneLineError(String[] r, String expected) {
        assertEquals("2", r[0], r[1] + r[2]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        assertTrue(r[2].contains(expected), r[2]);
    }

    @Test
    void badInputExitsWithStatus2AndOneLine() {
        Path out = dir.resolve("bad");
        assertOneLineError(run("explain", "--data", "mitbih", "--index", "0"), "Missing required option: '--model=FILE'");
        assertOneLineError(run("explain", "--model", dir.resolve("none.safetensors").toString(), "--data", "mitbih", "--index", "0"), "none.safetensors: no such file");
        assertOneLineError(run("explain", "--model", cnn.toString(), "--data", "mnist", "--index", "0"), "unknown --data 'mnist'");
        assertOneLineError(run("explain", "--model", cnn.toString(), "--data", "rotmnist", "--index", "0"), "was trained on 'mitbih', not on --data rotmnist");
        assertOneLineError(run("explain", "--model", cnn.toString(), "--data", "mitbih", "--index", "0", "--method", "gnnexplainer", "--out", out.toString()),
                "--method gnnexplainer does not apply to --data mitbih");
        assertOneLineError(run("explain", "--model", cnn.toString(), "--data", "mitbih", "--index", "0", "--method", "gradcam-orient", "--out", out.toString()),
                "needs a symmetry-aware model");
        assertOneLineError(run("explain", "--model", cnn.toString(), "--data", "mitbih", "--index", "999999", "--out", out.toString()),
                "--index 999999 is out of range");
        assertOneLineError(run("explain", "--model", cnn.toString(), "--data", "mitbih", "--index", "x"), "Invalid value for option '--index'");
        assertOneLineError(run("experiment", "explain", "--preset", "huge", "--out", out.toString()), "unknown explain preset 'huge'");
        assertOneLineError(run("experiment", "explain", "--domains", "cifar", "--out", out.toString()), "unknown domain 'cifar'");
        assertOneLineError(run("experiment", "explain", "--methods", "lime", "--out", out.toString()), "unknown method 'lime' for --methods");
    }

    @Test
    void everyOptionHasHelp() {
        String[] r = run("explain", "--help");
        assertEquals("0", r[0]);
        for (String o : List.of("--model", "--data", "--index", "--method", "--out", "--samples", "--seed", "--mitdb", "--device", "--layer"))
            assertTrue(r[1].contains(o), o + " in " + r[1]);
        picocli.CommandLine c = Main.commandLine();
        for (String[] path : new String[][] {{"explain"}, {"experiment", "explain"}, {"train"}}) {
            picocli.CommandLine sub = c;
            for (String p : path) sub = sub.getSubcommands().get(p);
            for (picocli.CommandLine.Model.OptionSpec o : sub.getCommandSpec().options())
                assertTrue(o.description().length > 0 && !o.description()[0].isBlank() || o.usageHelp() || o.versionHelp(),
                        String.join(" ", path) + " " + o.longestName() + " has no description");
        }
    }
}
