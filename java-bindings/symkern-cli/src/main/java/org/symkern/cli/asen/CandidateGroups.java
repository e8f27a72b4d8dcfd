package org.symkern.cli.asen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.symkern.asen.task.Task;
import org.symkern.group.Permutation;
import org.symkern.group.PermutationGroup;
import org.symkern.group.PermutationGroups;

/**
 * The permutation groups the ASEN experiments encode tasks with, by short name (2-orbit counts K at n = 10):
 * <pre>
 *   trivial      {id}                                           K = n^2 = 100  (the non-equivariant baseline)
 *   reversal     Z2 = &lt;i -> n-1-i&gt;                             K = 50
 *   cyclic       C_n = &lt;rotation by 1&gt;                          K = n = 10
 *   dihedral     D_n (rotations and the reversal)                K = 6
 *   halves       S_{n/2} x S_{n/2} (each half permuted alone)    K = 6   (a proper subgroup of the intersect group)
 *   wreath       S_{n/2} wr S_2 (halves permuted and swapped)    K = 3   (the intersect group)
 *   symmetric    S_n                                             K = 2
 *   alternating  A_n (all 3-cycles)                              K = 2   (2-closure S_n)
 *   fixfirst     S_{n-1} fixing position 0 (detect capital)      K = 5 at n = 8
 * </pre>
 * {@link #trueGroup} names each synthetic task's own group (docs/asen.md, section Tasks).
 */
public final class CandidateGroups {
    private CandidateGroups() {}

    /** The names accepted by {@link #of}. */
    public static final List<String> NAMES = List.of("trivial", "reversal", "cyclic", "dihedral", "halves", "wreath", "symmetric", "alternating",
            "fixfirst");

    /** The group {@code name} on n points. */
    public static PermutationGroup of(String name, int n) {
        return switch (key(name)) {
            case "trivial" -> PermutationGroups.trivial(n);
            case "reversal" -> PermutationGroups.reversalGroup(n);
            case "cyclic" -> PermutationGroups.cyclic(n);
            case "dihedral" -> PermutationGroups.dihedral(n);
            case "halves" -> halves(n);
            case "wreath" -> PermutationGroups.wreathHalves(n);
            case "symmetric" -> PermutationGroups.symmetric(n);
            case "alternating" -> PermutationGroups.alternating(n);
            case "fixfirst" -> PermutationGroups.fixingFirst(n);
            default -> throw new IllegalArgumentException("unknown group '" + name + "' (expected one of " + NAMES + ")");
        };
    }

    /** A report label: "{id}", "Z2", "C10", "D10", "S5xS5", "S5wrS2", "S10", "A10". */
    public static String label(String name, int n) {
        return switch (key(name)) {
            case "trivial" -> "{id}";
            case "reversal" -> "Z2";
            case "cyclic" -> "C" + n;
            case "dihedral" -> "D" + n;
            case "halves" -> "S" + n / 2 + "xS" + n / 2;
            case "wreath" -> "S" + n / 2 + "wrS2";
            case "symmetric" -> "S" + n;
            case "alternating" -> "A" + n;
            case "fixfirst" -> "S" + (n - 1);
            default -> throw new IllegalArgumentException("unknown group '" + name + "' (expected one of " + NAMES + ")");
        };
    }

    /** The name of the group the task is meant to respect (the reference's generators for it). */
    public static String trueGroup(String task) {
        return switch (key(task)) {
            case "palindrome", "monotone", "constant" -> "reversal";
            case "cyclicsum", "cyclicprod", "cyclicaltsum" -> "dihedral";
            case "intersect", "symdiff", "targetsum" -> "wreath";
            case "sign", "vandermonde" -> "alternating";
            case "longestpal" -> "symmetric";
            case "detectcapital" -> "fixfirst";
            default -> throw new IllegalArgumentException("no known group for task '" + task + "'");
        };
    }

    /** {@code task} encoded with its own group ({@link #trueGroup}). */
    public static RegroupedTask own(Task task) {
        return encode(task, trueGroup(task.name()));
    }

    /** {@code task} with its edge categories taken from the named group. */
    public static RegroupedTask encode(Task task, String name) {
        return new RegroupedTask(task, of(name, task.n()), label(name, task.n()));
    }

    /** S_{n/2} x S_{n/2} (n even): adjacent transpositions inside each half, no half swap. */
    static PermutationGroup halves(int n) {
        if (n < 2 || n % 2 != 0) throw new IllegalArgumentException("halves needs an even n >= 2, got " + n);
        List<Permutation> g = new ArrayList<>(List.of(Permutation.identity(n)));
        for (int i = 0; i + 1 < n; ++i) if (i + 1 != n / 2) g.add(Permutation.transposition(n, i, i + 1));
        return new PermutationGroup(n, g);
    }

    private static String key(String name) {
        if (name == null) throw new IllegalArgumentException("group name is null");
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
