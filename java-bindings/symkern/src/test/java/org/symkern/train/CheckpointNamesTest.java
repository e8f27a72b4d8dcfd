package org.symkern.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symkern.nn.Activation;
import org.symkern.nn.Conv2d;
import org.symkern.nn.InnerBatchNorm;
import org.symkern.nn.LayerNorm;
import org.symkern.nn.Linear;
import org.symkern.nn.Sequential;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/** PyTorch's state names for the normalization layers, old files still load, prefixes are added and stripped. */
class CheckpointNamesTest {
    @TempDir
    Path dir;

    private static Sequential model(long seed) {
        return new Sequential(new Conv2d(1, 3, 3, 1, 1, Device.CPU, seed), new InnerBatchNorm(3, 1, Device.CPU), Activation.relu(),
                new LayerNorm(5, Device.CPU), new Linear(5, 2, Device.CPU, seed + 1));
    }

    /** Two training forwards move the batch-norm statistics and the counter; the affine parameters get distinct values. */
    private static void perturb(Sequential m) {
        try (Scope s = Scope.open()) {
            m.forward(Fixtures.randn(1, 1.0, 2, 1, 5, 5));
            m.forward(Fixtures.randn(2, 1.0, 2, 1, 5, 5));
            for (Tensor p : m.parameters()) p.copyFrom(Fixtures.randn(p.numel() + 7, (int) p.numel(), 1.0));
        }
    }

    @Test
    void normalizationLayersUsePyTorchNames() {
        try (Sequential m = model(1)) {
            assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias", "4.weight", "4.bias",
                    "1.running_mean", "1.running_var", "1.num_batches_tracked"), List.copyOf(Checkpoint.state(m).keySet()));
            perturb(m);
            assertEquals(2, ((InnerBatchNorm) m.get(1)).batchesTracked());
        }
    }

    @Test
    void filesWithTheOldNamesStillLoad() {
        try (Sequential a = model(1); Sequential b = model(9)) {
            perturb(a);
            Map<String, Checkpoint.Entry> old = new LinkedHashMap<>();
            for (Map.Entry<String, Checkpoint.Entry> e : Checkpoint.snapshot(a).entrySet()) {
                String k = e.getKey();
                if (k.equals("1.num_batches_tracked")) continue;              // old files had no counter
                old.put(k.replace("1.weight", "1.gamma").replace("1.bias", "1.beta").replace("3.weight", "3.gamma")
                        .replace("3.bias", "3.beta"), e.getValue());
            }
            Path f = dir.resolve("old.safetensors");
            Checkpoint.saveEntries(f, old, Map.of());
            assertTrue(Checkpoint.load(f).tensors().containsKey("1.gamma"));
            Checkpoint.loadModule(f, b);
            Map<String, Checkpoint.Entry> want = Checkpoint.snapshot(a), got = Checkpoint.snapshot(b);
            for (String k : want.keySet())
                if (!k.endsWith("num_batches_tracked")) assertTrue(want.get(k).sameAs(got.get(k)), k);
            assertEquals(0, ((InnerBatchNorm) b.get(1)).batchesTracked(), "a missing counter reads as 0");
        }
    }

    @Test
    void prefixIsAddedOnSaveAndStrippedOnLoad() {
        try (Sequential a = model(1); Sequential b = model(9)) {
            perturb(a);
            Path f = dir.resolve("prefixed.safetensors");
            Checkpoint.saveModule(f, a, "backbone.", Map.of("k", "v"));
            assertTrue(Checkpoint.load(f).tensors().keySet().stream().allMatch(k -> k.startsWith("backbone.")));
            assertTrue(Checkpoint.load(f).tensors().containsKey("backbone.1.running_var"));
            Checkpoint.loadModule(f, b, "backbone.");
            Map<String, Checkpoint.Entry> want = Checkpoint.snapshot(a), got = Checkpoint.snapshot(b);
            for (String k : want.keySet()) assertTrue(want.get(k).sameAs(got.get(k)), k);
            assertThrows(org.symkern.data.DataFormatException.class, () -> Checkpoint.loadModule(f, b, ""));
        }
    }
}
