package org.symkern.group;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Permutation: construction, parsing (with clear errors), composition convention, inverse, sign. */
class PermutationTest {
    @Test
    void arrayAndCycleNotationParseToTheSamePermutation() {
        Permutation a = Permutation.parse("[1,2,0,4,3]", 5);
        Permutation c = Permutation.parse("(0 1 2)(3 4)", 5);
        assertEquals(a, c);
        assertArrayEquals(new int[] {1, 2, 0, 4, 3}, c.toArray());
        assertEquals("(0 1 2)(3 4)", a.toCycleString());
        assertEquals("[1, 2, 0, 4, 3]", a.toString());
        assertEquals(Permutation.parse("(0,1,2) (3,4)", 5), a);   // commas and spaces between cycles
        assertEquals(Permutation.parse("[1 2 0 4 3]"), a);
        assertEquals(Permutation.identity(4), Permutation.parse("()", 4));
        assertEquals("()", Permutation.identity(3).toCycleString());
        assertEquals(6, Permutation.parse("(2 5)").size(), "cycle notation without n: 1 + largest point");
    }

    @Test
    void cycleStringRoundTripsForEveryPermutationOfFivePoints() {
        for (Permutation p : allPermutations(5)) assertEquals(p, Permutation.parse(p.toCycleString(), 5));
    }

    @Test
    void nonPermutationArraysAreRejectedNamingTheProblem() {
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> Permutation.of(0, 2, 2));
        assertEquals("not a permutation of 0..2: duplicate image 2 (points 1 and 2)", dup.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> Permutation.of(0, 3, 1));
        assertEquals("not a permutation of 0..2: point 1 maps to 3, outside [0, 3)", range.getMessage());
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> Permutation.parse("[0,-1]"));
        assertTrue(neg.getMessage().contains("point 1 maps to -1"), neg.getMessage());
    }

    @Test
    void malformedTextIsRejectedNamingTheProblem() {
        assertMessage("\"x\" is not an integer", () -> Permutation.parse("[0,x,1]"));
        assertMessage("does not end with ']'", () -> Permutation.parse("[0,1"));
        assertMessage("has 3 entries, expected 4", () -> Permutation.parse("[0,1,2]", 4));
        assertMessage("point 5 is out of range [0, 5)", () -> Permutation.parse("(0 5)", 5));
        assertMessage("point 1 appears more than once", () -> Permutation.parse("(0 1)(1 2)", 3));
        assertMessage("point 1 appears more than once", () -> Permutation.parse("(0 1 1)", 3));
        assertMessage("is not closed", () -> Permutation.parse("(0 1", 3));
        assertMessage("nested '('", () -> Permutation.parse("((0 1))", 3));
        assertMessage("expected '(' at position 6", () -> Permutation.parse("(0 1) 2", 3));
        assertMessage("expected array notation", () -> Permutation.parse("0 1 2", 3));
        assertMessage("permutation text is null", () -> Permutation.parse(null, 3));
    }

    private static void assertMessage(String needle, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(needle), "message \"" + e.getMessage() + "\" lacks \"" + needle + "\"");
    }

    @Test
    void composeAppliesTheRightOperandFirst() {
        Permutation g = Permutation.parse("(0 1)", 3), h = Permutation.parse("(1 2)", 3);
        // (g ∘ h)(1) = g(h(1)) = g(2) = 2; (g ∘ h)(2) = g(1) = 0; (g ∘ h)(0) = g(0) = 1
        assertArrayEquals(new int[] {1, 2, 0}, g.compose(h).toArray());
        assertNotEquals(g.compose(h), h.compose(g));
        for (Permutation p : allPermutations(4))
            for (int i = 0; i < 4; ++i) assertEquals(g4().apply(p.apply(i)), g4().compose(p).apply(i));
    }

    private static Permutation g4() {
        return Permutation.parse("(0 3 1)", 4);
    }

    @Test
    void inverseUndoesThePermutation() {
        for (Permutation p : allPermutations(5)) {
            assertTrue(p.compose(p.inverse()).isIdentity());
            assertTrue(p.inverse().compose(p).isIdentity());
        }
    }

    @Test
    void signIsMinusOneToTheNumberOfInversionsAndMultiplicative() {
        List<Permutation> all = allPermutations(5);
        int even = 0;
        for (Permutation p : all) {
            int inversions = 0;
            for (int i = 0; i < 5; ++i) for (int j = i + 1; j < 5; ++j) if (p.apply(i) > p.apply(j)) ++inversions;
            assertEquals(inversions % 2 == 0 ? 1 : -1, p.sign(), p.toCycleString());
            if (p.sign() == 1) ++even;
        }
        assertEquals(60, even);
        Permutation a = Permutation.parse("(0 1 2 3)", 5), b = Permutation.parse("(1 4)", 5);
        assertEquals(a.sign() * b.sign(), a.compose(b).sign());
        assertEquals(-1, Permutation.transposition(6, 2, 4).sign());
        assertEquals(1, Permutation.cycle(6, 0, 4, 5).sign());
    }

    /** All n! permutations, by Heap-free lexicographic recursion. */
    static List<Permutation> allPermutations(int n) {
        List<Permutation> out = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        return out;
    }

    private static void permute(int[] a, boolean[] used, int pos, List<Permutation> out) {
        if (pos == a.length) {
            out.add(Permutation.of(a));
            return;
        }
        for (int v = 0; v < a.length; ++v) {
            if (used[v]) continue;
            used[v] = true;
            a[pos] = v;
            permute(a, used, pos + 1, out);
            used[v] = false;
        }
    }
}
