package org.symkern.train;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.symkern.data.asen.Task;
import org.symkern.data.asen.TaskSamples;
import org.symkern.data.asen.Tasks;
import org.symkern.models.Asen;
import org.symkern.ops.EdgeAttention.SelfLoops;
import org.symkern.tensor.Device;

/**
 * The ASEN multitask comparison (REFERENCE-NOTES 1.6 A and C): for a set of tasks, train
 * <ul>
 *   <li>{@link Arm#MULTITASK}: one ASEN model for all tasks, each task with its own group's edge categories and its own
 *       embedders, the body shared, batches mixing the tasks (size batch * T);</li>
 *   <li>{@link Arm#SINGLE}: one ASEN model per task (batch size batch);</li>
 *   <li>{@link Arm#NON_EQUIVARIANT}: the multitask model with generators {id} for every task (K = n^2);</li>
 * </ul>
 * and report each task's test loss (the training loss: CE, or range-scaled L1) and accuracy, per trial. Data per task
 * as the reference: {@code samples} generated from the task's default seed (+ trial), split 70/15/15 by a seeded
 * shuffle, of which the first {@code trainFraction} of the train split is used (r = 0.4 of 1750 = 700 by default).
 * Validation-based model selection is not done: the model after the last epoch is evaluated.
 */
public final class AsenExperiment {
    private AsenExperiment() {}

    /** The compared settings. */
    public enum Arm {
        MULTITASK("asen-multitask"), SINGLE("asen-single"), NON_EQUIVARIANT("nonequiv-multitask");

        public final String label;

        Arm(String label) {
            this.label = label;
        }

        public static Arm parse(String s) {
            for (Arm a : values()) if (a.label.equalsIgnoreCase(s) || a.name().equalsIgnoreCase(s.replace('-', '_'))) return a;
            throw new IllegalArgumentException("unknown arm '" + s + "' (expected asen-multitask, asen-single or nonequiv-multitask)");
        }
    }

    /** Everything a run needs; {@link #quick()} and {@link #reference()} are the presets. */
    public record Preset(String name, Task.Kind kind, List<String> tasks, Asen.Config model, AsenTrainer.Rates rates, int epochs,
                         int batch, int samples, double trainFraction, int trials) {
        public Preset {
            if (tasks.isEmpty()) throw new IllegalArgumentException("preset " + name + ": no tasks");
            if (epochs < 0 || batch <= 0 || samples < 20 || trials <= 0 || !(trainFraction > 0 && trainFraction <= 1))
                throw new IllegalArgumentException("preset " + name + ": epochs " + epochs + ", batch " + batch + ", samples " + samples
                        + ", trials " + trials + ", train fraction " + trainFraction + " out of range");
        }

        /**
         * A small CPU run (about 30 s on 2 cores): the T = 1 equivariant tasks (palindrome, cyclicsum, intersect),
         * d = 32, L = 2, 30 epochs, 2500 samples per task of which 700 train, reference learning rates, batch 64 per
         * task, output dropout 0.1, one trial.
         */
        public static Preset quick() {
            return new Preset("quick", Task.Kind.EQUIVARIANT, List.of("palindrome", "cyclicsum", "intersect"),
                    Asen.Config.reference().withHidden(32).withLayers(2), AsenTrainer.Rates.reference(), 30, 64, 2500, 0.4, 1);
        }

        /** The reference equivariant multitask setting: T = 1 tasks, d = 128, L = 4, 40 epochs, 3 trials. */
        public static Preset reference() {
            return new Preset("reference", Task.Kind.EQUIVARIANT, List.of("palindrome", "cyclicsum", "intersect"),
                    Asen.Config.reference(), AsenTrainer.Rates.reference(), 40, 64, 2500, 0.4, 3);
        }

        /**
         * The reference invariant regression setting (1.6 C): the default task set, d = 40, L = 3, Adam 0.01, 80 epochs,
         * 16000 samples per task (11200 train), 3 trials.
         */
        public static Preset invariantReference() {
            return new Preset("invariant-reference", Task.Kind.INVARIANT, List.of("longestpal", "palindrome", "detectcapital", "intersect"),
                    Asen.Config.reference().withHidden(40).withLayers(3), AsenTrainer.Rates.uniform(0.01f), 80, 64, 16000, 1.0, 3);
        }

        public static Preset named(String name) {
            return switch (name) {
                case "quick" -> quick();
                case "reference" -> reference();
                case "invariant-reference" -> invariantReference();
                default -> throw new IllegalArgumentException("unknown preset '" + name + "' (expected quick, reference or invariant-reference)");
            };
        }

        public Preset withTasks(Task.Kind k, List<String> t) {
            return new Preset(name, k, t, model, rates, epochs, batch, samples, trainFraction, trials);
        }

        public Preset withModel(Asen.Config m) {
            return new Preset(name, kind, tasks, m, rates, epochs, batch, samples, trainFraction, trials);
        }

        public Preset withEpochs(int e) {
            return new Preset(name, kind, tasks, model, rates, e, batch, samples, trainFraction, trials);
        }

        public Preset withSamples(int s) {
            return new Preset(name, kind, tasks, model, rates, epochs, batch, s, trainFraction, trials);
        }

        public Preset withTrials(int t) {
            return new Preset(name, kind, tasks, model, rates, epochs, batch, samples, trainFraction, t);
        }
    }

    /** One task's test metrics for one arm and trial; meanAbsError is NaN except for regression tasks. */
    public record Row(String arm, String task, int trial, double testLoss, double testAccuracy, double meanAbsError, int trainSamples,
                      double seconds) {}

    /** Train / validation / test parts of one task's samples. */
    record Split(TaskSamples train, TaskSamples val, TaskSamples test) {}

    /** The reference split: a seeded shuffle, 70 / 15 / 15, then the first fraction of the train part. */
    static Split split(TaskSamples all, double trainFraction, long seed) {
        int n = all.count();
        int[] perm = TaskSamples.range(n);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; --i) {
            int j = r.nextInt(i + 1), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int nTrain = (int) (0.7 * n), nVal = (int) (0.15 * n);
        int used = Math.max(1, (int) (nTrain * trainFraction));
        return new Split(all.subset(java.util.Arrays.copyOfRange(perm, 0, used)),
                all.subset(java.util.Arrays.copyOfRange(perm, nTrain, nTrain + nVal)),
                all.subset(java.util.Arrays.copyOfRange(perm, nTrain + nVal, n)));
    }

    /** Runs every arm for every trial; progress lines (may be null) go to {@code log}. */
    public static List<Row> run(Preset p, List<Arm> arms, Device device, long seed, PrintWriter log) {
        List<Row> rows = new ArrayList<>();
        List<Task> tasks = new ArrayList<>();
        for (String name : p.tasks()) tasks.add(Tasks.of(p.kind(), name));
        for (int trial = 0; trial < p.trials(); ++trial) {
            List<Split> data = new ArrayList<>();
            for (Task t : tasks) data.add(split(t.sample(p.samples(), t.defaultSeed() + trial), p.trainFraction(), seed + 31L * trial));
            for (Arm arm : arms) {
                long modelSeed = seed + 1000L * trial + arm.ordinal();
                if (arm == Arm.SINGLE) {
                    for (int k = 0; k < tasks.size(); ++k)
                        rows.addAll(train(arm, List.of(tasks.get(k)), List.of(data.get(k)), p, p.model(), p.batch(), device, modelSeed + 10L * k, trial, log));
                } else {
                    Asen.Config cfg = p.model().withNonEquivariant(arm == Arm.NON_EQUIVARIANT);
                    rows.addAll(train(arm, tasks, data, p, cfg, p.batch() * tasks.size(), device, modelSeed, trial, log));
                }
            }
        }
        return rows;
    }

    private static List<Row> train(Arm arm, List<Task> tasks, List<Split> data, Preset p, Asen.Config cfg, int batch, Device device,
                                   long seed, int trial, PrintWriter log) {
        long t0 = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        try (Asen model = new Asen(tasks, cfg, device, seed); AsenTrainer trainer = new AsenTrainer(model, p.rates(), batch, seed + 7)) {
            List<TaskSamples> train = new ArrayList<>();
            int[] ids = new int[tasks.size()];
            for (int k = 0; k < tasks.size(); ++k) {
                train.add(data.get(k).train());
                ids[k] = k;
            }
            for (int e = 1; e <= p.epochs(); ++e) {
                double loss = trainer.epoch(train, ids);
                if (log != null) {
                    log.printf(java.util.Locale.ROOT, "%s trial %d %s epoch %d/%d: train loss %.4f%n", arm.label, trial, names(tasks), e,
                            p.epochs(), loss);
                    log.flush();
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            for (int k = 0; k < tasks.size(); ++k) {
                AsenTrainer.Evaluation ev = trainer.evaluate(k, data.get(k).test());
                rows.add(new Row(arm.label, tasks.get(k).name(), trial, ev.loss(), ev.accuracy(), ev.meanAbsError(), train.get(k).count(), seconds));
            }
        }
        return rows;
    }

    private static String names(List<Task> tasks) {
        StringBuilder b = new StringBuilder();
        for (Task t : tasks) b.append(b.length() == 0 ? "" : "+").append(t.name());
        return b.toString();
    }

    /** A fixed-width table: arm, task, trial, test loss, test accuracy, L1, train samples, seconds. */
    public static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "%-20s %-14s %5s %10s %9s %8s %6s %8s%n", "arm", "task", "trial", "test_loss",
                "test_acc", "test_L1", "train", "seconds"));
        for (Row r : rows)
            b.append(String.format(java.util.Locale.ROOT, "%-20s %-14s %5d %10.4f %9.4f %8s %6d %8.1f%n", r.arm(), r.task(), r.trial(), r.testLoss(), r.testAccuracy(),
                    Double.isNaN(r.meanAbsError()) ? "-" : String.format(java.util.Locale.ROOT, "%.3f", r.meanAbsError()), r.trainSamples(), r.seconds()));
        return b.toString();
    }

    /** The same rows as CSV with a header line. */
    public static String csv(List<Row> rows) {
        StringBuilder b = new StringBuilder("arm,task,trial,test_loss,test_accuracy,test_l1,train_samples,seconds\n");
        for (Row r : rows)
            b.append(String.format(java.util.Locale.ROOT, "%s,%s,%d,%.6f,%.6f,%s,%d,%.2f%n", r.arm(), r.task(), r.trial(), r.testLoss(),
                    r.testAccuracy(), Double.isNaN(r.meanAbsError()) ? "" : String.format(java.util.Locale.ROOT, "%.6f", r.meanAbsError()),
                    r.trainSamples(), r.seconds()));
        return b.toString();
    }

    /** The self-loop rule by CLI name. */
    public static SelfLoops selfLoops(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "mean" -> SelfLoops.MEAN;
            case "category" -> SelfLoops.CATEGORY;
            default -> throw new IllegalArgumentException("unknown self-loop rule '" + s + "' (expected mean or category)");
        };
    }
}
