package org.symkern.cli.asen;

import java.util.ArrayList;
import java.util.List;

import org.symkern.asen.task.Tasks;

/**
 * Experiment 2 (paper section 5.2.1, docs/asen.md, section Training protocol): one model for the task set T (the last 3T tasks of the
 * equivariant universe: T = 1 palindrome, cyclicsum, intersect; T = 2 adds monotone, cyclicprod, symdiff; T = 3 adds
 * constant, cyclicaltsum, targetsum), every task with its own group's edge categories and its own edge and token
 * embedders, the body shared, batches mixing the tasks (21 samples per task), r units of each task; against one model
 * per task on the same r units (the equivariant runs of {@link EquivarianceSweep}, batch 64). Reported on every task of
 * the largest set: a task has a cell for single-task training and for each set T that contains it (all nine tasks are in
 * T = 3, the T = 1 tasks in every set); epochs are selected on the mean validation loss over the model's tasks.
 */
public final class MultitaskComparison {
    private MultitaskComparison() {}

    /** The setting label of single-task training. */
    public static final String SINGLE = "single";

    /** One (task, size, setting) cell; setting "single" or "T=1", "T=2", "T=3". */
    public record Cell(String task, double units, String setting, SeedSummary summary) {}

    public record Summary(List<String> reportTasks, List<Cell> cells) {
        public Cell cell(String task, double units, String setting) {
            Cell c = find(task, units, setting);
            if (c == null) throw new IllegalArgumentException("multitask has no cell " + task + " / " + units + " / " + setting);
            return c;
        }

        /** The cell, or null when the task is not in that setting's task set. */
        public Cell find(String task, double units, String setting) {
            for (Cell c : cells) if (c.task().equals(task) && c.units() == units && c.setting().equals(setting)) return c;
            return null;
        }
    }

    /** The tasks of set T: the last 3T of the equivariant universe. */
    public static List<String> taskSet(int t) {
        List<String> u = Tasks.equivariantNames();
        if (t < 1 || 3 * t > u.size()) throw new IllegalArgumentException("task set T = " + t + " outside [1, " + u.size() / 3 + "]");
        return u.subList(u.size() - 3 * t, u.size());
    }

    public static Summary run(RunBook book) {
        AsenPreset p = book.preset();
        int largest = p.multitask().taskSets().stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<String> report = new ArrayList<>();                       // T = 1's tasks first, then what each larger set adds
        for (int t = 1; t <= largest; ++t)
            for (String name : taskSet(t)) if (!report.contains(name)) report.add(name);
        List<RunBook.Spec> specs = new ArrayList<>();                  // the grid: per size, single-task runs then each task set, x seeds
        for (double units : p.multitask().units()) {
            for (String name : report)
                for (int seed = 0; seed < p.seeds(); ++seed)
                    specs.add(EquivarianceSweep.spec(book, "multitask", name, EquivarianceSweep.EQUIVARIANT, units, seed));
            for (int t : p.multitask().taskSets()) {
                List<TaskRef> tasks = new ArrayList<>();
                for (String name : taskSet(t)) tasks.add(TaskRef.own(name));
                for (int seed = 0; seed < p.seeds(); ++seed) specs.add(book.spec("multitask", "T=" + t, tasks, units, seed));
            }
        }
        List<RunRecord> all = book.trainAll(specs);
        List<Cell> cells = new ArrayList<>();
        int next = 0;
        for (double units : p.multitask().units()) {
            for (String name : report) {
                cells.add(new Cell(name, units, SINGLE, SeedSummary.of(name, all.subList(next, next + p.seeds()))));
                next += p.seeds();
            }
            for (int t : p.multitask().taskSets()) {
                List<RunRecord> runs = all.subList(next, next + p.seeds());
                next += p.seeds();
                for (String name : taskSet(t)) cells.add(new Cell(name, units, "T=" + t, SeedSummary.of(name, runs)));
            }
        }
        return new Summary(report, cells);
    }
}
