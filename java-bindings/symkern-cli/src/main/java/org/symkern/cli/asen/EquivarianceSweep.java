package org.symkern.cli.asen;

import java.util.ArrayList;
import java.util.List;


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

    /** The spec of one arm: the task encoded with its own group or with {id}. */
    static RunBook.Spec spec(RunBook book, String experiment, String task, String arm, double units, int seed) {
        TaskRef encoded = arm.equals(EQUIVARIANT) ? TaskRef.own(task) : TaskRef.encoded(task, "trivial");
        return book.spec(experiment, arm, List.of(encoded), units, seed);
    }

    public static Summary run(RunBook book) {
        AsenPreset p = book.preset();
        List<RunBook.Spec> specs = new ArrayList<>();                  // the grid: task x size x arm x seed
        for (String name : p.sweep().tasks())
            for (double units : p.sweep().units())
                for (String arm : List.of(EQUIVARIANT, NON_EQUIVARIANT))
                    for (int seed = 0; seed < p.seeds(); ++seed) specs.add(spec(book, "sweep", name, arm, units, seed));
        List<RunRecord> all = book.trainAll(specs);
        List<Cell> cells = new ArrayList<>();
        int next = 0;
        for (String name : p.sweep().tasks())
            for (double units : p.sweep().units())
                for (String arm : List.of(EQUIVARIANT, NON_EQUIVARIANT)) {
                    cells.add(new Cell(name, units, arm, SeedSummary.of(name, all.subList(next, next + p.seeds()))));
                    next += p.seeds();
                }
        return new Summary(cells);
    }
}
