package org.symkern.cli.asen;

import org.symkern.asen.task.Task;

/**
 * A regression task trained on the plain L1 |y_hat - y| (label scale 1) instead of its range-scaled L1: the reference's
 * invariant fine-tuning loss. Everything else (name, data, group) is the wrapped task's.
 *
 * @param task a {@link Task.Target#REGRESSION} task
 */
public record UnscaledTask(Task task) implements ForwardingTask {
    public UnscaledTask {
        if (task == null || task.target() != Target.REGRESSION)
            throw new IllegalArgumentException("UnscaledTask needs a regression task, got " + (task == null ? "null" : task.describe()));
    }

    @Override
    public float labelScale() {
        return 1f;
    }

    @Override
    public String describe() {
        return task.describe() + " with unscaled L1";
    }
}
