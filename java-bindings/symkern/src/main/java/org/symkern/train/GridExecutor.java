package org.symkern.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a grid of independent trainings (an experiment's seeds x arms x settings): maps every cell of a list through
 * one function and returns the results in cell order.
 *
 * <p>Contract. For cells c_0 .. c_{n-1} and a function f, {@code map} returns [f(c_0), ..., f(c_{n-1})] in that
 * order, whatever order or place (thread, process, machine) the cells actually run in. This is only meaningful when f
 * is a pure function of its cell: f(c) must depend on nothing but c (no shared random generator, no cache whose
 * content changes a result, no file another cell writes), so that running the cells one by one, in another order, or
 * twice (a retried task) gives the same results. Each cell therefore carries everything its training needs (its
 * seed, its hyper-parameters, where its data comes from) and re-creates its data itself. Cells and results are
 * {@link Serializable} so an implementation may ship them to other processes; {@link #SEQUENTIAL}, the default, runs
 * f in the calling thread, in order, and never serializes anything.
 *
 * <p>A distributed implementation (e.g. the Spark one of the symkern-spark module) runs one cell per task; a failed
 * task is rerun from its cell, so a retry recomputes the whole training from its seed and never yields a partial or
 * duplicated result.
 */
public interface GridExecutor {
    /** The function applied to every cell: serializable, so a distributed executor can ship it with the cells. */
    @FunctionalInterface
    interface CellFunction<C, R> extends Function<C, R>, Serializable {}

    /** [one(c) for c in cells], in cell order; an exception of any cell fails the whole map. */
    <C extends Serializable, R extends Serializable> List<R> map(List<C> cells, CellFunction<C, R> one);

    /** A short description for logs and reports, e.g. "sequential" or "spark (local[2], 2 tasks)". */
    String describe();

    /** Runs the cells one after the other in the calling thread, in order: the single-machine behaviour. */
    GridExecutor SEQUENTIAL = new GridExecutor() {
        @Override
        public <C extends Serializable, R extends Serializable> List<R> map(List<C> cells, CellFunction<C, R> one) {
            List<R> out = new ArrayList<>(cells.size());
            for (C c : cells) out.add(one.apply(c));
            return out;
        }

        @Override
        public String describe() {
            return "sequential";
        }
    };
}
