package org.symkern.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.symkern.data.ImageDataset;
import org.symkern.data.Mnist;
import org.symkern.data.Split;
import org.symkern.models.Mlp;
import org.symkern.optim.Adam;
import org.symkern.tensor.Device;
import org.symkern.train.ClassifierTrainer;
import org.symkern.train.Metrics;

/**
 * {@code symkern train --model mlp --data mnist}: trains a classifier on a seeded stratified split and
 * prints the held-out test accuracy. The default data is the embedded 10k MNIST digits.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model and report held-out test accuracy.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "mlp", description = "Model: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    ModelKind model;

    @Option(names = "--data", defaultValue = "mnist", description = "Dataset: mnist = the embedded 10k MNIST digits, or idx with --images/--labels.")
    String data;

    @Option(names = "--images", description = "IDX images file (with --data idx).")
    Path images;

    @Option(names = "--labels", description = "IDX labels file (with --data idx).")
    Path labels;

    @Option(names = "--train-size", defaultValue = "8000") int trainSize;
    @Option(names = "--test-size", defaultValue = "2000") int testSize;
    @Option(names = "--epochs", defaultValue = "12") int epochs;
    @Option(names = "--batch", defaultValue = "128") int batch;
    @Option(names = "--lr", defaultValue = "0.001") float lr;
    @Option(names = "--hidden", defaultValue = "512,256", split = ",", description = "Hidden widths (default ${DEFAULT-VALUE}).") int[] hidden;
    @Option(names = "--dropout", defaultValue = "0.2") float dropout;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N") String device;
    @Option(names = "--quiet", description = "No progress bars.") boolean quiet;

    enum ModelKind { mlp }

    @Override
    public Integer call() {
        Device dev = Device.parse(device);
        ImageDataset all = load();
        int[][] parts = Split.stratified(all.labels, new int[] {trainSize, testSize}, seed);
        System.out.printf("data: %s, %d images %dx%d, train %d / test %d (stratified, seed %d)%n", data, all.count,
                all.height, all.width, parts[0].length, parts[1].length, seed);
        try (Mlp net = new Mlp(all.imageSize(), hidden, all.classes, dropout, dev, seed);
             Adam opt = new Adam(net.parameters(), lr)) {
            System.out.printf("model: mlp %s, %d parameters, device %s%n", Arrays.toString(hidden), net.parameterCount(), dev);
            ClassifierTrainer trainer = new ClassifierTrainer(net, opt, dev, batch, seed).progress(quiet ? null : System.err);
            long t0 = System.nanoTime();
            for (int e = 1; e <= epochs; e++) {
                long te = System.nanoTime();
                double loss = trainer.trainEpoch(all, parts[0], e);
                Metrics m = trainer.evaluate(all, parts[1]);
                System.out.printf("epoch %2d  loss %.4f  test acc %.4f  (%.1f s)%n", e, loss, m.accuracy(), (System.nanoTime() - te) / 1e9);
            }
            Metrics test = trainer.evaluate(all, parts[1]);
            System.out.printf("test accuracy: %.4f  macro-F1: %.4f  (%d test images, %.1f s training)%n", test.accuracy(),
                    test.macroF1(), test.total(), (System.nanoTime() - t0) / 1e9);
        }
        return 0;
    }

    private ImageDataset load() {
        switch (data) {
            case "mnist":
                return Mnist.embedded();
            case "idx":
                if (images == null || labels == null) throw new IllegalArgumentException("--data idx needs --images and --labels");
                return Mnist.load(images, labels);
            default:
                throw new IllegalArgumentException("unknown --data '" + data + "' (expected mnist or idx)");
        }
    }
}
