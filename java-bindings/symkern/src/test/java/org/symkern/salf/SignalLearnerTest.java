package org.symkern.salf;

import static org.junit.jupiter.api.Assertions.*;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.symkern.data.MitBih;
import org.symkern.data.Split;
import org.symkern.models.Cnn1d;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;
import org.symkern.train.Metrics;

/**
 * SignalLearner on the embedded MIT-BIH records (binary task, z-normalised beats): batches (n, 1, T), the loss is
 * CE + lambda L_asym of the batch's embedding, and a short SALF training run separates normal from arrhythmic
 * beats (loss falls; held-out accuracy above the majority rate, balanced accuracy well above 0.5).
 */
class SignalLearnerTest {
    static final Device CPU = Device.CPU;
    static final MitBih.Beats BEATS = MitBih.embedded(MitBih.Options.defaults()).binary().zNormalized();

    @Test
    void lossIsCrossEntropyPlusLambdaTimesTheAsymmetryLossOfTheBatchAndReachesGamma() {
        int[] idx = IntStream.range(0, 24).map(i -> i * 97).toArray();   // spread over record 208: both classes
        try (Scope s = Scope.open(); SalfCnn1d net = new SalfCnn1d(1, 6, 2, 0.5f, false, CPU, 4)) {
            SignalLearner with = new SignalLearner(net, BEATS, 0.3f, 1f), without = new SignalLearner(net, BEATS);
            Tensor x = BEATS.dataset().images(idx, 0, idx.length, CPU).reshape(idx.length, 1, BEATS.length);
            assertEquals(2, with.classes());
            SmokeTraining.assertLossAddsLambdaTimesAsymmetryLoss(with, without, net, x, idx, 0.3f, 1f);
            Tensor logits = with.logits(idx, 0, 24);
            assertEquals(Shape.of(24, 2), logits.shape());
            assertArrayEquals(net.forward(x).toFloatArray(), logits.toFloatArray());   // batches are (n, 1, 181)
            // the asymmetry term alone sends gradient to the gate gamma
            AsymmetryLoss.compute(net.logitsAndEmbedding(x).embedding(), IntStream.of(idx).map(i -> BEATS.labels[i]).toArray(), 2, 1f)
                    .backward();
            for (float g : net.head().gamma().grad().toFloatArray()) assertNotEquals(0f, g, "gamma gradient of L_asym");
        }
    }

    @Test
    void lambdaNeedsAnEmbedding() {
        try (Cnn1d plain = new Cnn1d(1, 4, 2, CPU, 1)) {
            assertEquals(2, new SignalLearner(plain, BEATS).classes());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SignalLearner(plain, BEATS, 0.2f, 1f));
            assertTrue(e.getMessage().contains("SalfModel") && e.getMessage().contains("Cnn1d"), e.getMessage());
        }
    }

    @Test
    void salfCnn1dSeparatesNormalFromArrhythmicBeats() {
        int[][] split = MitBih.intraPatient(BEATS, 0, 0.2, 10);
        int[] testLabels = IntStream.of(split[2]).map(i -> BEATS.labels[i]).toArray();
        int[] testIdx = IntStream.of(Split.stratified(testLabels, new int[] {1000, split[2].length - 1000}, 11)[0])
                .map(i -> split[2][i]).toArray();
        try (SalfCnn1d net = new SalfCnn1d(1, 8, 2, 0.1f, false, CPU, 12)) {
            SignalLearner learner = new SignalLearner(net, BEATS, 0.1f, 1f);
            double[] loss = SmokeTraining.train(learner, split[0], 40, 64, 3e-3f, 13);
            Metrics m = SmokeTraining.evaluate(learner, testIdx);
            int arrhythmic = 0;
            for (int i : testIdx) arrhythmic += BEATS.labels[i];
            double majority = Math.max(arrhythmic, testIdx.length - arrhythmic) / (double) testIdx.length;
            double balanced = (m.recall(0) + m.recall(1)) / 2;
            System.out.printf("SalfCnn1d(8 fields), embedded MIT-BIH (%d beats), binary, 40 steps of 64, lambda 0.1: loss %.3f -> %.3f, "
                    + "held-out accuracy %.3f (majority %.3f), balanced accuracy %.3f on %d beats%n", BEATS.count, loss[0], loss[1],
                    m.accuracy(), majority, balanced, m.total());
            assertTrue(loss[1] < loss[0] * 0.7, "training loss should fall: " + loss[0] + " -> " + loss[1]);
            assertTrue(m.accuracy() > majority + 0.05, "accuracy " + m.accuracy() + " vs majority " + majority);
            assertTrue(balanced > 0.75, "balanced accuracy " + balanced);
        }
    }
}
