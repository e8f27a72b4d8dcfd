package org.symkern.cli.asen;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.symkern.asen.AsenTrainer;
import org.symkern.asen.task.Tasks;
import org.symkern.cli.report.MeanStd;

/**
 * Invariant transfer (the paper's invariant transfer protocol, docs/asen.md, section Invariant transfer): for each target
 * invariant task, one model is pretrained on the other tasks of the pool (each with its own group, range-scaled L1, mixed
 * batches), its body is copied into a fresh single-task model of the target ({@link BodyTransfer}), which is fine-tuned on
 * a fraction of the target's training split with the plain L1 |y_hat - y| ({@link UnscaledTask}) and the fine-tuning
 * rates; "scratch" trains the same fresh model on the same data and loss with the scratch rates. The two "{id}" arms repeat
 * both with every task (pool and target) encoded with the trivial group, i.e. the same network without symmetry (the
 * paper's "NoSym" model): K = n^2 edge types, no weight tying. All arms are selected on the target's validation L1;
 * reported: the test L1 overall and per label value.
 */
public final class InvariantTransfer {
    private InvariantTransfer() {}

    public static final String SCRATCH = "scratch", PRETRAINED = "pretrained", SCRATCH_NOSYM = "scratch, {id}", PRETRAINED_NOSYM = "pretrained, {id}";

    /** A scratch arm and its pretrained twin, every task encoded with {@code group} (null: each task's own group). */
    private record ArmPair(String scratch, String pretrained, String group) {}

    private static final List<ArmPair> PAIRS = List.of(new ArmPair(SCRATCH, PRETRAINED, null), new ArmPair(SCRATCH_NOSYM, PRETRAINED_NOSYM, "trivial"));

    /** The four arms, in report order: with each task's own group, then with {id} (no symmetry). */
    public static final List<String> ARMS = List.of(SCRATCH, PRETRAINED, SCRATCH_NOSYM, PRETRAINED_NOSYM);

    /** Task {@code name} encoded with {@code group} (null: its own group). */
    static TaskRef encoded(String name, String group) {
        return group == null ? TaskRef.invariantOwn(name) : TaskRef.invariant(name, group);
    }

    /**
     * One (target, arm) over the seeds.
     *
     * @param labels    the label values present in the test splits, ascending
     * @param labelL1   labelL1[k]: test L1 of the samples with label labels[k], over the seeds
     * @param labelCount test samples with label labels[k], summed over the seeds
     */
    public record Cell(String target, String arm, int trainSamples, MeanStd testL1, double[] testL1s, int[] labels, MeanStd[] labelL1,
                       int[] labelCount, MeanStd valL1, int[] selectedEpochs, List<String> runs) {}

    /** All cells (target-major, arms in {@link #ARMS} order) and the pretraining runs. */
    public record Summary(List<Cell> cells, List<String> pretrainRuns) {
        public Cell cell(String target, String arm) {
            for (Cell c : cells) if (c.target().equals(target) && c.arm().equals(arm)) return c;
            throw new IllegalArgumentException("invariant transfer has no cell " + target + " / " + arm);
        }
    }

    /** The target, encoded with {@code group} (null: its own), trained or fine-tuned on the plain L1 with {@code rates}. */
    static RunBook.Spec targetSpec(AsenPreset.InvariantTransfer it, String target, String group, String arm, AsenTrainer.Rates rates, int seed) {
        return new RunBook.Spec("invariant-transfer", arm, List.of(encoded(target, group).unscaledL1()), it.finetuneFraction(), seed,
                it.model(), rates, it.epochs(), it.batch());
    }

    public static Summary run(RunBook book) {
        AsenPreset p = book.preset();
        AsenPreset.InvariantTransfer it = p.invariantTransfer();
        for (String t : it.targets()) Tasks.invariant(t);                 // unknown names fail before anything trains
        for (String t : it.pool()) Tasks.invariant(t);
        List<RunBook.Cell> grid = new ArrayList<>();                     // per target and seed, own group then {id}: scratch, then pretraining + fine-tuning
        for (String target : it.targets()) {
            if (it.pool().stream().allMatch(target::equals))
                throw new IllegalArgumentException("invariant transfer to " + target + ": the pool " + it.pool() + " has no other task");
            for (int seed = 0; seed < p.seeds(); ++seed)
                for (ArmPair arms : PAIRS) {
                    List<TaskRef> pool = new ArrayList<>();
                    for (String name : it.pool()) if (!name.equals(target)) pool.add(encoded(name, arms.group()));
                    grid.add(new RunBook.Cell(targetSpec(it, target, arms.group(), arms.scratch(), it.scratchRates(), seed), List.of(), it.samples(),
                            book.device().toString()));
                    RunBook.Spec pre = new RunBook.Spec("invariant-transfer", "pretrain-for-" + target + (arms.group() == null ? "" : ", {id}"), pool, 1.0,
                            seed, it.model(), it.pretrainRates(), it.pretrainEpochs(), Math.max(1, it.batch() / 3) * pool.size());
                    grid.add(new RunBook.Cell(pre, List.of(targetSpec(it, target, arms.group(), arms.pretrained(), it.finetuneRates(), seed)),
                            it.samples(), book.device().toString()));
                }
        }
        List<List<RunRecord>> all = book.run(grid);
        List<Cell> cells = new ArrayList<>();
        List<String> pretrainIds = new ArrayList<>();
        int next = 0;
        for (String target : it.targets()) {
            java.util.Map<String, List<RunRecord>> byArm = new java.util.HashMap<>();
            for (int seed = 0; seed < p.seeds(); ++seed)
                for (ArmPair arms : PAIRS) {
                    byArm.computeIfAbsent(arms.scratch(), k -> new ArrayList<>()).add(all.get(next++).get(0));
                    List<RunRecord> t = all.get(next++);
                    pretrainIds.add(t.get(0).id());
                    byArm.computeIfAbsent(arms.pretrained(), k -> new ArrayList<>()).add(t.get(1));
                }
            for (String arm : ARMS) cells.add(cell(target, arm, byArm.get(arm)));
        }
        return new Summary(cells, pretrainIds);
    }

    /** The summary of one (target, arm) over its runs (one per seed); a label missing from a seed's test split is left out of that label's mean. */
    static Cell cell(String target, String arm, List<RunRecord> runs) {
        int k = runs.size();
        String name = TaskRef.invariantOwn(target).build().name();
        double[] l1 = new double[k], val = new double[k];
        int[] epochs = new int[k];
        List<String> ids = new ArrayList<>();
        TreeMap<Integer, List<Double>> perLabel = new TreeMap<>();
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        for (int i = 0; i < k; ++i) {
            RunRecord r = runs.get(i);
            TaskScore t = r.test(name);
            l1[i] = t.meanAbsError();
            val[i] = r.val(name).meanAbsError();
            epochs[i] = r.selectedEpoch();
            ids.add(r.id());
            AsenTrainer.LabelErrors e = t.labelErrors();
            if (e == null) throw new IllegalStateException("run " + r.id() + " has no per-label errors");
            for (int j = 0; j < e.labels().length; ++j) {
                perLabel.computeIfAbsent(e.labels()[j], x -> new ArrayList<>()).add(e.meanAbsError()[j]);
                counts.merge(e.labels()[j], e.counts()[j], Integer::sum);
            }
        }
        int[] labels = new int[perLabel.size()], n = new int[labels.length];
        MeanStd[] byLabel = new MeanStd[labels.length];
        int j = 0;
        for (var e : perLabel.entrySet()) {
            labels[j] = e.getKey();
            byLabel[j] = MeanStd.of(e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
            n[j] = counts.get(e.getKey());
            ++j;
        }
        return new Cell(target, arm, runs.get(0).trainSamples().get(0), MeanStd.of(l1), l1, labels, byLabel, n, MeanStd.of(val), epochs, ids);
    }
}
