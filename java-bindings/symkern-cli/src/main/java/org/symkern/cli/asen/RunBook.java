package org.symkern.cli.asen;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.symkern.asen.task.Task;
import org.symkern.asen.Asen;
import org.symkern.tensor.Device;
import org.symkern.asen.AsenTrainer.Rates;

/**
 * The runs of one suite: trains models with validation selection ({@link SelectedTraining}), keeps every run's
 * {@link RunRecord} in order, and returns the earlier record when an experiment asks for a run identical to one already
 * made (same encoded tasks, training size, seed, model, rates, epochs and batch: e.g. the equivariant single-task runs
 * of the size sweep are the single-task baselines of the multitask and transfer comparisons).
 *
 * <p>Seeding: seed s draws the data ({@link DataSplit}) and fixes the model initialisation (model seed 1000 + 7 s) and
 * the batch order, identically for every arm, so arms at the same seed differ only in what they compare.
 */
public final class RunBook {
    /** A training run to make: encoded tasks (model task order), size, seed, and the training settings. */
    public record Spec(String experiment, String arm, List<? extends Task> tasks, double units, int seed, Asen.Config model, Rates rates,
                       int epochs, int batch) {
        String key() {
            StringBuilder b = new StringBuilder();
            for (Task t : tasks) b.append(t.describe()).append(';');
            return b + "|" + units + "|" + seed + "|" + model + "|" + rates + "|" + epochs + "|" + batch;
        }
    }

    private final AsenPreset preset;
    private final Device device;
    private final PrintWriter log;
    private final PrintWriter epochLog;
    private final List<RunRecord> runs = new ArrayList<>();
    private final Map<String, RunRecord> byKey = new HashMap<>();
    private final Map<String, RunRecord> byId = new HashMap<>();
    private final Map<String, EdgeTables> tables = new HashMap<>();

    /**
     * The edge embedding tables (K_k, d) of every task of a run, row-major, at initialisation (after any transferred
     * body was loaded) and at the selected epoch. Kept in memory for the symmetry-discovery figures, not in asen.json.
     */
    public record EdgeTables(List<float[]> before, List<float[]> after, List<Integer> categories, int dim) {}

    /**
     * @param log one line per finished run (null: silent)
     * @param epochLog one line per epoch (null: none)
     */
    public RunBook(AsenPreset preset, Device device, PrintWriter log, PrintWriter epochLog) {
        this.preset = preset;
        this.device = device;
        this.log = log;
        this.epochLog = epochLog;
    }

    public AsenPreset preset() {
        return preset;
    }

    public Device device() {
        return device;
    }

    /** Every run so far, in the order made. */
    public List<RunRecord> runs() {
        return List.copyOf(runs);
    }

    /** The run with this id. */
    public RunRecord run(String id) {
        RunRecord r = byId.get(id);
        if (r == null) throw new IllegalArgumentException("no run '" + id + "'");
        return r;
    }

    /** The runs with these ids, in order. */
    public List<RunRecord> runs(List<String> ids) {
        List<RunRecord> out = new ArrayList<>();
        for (String id : ids) out.add(run(id));
        return out;
    }

    /** The model seed of seed s (the same for every arm). */
    public static long modelSeed(int seed) {
        return 1000L + 7L * seed;
    }

    /** A spec with the preset's model, rates, epochs for the size, and batch (64, or 21 per task for several tasks). */
    public Spec spec(String experiment, String arm, List<? extends Task> tasks, double units, int seed) {
        int batch = tasks.size() == 1 ? preset.batch() : Math.max(1, preset.batch() / 3) * tasks.size();
        return new Spec(experiment, arm, tasks, units, seed, preset.model(), preset.rates(), preset.epochsFor(units), batch);
    }

    /** The run of {@code spec}: the earlier identical one if any, else a new one. */
    public RunRecord train(Spec spec) {
        RunRecord r = byKey.get(spec.key());
        return r != null ? r : train(spec, null);
    }

    /**
     * Always a new run; {@code after} (may be null) sees the trained model (selected weights) with its record, before the
     * model is closed.
     */
    public RunRecord train(Spec spec, BiConsumer<Asen, RunRecord> after) {
        List<DataSplit> data = new ArrayList<>();
        for (Task t : spec.tasks()) data.add(DataSplit.of(t, spec.units(), preset.unitSamples(), spec.seed()));
        List<Task> tasks = new ArrayList<>(spec.tasks());
        try (Asen model = new Asen(tasks, spec.model(), device, modelSeed(spec.seed()))) {
            RunRecord r = fit(spec, model, data);
            if (after != null) after.accept(model, r);
            return r;
        }
    }

    /** Trains {@code model} (built by the caller, e.g. with a transferred body) on {@code data} as {@code spec} says; records it. */
    public RunRecord fit(Spec spec, Asen model, List<DataSplit> data) {
        List<float[]> before = edgeTables(model);
        String base = String.format(java.util.Locale.ROOT, "%s/%s/%s/r%s/s%d", spec.experiment(), spec.arm(), names(spec.tasks()), spec.units(), spec.seed());
        String id = base;
        for (int k = 2; byId.containsKey(id); ++k) id = base + "#" + k;
        SelectedTraining.Result res = SelectedTraining.fit(model, data, spec.rates(), spec.epochs(), spec.batch(), modelSeed(spec.seed()) + 1, id,
                epochLog);
        List<String> names = new ArrayList<>(), groups = new ArrayList<>();
        for (TaskScore s : res.test()) {
            names.add(s.task());
            groups.add(s.group());
        }
        RunRecord r = new RunRecord(id, spec.experiment(), spec.arm(), names, groups, spec.units(), spec.seed(),
                String.format(java.util.Locale.ROOT, "d=%d L=%d heads=%d dropout=%.2f selfLoops=%s", spec.model().hidden(), spec.model().layers(),
                        spec.model().heads(), spec.model().outputDropout(), spec.model().selfLoops()),
                spec.rates(), spec.epochs(), spec.batch(), res.trainSamples(), res.trainLoss(), res.valLoss(), res.valAccuracy(), res.selectedEpoch(),
                res.train(), res.val(), res.test(), res.seconds());
        runs.add(r);
        byId.put(id, r);
        List<Integer> ks = new ArrayList<>();
        for (int k = 0; k < model.tasks().size(); ++k) ks.add(model.orbits(k).count());
        tables.put(id, new EdgeTables(before, edgeTables(model), ks, spec.model().hidden()));
        byKey.putIfAbsent(spec.key(), r);
        if (log != null) {
            StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "%s: selected epoch %d/%d, test", id, r.selectedEpoch(), r.epochs()));
            for (TaskScore s : r.test()) b.append(String.format(java.util.Locale.ROOT, " %s %.4f", s.task(), s.accuracy()));
            log.println(b.append(String.format(java.util.Locale.ROOT, " (%.1f s)", r.seconds())));
            log.flush();
        }
        return r;
    }

    /** The edge tables of run {@code id}. */
    public EdgeTables edgeTables(String id) {
        EdgeTables t = tables.get(id);
        if (t == null) throw new IllegalArgumentException("no edge tables for run '" + id + "'");
        return t;
    }

    private static List<float[]> edgeTables(Asen model) {
        List<float[]> out = new ArrayList<>();
        for (int k = 0; k < model.tasks().size(); ++k) out.add(model.edgeTable(k).toFloatArray());
        return out;
    }

    private static String names(List<? extends Task> tasks) {
        StringBuilder b = new StringBuilder();
        for (Task t : tasks) b.append(b.length() == 0 ? "" : "+").append(t.name());
        return tasks.size() > 3 ? tasks.size() + "tasks" : b.toString();
    }
}
