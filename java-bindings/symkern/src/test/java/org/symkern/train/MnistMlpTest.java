package org.symkern.train;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import org.symkern.salf.ImageLearner;
import org.symkern.data.ImageDataset;
import org.symkern.data.Mnist;
import org.symkern.data.Split;
import org.symkern.models.Mlp;
import org.symkern.tensor.Device;

/** The first real training run: an MLP on the embedded MNIST digits, seeded held-out split. */
class MnistMlpTest {
    @Test
    void mlpReachesAtLeast95PercentHeldOutAccuracy() {
        ImageDataset all = Mnist.embedded();
        int[][] parts = Split.stratified(all.labels, new int[] {8000, 2000}, 1);
        try (Mlp net = new Mlp(784, new int[] {512, 256}, 10, 0.2f, Device.CPU, 1)) {
            FitResult r = Fit.run(new ImageLearner(net, all), parts[0], new int[0], parts[1],
                    new FitConfig(10, 128, 1e-3f, 0f, LrSchedule.constant(), 0, 1, null, null));
            double first = r.history().get(0).trainLoss(), last = r.history().get(9).trainLoss();
            assertTrue(last < first * 0.5, "training loss must fall: epoch 1 " + first + ", epoch 10 " + last);
            Metrics test = r.test();
            System.out.printf("MnistMlpTest: train loss %.4f -> %.4f, held-out accuracy %.4f%n", first, last, test.accuracy());
            assertTrue(test.accuracy() >= 0.95, "held-out accuracy " + test.accuracy());
        }
    }
}
