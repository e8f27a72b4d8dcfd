package org.symkern.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symkern.autograd.GradMode;
import org.symkern.models.P4Cnn;
import org.symkern.nn.GSpace;
import org.symkern.nn.GroupConv2d;
import org.symkern.nn.Module;
import org.symkern.nn.Sequential;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * A trained-looking P4CNN exported as a plain-convolution PyTorch network reproduces symkern's logits in PyTorch to
 * 1e-5 (run with /usr/bin/python3 and torch when present; skipped with the reason otherwise). The export's own checks
 * (names, shapes, unsupported layers) run everywhere.
 */
class TorchExportTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    /** Whether `python3 -c "import torch"` works here. */
    private static boolean torchAvailable() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** P4CNN with 4 fields and 3 classes; two training forwards move its batch-norm statistics; then eval mode. */
    private static P4Cnn model() {
        P4Cnn net = new P4Cnn(1, 4, 3, Device.CPU, 7);
        try (Scope s = Scope.open()) {
            net.forward(Fixtures.randn(11, 1.0, 4, 1, 28, 28));
            net.forward(Fixtures.randn(12, 1.5, 4, 1, 28, 28).add(0.2f));
        }
        net.train(false);
        return net;
    }

    @Test
    void exportWritesFoldedFiltersAndTheModuleSource() throws IOException {
        try (P4Cnn net = model()) {
            TorchExport.Files f = TorchExport.export(net, dir, "p4cnn", "P4CnnPlain");
            Checkpoint.Contents c = Checkpoint.load(f.weights());
            assertEquals(List.of(16L, 1L, 3L, 3L), dims(c.get("layers.0.weight")), "lifting: (cOut |G|, cIn, k, k)");
            assertEquals(List.of(16L, 16L, 3L, 3L), dims(c.get("layers.3.weight")), "group conv: (cOut |G|, cIn |G|, k, k)");
            assertArrayEquals(rep(net.convolutions().get(0).bias().toFloatArray(), 4), c.get("layers.0.bias").floats());
            assertNotEquals(0f, c.get("layers.1.running_mean").floats()[0], "batch-norm statistics were moved");
            assertEquals(2L, c.get("layers.1.num_batches_tracked").longs()[0]);
            String py = Files.readString(f.source());
            assertTrue(py.contains("class P4CnnPlain(nn.Module):"), py);
            assertTrue(py.contains("nn.Conv2d(16, 16, 3, stride=1, padding=0, bias=True),  # GroupConv2d(p4, 4->4, 3x3)"), py);
        }
    }

    /**
     * The exported weights, run as the generated module runs them but with symkern's plain ops (conv2d on the folded
     * map, batch norm on the (B, C, |G| h, w) view, max pools), give the model's logits: the folding is checked here
     * without torch.
     */
    @Test
    void exportedPlainConvolutionsReproduceTheLogitsInJava() {
        try (P4Cnn net = model(); Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            Tensor x = Fixtures.randn(22, 1.0, 2, 1, 28, 28);
            float[] want = net.forward(x).toFloatArray();
            Checkpoint.Contents c = Checkpoint.load(TorchExport.export(net, dir, "p4cnn", "P4CnnPlain").weights());
            List<Module> layers = TorchExport.flatten(net);
            Tensor h = x;
            int order = 4;
            for (int i = 0; i < layers.size(); i++) {
                Module m = layers.get(i);
                String k = "layers." + i + ".";
                if (m instanceof org.symkern.nn.GroupConvLayer) {
                    h = org.symkern.ops.Conv2d.apply(h, c.get(k + "weight").toTensor(Device.CPU), c.get(k + "bias").toTensor(Device.CPU),
                            new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1});
                } else if (m instanceof org.symkern.nn.InnerBatchNorm bn) {
                    long[] d = h.dims();
                    Tensor mean = c.get(k + "running_mean").toTensor(Device.CPU), var = c.get(k + "running_var").toTensor(Device.CPU);
                    h = org.symkern.ops.BatchNorm.apply(h.reshape(d[0], bn.channels(), -1, d[3]), c.get(k + "weight").toTensor(Device.CPU),
                            c.get(k + "bias").toTensor(Device.CPU), mean, var, false, bn.momentum(), bn.eps()).reshape(d);
                } else if (m instanceof org.symkern.nn.PlaneMaxPool) {
                    h = org.symkern.ops.MaxPool2d.apply(h, 2, 2, 0);
                } else if (m instanceof org.symkern.nn.Activation) {
                    h = h.relu();
                } else if (m instanceof org.symkern.nn.GroupPool) {
                    h = h.reshape(h.dim(0), -1, order, h.dim(2), h.dim(3)).max(2, false);
                } else if (m instanceof org.symkern.nn.GlobalPool) {
                    h = h.reshape(h.dim(0), h.dim(1), -1).max(2, false);
                } else {
                    fail("unexpected layer " + m.name());
                }
            }
            float[] got = h.toFloatArray();
            assertEquals(want.length, got.length);
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-5, "logit " + i);
        }
    }

    @Test
    void unsupportedLayersAreNamed() {
        try (Sequential s = new Sequential(new GroupConv2d(GSpace.P4, 1, 1, 3, Device.CPU, 1), new Odd())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TorchExport.export(s, dir, "x", "X"));
            assertTrue(e.getMessage().startsWith("TorchExport: layer 1 (Odd, Odd) has no plain-PyTorch export"), e.getMessage());
        }
    }

    @Test
    void exportedNetworkReproducesTheLogitsInPyTorch() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)) && torchAvailable(),
                "skipped: " + PYTHON + " with torch is not installed (Debian: apt-get install python3-torch)");
        try (P4Cnn net = model(); Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            Tensor x = Fixtures.randn(21, 1.0, 3, 1, 28, 28);
            float[] want = net.forward(x).toFloatArray();
            TorchExport.Files f = TorchExport.export(net, dir, "p4cnn", "P4CnnPlain");
            Path io = dir.resolve("x.safetensors");
            Checkpoint.save(io, Map.of("x", x), Map.of());
            String script = String.join("\n",
                    "import importlib.util, json, sys, torch",
                    "spec = importlib.util.spec_from_file_location('exported', sys.argv[1])",
                    "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)",
                    "net = m.load(sys.argv[2])",
                    "with torch.no_grad():",
                    "    y = net(m.read_safetensors(sys.argv[3])['x'])",
                    "print(json.dumps(y.flatten().tolist()))");
            Process p = new ProcessBuilder(PYTHON, "-c", script, f.source().toString(), f.weights().toString(), io.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python did not finish");
            assertEquals(0, p.exitValue(), out);
            String[] lines = out.strip().split("\n");
            JsonArray got = JsonParser.parseString(lines[lines.length - 1]).getAsJsonArray();
            assertEquals(want.length, got.size());
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got.get(i).getAsDouble(), 1e-5, "logit " + i);
        }
    }

    private static List<Long> dims(Checkpoint.Entry e) {
        return java.util.Arrays.stream(e.shape().dims()).boxed().toList();
    }

    private static float[] rep(float[] b, int g) {
        float[] out = new float[b.length * g];
        for (int o = 0; o < b.length; o++) for (int t = 0; t < g; t++) out[o * g + t] = b[o];
        return out;
    }

    /** A layer the export does not know. */
    private static final class Odd extends Module {
        Odd() {
            super("Odd");
        }

        @Override
        public Tensor forward(Tensor x) {
            return x;
        }
    }
}
