package org.symkern.cli.asen;

import java.io.Serializable;

import org.symkern.asen.task.Task;
import org.symkern.asen.task.Tasks;

/**
 * A task of the ASEN suite as a serializable value, rebuilt where it is trained: the equivariant task {@code task}
 * ({@link Tasks#equivariant}) or, when {@code task} is "sign", the sign task of {@code n} distinct values from
 * 1..{@code maxValue} ({@link Tasks#sign}), encoded with the candidate group {@code group} ({@link CandidateGroups#encode};
 * its own group for {@link #own}); with {@code invariant}, the invariant task {@code task} ({@link Tasks#invariant}, n = 8;
 * the sign task there is regressed, {@link RegressedTask}, as in the invariant regression experiment; with {@code unscaled},
 * trained on the plain L1, {@link UnscaledTask}). {@link #build} is
 * deterministic, so a grid cell can carry tasks by value.
 *
 * @param n        the sign task's length (0 for an equivariant or invariant-universe task)
 * @param maxValue the sign task's largest value (0 for an equivariant or invariant-universe task)
 */
public record TaskRef(String task, int n, int maxValue, String group, boolean invariant, boolean unscaled) implements Serializable {
    /** A task of the equivariant universe or the sign task ({@code invariant} false). */
    public TaskRef(String task, int n, int maxValue, String group) {
        this(task, n, maxValue, group, false, false);
    }

    /** This invariant-universe task trained on the plain L1 ({@link UnscaledTask}) instead of the range-scaled one. */
    public TaskRef unscaledL1() {
        if (!invariant) throw new IllegalArgumentException("only invariant-universe tasks are regressed; " + task + " is not one");
        return new TaskRef(task, n, maxValue, group, true, true);
    }

    /** The invariant-universe task {@code name} (n = 8; the sign regressed) encoded with the named group. */
    public static TaskRef invariant(String name, String group) {
        return new TaskRef(name, 0, 0, group, true, false);
    }

    /** The invariant-universe task {@code name} encoded with its own group. */
    public static TaskRef invariantOwn(String name) {
        return invariant(name, CandidateGroups.trueGroup(name));
    }

    /** The equivariant task {@code name} encoded with its own group. */
    public static TaskRef own(String name) {
        return new TaskRef(name, 0, 0, CandidateGroups.trueGroup(name));
    }

    /** The equivariant task {@code name} encoded with the named group. */
    public static TaskRef encoded(String name, String group) {
        return new TaskRef(name, 0, 0, group);
    }

    /** The sign task of n values out of 1..maxValue encoded with the named group. */
    public static TaskRef sign(int n, int maxValue, String group) {
        return new TaskRef("sign", n, maxValue, group);
    }

    /** The encoded task. */
    public RegroupedTask build() {
        Task t;
        if (invariant) {
            t = Tasks.invariant(task);
            if (t.target() == Task.Target.CLASSIFICATION) t = new RegressedTask(t);
            if (unscaled) t = new UnscaledTask(t);
        } else t = task.equals("sign") ? Tasks.sign(n, maxValue) : Tasks.equivariant(task);
        return CandidateGroups.encode(t, group);
    }
}
