package org.symkern.salf;

import static org.junit.jupiter.api.Assertions.*;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradMode;
import org.symkern.data.ImageDataset;
import org.symkern.data.RotatedMnist;
import org.symkern.data.Split;
import org.symkern.models.Z2Cnn;
import org.symkern.nn.GSpace;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;
import org.symkern.train.Metrics;

/**
 * ImageLearner: the loss is CE + lambda L_asym of the batch's embedding (against the two terms computed apart),
 * argument checks, and a short SALF training run on 300 RotMNIST digits (loss falls, held-out accuracy well above
 * chance).
 */
class ImageLearnerTest {
    static final Device CPU = Device.CPU;
    static final RotatedMnist.Parts PARTS = RotatedMnist.standard(5);

    @Test
    void lossIsCrossEntropyPlusLambdaTimesTheAsymmetryLossOfTheBatch() {
        ImageDataset data = PARTS.train;
        int[] idx = IntStream.range(0, 20).map(i -> 3 * i + 1).toArray();
        try (Scope s = Scope.open(); SalfCnn net = new SalfCnn(GSpace.P4, 1, 4, 10, 0.5f, false, CPU, 3)) {
            ImageLearner with = new ImageLearner(net, data, 0.7f, 2f), without = new ImageLearner(net, data);
            Tensor x = data.images(idx, 0, idx.length, CPU);
            assertEquals(Shape.of(20, 1, 28, 28), x.shape());
            SmokeTraining.assertLossAddsLambdaTimesAsymmetryLoss(with, without, net, x, idx, 0.7f, 2f);
            assertEquals(10, with.classes());
            assertEquals(data.labels[7], with.label(7));
            assertSame(net, with.module());
            assertEquals(0.7f, with.lambda());
            assertEquals(2f, with.margin());
            try (GradMode.Guard g = GradMode.disable()) {
                assertEquals(Shape.of(20, 10), with.logits(idx, 0, 20).shape());
            }
        }
    }

    @Test
    void badArgumentsAreRejected() {
        ImageDataset data = PARTS.validation;
        try (Z2Cnn plain = new Z2Cnn(CPU, 1); SalfCnn salf = new SalfCnn(GSpace.P4, 1, 2, 10, CPU, 1)) {
            assertEquals(0f, new ImageLearner(plain, data).lambda());   // lambda 0: any module
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ImageLearner(plain, data, 0.1f, 1f));
            assertTrue(e.getMessage().contains("SalfModel") && e.getMessage().contains("Z2Cnn"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new ImageLearner(salf, data, -0.1f, 1f));
            assertTrue(e.getMessage().contains("lambda -0.1"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new ImageLearner(salf, data, 0.1f, 0f));
            assertTrue(e.getMessage().contains("margin 0.0"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new ImageLearner(salf, null, 0f, 1f));
        }
    }

    @Test
    void salfCnnLearnsRotatedDigitsFromThreeHundredExamples() {
        int[] trainIdx = Split.stratified(PARTS.train.labels, new int[] {300, PARTS.train.count - 300}, 6)[0];
        int[] testIdx = Split.stratified(PARTS.test.labels, new int[] {500, PARTS.test.count - 500}, 7)[0];
        try (SalfCnn net = new SalfCnn(GSpace.P4, 1, 8, 10, CPU, 8)) {
            double[] loss = SmokeTraining.train(new ImageLearner(net, PARTS.train, 0.1f, 1f), trainIdx, 40, 16, 1e-2f, 9);
            Metrics m = SmokeTraining.evaluate(new ImageLearner(net, PARTS.test), testIdx);
            System.out.printf("SalfCnn(P4, 8 fields), 300 RotMNIST digits, 40 steps of 16, lambda 0.1: loss %.3f -> %.3f, "
                    + "held-out accuracy %.3f on %d digits (chance 0.1)%n", loss[0], loss[1], m.accuracy(), m.total());
            assertTrue(loss[1] < loss[0] - 0.2, "training loss should fall: " + loss[0] + " -> " + loss[1]);
            assertTrue(m.accuracy() > 0.2, "held-out accuracy " + m.accuracy() + " (chance 0.1)");
        }
    }
}
