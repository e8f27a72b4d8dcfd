package org.symkern.cli.asen;

import org.symkern.asen.task.Task;
import org.symkern.group.PermutationGroup;

/**
 * A task whose ASEN edge categories come from another group than its own: everything (data, labels, sizes) is the
 * wrapped task's, only {@link #group()} is replaced. Used to encode a task with a smaller group than its true one
 * (symmetry discovery), with candidate groups (symmetry selection), or with {id} (the non-equivariant baseline).
 *
 * @param task the task whose samples and labels are used
 * @param group the group whose 2-orbits give the edge categories (degree n)
 * @param groupName a short label for reports, e.g. "S5xS5"
 */
public record RegroupedTask(Task task, PermutationGroup group, String groupName) implements ForwardingTask {
    public RegroupedTask {
        if (task == null || group == null) throw new IllegalArgumentException("RegroupedTask: task and group are required");
        if (group.degree() != task.n())
            throw new IllegalArgumentException("RegroupedTask: group " + groupName + " acts on " + group.degree() + " points, "
                    + task.describe() + " has " + task.n());
    }

    @Override
    public String describe() {
        return task.describe() + " with group " + groupName;
    }
}
