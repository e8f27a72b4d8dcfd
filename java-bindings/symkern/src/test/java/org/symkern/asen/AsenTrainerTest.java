package org.symkern.asen;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.symkern.asen.task.Task;
import org.symkern.asen.task.TaskSamples;
import org.symkern.asen.task.Tasks;
import org.symkern.tensor.Device;

/** Training smoke tests of ASEN on the synthetic tasks (small models, a few hundred Adam steps on the CPU). */
class AsenTrainerTest {
    static final Asen.Config SMALL = Asen.Config.reference().withHidden(32).withLayers(2);

    /** Fraction of node labels equal to the majority label: the best constant predictor. */
    static double majorityRate(TaskSamples s) {
        long ones = 0, all = 0;
        for (int i = 0; i < s.count(); ++i) for (int v : s.nodeLabels(i)) {
            ones += v;
            ++all;
        }
        return Math.max(ones, all - ones) / (double) all;
    }

    /**
     * Intersect with its group S_5 wr S_2 (K = 3): about 300 steps of batch 64 on 1750 samples give a per-node test
     * accuracy clearly above the majority rate (about 0.54 for vocabulary 7).
     */
    @Test
    void intersectWithItsGroupLearnsWellAboveChance() {
        Task t = Tasks.equivariant("intersect");
        TaskSamples train = t.sample(1750, 42), test = t.sample(375, 4242);
        long t0 = System.nanoTime();
        try (Asen model = new Asen(t, SMALL, Device.CPU, 1);
             AsenTrainer trainer = new AsenTrainer(model, AsenTrainer.Rates.reference(), 64, 7)) {
            AsenTrainer.Evaluation before = trainer.evaluate(0, test);
            double loss = 0;
            for (int epoch = 0; epoch < 11; ++epoch) loss = trainer.epoch(0, train);         // 11 x 28 = 308 steps
            AsenTrainer.Evaluation after = trainer.evaluate(0, test);
            double chance = majorityRate(test);
            System.out.printf("ASEN intersect (K=3, d=32, L=2): 308 steps in %.1f s; train loss %.3f; test CE %.3f -> %.3f, "
                            + "per-node accuracy %.3f -> %.3f (majority rate %.3f)%n", (System.nanoTime() - t0) / 1e9, loss,
                    before.loss(), after.loss(), before.accuracy(), after.accuracy(), chance);
            assertTrue(after.accuracy() > chance + 0.25, "accuracy " + after.accuracy() + " vs majority " + chance);
            assertTrue(after.loss() < before.loss());
        }
    }

    /**
     * The regression path (range-scaled L1 on the sum readout) trains: after 200 steps the test L1 on longest palindrome
     * is below that of the best constant predictor (2.2: the median 5 of the balanced labels 1, 3, 5, 7, 8).
     */
    @Test
    void invariantRegressionLossDecreases() {
        Task t = Tasks.invariant("longestpal");
        TaskSamples train = t.sample(640, 42), test = t.sample(200, 43);   // labels 1, 3, 5, 7, 8: a constant predictor has L1 >= 2.2
        try (Asen model = new Asen(t, SMALL.withOutputDropout(0f), Device.CPU, 2);
             AsenTrainer trainer = new AsenTrainer(model, AsenTrainer.Rates.uniform(0.01f), 64, 7)) {
            AsenTrainer.Evaluation before = trainer.evaluate(0, test);
            for (int epoch = 0; epoch < 20; ++epoch) trainer.epoch(0, train);                 // 200 steps
            AsenTrainer.Evaluation after = trainer.evaluate(0, test);
            System.out.printf("ASEN longestpal (S_8, K=2): test L1 %.3f -> %.3f, rounded accuracy %.3f -> %.3f%n",
                    before.meanAbsError(), after.meanAbsError(), before.accuracy(), after.accuracy());
            assertTrue(after.meanAbsError() < 2.0, "test L1 " + after.meanAbsError());
            assertEquals(after.meanAbsError() * t.labelScale(), after.loss(), 1e-4);
        }
    }

    /**
     * The sign of a permutation under its group A_8: the 2-closure features have K = 2 (those of S_8), so the model is
     * S_8-invariant and the classifier stays at chance even on its training data (docs/groups.md, section The alternating group).
     */
    @Test
    void signOfAPermutationStaysAtChanceWithAlternatingGroupFeatures() {
        Task t = Tasks.invariant("sign");
        TaskSamples train = t.sample(512, 1), test = t.sample(256, 2);
        try (Asen model = new Asen(t, SMALL, Device.CPU, 3);
             AsenTrainer trainer = new AsenTrainer(model, AsenTrainer.Rates.uniform(0.01f), 64, 7)) {
            for (int epoch = 0; epoch < 8; ++epoch) trainer.epoch(0, train);
            AsenTrainer.Evaluation fit = trainer.evaluate(0, train), held = trainer.evaluate(0, test);
            System.out.printf("ASEN sign (A_8 -> K=2): train accuracy %.3f, test accuracy %.3f, test CE %.3f%n", fit.accuracy(),
                    held.accuracy(), held.loss());
            assertTrue(Math.abs(held.accuracy() - 0.5) < 0.1, "test accuracy " + held.accuracy());
            assertTrue(fit.accuracy() < 0.65, "train accuracy " + fit.accuracy());
            assertTrue(Double.isNaN(held.meanAbsError()));
        }
    }

    /** A multitask epoch pools and shuffles the tasks' samples; every task's embedders are updated. */
    @Test
    void multitaskEpochUpdatesEveryTasksEmbedders() {
        List<Task> ts = List.of(Tasks.equivariant("palindrome"), Tasks.equivariant("cyclicsum"), Tasks.equivariant("intersect"));
        try (Asen model = new Asen(ts, SMALL, Device.CPU, 4);
             AsenTrainer trainer = new AsenTrainer(model, AsenTrainer.Rates.reference(), 32, 7)) {
            float[][] before = new float[3][];
            for (int k = 0; k < 3; ++k) before[k] = model.edgeTable(k).toFloatArray();
            List<TaskSamples> data = List.of(ts.get(0).sample(40, 1), ts.get(1).sample(40, 2), ts.get(2).sample(40, 3));
            double loss = trainer.epoch(data, new int[] {0, 1, 2});
            assertTrue(Double.isFinite(loss));
            for (int k = 0; k < 3; ++k) assertFalse(java.util.Arrays.equals(before[k], model.edgeTable(k).toFloatArray()), "task " + k);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> trainer.epoch(List.of(Tasks.invariant("intersect").sample(4, 1)), new int[] {0}));
            assertTrue(e.getMessage().contains("given for model task"), e.getMessage());
        }
    }
}
