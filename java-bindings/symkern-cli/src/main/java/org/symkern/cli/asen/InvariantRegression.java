package org.symkern.cli.asen;

import java.util.ArrayList;
import java.util.List;

import org.symkern.asen.task.Tasks;
import org.symkern.cli.report.MeanStd;

/**
 * Invariant regression (the paper's Table 6 protocol, docs/asen.md, section Invariant regression): each invariant task
 * (n = 8) alone, encoded with its own group ("invariant": the intended generators, e.g. all 3-cycles of A_8 for the sign)
 * or with {id} ("non-invariant", K = n^2 = 64), trained on the range-scaled L1
 * <pre>
 *   loss = labelScale * mean |y_hat - y|,   labelScale = 1 / max(out_dim - 1, 1)
 *   (out_dim: palindrome 2, intersect 9, cyclicsum 32, longestpal 9, detectcapital 2, sign 2)
 * </pre>
 * with the preset's invariant model and settings; the epoch with the lowest validation loss is selected and the test
 * split scored once. Reported per task and arm over the seeds: the unscaled test L1 mean |y_hat - y| (the paper's
 * metric), the scaled test loss, and the rate of predictions that round to the label. Arms at the same (task, seed)
 * share data, split, initial body and batch order.
 */
public final class InvariantRegression {
    private InvariantRegression() {}

    public static final String INVARIANT = "invariant", NON_INVARIANT = "non-invariant";

    /** The two arms, in report order. */
    public static final List<String> ARMS = List.of(INVARIANT, NON_INVARIANT);

    /**
     * One (task, arm) over the seeds.
     *
     * @param group       the encoding group's label ("D8", "{id}", ...)
     * @param labelScale  the task's L1 scale 1 / max(out_dim - 1, 1)
     * @param testL1      unscaled test L1 mean |y_hat - y| over the seeds
     * @param testLoss    range-scaled test L1 over the seeds
     * @param testRounded rate of test predictions that round to the label
     * @param valL1       unscaled validation L1 of the selected epoch
     * @param trainL1     unscaled training L1 of the selected epoch (the fit)
     */
    public record Cell(String task, String arm, String group, double labelScale, int trainSamples, MeanStd testL1, double[] testL1s,
                       MeanStd testLoss, MeanStd testRounded, MeanStd valL1, MeanStd trainL1, int[] selectedEpochs, List<String> runs) {}

    /** All (task, arm) cells, task-major in the preset's order. */
    public record Summary(List<Cell> cells) {
        public Cell cell(String task, String arm) {
            for (Cell c : cells) if (c.task().equals(task) && c.arm().equals(arm)) return c;
            throw new IllegalArgumentException("invariant experiment has no cell " + task + " / " + arm);
        }
    }

    /** The spec of one arm: the invariant task encoded with its own group or with {id}, with the preset's invariant settings. */
    static RunBook.Spec spec(AsenPreset p, String task, String arm, int seed) {
        AsenPreset.Invariant inv = p.invariant();
        TaskRef ref = arm.equals(INVARIANT) ? TaskRef.invariantOwn(task) : TaskRef.invariant(task, "trivial");
        return new RunBook.Spec("invariant", arm, List.of(ref), 1.0, seed, inv.model(), inv.rates(), inv.epochs(), inv.batch());
    }

    public static Summary run(RunBook book) {
        AsenPreset p = book.preset();
        AsenPreset.Invariant inv = p.invariant();
        for (String t : inv.tasks()) Tasks.invariant(t);                 // unknown names fail before anything trains
        List<RunBook.Spec> specs = new ArrayList<>();                    // the grid: task x arm x seed
        for (String task : inv.tasks())
            for (String arm : ARMS)
                for (int seed = 0; seed < p.seeds(); ++seed) specs.add(spec(p, task, arm, seed));
        List<RunRecord> all = book.trainAll(specs, inv.samples());
        List<Cell> cells = new ArrayList<>();
        int next = 0;
        for (String task : inv.tasks())
            for (String arm : ARMS) {
                cells.add(cell(task, arm, all.subList(next, next + p.seeds())));
                next += p.seeds();
            }
        return new Summary(cells);
    }

    /** The summary of one (task, arm) over its runs (one per seed). */
    static Cell cell(String task, String arm, List<RunRecord> runs) {
        int k = runs.size();
        String name = TaskRef.invariantOwn(task).build().name();
        double[] l1 = new double[k], loss = new double[k], rounded = new double[k], val = new double[k], train = new double[k];
        int[] epochs = new int[k];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < k; ++i) {
            RunRecord r = runs.get(i);
            TaskScore t = r.test(name);
            l1[i] = t.meanAbsError();
            loss[i] = t.loss();
            rounded[i] = t.accuracy();
            val[i] = r.val(name).meanAbsError();
            train[i] = r.train(name).meanAbsError();
            epochs[i] = r.selectedEpoch();
            ids.add(r.id());
        }
        RunRecord first = runs.get(0);
        return new Cell(task, arm, first.test(name).group(), TaskRef.invariantOwn(task).build().labelScale(), first.trainSamples().get(0),
                MeanStd.of(l1), l1, MeanStd.of(loss), MeanStd.of(rounded), MeanStd.of(val), MeanStd.of(train), epochs, ids);
    }
}
