package org.symkern.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.symkern.data.ImageDataset;
import org.symkern.data.Mnist;
import org.symkern.data.Split;
import org.symkern.models.Mlp;
import org.symkern.models.ModelSpec;
import org.symkern.models.Models;
import org.symkern.tensor.Device;
import org.symkern.nn.GSpace;
import org.symkern.salf.ImageLearner;
import org.symkern.cli.salf.SalfArm;
import org.symkern.cli.salf.SalfDomain;
import org.symkern.cli.salf.SalfDomains;
import org.symkern.train.Fit;
import org.symkern.train.FitConfig;
import org.symkern.train.FitResult;
import org.symkern.train.Learner;
import org.symkern.train.LrSchedule;
import org.symkern.train.Metrics;

/**
 * {@code symkern train --model M --data D}: trains a classifier and prints its held-out test metrics.
 * <ul>
 *   <li>{@code --model mlp --data mnist|idx}: an MLP on a seeded stratified split (default: the embedded 10k MNIST digits);</li>
 *   <li>{@code --model cnn|gcnn|salf-head|salf --data rotmnist|mitbih|proteins}: the SALF experiments' arms (baseline,
 *       symmetry-aware encoder, + asymmetric head, full SALF) on the first split of the dataset's protocol
 *       ({@link SalfDomain}), trained with {@link Fit} (cosine schedule, early stopping and weight selection on
 *       validation), e.g. {@code train --model salf --data rotmnist} on the embedded RotMNIST-10k.</li>
 * </ul>
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model and report held-out test accuracy.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "mlp", converter = ModelKind.Converter.class,
            description = "Model: mlp, cnn, gcnn, salf-head or salf.")
    ModelKind model;

    @Option(names = "--data", defaultValue = "mnist", description = "Dataset: mnist = the embedded 10k MNIST digits, idx with --images/--labels "
            + "(mlp); rotmnist, mitbih or proteins (cnn, gcnn, salf-head, salf).")
    String data;

    @Option(names = "--images", description = "IDX images file, raw or gzip (with --data idx; no default).")
    Path images;

    @Option(names = "--labels", description = "IDX labels file, raw or gzip (with --data idx; no default).")
    Path labels;

    @Option(names = "--train-size", defaultValue = "8000", description = "mlp: training images of the stratified split.") int trainSize;
    @Option(names = "--test-size", defaultValue = "2000", description = "mlp: test images of the stratified split.") int testSize;
    @Option(names = "--epochs", defaultValue = "12", description = "Training epochs.") int epochs;
    @Option(names = "--batch", defaultValue = "128", description = "Mini-batch size.") int batch;
    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (cosine schedule for cnn/gcnn/salf-head/salf, constant for mlp).") float lr;
    @Option(names = "--hidden", defaultValue = "512,256", split = ",", description = "mlp: hidden layer widths.") int[] hidden;
    @Option(names = "--dropout", defaultValue = "0.2", description = "mlp: dropout probability after each hidden layer.") float dropout;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the split, the initial weights and the batch order.") long seed;
    @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N.") String device;
    @Option(names = "--quiet", defaultValue = "false", description = "No progress on stderr (no bars, no epoch lines; default: off)") boolean quiet;
    @Option(names = "--save", paramLabel = "FILE", description = "Save the trained model (weights of the selected epoch and what rebuilds it: "
            + "kind, group, widths, input shape, class names, dataset and split seed) as safetensors; load it with Models.load or "
            + "symkern explain --model FILE (default: not saved).") Path save;

    @Option(names = "--lambda", defaultValue = "0.3", description = "SALF: weight of L_asym.") float lambda;
    @Option(names = "--margin", defaultValue = "1.0", description = "SALF: margin of L_asym.") float margin;
    @Option(names = "--group", defaultValue = "p4", description = "Image symmetry group for gcnn/salf: p4, p4m or c8.") String group;
    @Option(names = "--patience", defaultValue = "0", description = "Early stopping patience in epochs (0 = off).") int patience;
    @Option(names = "--mitdb", description = "MIT-BIH folder with all records (default: none, the embedded records 208, 209, 213).") Path mitdb;

    enum ModelKind {
        mlp(null), cnn(SalfArm.BASELINE), gcnn(SalfArm.SYMMETRIC), salf_head(SalfArm.HEAD), salf(SalfArm.SALF);

        final SalfArm arm;

        ModelKind(SalfArm arm) {
            this.arm = arm;
        }

        static final class Converter implements picocli.CommandLine.ITypeConverter<ModelKind> {
            @Override
            public ModelKind convert(String s) {
                for (ModelKind k : values()) if (k.name().equals(s.replace('-', '_'))) return k;
                throw new picocli.CommandLine.TypeConversionException("unknown model '" + s + "' (expected mlp, cnn, gcnn, salf-head or salf)");
            }
        }
    }

    @Override
    public Integer call() {
        Device dev = Device.parse(device);
        if (model.arm != null) return trainSalfArm(dev);
        ImageDataset all = load();
        int[][] parts = Split.stratified(all.labels, new int[] {trainSize, testSize}, seed);
        System.out.printf("data: %s, %d images %dx%d, train %d / test %d (stratified, seed %d)%n", data, all.count,
                all.height, all.width, parts[0].length, parts[1].length, seed);
        try (Mlp net = new Mlp(all.imageSize(), hidden, all.classes, dropout, dev, seed)) {
            System.out.printf("model: mlp %s, %d parameters, device %s%n", Arrays.toString(hidden), net.parameterCount(), dev);
            // no validation part: the weights after the last epoch are tested
            FitConfig cfg = new FitConfig(epochs, batch, lr, 0f, LrSchedule.constant(), 0, seed, null, quiet ? null : TerminalProgress.on(System.err));
            print(Fit.run(new ImageLearner(net, all), parts[0], new int[0], parts[1], cfg));
            if (save != null) {
                List<String> names = new ArrayList<>();
                for (int c = 0; c < all.classes; c++) names.add(Integer.toString(c));
                saveModel(net, ModelSpec.mlp(all.imageSize(), hidden, all.classes, dropout), new long[] {all.channels, all.height, all.width},
                        names, Map.of("symkern.data", data, "symkern.split_seed", Long.toString(seed)));
            }
        }
        return 0;
    }

    /**
     * The test metrics of the selected weights (stdout). The epoch lines went to stderr while training (the progress
     * stream: bars on a terminal, one line per epoch otherwise; none with --quiet), so they are not repeated here.
     */
    private static void print(FitResult r) {
        Metrics t = r.test();
        System.out.printf(Locale.ROOT, "test accuracy: %.4f  macro-F1: %.4f  (%d test examples; weights of epoch %d)%n",
                t.accuracy(), t.macroF1(), t.total(), r.bestEpoch());
    }

    private int trainSalfArm(Device dev) {
        GSpace g = SalfDomains.imageGroup(group);
        Map<String, SalfDomain> domains = SalfDomains.all(dev, mitdb, g);
        SalfDomain d = domains.get(data);
        if (d == null || data.equals("rotmnist-tr") || data.equals("mitbih-inter"))
            throw new IllegalArgumentException("--model " + model + " needs --data rotmnist, mitbih or proteins, got '" + data + "'");
        List<SalfDomain.Split> splits = d.splits(seed);
        SalfDomain.Split split = splits.get(0);
        System.out.printf("data: %s, %d train / %d validation / %d test%s%n  protocol: %s%n", d.title(), split.train().length,
                split.validation().length, split.test().length, splits.size() == 1 ? "" : " (split " + split.name() + ", the first of " + splits.size() + ")",
                d.protocol());
        Learner learner = d.learner(model.arm, split, lambda, margin, seed);
        try {
            System.out.printf("model: %s (%s), %d parameters, device %s%n", model.name().replace('_', '-'), d.model(model.arm),
                    learner.module().parameterCount(), dev);
            FitConfig cfg = new FitConfig(epochs, batch, lr, 0f, LrSchedule.cosine(epochs, 0, 0.05), patience, seed, null, quiet ? null : TerminalProgress.on(System.err));
            print(Fit.run(learner, split.train(), split.validation(), split.test(), cfg));
            if (save != null)
                saveModel(learner.module(), d.spec(model.arm, split), d.inputShape(), d.classNames(),
                        Map.of("symkern.data", data, "symkern.split_seed", Long.toString(seed), "symkern.split", split.name(),
                               "symkern.arm", model.arm.key));
        } finally {
            learner.module().close();
        }
        return 0;
    }

    private void saveModel(org.symkern.nn.Module m, ModelSpec spec, long[] inputShape, List<String> classNames, Map<String, String> extra) {
        Models.save(save, m, spec, inputShape, classNames, extra);
        System.out.printf("saved: %s (%s)%n", save, spec);
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
