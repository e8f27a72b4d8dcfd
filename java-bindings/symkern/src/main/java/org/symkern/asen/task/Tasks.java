package org.symkern.asen.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.symkern.asen.task.Task.Kind;

/**
 * The ASEN synthetic task universes with the reference sizes (docs/asen.md, section Tasks): equivariant tasks on n = 10
 * (vocabulary 7 for the cyclic and two-halves tasks, digits 0..9 for palindrome / monotone / constant) and invariant
 * tasks on n = 8 (vocabulary 10; 52 letters for detect capital). Names are the reference's:
 * <pre>
 *   equivariant, ordered by complexity: constant, cyclicaltsum, targetsum, monotone, cyclicprod, symdiff,
 *                                       palindrome, cyclicsum, intersect   (settings T = 1, 2, 3 take the last 3, 6, 9)
 *   invariant:                          detectcapital, sign, cyclicsum, longestpal, palindrome, intersect
 * </pre>
 * ("sign" is the reference's "vandermonde"; both names are accepted.) Each task carries its group's generators:
 * palindrome / monotone / constant the reversal Z2, the cyclic tasks D_n, the two-halves tasks S_{n/2} wr S_2,
 * detect capital S_{n-1} fixing position 0, longest palindrome S_n, sign A_n.
 */
public final class Tasks {
    /** Sequence length of the equivariant tasks. */
    public static final int EQUIVARIANT_N = 10;
    /** Sequence length of the invariant tasks. */
    public static final int INVARIANT_N = 8;

    private static final List<String> EQUIVARIANT = List.of("constant", "cyclicaltsum", "targetsum", "monotone",
            "cyclicprod", "symdiff", "palindrome", "cyclicsum", "intersect");
    private static final List<String> INVARIANT = List.of("detectcapital", "sign", "cyclicsum", "longestpal", "palindrome",
            "intersect");

    private Tasks() {}

    /** The names of the equivariant universe, in the reference's complexity order. */
    public static List<String> equivariantNames() {
        return EQUIVARIANT;
    }

    /** The names of the invariant universe, in the reference's order. */
    public static List<String> invariantNames() {
        return INVARIANT;
    }

    /** An equivariant task (n = 10) by reference name. */
    public static Task equivariant(String name) {
        String key = key(name);
        final int n = EQUIVARIANT_N, v = 7, digits = 10;
        return switch (key) {
            case "palindrome" -> new PalindromeTask(Kind.EQUIVARIANT, n, digits, 4);
            case "monotone" -> new RunTask(true, n, digits, 4);
            case "constant" -> new RunTask(false, n, digits, 4);
            case "cyclicsum" -> new CyclicWindowTask(CyclicWindowTask.Score.SUM, Kind.EQUIVARIANT, n, v, 4);
            case "cyclicprod" -> new CyclicWindowTask(CyclicWindowTask.Score.PRODUCT, Kind.EQUIVARIANT, n, v, 4);
            case "cyclicaltsum" -> new CyclicWindowTask(CyclicWindowTask.Score.ALTERNATING_SUM, Kind.EQUIVARIANT, n, v, 4);
            case "intersect" -> new HalvesTask(HalvesTask.Rule.INTERSECT, Kind.EQUIVARIANT, n, v);
            case "symdiff" -> new HalvesTask(HalvesTask.Rule.SYMDIFF, Kind.EQUIVARIANT, n, v);
            case "targetsum" -> new HalvesTask(HalvesTask.Rule.TARGETSUM, Kind.EQUIVARIANT, n, v);
            default -> throw new IllegalArgumentException("unknown equivariant task '" + name + "' (expected one of " + EQUIVARIANT + ")");
        };
    }

    /** An invariant task (n = 8) by reference name. */
    public static Task invariant(String name) {
        String key = key(name);
        final int n = INVARIANT_N, v = 10;
        return switch (key) {
            case "detectcapital" -> new DetectCapitalTask(n);
            case "sign", "vandermonde" -> new SignTask(n, v);
            case "cyclicsum" -> new CyclicWindowTask(CyclicWindowTask.Score.SUM, Kind.INVARIANT, n, v, 4);
            case "longestpal" -> new LongestPalindromeTask(n, v);
            case "palindrome" -> new PalindromeTask(Kind.INVARIANT, n, v, 4);
            case "intersect" -> new HalvesTask(HalvesTask.Rule.INTERSECT, Kind.INVARIANT, n, v);
            default -> throw new IllegalArgumentException("unknown invariant task '" + name + "' (expected one of " + INVARIANT
                    + " or vandermonde)");
        };
    }

    /**
     * The sign-of-a-permutation task at another size: n distinct values from 1..maxValue (the reference's
     * alternating-group experiment uses n = 5 and maxValue = 5, i.e. the 120 permutations of 1..5; docs/groups.md, section The alternating group).
     */
    public static Task sign(int n, int maxValue) {
        return new SignTask(n, maxValue);
    }

    /** A task of either kind. */
    public static Task of(Kind kind, String name) {
        return kind == Kind.EQUIVARIANT ? equivariant(name) : invariant(name);
    }

    /** Every equivariant task, in the universe order. */
    public static List<Task> equivariantUniverse() {
        List<Task> out = new ArrayList<>();
        for (String s : EQUIVARIANT) out.add(equivariant(s));
        return out;
    }

    /** Every invariant task, in the universe order. */
    public static List<Task> invariantUniverse() {
        List<Task> out = new ArrayList<>();
        for (String s : INVARIANT) out.add(invariant(s));
        return out;
    }

    private static String key(String name) {
        if (name == null) throw new IllegalArgumentException("task name is null");
        return name.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
