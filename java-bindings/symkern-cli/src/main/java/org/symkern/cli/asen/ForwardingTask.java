package org.symkern.cli.asen;

import org.symkern.asen.task.Task;
import org.symkern.asen.task.TaskSamples;
import org.symkern.group.PermutationGroup;

/**
 * A task that is another task with one or two things changed ({@link RegroupedTask}: the group,
 * {@link RegressedTask}: the target): every method forwards to {@link #task()} unless the implementation overrides it.
 */
interface ForwardingTask extends Task {
    /** The wrapped task. */
    Task task();

    @Override
    default String name() {
        return task().name();
    }

    @Override
    default Target target() {
        return task().target();
    }

    @Override
    default int n() {
        return task().n();
    }

    @Override
    default int vocabSize() {
        return task().vocabSize();
    }

    @Override
    default PermutationGroup group() {
        return task().group();
    }

    @Override
    default int outputs() {
        return task().outputs();
    }

    @Override
    default float labelScale() {
        return task().labelScale();
    }

    @Override
    default long defaultSeed() {
        return task().defaultSeed();
    }

    @Override
    default int[] nodeLabels(int[] tokens) {
        return task().nodeLabels(tokens);
    }

    @Override
    default float value(int[] tokens) {
        return task().value(tokens);
    }

    @Override
    default TaskSamples sample(int count, long seed) {
        return task().sample(count, seed);
    }
}
