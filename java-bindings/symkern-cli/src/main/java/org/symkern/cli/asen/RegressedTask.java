package org.symkern.cli.asen;

import org.symkern.asen.task.Task;
import org.symkern.asen.task.TaskSamples;

/**
 * An invariant classification task trained as regression, as the reference's invariant regression script does with
 * the sign (Vandermonde) task: the same tokens, group and labels, the class index c in [0, C) regressed as the value
 * c with one output and the range-scaled L1 loss
 * <pre>
 *   loss = |y_hat - c| / max(C - 1, 1)          (C = 2 for the sign: scale 1)
 * </pre>
 *
 * @param task an invariant {@link Task.Target#CLASSIFICATION} task
 */
public record RegressedTask(Task task) implements ForwardingTask {
    public RegressedTask {
        if (task == null || task.target() != Target.CLASSIFICATION)
            throw new IllegalArgumentException("RegressedTask needs an invariant classification task, got " + (task == null ? "null" : task.describe()));
    }

    @Override
    public Target target() {
        return Target.REGRESSION;
    }

    @Override
    public int outputs() {
        return 1;
    }

    /** 1 / max(C - 1, 1) for C classes (the reference's out_dim rule). */
    @Override
    public float labelScale() {
        return 1f / Math.max(task.outputs() - 1, 1);
    }

    /** The wrapped task's samples (same tokens and class indices) as regression samples of this task. */
    @Override
    public TaskSamples sample(int count, long seed) {
        TaskSamples s = task.sample(count, seed);
        int[] all = TaskSamples.range(s.count());
        return TaskSamples.values(this, s.tokens(all), s.targets(all));
    }

    @Override
    public String describe() {
        return task.describe() + " as regression";
    }
}
