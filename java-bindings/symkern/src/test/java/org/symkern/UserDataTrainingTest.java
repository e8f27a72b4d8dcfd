package org.symkern;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.symkern.asen.Asen;
import org.symkern.asen.AsenTrainer;
import org.symkern.asen.task.TaskSamples;
import org.symkern.asen.task.UserTask;
import org.symkern.autograd.GradMode;
import org.symkern.data.GraphBatch;
import org.symkern.data.ImageDataset;
import org.symkern.data.MiniBatches;
import org.symkern.data.SetDataset;
import org.symkern.data.TuDataset;
import org.symkern.group.PermutationGroup;
import org.symkern.models.Gcn;
import org.symkern.nn.Activation;
import org.symkern.nn.Conv1d;
import org.symkern.nn.Conv2d;
import org.symkern.nn.DeepSets;
import org.symkern.nn.Flatten;
import org.symkern.nn.GlobalPool;
import org.symkern.nn.Linear;
import org.symkern.nn.Module;
import org.symkern.nn.Sequential;
import org.symkern.ops.Reduce;
import org.symkern.optim.Adam;
import org.symkern.optim.Optimizer;
import org.symkern.optim.Sgd;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * A user's own data, built in the test, trains through the public API: images and signals from float arrays, graphs
 * from edge lists, sets of vectors, and an ASEN task with the user's own generators and samples. Each task is
 * learnable and balanced (chance 50%); held-out accuracy must clear chance by a wide margin.
 */
class UserDataTrainingTest {
    private static final Device CPU = Device.CPU;

    /** Held-out accuracy of logits(idx) against labels. */
    private static double accuracy(java.util.function.Function<int[], Tensor> logits, int[] labels, int[] idx) {
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            int[] pred = logits.apply(idx).argmax(1).toIntArray();
            int right = 0;
            for (int k = 0; k < idx.length; k++) if (pred[k] == labels[idx[k]]) right++;
            return (double) right / idx.length;
        }
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }

    /** Trains with cross-entropy over shuffled mini-batches of the first `train` examples. */
    private static void fit(Module model, Optimizer opt, int train, int epochs, java.util.function.Function<int[], Tensor> logits,
                            java.util.function.Function<int[], Tensor> labels) {
        MiniBatches batches = new MiniBatches(train, 16, true, 3L);
        for (int e = 0; e < epochs; e++)
            for (int[] idx : batches.epoch(e))
                try (Scope step = Scope.open()) {
                    opt.zeroGrad();
                    logits.apply(idx).crossEntropy(labels.apply(idx)).backward();
                    opt.step();
                }
    }

    @Test
    void imagesFromFloatArraysTrainAboveChance() {
        // class 1: a bright 3x3 square in the left half of an 8x8 image; class 0: in the right half; plus noise
        SplittableRandom r = new SplittableRandom(1);
        int n = 160;
        float[] px = new float[n * 64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            int c0 = y[i] == 1 ? r.nextInt(0, 2) : r.nextInt(4, 6), r0 = r.nextInt(0, 6);
            for (int p = 0; p < 64; p++) px[i * 64 + p] = (float) (0.1 * r.nextGaussian());
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 3; b++) px[i * 64 + (r0 + a) * 8 + c0 + b] += 1f;
        }
        ImageDataset data = new ImageDataset(px, y, 1, 8, 8, 2);
        try (Sequential net = new Sequential(new Conv2d(1, 4, 3, 1, 1, CPU, 1), Activation.relu(),
                new org.symkern.nn.PlaneMaxPool(4, 4, 0), new Flatten(), new Linear(16, 2, CPU, 2));
             Sgd opt = Sgd.builder(net.parameters()).lr(0.1f).momentum(0.9f).build()) {
            int[] all = range(0, n);
            fit(net, opt, 120, 15, idx -> net.forward(data.images(idx, 0, idx.length, CPU)), idx -> data.labels(idx, 0, idx.length, CPU));
            double acc = accuracy(idx -> net.forward(data.images(idx, 0, idx.length, CPU)), y, range(120, n));
            assertTrue(acc >= 0.85, "held-out accuracy " + acc);
            assertTrue(net.get(-1) instanceof Linear);
            assertEquals(n, all.length);
        }
    }

    @Test
    void signalsFromFloatArraysTrainAboveChance() {
        // class 0: a slow sine, class 1: a fast one; random phase and amplitude
        SplittableRandom r = new SplittableRandom(2);
        int n = 160, t = 32;
        float[] v = new float[n * t];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double f = y[i] == 0 ? 1.0 / 16 : 1.0 / 4, ph = r.nextDouble() * 2 * Math.PI, amp = 0.5 + r.nextDouble();
            for (int k = 0; k < t; k++) v[i * t + k] = (float) (amp * Math.sin(2 * Math.PI * f * k + ph) + 0.05 * r.nextGaussian());
        }
        ImageDataset data = ImageDataset.signals(v, y, 1, t, 2);
        try (Sequential net = new Sequential(new Conv1d(1, 6, 5, 1, 2, CPU, 3), Activation.relu(),
                new GlobalPool(Reduce.Op.MEAN, 1), new Linear(6, 2, CPU, 4));
             Adam opt = new Adam(net.parameters(), 0.03f)) {
            fit(net, opt, 120, 20, idx -> net.forward(data.signals(idx, 0, idx.length, CPU)), idx -> data.labels(idx, 0, idx.length, CPU));
            double acc = accuracy(idx -> net.forward(data.signals(idx, 0, idx.length, CPU)), y, range(120, n));
            assertTrue(acc >= 0.85, "held-out accuracy " + acc);
        }
    }

    @Test
    void graphsFromEdgeListsTrainAboveChance() {
        // class 1: a star (one hub), class 0: a cycle; 5..9 nodes either way, constant node features
        SplittableRandom r = new SplittableRandom(3);
        List<TuDataset.Graph> graphs = new ArrayList<>();
        int n = 120;
        for (int i = 0; i < n; i++) {
            int label = i % 2, nodes = r.nextInt(5, 10);
            int[] a = new int[nodes - (label == 1 ? 1 : 0)], b = new int[a.length];
            for (int e = 0; e < a.length; e++) {
                a[e] = label == 1 ? 0 : e;
                b[e] = label == 1 ? e + 1 : (e + 1) % nodes;
            }
            float[] x = new float[nodes];
            java.util.Arrays.fill(x, 1f);
            graphs.add(TuDataset.Graph.undirected(nodes, a, b, x, 1, label));
        }
        TuDataset data = TuDataset.of("stars-vs-cycles", graphs, 1, 2);
        assertEquals(2, data.classes);
        try (Gcn net = new Gcn(1, 16, 2, 2, Reduce.Op.MEAN, 0f, CPU, 5);
             Adam opt = new Adam(net.parameters(), 0.03f)) {
            fit(net, opt, 80, 40, idx -> net.logits(GraphBatch.of(data, idx, 0, idx.length, CPU)),
                    idx -> GraphBatch.of(data, idx, 0, idx.length, CPU).labels);
            net.train(false);
            double acc = accuracy(idx -> net.logits(GraphBatch.of(data, idx, 0, idx.length, CPU)), data.labels, range(80, n));
            assertTrue(acc >= 0.85, "held-out accuracy " + acc);
        }
    }

    @Test
    void setsFromFloatArraysTrainAboveChance() {
        // class 1: the set holds a vector near (2, 2); class 0: it does not; 2..6 vectors per set
        SplittableRandom r = new SplittableRandom(4);
        int n = 160;
        List<float[]> sets = new ArrayList<>();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            int m = r.nextInt(2, 7);
            float[] s = new float[2 * m];
            for (int k = 0; k < 2 * m; k++) s[k] = (float) r.nextGaussian() * 0.5f;
            if (y[i] == 1) {
                int k = r.nextInt(m);
                s[2 * k] = 2f;
                s[2 * k + 1] = 2f;
            }
            sets.add(s);
        }
        SetDataset data = new SetDataset(sets, y, 2, 2);
        try (DeepSets net = new DeepSets(new Sequential(new Linear(2, 16, CPU, 6), Activation.relu()), Reduce.Op.MAX,
                new Linear(16, 2, CPU, 7));
             Adam opt = new Adam(net.parameters(), 0.02f)) {
            java.util.function.Function<int[], Tensor> logits = idx -> {
                SetDataset.Batch b = data.batch(idx, 0, idx.length, CPU);
                return net.forward(b.x(), b.offsets());
            };
            fit(net, opt, 120, 20, logits, idx -> data.batch(idx, 0, idx.length, CPU).labels());
            double acc = accuracy(logits, y, range(120, n));
            assertTrue(acc >= 0.85, "held-out accuracy " + acc);
        }
    }

    @Test
    void asenTaskFromOwnGeneratorsAndSamplesTrainsAboveChance() {
        // node i is 1 iff token i equals its mirror token n-1-i: equivariant under reversal (the user's generator)
        int len = 6;
        PermutationGroup reversal = PermutationGroup.fromArrays(len, new int[][] {{5, 4, 3, 2, 1, 0}});
        UserTask task = UserTask.nodeMask("mirror-equal", len, 2, reversal);
        SplittableRandom r = new SplittableRandom(5);
        int n = 240;
        int[][] x = new int[n][len], yl = new int[n][len];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < len; k++) x[i][k] = r.nextInt(2);
            for (int k = 0; k < len; k++) yl[i][k] = x[i][k] == x[i][len - 1 - k] ? 1 : 0;
        }
        TaskSamples all = TaskSamples.nodeMasks(task, x, yl);
        TaskSamples train = all.subset(range(0, 180)), test = all.subset(range(180, n));
        Asen.Config cfg = Asen.Config.reference().withHidden(16).withLayers(2).withHeads(2).withOutputDropout(0f);
        try (Asen model = new Asen(task, cfg, CPU, 1);
             AsenTrainer trainer = new AsenTrainer(model, AsenTrainer.Rates.uniform(0.01f), 30, 1)) {
            for (int e = 0; e < 30; e++) trainer.epoch(0, train);
            AsenTrainer.Evaluation ev = trainer.evaluate(0, test);
            assertTrue(ev.accuracy() >= 0.8, "held-out per-node accuracy " + ev.accuracy());
        }
        assertThrows(UnsupportedOperationException.class, () -> task.sample(3, 1));
    }
}
