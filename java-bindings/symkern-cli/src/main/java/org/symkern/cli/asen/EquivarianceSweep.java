package org.symkern.cli.asen;

import java.util.ArrayList;
import java.util.List;

import org.symkern.asen.task.Task;
import org.symkern.asen.task.Tasks;

/**
 * Experiment 1: each task alone, encoded with its own group ("equivariant") or with {id} ("non-equivariant", K = n^2),
 * at each training size of the preset's sweep, over the preset's seeds. Arms at the same (task, size, seed) share data
 * and initialisation.
 */
public final class EquivarianceSweep {
    private EquivarianceSweep() {}

    public static final String EQUIVARIANT = "equivariant", NON_EQUIVARIANT = "non-equivariant";

    /** One (task, size, arm) cell over the seeds. */
    public record Cell(String task, double units, String arm, SeedSummary summary) {}

    /** All cells, and each cell's per-seed runs for the learning-curve charts. */
    public record Summary(List<Cell> cells) {
        public Cell cell(String task, double units, String arm) {
            for (Cell c : cells) if (c.task().equals(task) && c.units() == units && c.arm().equals(arm)) return c;
            throw new IllegalArgumentException("sweep has no cell " + task + " / " + units + " / " + arm);
        }
    }

    /** The run of one arm: the task encoded with its own group or with {id}. */
    static RunRecord run(RunBook book, String experiment, Task task, String arm, double units, int seed) {
        Task encoded = arm.equals(EQUIVARIANT) ? CandidateGroups.own(task) : CandidateGroups.encode(task, "trivial");
        return book.train(book.spec(experiment, arm, List.of(encoded), units, seed));
    }

    public static Summary run(RunBook book) {
        AsenPreset p = book.preset();
        List<Cell> cells = new ArrayList<>();
        for (String name : p.sweep().tasks()) {
            Task task = Tasks.equivariant(name);
            for (double units : p.sweep().units())
                for (String arm : List.of(EQUIVARIANT, NON_EQUIVARIANT)) {
                    List<RunRecord> runs = new ArrayList<>();
                    for (int seed = 0; seed < p.seeds(); ++seed) runs.add(run(book, "sweep", task, arm, units, seed));
                    cells.add(new Cell(name, units, arm, SeedSummary.of(name, runs)));
                }
        }
        return new Summary(cells);
    }
}
