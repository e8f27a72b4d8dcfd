package org.symkern.cli.asen;

import java.io.PrintWriter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.symkern.asen.task.Task;
import org.symkern.asen.Asen;
import org.symkern.tensor.Device;
import org.symkern.train.GridExecutor;
import org.symkern.asen.AsenTrainer.Rates;

/**
 * The runs of one suite: trains models with validation selection ({@link SelectedTraining}), keeps every run's
 * {@link RunRecord} in order, and returns the earlier record when an experiment asks for a run identical to one already
 * made (same encoded tasks, training size, seed, model, rates, epochs and batch: e.g. the equivariant single-task runs
 * of the size sweep are the single-task baselines of the multitask and transfer comparisons).
 *
 * <p>Seeding: seed s draws the data ({@link DataSplit}) and fixes the model initialisation (model seed 1000 + 7 s) and
 * the batch order, identically for every arm, so arms at the same seed differ only in what they compare.
 *
 * <p>Grids: an experiment hands the book a list of {@link Cell}s; the book's {@link GridExecutor} trains the cells
 * that are not already made (each a pure function of its cell: tasks, data, initialisation and batch order all come
 * from the cell's values), and the book then records the results in cell order, assigning ids and de-duplicating
 * exactly as if the cells had been trained one after the other here. Sequentially, each cell is trained and recorded
 * before the next starts (log lines as they finish).
 */
public final class RunBook {
    /** A training run to make: encoded tasks (model task order), size, seed, and the training settings. */
    public record Spec(String experiment, String arm, List<TaskRef> tasks, double units, int seed, Asen.Config model, Rates rates,
                       int epochs, int batch) implements Serializable {
        public Spec {
            tasks = List.copyOf(tasks);
        }

        /** The encoded tasks, in model task order. */
        public List<Task> build() {
            List<Task> out = new ArrayList<>();
            for (TaskRef t : tasks) out.add(t.build());
            return out;
        }

        String key() {
            StringBuilder b = new StringBuilder();
            for (Task t : build()) b.append(t.describe()).append(';');
            return b + "|" + units + "|" + seed + "|" + model + "|" + rates + "|" + epochs + "|" + batch;
        }

        /** The id of the run before de-duplication of equal ids ("#2", "#3", ...). */
        String baseId() {
            return String.format(Locale.ROOT, "%s/%s/%s/r%s/s%d", experiment, arm, names(build()), units, seed);
        }
    }

    /**
     * One unit of a grid: the training of {@code spec}; with {@code finetunes}, the trained model's body is then copied
     * into a fresh single-task model per fine-tuning spec ({@link BodyTransfer}, same model seed as the spec's seed) and
     * each is fine-tuned on its target's data (the transfer experiment). A cell without fine-tunes is a plain run and
     * is made once per book (an identical earlier run is reused); a cell with fine-tunes always runs.
     *
     * @param unitSamples samples per unit of the data ({@link DataSplit})
     * @param device      where to train: cpu, cuda or cuda:N
     */
    public record Cell(Spec spec, List<Spec> finetunes, int unitSamples, String device) implements Serializable {
        public Cell {
            finetunes = List.copyOf(finetunes);
        }

        /** Trains the cell: [the spec's training, then each fine-tuning] (no epoch lines). */
        public ArrayList<Trained> run() {
            return run(null);
        }

        /** Trains the cell; {@code epochLog} (may be null) gets one line per epoch. */
        public ArrayList<Trained> run(PrintWriter epochLog) {
            Device dev = Device.parse(device);
            ArrayList<Trained> out = new ArrayList<>();
            List<Task> tasks = spec.build();
            List<DataSplit> data = new ArrayList<>();
            for (Task t : tasks) data.add(DataSplit.of(t, spec.units(), unitSamples, spec.seed()));
            try (Asen model = new Asen(tasks, spec.model(), dev, modelSeed(spec.seed()))) {
                out.add(train(spec, model, data, epochLog));
                for (Spec f : finetunes) {
                    List<Task> target = f.build();
                    try (Asen tuned = new Asen(target, f.model(), dev, modelSeed(f.seed()))) {
                        BodyTransfer.copyBody(model, tuned);
                        out.add(train(f, tuned, List.of(DataSplit.of(target.get(0), f.units(), unitSamples, f.seed())), epochLog));
                    }
                }
            }
            return out;
        }
    }

    /** What one training produced: the selected epoch's curves and metrics, and the edge tables before and after. */
    public record Trained(SelectedTraining.Result result, EdgeTables tables) implements Serializable {}

    private final AsenPreset preset;
    private final Device device;
    private final GridExecutor executor;
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
    public record EdgeTables(List<float[]> before, List<float[]> after, List<Integer> categories, int dim) implements Serializable {}

    /**
     * @param log one line per finished run (null: silent)
     * @param epochLog one line per epoch (null: none)
     */
    public RunBook(AsenPreset preset, Device device, PrintWriter log, PrintWriter epochLog) {
        this(preset, device, GridExecutor.SEQUENTIAL, log, epochLog);
    }

    /** A book whose grids run on {@code executor} (epoch lines only when it is sequential). */
    public RunBook(AsenPreset preset, Device device, GridExecutor executor, PrintWriter log, PrintWriter epochLog) {
        this.preset = preset;
        this.device = device;
        this.executor = executor;
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

    /** The model seed of seed s (the same for every arm). */
    public static long modelSeed(int seed) {
        return 1000L + 7L * seed;
    }

    /** A spec with the preset's model, rates, epochs for the size, and batch (64, or 21 per task for several tasks). */
    public Spec spec(String experiment, String arm, List<TaskRef> tasks, double units, int seed) {
        int batch = tasks.size() == 1 ? preset.batch() : Math.max(1, preset.batch() / 3) * tasks.size();
        return new Spec(experiment, arm, tasks, units, seed, preset.model(), preset.rates(), preset.epochsFor(units), batch);
    }

    /** A plain cell of {@code spec} (no fine-tuning). */
    public Cell cell(Spec spec) {
        return cell(spec, List.of());
    }

    /** A cell of {@code spec} with fine-tunings from its body. */
    public Cell cell(Spec spec, List<Spec> finetunes) {
        return new Cell(spec, finetunes, preset.unitSamples(), device.toString());
    }

    /** The run of {@code spec}: the earlier identical one if any, else a new one. */
    public RunRecord train(Spec spec) {
        return trainAll(List.of(spec)).get(0);
    }

    /** The runs of these specs, in order (each: the earlier identical run if any, else a new one). */
    public List<RunRecord> trainAll(List<Spec> specs) {
        return trainAll(specs, preset.unitSamples());
    }

    /**
     * As {@link #trainAll(List)} with {@code unitSamples} generated samples per unit instead of the preset's (the invariant
     * regression experiment's 16,000 per task). De-duplication does not look at the sample count: only the invariant
     * experiments train invariant-universe tasks, and their specs differ (single task with the scaled loss, several
     * pretraining tasks, or the unscaled loss), so their runs never meet another experiment's.
     */
    public List<RunRecord> trainAll(List<Spec> specs, int unitSamples) {
        List<Cell> cells = new ArrayList<>();
        for (Spec s : specs) cells.add(new Cell(s, List.of(), unitSamples, device.toString()));
        List<RunRecord> out = new ArrayList<>();
        for (List<RunRecord> r : run(cells)) out.add(r.get(0));
        return out;
    }

    /**
     * Runs a grid: per cell, [the spec's run, then its fine-tunings' runs], in cell order. The cells not made yet are
     * trained by the book's executor; the records are then made in cell order (ids, de-duplication, log lines), so the
     * result does not depend on where or in which order the cells were trained.
     */
    public List<List<RunRecord>> run(List<Cell> cells) {
        List<List<RunRecord>> out = new ArrayList<>();
        if (executor == GridExecutor.SEQUENTIAL) {
            for (Cell c : cells)
                out.add(record(c, needed(c, byKey.keySet()) ? GridExecutor.SEQUENTIAL.map(List.of(c), x -> x.run(epochLog)).get(0) : null));
            return out;
        }
        Set<String> made = new HashSet<>(byKey.keySet());
        List<Cell> todo = new ArrayList<>();
        List<Boolean> trained = new ArrayList<>();
        for (Cell c : cells) {
            boolean need = needed(c, made);
            if (need) todo.add(c);
            made.add(c.spec().key());
            trained.add(need);
        }
        if (log != null && !todo.isEmpty()) {
            log.printf(Locale.ROOT, "%d trainings on %s%n", todo.size(), executor.describe());
            log.flush();
        }
        List<ArrayList<Trained>> results = executor.map(todo, Cell::run);
        if (results.size() != todo.size()) throw new IllegalStateException(executor.describe() + " returned " + results.size() + " results for "
                + todo.size() + " cells");
        int next = 0;
        for (int i = 0; i < cells.size(); ++i) out.add(record(cells.get(i), trained.get(i) ? results.get(next++) : null));
        return out;
    }

    private static boolean needed(Cell c, Set<String> made) {
        return !c.finetunes().isEmpty() || !made.contains(c.spec().key());
    }

    /** Records a cell's trainings (null: a plain cell whose identical run was made before). */
    private List<RunRecord> record(Cell c, List<Trained> t) {
        if (t == null) {
            RunRecord r = byKey.get(c.spec().key());
            if (r == null) throw new IllegalStateException("no earlier run of " + c.spec().baseId());
            return List.of(r);
        }
        if (t.size() != 1 + c.finetunes().size())
            throw new IllegalStateException(c.spec().baseId() + ": " + t.size() + " trainings for " + (1 + c.finetunes().size()) + " specs");
        if (c.finetunes().isEmpty() && byKey.containsKey(c.spec().key())) return List.of(byKey.get(c.spec().key()));
        List<RunRecord> out = new ArrayList<>();
        out.add(record(c.spec(), t.get(0)));
        for (int k = 0; k < c.finetunes().size(); ++k) out.add(record(c.finetunes().get(k), t.get(k + 1)));
        return out;
    }

    /** Trains {@code model} (built by the caller, e.g. with a transferred body) on {@code data} as {@code spec} says. */
    static Trained train(Spec spec, Asen model, List<DataSplit> data, PrintWriter epochLog) {
        List<float[]> before = edgeTables(model);
        SelectedTraining.Result res = SelectedTraining.fit(model, data, spec.rates(), spec.epochs(), spec.batch(), modelSeed(spec.seed()) + 1,
                spec.baseId(), epochLog);
        List<Integer> ks = new ArrayList<>();
        for (int k = 0; k < model.tasks().size(); ++k) ks.add(model.orbits(k).count());
        return new Trained(res, new EdgeTables(before, edgeTables(model), ks, spec.model().hidden()));
    }

    /** Makes and keeps the record of one training. */
    private RunRecord record(Spec spec, Trained t) {
        SelectedTraining.Result res = t.result();
        String base = spec.baseId();
        String id = base;
        for (int k = 2; byId.containsKey(id); ++k) id = base + "#" + k;
        List<String> names = new ArrayList<>(), groups = new ArrayList<>();
        for (TaskScore s : res.test()) {
            names.add(s.task());
            groups.add(s.group());
        }
        RunRecord r = new RunRecord(id, spec.experiment(), spec.arm(), names, groups, spec.units(), spec.seed(),
                String.format(Locale.ROOT, "d=%d L=%d heads=%d dropout=%.2f selfLoops=%s", spec.model().hidden(), spec.model().layers(),
                        spec.model().heads(), spec.model().outputDropout(), spec.model().selfLoops()),
                spec.rates(), spec.epochs(), spec.batch(), res.trainSamples(), res.trainLoss(), res.valLoss(), res.valAccuracy(), res.selectedEpoch(),
                res.train(), res.val(), res.test(), res.seconds());
        runs.add(r);
        byId.put(id, r);
        tables.put(id, t.tables());
        byKey.putIfAbsent(spec.key(), r);
        if (log != null) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s: selected epoch %d/%d, test", id, r.selectedEpoch(), r.epochs()));
            for (TaskScore s : r.test())
                b.append(Double.isNaN(s.meanAbsError()) ? String.format(Locale.ROOT, " %s %.4f", s.task(), s.accuracy())
                        : String.format(Locale.ROOT, " %s L1 %.4f", s.task(), s.meanAbsError()));
            log.println(b.append(String.format(Locale.ROOT, " (%.1f s)", r.seconds())));
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
