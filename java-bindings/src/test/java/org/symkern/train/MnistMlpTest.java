package org.symkern.train;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.symkern.data.ImageDataset;
import org.symkern.data.Mnist;
import org.symkern.data.Split;
import org.symkern.models.Mlp;
import org.symkern.optim.Adam;
import org.symkern.tensor.Device;

/** The first real training run: an MLP on the embedded MNIST digits, seeded held-out split. */
class MnistMlpTest {
    @Test
    void mlpReachesAtLeast95PercentHeldOutAccuracy() {
        ImageDataset all = Mnist.embedded();
        int[][] parts = Split.stratified(all.labels, new int[] {8000, 2000}, 1);
        try (Mlp net = new Mlp(784, new int[] {512, 256}, 10, 0.2f, Device.CPU, 1);
             Adam opt = new Adam(net.parameters(), 1e-3f)) {
            ClassifierTrainer trainer = new ClassifierTrainer(net, opt, Device.CPU, 128, 1);
            double first = trainer.trainEpoch(all, parts[0], 1), last = first;
            for (int e = 2; e <= 10; e++) last = trainer.trainEpoch(all, parts[0], e);
            assertTrue(last < first * 0.5, "training loss must fall: epoch 1 " + first + ", epoch 10 " + last);
            Metrics test = trainer.evaluate(all, parts[1]);
            System.out.printf("MnistMlpTest: train loss %.4f -> %.4f, held-out accuracy %.4f%n", first, last, test.accuracy());
            assertTrue(test.accuracy() >= 0.95, "held-out accuracy " + test.accuracy());
        }
    }
}
