package org.symkern.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symkern.cli.salf.EcgDomain;
import org.symkern.cli.salf.SalfDomain;
import org.symkern.models.Models;
import org.symkern.salf.SignalLearner;
import org.symkern.tensor.Device;
import org.symkern.train.Fit;

/** {@code symkern train --save}: the saved model, loaded back with Models.load, reproduces the printed test accuracy. */
class TrainSaveTest {
    @TempDir
    Path dir;

    @Test
    void aSavedSalfModelReproducesItsTestAccuracy() {
        Path f = dir.resolve("salf.safetensors");
        String[] r = TrainCommandTest.run("--model", "salf", "--data", "mitbih", "--epochs", "1", "--quiet", "--save", f.toString());
        assertEquals("0", r[0], r[2]);
        Matcher m = Pattern.compile("test accuracy: ([0-9.]+)").matcher(r[1]);
        assertTrue(m.find(), r[1]);
        try (Models.Loaded l = Models.load(f, Device.CPU)) {
            assertEquals("salf-cnn1d", l.spec().kind());
            assertEquals("false", l.spec().args().get("symmetric_only"));
            assertEquals("mitbih", l.metadata().get("symkern.data"));
            assertEquals("1", l.metadata().get("symkern.split_seed"));
            assertEquals("salf", l.metadata().get("symkern.arm"));
            assertEquals(java.util.List.of("normal", "arrhythmic"), l.classNames());
            assertArrayEquals(new long[] {1, 1, 181}, l.inputShape());
            EcgDomain d = new EcgDomain(false, null, Device.CPU);
            SalfDomain.Split split = d.splits(1).get(0);
            double acc = Fit.evaluate(new SignalLearner(l.model(), d.allBeats()), split.test(), 128).accuracy();
            assertEquals(m.group(1), String.format(java.util.Locale.ROOT, "%.4f", acc));
        }
    }

    @Test
    void aSavedMlpReproducesItsTestAccuracy() {
        Path f = dir.resolve("sub/mlp.safetensors");
        String[] r = TrainCommandTest.run("--model", "mlp", "--epochs", "1", "--train-size", "300", "--test-size", "200", "--hidden", "16",
                "--quiet", "--save", f.toString());
        assertEquals("0", r[0], r[2]);
        Matcher m = Pattern.compile("test accuracy: ([0-9.]+)").matcher(r[1]);
        assertTrue(m.find(), r[1]);
        try (Models.Loaded l = Models.load(f, Device.CPU)) {
            assertEquals("mlp", l.spec().kind());
            assertEquals("16", l.spec().args().get("hidden"));
            org.symkern.data.ImageDataset all = org.symkern.data.Mnist.embedded();
            int[][] parts = org.symkern.data.Split.stratified(all.labels, new int[] {300, 200}, 1);
            double acc = Fit.evaluate(new org.symkern.salf.ImageLearner(l.model(), all), parts[1], 128).accuracy();
            assertEquals(m.group(1), String.format(java.util.Locale.ROOT, "%.4f", acc));
        }
    }
}
