package org.symkern.cli.asen;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.symkern.asen.task.Task;
import org.symkern.asen.task.Tasks;
import org.symkern.group.PermutationGroup;
import org.symkern.tensor.Orbits;

/** The named encoding groups: their 2-orbit counts at n = 10, the subgroup S5 x S5 of the intersect group, and re-encoded tasks. */
class CandidateGroupsTest {
    @Test
    void twoOrbitCountsAtTenPoints() {
        String[] names = {"trivial", "reversal", "cyclic", "dihedral", "halves", "wreath", "symmetric", "alternating"};
        int[] k = {100, 50, 10, 6, 6, 3, 2, 2};
        for (int i = 0; i < names.length; ++i)
            assertEquals(k[i], Orbits.pairOrbits(CandidateGroups.of(names[i], 10)).count(), names[i]);
        assertEquals(5, Orbits.pairOrbits(CandidateGroups.of("fixfirst", 8)).count());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CandidateGroups.of("monster", 10));
        assertTrue(e.getMessage().contains("unknown group 'monster'"), e.getMessage());
    }

    @Test
    void halvesIsAProperSubgroupOfTheIntersectGroup() {
        PermutationGroup halves = CandidateGroups.of("halves", 10), wreath = CandidateGroups.of("wreath", 10);
        for (var g : halves.generators()) assertTrue(wreath.contains(g), g + " lies in S5 wr S2");
        assertFalse(halves.contains(org.symkern.group.PermutationGroups.rotation(10, 5)), "the half swap is not in S5 x S5");
        assertEquals(wreath.order().divide(halves.order()).intValue(), 2);
    }

    @Test
    void aRegroupedTaskKeepsTheDataAndChangesOnlyTheGroup() {
        Task t = Tasks.equivariant("cyclicsum");
        RegroupedTask r = CandidateGroups.encode(t, "reversal");
        assertEquals("Z2", r.groupName());
        assertEquals(50, Orbits.pairOrbits(r.group()).count());
        assertEquals(t.name(), r.name());
        assertEquals(t.n(), r.n());
        assertEquals(t.vocabSize(), r.vocabSize());
        assertArrayEquals(t.sample(5, 1).tokens(), r.sample(5, 1).tokens());
        assertTrue(r.describe().endsWith("with group Z2"), r.describe());
        assertEquals("dihedral", CandidateGroups.trueGroup("cyclicsum"));
        assertEquals("D10", CandidateGroups.own(t).groupName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RegroupedTask(t, CandidateGroups.of("trivial", 8), "{id}"));
        assertTrue(e.getMessage().contains("acts on 8 points"), e.getMessage());
    }
}
