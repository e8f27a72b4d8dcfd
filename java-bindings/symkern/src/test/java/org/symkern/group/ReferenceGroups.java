package org.symkern.group;

import java.util.List;
import java.util.function.IntFunction;

/** The ASEN task groups with their 2-orbit counts K from the docs/groups.md, section Permutation groups and 2-orbits table (-1: not listed). */
public final class ReferenceGroups {
    private ReferenceGroups() {}

    public record Task(String name, IntFunction<PermutationGroup> make, int k10, int k8) {}

    public static final List<Task> TASKS = List.of(
            new Task("identity", PermutationGroups::trivial, 100, 64),
            new Task("reversal", PermutationGroups::reversalGroup, 50, 32),
            new Task("dihedral", PermutationGroups::dihedral, 6, 5),
            new Task("intersect", PermutationGroups::wreathHalves, 3, 3),
            new Task("symmetric", PermutationGroups::symmetric, 2, 2),
            new Task("detectcapital", PermutationGroups::fixingFirst, -1, 5),
            new Task("alternating", PermutationGroups::alternating, -1, 2));
}
