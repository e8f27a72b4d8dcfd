package org.symkern;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symkern.asen.Asen;
import org.symkern.asen.AsenTrainer;
import org.symkern.asen.task.TaskSamples;
import org.symkern.asen.task.UserTask;
import org.symkern.data.GraphBatch;
import org.symkern.data.ImageDataset;
import org.symkern.data.MiniBatches;
import org.symkern.data.SetDataset;
import org.symkern.data.TuDataset;
import org.symkern.group.PermutationGroup;
import org.symkern.models.Gcn;
import org.symkern.models.P4Cnn;
import org.symkern.nn.Activation;
import org.symkern.nn.Conv2d;
import org.symkern.nn.DeepSets;
import org.symkern.nn.Flatten;
import org.symkern.nn.GSpace;
import org.symkern.nn.GroupConv2d;
import org.symkern.nn.InnerBatchNorm;
import org.symkern.nn.LiftingConv2d;
import org.symkern.nn.Linear;
import org.symkern.nn.PlaneMaxPool;
import org.symkern.nn.Sequential;
import org.symkern.ops.Reduce;
import org.symkern.optim.Sgd;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;
import org.symkern.train.Checkpoint;
import org.symkern.train.TorchExport;

/** The examples of docs/user-guide.md, as written there, compile and run (with the results they state). */
class UserGuideExamplesTest {
    @TempDir
    Path dir;

    @Test
    void imagesWithMiniBatchesAndSgd() {
        float[] pixels = new float[100 * 8 * 8];
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) labels[i] = i % 2;
        ImageDataset data = new ImageDataset(pixels, labels, 1, 8, 8, 2);
        try (Sequential net = new Sequential(new Conv2d(1, 4, 3, 1, 1, Device.CPU, 1), Activation.relu(),
                new PlaneMaxPool(4, 4, 0), new Flatten(), new Linear(16, 2, Device.CPU, 2));
             Sgd opt = Sgd.builder(net.parameters()).lr(0.1f).momentum(0.9f).build()) {
            MiniBatches batches = new MiniBatches(data.count, 16, true, 7L);
            for (int epoch = 0; epoch < 3; epoch++)
                for (int[] idx : batches.epoch(epoch))
                    try (Scope step = Scope.open()) {
                        Tensor x = data.images(idx, 0, idx.length, Device.CPU);
                        Tensor y = data.labels(idx, 0, idx.length, Device.CPU);
                        opt.zeroGrad();
                        net.forward(x).crossEntropy(y).backward();
                        opt.step();
                    }
            assertEquals(21, opt.steps());
        }
    }

    @Test
    void graphsFromEdgeLists() {
        List<TuDataset.Graph> graphs = new ArrayList<>();
        graphs.add(TuDataset.Graph.undirected(4, new int[] {0, 0, 0}, new int[] {1, 2, 3}, new float[] {1, 1, 1, 1}, 1, 1));
        graphs.add(TuDataset.Graph.undirected(4, new int[] {0, 1, 2, 3}, new int[] {1, 2, 3, 0}, new float[] {1, 1, 1, 1}, 1, 0));
        TuDataset data = TuDataset.of("mine", graphs, 1, 2);
        try (Gcn net = new Gcn(1, 16, 2, 2, Reduce.Op.MEAN, 0f, Device.CPU, 5); Scope s = Scope.open()) {
            GraphBatch b = GraphBatch.of(data, new int[] {0, 1}, 0, 2, Device.CPU);
            Tensor logits = net.logits(b);
            assertEquals(Shape.of(2, 2), logits.shape());
        }
    }

    @Test
    void sets() {
        SetDataset sets = new SetDataset(List.of(new float[] {0, 1, 2, 2}, new float[] {0.5f, 0.5f}), new int[] {1, 0}, 2, 2);
        try (DeepSets net = new DeepSets(new Sequential(new Linear(2, 16, Device.CPU, 6), Activation.relu()), Reduce.Op.MAX,
                new Linear(16, 2, Device.CPU, 7)); Scope s = Scope.open()) {
            SetDataset.Batch b = sets.batch(new int[] {0, 1}, 0, 2, Device.CPU);
            Tensor logits = net.forward(b.x(), b.offsets());
            assertEquals(Shape.of(2, 2), logits.shape());
        }
    }

    @Test
    void asenUserTask() {
        PermutationGroup reversal = PermutationGroup.fromArrays(6, new int[][] {{5, 4, 3, 2, 1, 0}});
        UserTask task = UserTask.nodeMask("mirror-equal", 6, 2, reversal);
        int[][] tokens = {{0, 1, 1, 0, 0, 0}, {1, 1, 0, 0, 1, 1}};
        int[][] labels = {{1, 0, 1, 1, 0, 1}, {1, 1, 1, 1, 1, 1}};
        TaskSamples samples = TaskSamples.nodeMasks(task, tokens, labels);
        Asen.Config cfg = Asen.Config.reference().withHidden(16).withLayers(2).withHeads(2);
        try (Asen model = new Asen(task, cfg, Device.CPU, 1);
             AsenTrainer trainer = new AsenTrainer(model, AsenTrainer.Rates.uniform(0.01f), 2, 1)) {
            assertTrue(Double.isFinite(trainer.epoch(0, samples)));
        }
    }

    @Test
    void tensorOperations() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor t = x.transpose(0, 1);
            Tensor both = Tensor.cat(List.of(x, x.narrow(1, 0, 1)), 1);
            int[] best = x.argmax(1).toIntArray();
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, t.toFloatArray());
            assertEquals(Shape.of(2, 4), both.shape());
            assertArrayEquals(new int[] {2, 2}, best);
        }
    }

    @Test
    void typedFields() {
        try (Scope s = Scope.open();
             LiftingConv2d lift = new LiftingConv2d(GSpace.P4M, 1, 2, 3, Device.CPU, 1);
             GroupConv2d c8 = new GroupConv2d(GSpace.C8, 2, 2, 3, Device.CPU, 2)) {
            Tensor h = lift.forward(Tensor.zeros(1, 1, 14, 14));
            assertThrows(IllegalArgumentException.class, () -> c8.forward(h));
        }
    }

    @Test
    void threads() {
        Symkern.setNumThreads(2);
        int t = Symkern.numThreads();
        Symkern.setNumThreads(0);
        assertEquals(2, t);
    }

    @Test
    void importAndExport() throws Exception {
        Path weights = Path.of(getClass().getResource("/org/symkern/train/torch_cnn.safetensors").toURI());
        try (Sequential net = new Sequential(new Conv2d(1, 4, 3, 1, 1, Device.CPU, 0), new InnerBatchNorm(4, 1, Device.CPU),
                Activation.relu(), new PlaneMaxPool(2, 2, 0), new Flatten(), new Linear(64, 3, Device.CPU, 0))) {
            Checkpoint.loadModule(weights, net);
            net.train(false);
        }
        try (P4Cnn net = new P4Cnn(1, 4, 3, Device.CPU, 7)) {
            net.train(false);
            TorchExport.export(net, dir.resolve("out"), "p4cnn", "P4CnnPlain");
        }
        assertTrue(Files.exists(dir.resolve("out/p4cnn.py")) && Files.exists(dir.resolve("out/p4cnn.safetensors")));
    }
}
