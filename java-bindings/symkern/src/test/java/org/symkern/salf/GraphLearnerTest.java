package org.symkern.salf;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradMode;
import org.symkern.data.CrossValidation;
import org.symkern.data.GraphBatch;
import org.symkern.data.Split;
import org.symkern.data.TuDataset;
import org.symkern.models.EquivariantGnn;
import org.symkern.models.Gcn;
import org.symkern.ops.Reduce;
import org.symkern.optim.Adam;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

class GraphLearnerTest {
    static TuDataset proteins;

    @BeforeAll
    static void load() {
        proteins = TuDataset.proteins();
    }

    static SalfGnn salf(TuDataset d, float dropout, long seed) {
        return new SalfGnn(d.featureDim, 16, 2, d.classes, Reduce.Op.SUM, dropout, false, 1f, Device.CPU, seed);
    }

    @Test
    void lossWithLambdaMinusLossWithoutIsLambdaTimesTheAsymmetryLoss() {
        int[] idx = {3, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100};
        TuDataset d = proteins.standardizeAttributes(idx);
        float lambda = 0.3f, margin = 1.5f;
        try (SalfGnn m = salf(d, 0f, 1); Scope s = Scope.open()) {
            GraphLearner with = new GraphLearner(m, d, lambda, margin), without = new GraphLearner(m, d, 0f, margin);
            float lossWith = with.loss(idx, 0, idx.length).item(), lossWithout = without.loss(idx, 0, idx.length).item();
            GraphBatch b = with.batch(idx, 0, idx.length);
            float asym = AsymmetryLoss.compute(m.logitsAndEmbedding(b).z(), b.host.labels, 2, margin).item();
            assertTrue(asym > 0, "the batch's class centroids are closer than the margin: " + asym);
            assertEquals(lambda * asym, lossWith - lossWithout, 1e-6);
            assertEquals(2, with.classes());
            assertEquals(proteins.labels[100], with.label(100));
            assertArrayEquals(new long[] {idx.length, 2}, with.logits(idx, 0, idx.length).dims());
        }
    }

    @Test
    void badSettingsAreRejectedWithTheReason() {
        try (EquivariantGnn gnn = new EquivariantGnn(proteins.featureDim, 8, 1, 2, Reduce.Op.SUM, 0f, Device.CPU, 1);
             Gcn threeClasses = new Gcn(proteins.featureDim, 8, 1, 3, Reduce.Op.MEAN, 0f, Device.CPU, 1);
             SalfGnn m = salf(proteins, 0f, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GraphLearner(gnn, proteins, 0.3f, 1f));
            assertTrue(e.getMessage().contains("needs a SalfGraphModel"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new GraphLearner(threeClasses, proteins, 0f, 1f));
            assertTrue(e.getMessage().contains("3 classes"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new GraphLearner(m, proteins, -0.1f, 1f));
            assertThrows(IllegalArgumentException.class, () -> new GraphLearner(m, proteins, 0.3f, 0f));
            new GraphLearner(gnn, proteins, 0f, 1f);                         // lambda = 0: any graph classifier
        }
    }

    /** Accuracy of the learner's model on idx (evaluation mode, no gradients). */
    static double accuracy(GraphLearner l, int[] idx) {
        l.module().train(false);
        int correct = 0;
        try (GradMode.Guard g = GradMode.disable(); Scope s = Scope.open()) {
            float[] logits = l.logits(idx, 0, idx.length).toFloatArray();
            for (int i = 0; i < idx.length; i++) if ((logits[2 * i + 1] > logits[2 * i] ? 1 : 0) == l.label(idx[i])) correct++;
        }
        l.module().train(true);
        return (double) correct / idx.length;
    }

    @Test
    void trainingOnAProteinsSubsetLowersTheLossAndBeatsTheMajorityRate() {
        int[] train = CrossValidation.stratifiedKFold(proteins.labels, 5, 0)[0].test;   // 223 graphs, stratified
        TuDataset d = proteins.standardizeAttributes(train);
        int majority = 0;
        for (int g : train) majority += d.labels[g] == 0 ? 1 : 0;
        double majorityRate = Math.max(majority, train.length - majority) / (double) train.length;
        try (SalfGnn m = salf(d, 0f, 7); Adam opt = new Adam(m.parameters(), 0.01f)) {
            GraphLearner l = new GraphLearner(m, d, 0.3f, 1f);
            double[] epochLoss = new double[8];
            for (int e = 0; e < epochLoss.length; e++) {
                int[] order = train.clone();
                Split.shuffle(order, e);
                for (int from = 0; from + 32 <= order.length; from += 32) {
                    try (Scope s = Scope.open()) {
                        opt.zeroGrad();
                        Tensor loss = l.loss(order, from, from + 32);
                        loss.backward();
                        opt.step();
                        epochLoss[e] += loss.item();
                    }
                }
            }
            double acc = accuracy(l, train);
            System.out.printf("PROTEINS subset (%d graphs, majority %.3f): loss %.4f -> %.4f, training accuracy %.3f%n", train.length,
                    majorityRate, epochLoss[0] / 6, epochLoss[epochLoss.length - 1] / 6, acc);
            assertTrue(epochLoss[epochLoss.length - 1] < 0.9 * epochLoss[0], "loss must fall: " + java.util.Arrays.toString(epochLoss));
            assertTrue(acc >= majorityRate + 0.08, "training accuracy " + acc + " vs majority rate " + majorityRate);
        }
    }
}
