package org.symkern.models;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.symkern.autograd.GradMode;
import org.symkern.data.DataFormatException;
import org.symkern.data.GraphBatch;
import org.symkern.data.TuDataset;
import org.symkern.nn.GSpace;
import org.symkern.nn.Module;
import org.symkern.ops.Reduce;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;
import org.symkern.train.Checkpoint;

/** Models.save / Models.load: a reloaded model computes bit-identical logits; bad files fail naming the file and field. */
class ModelsSaveLoadTest {
    @TempDir
    Path dir;

    static ModelSpec spec(String name) {
        return switch (name) {
            case "mlp" -> ModelSpec.mlp(784, new int[] {32, 16}, 10, 0.2f);
            case "z2cnn" -> ModelSpec.z2cnn(1, 6, 10, 0.3f);
            case "salf-cnn-p4" -> ModelSpec.salfCnn(GSpace.P4, 1, 4, 10, 0.1f, false);
            case "salf-cnn-p4-symmetric" -> ModelSpec.salfCnn(GSpace.P4, 1, 4, 10, 0.1f, true);
            case "salf-cnn-p4m" -> ModelSpec.salfCnn(GSpace.P4M, 1, 3, 10, 0.1f, false);
            case "salf-cnn-c8" -> ModelSpec.salfCnn(GSpace.C8, 1, 3, 10, 0.1f, false);
            case "cnn1d" -> ModelSpec.cnn1d(1, 8, 2);
            case "salf-cnn1d" -> ModelSpec.salfCnn1d(1, 6, 2, 0.1f, false);
            case "salf-cnn1d-symmetric" -> ModelSpec.salfCnn1d(1, 6, 2, 0.1f, true);
            default -> throw new IllegalArgumentException(name);
        };
    }

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextDouble();
        return a;
    }

    /** Logits of `m` on x in eval mode after one training-mode forward pass (which moves batch-norm running statistics). */
    static float[] logits(Module m, float[] x, long[] shape) {
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            m.train(true);
            m.forward(Tensor.of(x, shape));
            m.train(false);
            return m.forward(Tensor.of(x, shape)).toFloatArray();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "z2cnn", "salf-cnn-p4", "salf-cnn-p4-symmetric", "salf-cnn-p4m", "salf-cnn-c8", "cnn1d", "salf-cnn1d",
            "salf-cnn1d-symmetric"})
    void reloadedImageAndSignalModelsGiveIdenticalLogits(String name) {
        ModelSpec spec = spec(name);
        boolean signal = spec.kind().contains("1d");
        long[] in = spec.kind().equals("mlp") ? new long[] {4, 784} : signal ? new long[] {4, 1, 181} : new long[] {4, 1, 28, 28};
        float[] x = random((int) (in[0] * (in.length == 2 ? in[1] : in.length == 3 ? in[2] : 28 * 28)), 7);
        Path f = dir.resolve(name + ".safetensors");
        float[] before;
        try (Module m = Models.build(spec, Device.CPU, 3)) {
            before = logits(m, x, in);
            Models.save(f, m, spec, signal ? new long[] {1, 1, 181} : new long[] {1, 28, 28}, classes(spec), Map.of("symkern.data", "test"));
        }
        try (Models.Loaded l = Models.load(f, Device.CPU)) {
            assertEquals(spec, l.spec());
            assertFalse(l.model().isTraining());
            assertEquals("test", l.metadata().get("symkern.data"));
            assertEquals(classes(spec), l.classNames());
            float[] after;
            try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
                after = l.model().forward(Tensor.of(x, in)).toFloatArray();
            }
            assertArrayEquals(before, after, 0f, name);
        }
        // a model built with another seed computes something else (the test can fail)
        try (Module other = Models.build(spec, Device.CPU, 4)) {
            assertFalse(java.util.Arrays.equals(before, logits(other, x, in)));
        }
    }

    static List<String> classes(ModelSpec spec) {
        int n = Integer.parseInt(spec.args().get("classes"));
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "c" + i).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gcn", "salf-gnn", "salf-gnn-symmetric"})
    void reloadedGraphModelsGiveIdenticalLogits(String name) {
        int[] all = new int[1113];
        for (int i = 0; i < all.length; i++) all[i] = i;
        TuDataset proteins = TuDataset.proteins().standardizeAttributes(all);
        int in = proteins.featureDim;
        ModelSpec spec = switch (name) {
            case "gcn" -> ModelSpec.gcn(in, 16, 3, 2, Reduce.Op.MEAN, 0.5f);
            case "salf-gnn" -> ModelSpec.salfGnn(in, 16, 3, 2, Reduce.Op.SUM, 0.5f, false, 1f);
            default -> ModelSpec.salfGnn(in, 16, 3, 2, Reduce.Op.SUM, 0.5f, true, 1f);
        };
        int[] graphs = {0, 17, 250, 600, 901};
        Path f = dir.resolve(name + ".safetensors");
        float[] before;
        try (Module m = Models.build(spec, Device.CPU, 5)) {
            try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
                m.train(false);
                before = ((GraphClassifier) m).logits(GraphBatch.of(proteins, graphs, 0, graphs.length, Device.CPU)).toFloatArray();
            }
            Models.save(f, m, spec, new long[] {in}, List.of("a", "b"), Map.of());
        }
        try (Models.Loaded l = Models.load(f, Device.CPU); Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            float[] after = ((GraphClassifier) l.model()).logits(GraphBatch.of(proteins, graphs, 0, graphs.length, Device.CPU)).toFloatArray();
            assertArrayEquals(before, after, 0f);
        }
    }

    @Test
    void reloadedBaShapesNodeClassifierGivesIdenticalLogits() {
        for (GcnNodeClassifier.Aggregation a : GcnNodeClassifier.Aggregation.values()) reloadsIdentically(a);
    }

    private void reloadsIdentically(GcnNodeClassifier.Aggregation aggregation) {
        org.symkern.data.BaShapes data = org.symkern.data.BaShapes.generate(3);
        ModelSpec spec = ModelSpec.gcnNode(org.symkern.data.BaShapes.FEATURES, 20, 3, org.symkern.data.BaShapes.CLASSES, aggregation);
        Path f = dir.resolve("gcn-node-" + aggregation.key() + ".safetensors");
        float[] before;
        try (Module m = Models.build(spec, Device.CPU, 5); Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            m.train(false);
            before = ((GcnNodeClassifier) m).logits(Tensor.of(data.features, data.nodes, org.symkern.data.BaShapes.FEATURES),
                    Tensor.ofInts(data.src, org.symkern.tensor.Shape.of(data.src.length), Device.CPU),
                    Tensor.ofInts(data.dst, org.symkern.tensor.Shape.of(data.dst.length), Device.CPU), null).toFloatArray();
            Models.save(f, m, spec, new long[] {org.symkern.data.BaShapes.FEATURES}, List.of("base", "top", "middle", "bottom"), Map.of());
        }
        try (Models.Loaded l = Models.load(f, Device.CPU); Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            assertEquals(aggregation, ((GcnNodeClassifier) l.model()).aggregation());
            float[] after = ((GcnNodeClassifier) l.model()).logits(Tensor.of(data.features, data.nodes, org.symkern.data.BaShapes.FEATURES),
                    Tensor.ofInts(data.src, org.symkern.tensor.Shape.of(data.src.length), Device.CPU),
                    Tensor.ofInts(data.dst, org.symkern.tensor.Shape.of(data.dst.length), Device.CPU), null).toFloatArray();
            assertArrayEquals(before, after, 0f);
        }
    }

    @Test
    void aFileWithoutModelMetadataNamesTheFileAndField() {
        Path f = dir.resolve("plain.safetensors");
        try (Module m = Models.build(spec("cnn1d"), Device.CPU, 1)) {
            Checkpoint.saveModule(f, m, Map.of());
        }
        DataFormatException e = assertThrows(DataFormatException.class, () -> Models.load(f, Device.CPU));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("'symkern.model.kind' is missing"), e.getMessage());
    }

    @Test
    void anUnknownKindIsNamed() throws Exception {
        Path f = dir.resolve("unknown.safetensors");
        Checkpoint.saveEntries(f, Map.of(), Map.of(Models.KIND, "transformer", Models.INPUT_SHAPE, "3", Models.CLASSES, "a,b"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Models.load(f, Device.CPU));
        assertTrue(e.getMessage().contains("unknown model kind 'transformer'"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void aMissingOrMalformedArgumentIsNamed() {
        Path f = dir.resolve("arg.safetensors");
        try (Module m = Models.build(spec("cnn1d"), Device.CPU, 1)) {
            Models.save(f, m, spec("cnn1d"), new long[] {1, 1, 181}, List.of("a", "b"), Map.of());
        }
        Checkpoint.Contents c = Checkpoint.load(f);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.remove("symkern.model.channels");
        Path g = dir.resolve("missing.safetensors");
        Checkpoint.saveEntries(g, c.tensors(), meta);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Models.load(g, Device.CPU));
        assertTrue(e.getMessage().contains("'symkern.model.channels' is missing"), e.getMessage());
        meta.put("symkern.model.channels", "eight");
        Checkpoint.saveEntries(g, c.tensors(), meta);
        e = assertThrows(DataFormatException.class, () -> Models.load(g, Device.CPU));
        assertTrue(e.getMessage().contains("'symkern.model.channels' = 'eight' is not a positive integer"), e.getMessage());
        meta.put("symkern.model.channels", "9");                          // another width: the tensors no longer fit
        Checkpoint.saveEntries(g, c.tensors(), meta);
        e = assertThrows(DataFormatException.class, () -> Models.load(g, Device.CPU));
        assertTrue(e.getMessage().contains(g.toString()), e.getMessage());
        assertTrue(Files.exists(g));
    }
}
