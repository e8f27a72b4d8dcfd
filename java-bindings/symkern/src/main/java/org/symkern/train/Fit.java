package org.symkern.train;

import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;


import org.symkern.autograd.GradMode;
import org.symkern.data.DataFormatException;
import org.symkern.data.Split;
import org.symkern.nn.Module;
import org.symkern.optim.Adam;
import org.symkern.tensor.Device;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * The generic training loop over a {@link Learner}: Adam (AdamW with decoupled decay when weightDecay &gt; 0), a
 * learning-rate schedule, model selection and early stopping on validation accuracy, seeded shuffles, safetensors
 * checkpoints with exact resume, progress reporting, metrics and cost figures.
 *
 * <p>{@link #run}: for epoch e = 1, 2, ..., cfg.epochs():
 * <ol>
 *   <li>lr = schedule.lr(e, cfg.lr()); the training indices are shuffled by {@link Split#shuffle} with the seed
 *       {@link #shuffleSeed}(cfg.seed(), e), so the order of an epoch depends on nothing else;</li>
 *   <li>one {@link Scope} per step of cfg.batch() examples: loss = learner.loss(...), a non-finite loss stops the run
 *       with an {@link IllegalStateException} naming epoch and step (before it reaches the weights), then zeroGrad,
 *       backward, Adam step;</li>
 *   <li>evaluation on `val` in evaluation mode without gradients (accuracy, macro-F1, mean cross-entropy);</li>
 *   <li>an epoch with a strictly higher validation accuracy than all before becomes the best one (ties keep the
 *       earlier epoch) and a host copy of all parameters and buffers is kept; after cfg.patience() epochs in a row
 *       without improvement the run stops early. Without validation data every epoch is the best one (the last
 *       wins) and there is no early stopping;</li>
 *   <li>with cfg.checkpoint() set, the checkpoint file is replaced atomically (see below).</li>
 * </ol>
 * Finally the best weights are copied back into the module, and `test` is evaluated with them. Model selection looks
 * at validation data only; the test indices are used once, at the end.
 *
 * <p><b>Checkpoints</b> are safetensors files ({@link Checkpoint}) holding "model.&lt;name&gt;" (every parameter and
 * buffer of the module after the epoch), "best.&lt;name&gt;" (the best weights so far), "optim.&lt;param&gt;.m" and
 * ".v" (Adam's moments of the parameters updated so far) and metadata: "epoch", "best_epoch", "best_val_accuracy",
 * "epochs_without_improvement", "stopped_early", "history" (JSON), "optim.steps", "optim.t" (JSON: updates per
 * parameter) and the configuration fingerprint "config.batch", "config.lr", "config.weight_decay",
 * "config.schedule", "config.patience", "config.seed", "config.tensors" (names, dtypes and shapes of the parameters
 * and buffers), "config.train" and "config.val" (count and hash of the index arrays) and "config.epochs". When the file exists as {@link #run} starts, every fingerprint field except
 * "config.epochs" must match (else an {@link IllegalStateException} names the file and the field); the run then
 * loads everything and continues with the next epoch. The number of epochs may grow, so a finished run can be
 * extended; a checkpoint already at cfg.epochs() (or stopped early) is only restored and evaluated, and one beyond
 * cfg.epochs() is an error. Because the shuffles depend on (seed, epoch) only, Dropout keeps its random-number
 * offset in a buffer and Adam's state is saved, a resumed run computes the same floats as an uninterrupted one on
 * the same device, provided the module is built the same way (architecture and constructor seeds such as
 * Dropout's). A learner that draws random numbers of its own (augmentation) must likewise derive them from its
 * arguments or keep its state in module buffers, or resume will differ.
 *
 * <p>Cost figures: see {@link FitResult}. The peak memory uses {@link Native#resetMemoryPeak}, which is
 * process-wide: a caller measuring its own peak around {@link #run} sees it reset.
 */
public final class Fit {
    private static final String FORMAT = "symkern-fit/1";
    private static final Gson COMPACT = new GsonBuilder().serializeSpecialFloatingPointValues().create();
    private static final Type HISTORY = new TypeToken<List<EpochRecord>>() {}.getType();
    private static final Type UPDATES = new TypeToken<Map<String, Long>>() {}.getType();

    private Fit() {}

    /**
     * Metrics of an evaluation pass plus its mean cross-entropy (natural log, NaN for no examples) and the mean wall
     * time in milliseconds of one batch forward (logits copied to the host).
     */
    public record Evaluation(Metrics metrics, double meanLoss, double msPerBatch, int batches) {}

    /** Confusion-matrix metrics of the learner on idx; see {@link #evaluation}. */
    public static Metrics evaluate(Learner learner, int[] idx, int batch) {
        return evaluation(learner, idx, batch).metrics();
    }

    /**
     * Evaluates idx in batches of `batch`: evaluation mode, gradients disabled, one {@link Scope} per batch; the
     * module's previous train/eval flag is restored afterwards. The prediction is the arg-max of the logits (the
     * first on ties); the loss of an example is log(sum_c exp z_c) - z_label computed in double precision.
     */
    public static Evaluation evaluation(Learner learner, int[] idx, int batch) {
        Objects.requireNonNull(learner, "learner");
        Objects.requireNonNull(idx, "idx");
        if (batch < 1) throw new IllegalArgumentException("Fit.evaluate: batch = " + batch + " must be >= 1");
        Module module = learner.module();
        boolean wasTraining = module.isTraining();
        int classes = learner.classes();
        Metrics metrics = new Metrics(classes);
        double lossSum = 0;
        long nanos = 0;
        int batches = 0;
        module.train(false);
        try (GradMode.Guard g = GradMode.disable()) {
            for (int from = 0; from < idx.length; from += batch) {
                int to = Math.min(idx.length, from + batch), rows = to - from;
                try (Scope s = Scope.open()) {
                    long t0 = System.nanoTime();
                    Tensor logits = learner.logits(idx, from, to);
                    float[] z = logits.toFloatArray();
                    nanos += System.nanoTime() - t0;
                    batches++;
                    if (logits.rank() != 2 || logits.dim(0) != rows || logits.dim(1) != classes)
                        throw new IllegalStateException("Fit.evaluate: learner.logits gave " + logits.describe() + ", wanted (" + rows + ", "
                                + classes + ")");
                    for (int i = 0; i < rows; i++) {
                        int label = learner.label(idx[from + i]), best = 0, o = i * classes;
                        double max = z[o];
                        for (int c = 1; c < classes; c++) {
                            if (z[o + c] > z[o + best]) best = c;
                            max = Math.max(max, z[o + c]);
                        }
                        double sum = 0;
                        for (int c = 0; c < classes; c++) sum += Math.exp(z[o + c] - max);
                        metrics.add(label, best);
                        lossSum += max + Math.log(sum) - z[o + label];
                    }
                }
            }
        } finally {
            module.train(wasTraining);
        }
        return new Evaluation(metrics, idx.length == 0 ? Double.NaN : lossSum / idx.length,
                batches == 0 ? Double.NaN : nanos / 1e6 / batches, batches);
    }

    /** The shuffle seed of an epoch: a fixed mix of (seed, epoch). */
    public static long shuffleSeed(long seed, int epoch) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Trains learner.module() on `train`, selects on `val`, reports on `test` (see the class comment). */
    public static FitResult run(Learner learner, int[] train, int[] val, int[] test, FitConfig cfg) {
        Objects.requireNonNull(learner, "learner");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(val, "val (pass an empty array for none)");
        Objects.requireNonNull(test, "test (pass an empty array for none)");
        Objects.requireNonNull(cfg, "cfg");
        if (train.length == 0) throw new IllegalArgumentException("Fit: the training set is empty");
        Module module = learner.module();
        Map<String, Tensor> params = module.namedParameters();
        if (params.isEmpty()) throw new IllegalArgumentException("Fit: " + module.name() + " has no parameters");
        Device device = params.values().iterator().next().device();
        long startBytes = Native.memoryInUse(device);
        Native.resetMemoryPeak(device);

        try (Adam opt = Adam.builder(module.parameters()).lr(cfg.lr()).weightDecay(cfg.weightDecay())
                .decoupled(cfg.weightDecay() > 0f).build()) {
            Run r = new Run(learner, module, opt, cfg, train, val);
            if (cfg.checkpoint() != null && Files.exists(cfg.checkpoint())) r.resume();
            for (int epoch = r.history.size() + 1; epoch <= cfg.epochs() && !r.stoppedEarly; epoch++) r.epoch(epoch);

            Checkpoint.restore(module, r.best, "the best weights of epoch " + r.bestEpoch, "");
            Evaluation t = test.length > 0 ? evaluation(learner, test, cfg.batch()) : null;
            Evaluation timing = t != null ? t : val.length > 0 ? evaluation(learner, val, cfg.batch()) : null;
            double secs = 0;
            for (EpochRecord e : r.history) secs += e.seconds();
            long peak = Math.max(0, Native.memoryPeak(device) - startBytes);
            return new FitResult(r.history, r.bestEpoch, r.hasVal ? r.stopping.bestScore() : Double.NaN, t == null ? null : t.metrics(),
                    secs / r.history.size(), timing == null ? Double.NaN : timing.msPerBatch(), peak, module.parameterCount(),
                    r.resumed, r.stoppedEarly);
        }
    }

    /** The mutable state of one {@link #run}. */
    private static final class Run {
        final Learner learner;
        final Module module;
        final Adam opt;
        final FitConfig cfg;
        final boolean hasVal;
        final int[] train, val;
        final List<EpochRecord> history = new ArrayList<>();
        EarlyStopping stopping;
        Map<String, Checkpoint.Entry> best;
        int bestEpoch;
        boolean stoppedEarly, resumed;

        Run(Learner learner, Module module, Adam opt, FitConfig cfg, int[] train, int[] val) {
            this.learner = learner;
            this.module = module;
            this.opt = opt;
            this.cfg = cfg;
            this.train = train;
            this.val = val;
            this.hasVal = val.length > 0;
            this.stopping = new EarlyStopping(cfg.patience());
        }

        void epoch(int epoch) {
            double lr = cfg.schedule().lr(epoch, cfg.lr());
            opt.setLr((float) lr);
            int[] order = train.clone();
            Split.shuffle(order, shuffleSeed(cfg.seed(), epoch));
            long t0 = System.nanoTime();
            double trainLoss = trainEpoch(epoch, order);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Evaluation v = hasVal ? evaluation(learner, val, cfg.batch()) : null;
            EpochRecord rec = new EpochRecord(epoch, trainLoss, v == null ? Double.NaN : v.meanLoss(),
                    v == null ? Double.NaN : v.metrics().accuracy(), v == null ? Double.NaN : v.metrics().macroF1(), lr, seconds);
            history.add(rec);
            boolean improved = !hasVal || stopping.update(epoch, rec.valAccuracy());
            if (improved) {
                best = Checkpoint.snapshot(module);
                bestEpoch = epoch;
            }
            if (hasVal && stopping.shouldStop() && epoch < cfg.epochs()) stoppedEarly = true;
            if (cfg.progress() != null) cfg.progress().line(summary(rec) + (improved && hasVal ? "  *" : "")
                    + (stoppedEarly ? "  (early stop: " + cfg.patience() + " epochs without improvement, best " + bestEpoch + ")" : ""));
            if (cfg.checkpoint() != null) save(epoch);
        }

        double trainEpoch(int epoch, int[] order) {
            module.train(true);
            int batch = cfg.batch(), steps = (order.length + batch - 1) / batch;
            double lossSum = 0;
            try (Progress.Steps bar = cfg.progress() == null ? Progress.Steps.NONE : cfg.progress().epoch("epoch " + epoch + "/" + cfg.epochs(), steps)) {
                for (int s = 0; s < steps; s++) {
                    int from = s * batch, to = Math.min(order.length, from + batch);
                    float l;
                    try (Scope step = Scope.open()) {
                        Tensor loss = learner.loss(order, from, to);
                        if (loss.numel() != 1)
                            throw new IllegalStateException("Fit: learner.loss gave " + loss.describe() + ", not a single value");
                        l = loss.item();
                        if (!Float.isFinite(l))
                            throw new IllegalStateException("Fit: the training loss is " + l + " at epoch " + epoch + " step " + (s + 1)
                                    + " of " + steps + " (examples " + from + " to " + (to - 1) + " of the epoch's order)");
                        opt.zeroGrad();
                        loss.backward();
                        opt.step();
                    }
                    lossSum += (double) l * (to - from);
                    bar.step(String.format(Locale.ROOT, "loss %.4f", lossSum / to));
                }
            }
            return lossSum / order.length;
        }

        // ---------------------------------------------------------------- checkpoints

        Map<String, String> fingerprint() {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("config.batch", Integer.toString(cfg.batch()));
            f.put("config.lr", Float.toString(cfg.lr()));
            f.put("config.weight_decay", Float.toString(cfg.weightDecay()));
            f.put("config.schedule", cfg.schedule().describe());
            f.put("config.patience", Integer.toString(cfg.patience()));
            f.put("config.seed", Long.toString(cfg.seed()));
            StringBuilder t = new StringBuilder();
            for (Map.Entry<String, Tensor> e : Checkpoint.state(module).entrySet()) {
                if (t.length() > 0) t.append(", ");
                t.append(e.getKey()).append(' ').append(Checkpoint.tag(e.getValue().dtype())).append(e.getValue().shape());
            }
            f.put("config.tensors", t.toString());
            f.put("config.train", indices(train));
            f.put("config.val", indices(val));
            return f;
        }

        void save(int epoch) {
            Map<String, Checkpoint.Entry> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, Checkpoint.Entry> e : Checkpoint.snapshot(module).entrySet()) tensors.put("model." + e.getKey(), e.getValue());
            for (Map.Entry<String, Checkpoint.Entry> e : best.entrySet()) tensors.put("best." + e.getKey(), e.getValue());
            Adam.State st = opt.state();
            List<String> names = new ArrayList<>(module.namedParameters().keySet());
            Map<String, Long> updates = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                Adam.ParamState ps = st.params().get(i);
                Tensor p = module.namedParameters().get(names.get(i));
                updates.put(names.get(i), ps.t());
                if (ps.t() == 0) continue;
                tensors.put("optim." + names.get(i) + ".m", Checkpoint.Entry.ofFloats(ps.m(), p.shape()));
                tensors.put("optim." + names.get(i) + ".v", Checkpoint.Entry.ofFloats(ps.v(), p.shape()));
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", FORMAT);
            meta.put("config.epochs", Integer.toString(cfg.epochs()));
            meta.putAll(fingerprint());
            meta.put("epoch", Integer.toString(epoch));
            meta.put("best_epoch", Integer.toString(bestEpoch));
            meta.put("best_val_accuracy", Double.toString(hasVal ? stopping.bestScore() : Double.NaN));
            meta.put("epochs_without_improvement", Integer.toString(hasVal ? stopping.epochsWithoutImprovement() : 0));
            meta.put("stopped_early", Boolean.toString(stoppedEarly));
            meta.put("history", COMPACT.toJson(history, HISTORY));
            meta.put("optim.steps", Long.toString(st.steps()));
            meta.put("optim.t", COMPACT.toJson(updates, UPDATES));
            Checkpoint.saveEntries(cfg.checkpoint(), tensors, meta);
        }

        void resume() {
            Path file = cfg.checkpoint();
            Checkpoint.Contents c = Checkpoint.load(file);
            String format = c.metadata().get("format");
            if (!FORMAT.equals(format))
                throw new IllegalStateException(file + ": not a Fit checkpoint (metadata format = " + format + ", wanted " + FORMAT + ")");
            for (Map.Entry<String, String> f : fingerprint().entrySet()) {
                String saved = c.meta(f.getKey());
                if (!saved.equals(f.getValue()))
                    throw new IllegalStateException(file + ": the checkpoint belongs to another configuration: " + f.getKey() + " is '" + saved
                            + "' in the file but '" + f.getValue() + "' in this run (delete the file to start over)");
            }
            int epoch = integer(c, "epoch");
            if (epoch > cfg.epochs())
                throw new IllegalStateException(file + ": the checkpoint is at epoch " + epoch + ", beyond this run's " + cfg.epochs() + " epochs");
            try {
                history.addAll(COMPACT.fromJson(c.meta("history"), HISTORY));
            } catch (JsonParseException e) {
                throw new DataFormatException(file.toString(), "metadata 'history' is not a list of epoch records: " + e.getMessage(), e);
            }
            if (history.size() != epoch || (epoch > 0 && history.get(epoch - 1).epoch() != epoch))
                throw new DataFormatException(file.toString(), "metadata 'history' has " + history.size() + " epochs but 'epoch' is " + epoch);
            bestEpoch = integer(c, "best_epoch");
            if (bestEpoch < 1 || bestEpoch > epoch)
                throw new DataFormatException(file.toString(), "metadata 'best_epoch' = " + bestEpoch + " is outside [1, " + epoch + "]");
            stopping = EarlyStopping.restore(cfg.patience(), hasVal ? bestEpoch : 0, Double.parseDouble(c.meta("best_val_accuracy")),
                    integer(c, "epochs_without_improvement"));
            stoppedEarly = Boolean.parseBoolean(c.meta("stopped_early"));

            Map<String, Checkpoint.Entry> bestEntries = c.withPrefix("best.");
            Checkpoint.check(module, bestEntries, file.toString(), "best.");
            Map<String, Long> updates;
            try {
                updates = COMPACT.fromJson(c.meta("optim.t"), UPDATES);
            } catch (JsonParseException e) {
                throw new DataFormatException(file.toString(), "metadata 'optim.t' is not a map of update counts: " + e.getMessage(), e);
            }
            List<Adam.ParamState> states = new ArrayList<>();
            for (Map.Entry<String, Tensor> p : module.namedParameters().entrySet()) {
                Long t = updates == null ? null : updates.get(p.getKey());
                if (t == null) throw new DataFormatException(file.toString(), "metadata 'optim.t' has no entry for parameter '" + p.getKey() + "'");
                if (t == 0) {
                    states.add(Adam.ParamState.fresh());
                    continue;
                }
                Checkpoint.Entry m = c.get("optim." + p.getKey() + ".m"), v = c.get("optim." + p.getKey() + ".v");
                for (Checkpoint.Entry e : List.of(m, v))
                    if (e.dtype() != p.getValue().dtype() || !e.shape().equals(p.getValue().shape()))
                        throw new DataFormatException(file.toString(), "Adam moment of '" + p.getKey() + "' is " + e.describe()
                                + " but the parameter is " + p.getValue().describe());
                states.add(new Adam.ParamState(t, m.floats(), v.floats()));
            }
            Checkpoint.loadInto(module, c, "model.");
            opt.loadState(new Adam.State(Long.parseLong(c.meta("optim.steps")), states));
            best = bestEntries;
            resumed = true;
            if (cfg.progress() != null)
                cfg.progress().line("resumed " + file + " after epoch " + epoch + (stoppedEarly ? " (stopped early)" : ""));
        }

        /** "n indices, hash h": the training and validation sets are part of a run's identity. */
        private static String indices(int[] idx) {
            return idx.length + " indices, hash " + Integer.toHexString(java.util.Arrays.hashCode(idx));
        }

        private static int integer(Checkpoint.Contents c, String key) {
            String s = c.meta(key);
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new DataFormatException(String.valueOf(c.file()), "metadata '" + key + "' = '" + s + "' is not an integer");
            }
        }

        private String summary(EpochRecord r) {
            if (Double.isNaN(r.valLoss()))                                  // no validation part: say nothing about it
                return String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  lr %.3g  %.2f s", r.epoch(), cfg.epochs(), r.trainLoss(), r.lr(), r.seconds());
            return String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  val loss %.4f  acc %.4f  macro-F1 %.4f  lr %.3g  %.2f s", r.epoch(),
                    cfg.epochs(), r.trainLoss(), r.valLoss(), r.valAccuracy(), r.valMacroF1(), r.lr(), r.seconds());
        }
    }

}
