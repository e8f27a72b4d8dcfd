package org.symkern.cli.report;

import org.symkern.io.AtomicFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @TempDir Path dir;

    @Test
    void tickLabelsAreShortAndSeedCountsAreGrammatical() {
        assertEquals("0.543", Charts.tick(0.542933333333333));
        assertEquals("0.267", Charts.tick(0.266666666666667));
        assertEquals("2,500", Charts.tick(2500));
        assertEquals("1", Charts.tick(1.0000000001));
        assertEquals("0.05", Charts.tick(0.05));
        assertEquals("0", Charts.tick(1e-17));
        assertEquals("1 seed", Charts.count(1, "seed"));
        assertEquals("3 seeds", Charts.count(3, "seed"));
        assertEquals(10, Charts.step(100));
        assertEquals(1, Charts.step(9));
        assertEquals(5, Charts.step(36));
    }

    @Test
    void aBandedLogScaleChartIsWritten(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("band.png");
        Charts.lines(png, "t", "size", "acc", List.of(new Charts.Series("a (mean ± std)", new double[] {0.05, 0.15, 0.5, 1}, new double[] {0.5, 0.7, 0.9, 1},
                new double[] {0.1, 0.05, 0.02, 0})), true, 400, 300);
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(400, img.getWidth());
        assertEquals(300, img.getHeight());
    }

    @Test
    void meanStdUsesTheSampleStandardDeviation() {
        MeanStd m = MeanStd.of(0.9, 0.95, 1.0);
        assertEquals(0.95, m.mean(), 1e-12);
        assertEquals(0.05, m.std(), 1e-12);
        assertEquals("95.00 ± 5.00", m.format(100, 2));
        assertEquals(0, MeanStd.of(3).std());
        assertThrows(IllegalArgumentException.class, MeanStd::of);
    }

    @Test
    void markdownTableEscapesPipesAndRejectsRaggedRows() {
        String t = new MarkdownTable("model", "acc").row("a|b", 0.5).toString();
        assertEquals("| model | acc |\n|---|---|\n| a\\|b | 0.5 |\n", t);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MarkdownTable("a", "b").row("x"));
        assertTrue(e.getMessage().contains("1 cells"), e.getMessage());
    }

    @Test
    void atomicWriteKeepsTheOldFileWhenTheWriterFails() throws IOException {
        Path f = dir.resolve("r.json");
        AtomicFiles.writeString(f, "old");
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "the temporary file is removed");
        }
    }

    @Test
    void jsonKeepsNanAndRoundTrips() {
        Path f = dir.resolve("sub/x.json");
        Json.write(f, Map.of("acc", Double.NaN, "runs", List.of(1, 2)));
        var tree = Json.read(f).getAsJsonObject();
        assertTrue(Double.isNaN(tree.get("acc").getAsDouble()));
        assertEquals(2, tree.getAsJsonArray("runs").size());
    }

    @Test
    void jsonReadNamesAMalformedFile() throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"a\": [1, 2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.read(f));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("malformed"), e.getMessage());
    }

    @Test
    void chartsWritePngImagesOfTheRequestedSize() throws IOException {
        Path lines = dir.resolve("curve.png");
        Charts.lines(lines, "loss", "epoch", "loss", List.of(Charts.Series.ofEpochs("train", new double[] {1, 0.5, Double.NaN, 0.2}),
                new Charts.Series("val", new double[] {1, 2}, new double[] {0.9, 0.7})), false, 400, 300);
        BufferedImage img = ImageIO.read(lines.toFile());
        assertEquals(400, img.getWidth());
        assertEquals(300, img.getHeight());
        Path heat = dir.resolve("heat.png");
        Charts.heatmap(heat, "distances", "edge", "edge", new double[][] {{0, 1}, {1, 0}}, 300);
        assertEquals(300, ImageIO.read(heat.toFile()).getWidth());
        assertThrows(IllegalArgumentException.class, () -> Charts.heatmap(heat, "ragged", "edge", "edge", new double[][] {{0, 1}, {1}}, 300));
    }
}
