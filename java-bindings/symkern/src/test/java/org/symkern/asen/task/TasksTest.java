package org.symkern.asen.task;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.symkern.group.Permutation;

/**
 * The ASEN synthetic tasks against docs/asen.md, section Tasks: hand-checked labels per task, the labels of many generated
 * samples recomputed from the definitions by independent brute force, the rejection rules, balancing, seeding, the
 * groups' 2-orbit counts, and the symmetry of each label under its group's generators.
 */
class TasksTest {
    static final int SAMPLES = 1500;

    static List<Task> allTasks() {
        List<Task> all = new java.util.ArrayList<>(Tasks.equivariantUniverse());
        all.addAll(Tasks.invariantUniverse());
        return all;
    }

    static int[] a(int... v) {
        return v;
    }

    // ------------------------------------------------------------------ hand-checked examples

    @Test
    void twoHalvesLabelsMatchHandCheckedExamples() {
        int[] x = a(0, 1, 2, 3, 4, 4, 5, 6, 0, 0);
        assertArrayEquals(a(1, 0, 0, 0, 1, 1, 0, 0, 1, 1), Tasks.equivariant("intersect").nodeLabels(x));
        assertArrayEquals(a(0, 1, 1, 1, 0, 0, 1, 1, 0, 0), Tasks.equivariant("symdiff").nodeLabels(x));
        // T = 7: 1+6, 2+5, 3+4 pair up across the halves; 0 and 4 (in A) and the two 0s (in B) have no partner
        assertArrayEquals(a(0, 1, 1, 1, 0, 1, 1, 1, 0, 0), Tasks.equivariant("targetsum").nodeLabels(x));
        assertEquals(2f, Tasks.invariant("intersect").value(a(1, 1, 2, 3, 3, 1, 9, 9)));
        assertEquals(0f, Tasks.invariant("intersect").value(a(0, 0, 0, 0, 1, 2, 3, 4)));
    }

    @Test
    void palindromeLabelsMatchHandCheckedExamples() {
        Task p = Tasks.equivariant("palindrome");
        assertArrayEquals(a(1, 1, 1, 1, 0, 0, 0, 0, 0, 0), p.nodeLabels(a(1, 2, 2, 1, 5, 6, 7, 8, 9, 0)));
        assertArrayEquals(a(1, 1, 1, 1, 1, 1, 1, 0, 0, 0), p.nodeLabels(a(1, 2, 2, 1, 2, 2, 1, 0, 9, 8)));   // windows 0 and 3
        assertArrayEquals(a(0, 0, 0, 0, 0, 0, 1, 1, 1, 1), p.nodeLabels(a(0, 1, 2, 3, 4, 5, 7, 3, 3, 7)));
        assertArrayEquals(new int[10], p.nodeLabels(a(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)));
        Task q = Tasks.invariant("palindrome");
        assertEquals(1f, q.value(a(1, 2, 2, 1, 5, 6, 7, 8)));
        assertEquals(0f, q.value(a(1, 2, 3, 4, 5, 6, 7, 8)));
    }

    @Test
    void runLabelsMatchHandCheckedExamples() {
        Task m = Tasks.equivariant("monotone");
        assertArrayEquals(a(0, 1, 1, 1, 1, 0, 0, 0, 0, 0), m.nodeLabels(a(5, 1, 2, 3, 4, 0, 9, 8, 5, 5)));
        assertArrayEquals(a(0, 0, 0, 0, 0, 1, 1, 1, 1, 1), m.nodeLabels(a(1, 2, 3, 4, 0, 9, 8, 7, 6, 0)));   // decreasing, length 5
        assertArrayEquals(a(0, 0, 0, 1, 1, 1, 1, 0, 0, 0), m.nodeLabels(a(1, 3, 2, 2, 5, 7, 9, 9, 0, 0)));   // 2 5 7 9
        assertArrayEquals(new int[10], m.nodeLabels(a(1, 2, 3, 3, 1, 1, 5, 5, 0, 0)));   // unique longest run 1 2 3 has length 3 < 4
        IllegalArgumentException tie = assertThrows(IllegalArgumentException.class,
                () -> m.nodeLabels(a(1, 2, 3, 4, 0, 5, 4, 3, 2, 7)));                     // 1234 and 5432 tie
        assertTrue(tie.getMessage().contains("tie"), tie.getMessage());
        Task c = Tasks.equivariant("constant");
        assertArrayEquals(a(1, 1, 1, 1, 1, 0, 0, 0, 0, 0), c.nodeLabels(a(2, 2, 2, 2, 2, 1, 0, 0, 3, 4)));
        assertArrayEquals(new int[10], c.nodeLabels(a(1, 1, 2, 3, 4, 5, 6, 7, 8, 9)));  // longest run 2 < 4
        assertThrows(IllegalArgumentException.class, () -> c.nodeLabels(a(1, 1, 2, 3, 4, 5, 6, 7, 9, 9)));
    }

    @Test
    void cyclicWindowLabelsMatchHandCheckedExamples() {
        // sums: window 9 (6+6+6+1 = 19) beats window 8 (0+6+6+6 = 18); the window wraps around
        assertArrayEquals(a(1, 1, 1, 0, 0, 0, 0, 0, 0, 1), Tasks.equivariant("cyclicsum").nodeLabels(a(6, 6, 1, 0, 0, 0, 0, 0, 0, 6)));
        assertThrows(IllegalArgumentException.class, () -> Tasks.equivariant("cyclicsum").nodeLabels(a(6, 6, 0, 0, 0, 0, 0, 0, 0, 6)));
        assertArrayEquals(a(1, 1, 1, 1, 0, 0, 0, 0, 0, 0), Tasks.equivariant("cyclicprod").nodeLabels(a(2, 3, 4, 5, 1, 1, 1, 1, 1, 1)));
        // alternating: S_0 = 6 - 0 + 6 - 0 = 12, the next best is 6
        assertArrayEquals(a(1, 1, 1, 1, 0, 0, 0, 0, 0, 0), Tasks.equivariant("cyclicaltsum").nodeLabels(a(6, 0, 6, 0, 0, 0, 0, 0, 0, 0)));
        assertEquals(36f, Tasks.invariant("cyclicsum").value(a(9, 9, 9, 9, 0, 0, 0, 0)));
        assertEquals(30f, Tasks.invariant("cyclicsum").value(a(9, 0, 0, 0, 0, 5, 7, 9)));   // window 5: 5+7+9+9
    }

    @Test
    void invariantLabelsMatchHandCheckedExamples() {
        Task dc = Tasks.invariant("detectcapital");
        int up = DetectCapitalTask.LETTERS;
        assertEquals(1f, dc.value(a(up + 7, 4, 11, 11, 14, 0, 1, 2)));           // "Hellabc"
        assertEquals(1f, dc.value(a(7, 4, 11, 11, 14, 0, 1, 2)));                // all lower
        assertEquals(1f, dc.value(a(up, up + 1, up + 2, up + 3, up + 4, up + 5, up + 6, up + 7)));   // all upper
        assertEquals(0f, dc.value(a(7, up + 4, 11, 11, 14, 0, 1, 2)));           // "hEll..."
        assertEquals(0f, dc.value(a(up, up, up, up, up, up, up, 0)));            // "AAAAAAAa"
        Task lp = Tasks.invariant("longestpal");
        assertEquals(8f, lp.value(a(1, 1, 2, 2, 3, 3, 4, 4)));
        assertEquals(1f, lp.value(a(1, 2, 3, 4, 5, 6, 7, 8)));
        assertEquals(3f, lp.value(a(1, 1, 1, 2, 3, 4, 5, 6)));
        assertEquals(7f, lp.value(a(0, 0, 0, 0, 0, 0, 0, 1)));
        Task sign = Tasks.invariant("sign");
        assertSame(sign.getClass(), Tasks.invariant("vandermonde").getClass());
        assertEquals(1f, sign.value(a(1, 2, 3, 4, 5, 6, 7, 8)));
        assertEquals(0f, sign.value(a(2, 1, 3, 4, 5, 6, 7, 8)));
        assertEquals(1f, sign.value(a(2, 3, 1, 4, 5, 6, 7, 10)));                // a 3-cycle is even
        assertThrows(IllegalArgumentException.class, () -> sign.value(a(1, 1, 3, 4, 5, 6, 7, 8)));
    }

    // ------------------------------------------------------------------ generated samples

    @ParameterizedTest(name = "{0}")
    @MethodSource("allTasks")
    void generatedLabelsFollowTheDefinitionAndTokensStayInTheVocabulary(Task t) {
        TaskSamples s = t.sample(SAMPLES, t.defaultSeed());
        assertEquals(SAMPLES, s.count());
        for (int i = 0; i < s.count(); ++i) {
            int[] x = s.tokens(i);
            for (int v : x) assertTrue(v >= 0 && v < t.vocabSize(), t.describe() + ": token " + v);
            if (t.kind() == Task.Kind.EQUIVARIANT) assertArrayEquals(bruteForceNodeLabels(t, x), s.nodeLabels(i), t.describe() + " " + Arrays.toString(x));
            else assertEquals(bruteForceValue(t, x), s.target(i), 0f, t.describe() + " " + Arrays.toString(x));
        }
    }

    /** Independent re-implementations of docs/asen.md, section Tasks (also checking the rejection rules). */
    static int[] bruteForceNodeLabels(Task t, int[] x) {
        int n = x.length, h = n / 2;
        int[] y = new int[n];
        switch (t.name()) {
            case "intersect", "symdiff", "targetsum" -> {
                for (int i = 0; i < n; ++i) {
                    boolean hit = false;
                    for (int j = (i < h ? h : 0); j < (i < h ? n : h); ++j)
                        hit |= t.name().equals("targetsum") ? x[i] + x[j] == 7 : x[i] == x[j];
                    y[i] = (t.name().equals("symdiff") ? !hit : hit) ? 1 : 0;
                }
            }
            case "palindrome" -> {
                for (int s = 0; s + 4 <= n; ++s)
                    if (x[s] == x[s + 3] && x[s + 1] == x[s + 2]) for (int k = 0; k < 4; ++k) y[s + k] = 1;
            }
            case "monotone", "constant" -> {
                int best = 0, count = 0, at = -1;
                for (int len = n; len >= 1 && best == 0; --len)
                    for (int s = 0; s + len <= n; ++s) {
                        boolean inc = true, dec = true, eq = true;
                        for (int k = s + 1; k < s + len; ++k) {
                            inc &= x[k] > x[k - 1];
                            dec &= x[k] < x[k - 1];
                            eq &= x[k] == x[k - 1];
                        }
                        int hits = t.name().equals("constant") ? (eq ? 1 : 0) : (inc ? 1 : 0) + (dec ? 1 : 0);
                        if (hits > 0) {
                            best = len;
                            count += hits;
                            at = s;
                        }
                    }
                assertEquals(1, count, t.describe() + ": the longest run must be unique in " + Arrays.toString(x));
                if (best >= 4) for (int k = at; k < at + best; ++k) y[k] = 1;
            }
            case "cyclicsum", "cyclicprod", "cyclicaltsum" -> {
                long[] score = new long[n];
                for (int i = 0; i < n; ++i) {
                    int a = x[i], b = x[(i + 1) % n], c = x[(i + 2) % n], d = x[(i + 3) % n];
                    score[i] = switch (t.name()) {
                        case "cyclicsum" -> a + b + c + d;
                        case "cyclicprod" -> (long) a * b * c * d;
                        default -> a - b + c - d;
                    };
                }
                long max = Arrays.stream(score).max().getAsLong();
                assertEquals(1, Arrays.stream(score).filter(v -> v == max).count(), t.describe() + ": unique argmax in " + Arrays.toString(x));
                for (int i = 0; i < n; ++i) if (score[i] == max) for (int k = 0; k < 4; ++k) y[(i + k) % n] = 1;
            }
            default -> fail("no reference for " + t.describe());
        }
        return y;
    }

    static float bruteForceValue(Task t, int[] x) {
        int n = x.length, h = n / 2;
        switch (t.name()) {
            case "intersect": {
                Set<Integer> a = new HashSet<>(), b = new HashSet<>();
                for (int i = 0; i < n; ++i) (i < h ? a : b).add(x[i]);
                a.retainAll(b);
                return a.size();
            }
            case "palindrome": {
                boolean any = false;
                for (int s = 0; s + 4 <= n; ++s) any |= x[s] == x[s + 3] && x[s + 1] == x[s + 2];
                return any ? 1 : 0;
            }
            case "cyclicsum": {
                int[] sums = new int[n];
                for (int i = 0; i < n; ++i) for (int k = 0; k < 4; ++k) sums[i] += x[(i + k) % n];
                int max = Arrays.stream(sums).max().getAsInt();
                assertEquals(1, Arrays.stream(sums).filter(v -> v == max).count(), "unique maximum in " + Arrays.toString(x));
                return max;
            }
            case "longestpal": {
                int[] count = new int[t.vocabSize()];
                for (int v : x) ++count[v];
                int pairs = 0, odd = 0;
                for (int c : count) {
                    pairs += c / 2;
                    odd |= c % 2;
                }
                return 2 * pairs + odd;
            }
            case "detectcapital": {
                String w = word(x);
                return w.equals(w.toUpperCase()) || w.equals(w.toLowerCase())
                        || (Character.isUpperCase(w.charAt(0)) && w.substring(1).equals(w.substring(1).toLowerCase())) ? 1 : 0;
            }
            case "sign": {
                int[] rank = new int[n];
                for (int i = 0; i < n; ++i) for (int j = 0; j < n; ++j) if (x[j] < x[i]) ++rank[i];
                assertEquals(n, Arrays.stream(x).distinct().count(), "distinct values in " + Arrays.toString(x));
                for (int v : x) assertTrue(v >= 1 && v <= 10, "values in 1..10: " + Arrays.toString(x));
                return Permutation.of(rank).sign() == 1 ? 1 : 0;
            }
            default:
                return fail("no reference for " + t.describe());
        }
    }

    static String word(int[] x) {
        StringBuilder b = new StringBuilder();
        for (int v : x) b.append(v < 26 ? (char) ('a' + v) : (char) ('A' + v - 26));
        return b.toString();
    }

    @Test
    void insertedPatternsAppearInBothClasses() {
        for (Task t : List.of(Tasks.equivariant("palindrome"), Tasks.equivariant("monotone"), Tasks.equivariant("constant"))) {
            TaskSamples s = t.sample(4000, 7);
            int positive = 0;
            for (int i = 0; i < s.count(); ++i) if (Arrays.stream(s.nodeLabels(i)).sum() > 0) ++positive;
            double rate = positive / 4000.0;
            System.out.printf("%s: %.3f of the samples carry a pattern%n", t.describe(), rate);
            if (t.name().equals("palindrome")) {
                assertEquals(0.5, rate, 0.04, t.describe());   // inserted with probability 1/2, rare rejections
            } else {
                // the tie rule rejects far more samples without an inserted run (short runs tie often), so the accepted
                // samples lean positive; both classes must still be well represented
                assertTrue(rate > 0.5 && rate < 0.95, t.describe() + ": positive rate " + rate);
            }
        }
    }

    @Test
    void detectCapitalIsExactlyBalancedAndShuffled() {
        Task t = Tasks.invariant("detectcapital");
        TaskSamples s = t.sample(1000, 42);
        int ones = 0, onesFirstHalf = 0;
        for (int i = 0; i < 1000; ++i) {
            ones += (int) s.target(i);
            if (i < 500) onesFirstHalf += (int) s.target(i);
        }
        assertEquals(500, ones);
        assertTrue(onesFirstHalf > 200 && onesFirstHalf < 300, "prefix balance " + onesFirstHalf);
    }

    @Test
    void longestPalindromeIsRebalancedOverItsLabels() {
        TaskSamples s = Tasks.invariant("longestpal").sample(1000, 42);
        int[] count = new int[9];
        for (int i = 0; i < 1000; ++i) ++count[(int) s.target(i)];
        System.out.println("longestpal label counts 0..8: " + Arrays.toString(count));
        assertArrayEquals(a(0, 200, 0, 200, 0, 200, 0, 200, 200), count);   // labels 1, 3, 5, 7, 8: 1000 / 5 each
    }

    @Test
    void signLabelsAreBalancedAroundOneHalf() {
        TaskSamples s = Tasks.invariant("sign").sample(2000, 42);
        double even = 0;
        for (int i = 0; i < 2000; ++i) even += s.target(i);
        assertEquals(0.5, even / 2000, 0.04);
        assertArrayEquals(new int[] {0, 1}, s.classes(new int[] {indexOf(s, 0f), indexOf(s, 1f)}));
    }

    static int indexOf(TaskSamples s, float v) {
        for (int i = 0; i < s.count(); ++i) if (s.target(i) == v) return i;
        return fail("no sample with label " + v);
    }

    @Test
    void twoHalvesTasksShareInputsForEqualSeedsAndSymdiffComplementsIntersect() {
        TaskSamples in = Tasks.equivariant("intersect").sample(300, 42), sd = Tasks.equivariant("symdiff").sample(300, 42);
        TaskSamples ts = Tasks.equivariant("targetsum").sample(300, 42);
        for (int i = 0; i < 300; ++i) {
            assertArrayEquals(in.tokens(i), sd.tokens(i));
            assertArrayEquals(in.tokens(i), ts.tokens(i));
            int[] a = in.nodeLabels(i), b = sd.nodeLabels(i);
            for (int k = 0; k < a.length; ++k) assertEquals(1, a[k] + b[k]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allTasks")
    void samplingIsReproducibleFromTheSeed(Task t) {
        TaskSamples a = t.sample(50, 5), b = t.sample(50, 5), c = t.sample(50, 6);
        assertArrayEquals(a.tokens(), b.tokens());
        assertFalse(Arrays.deepEquals(a.tokens(), c.tokens()));
    }

    // ------------------------------------------------------------------ groups

    @Test
    void taskGroupsHaveTheReferenceOrbitCounts() {
        int[] equivariantK = {50, 6, 3, 50, 6, 3, 50, 6, 3};   // constant, cyclicaltsum, targetsum, monotone, cyclicprod, symdiff, palindrome, cyclicsum, intersect
        List<Task> eq = Tasks.equivariantUniverse();
        for (int k = 0; k < eq.size(); ++k) {
            assertEquals(10, eq.get(k).n());
            assertEquals(equivariantK[k], eq.get(k).group().pairOrbits().count(), eq.get(k).describe());
        }
        int[] invariantK = {5, 2, 5, 2, 32, 3};                   // detectcapital, sign, cyclicsum, longestpal, palindrome, intersect
        List<Task> inv = Tasks.invariantUniverse();
        for (int k = 0; k < inv.size(); ++k) {
            assertEquals(8, inv.get(k).n());
            assertEquals(invariantK[k], inv.get(k).group().pairOrbits().count(), inv.get(k).describe());
        }
        assertEquals(113, Tasks.invariant("sign").group().generators().size());   // id + 112 3-cycles
    }

    /**
     * The labels respect the task groups: y(g.x) = g.y(x) (equivariant) or y(g.x) = y(x) (invariant) for every
     * generator, with (g.x)_{g(i)} = x_i. The alternating sum is the one documented exception: a reflection negates
     * window scores, so only its rotations are checked.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allTasks")
    void labelsRespectTheTaskGroup(Task t) {
        TaskSamples s = t.sample(200, 11);
        int checked = 0;
        for (Permutation g : t.group().generators()) {
            boolean reflection = g.apply(1) == Math.floorMod(g.apply(0) - 1, t.n());
            if (t.name().equals("cyclicaltsum") && reflection) continue;
            for (int i = 0; i < s.count(); ++i) {
                int[] x = s.tokens(i), gx = new int[x.length];
                for (int p = 0; p < x.length; ++p) gx[g.apply(p)] = x[p];
                if (t.kind() == Task.Kind.EQUIVARIANT) {
                    int[] y = s.nodeLabels(i), gy = new int[y.length];
                    for (int p = 0; p < y.length; ++p) gy[g.apply(p)] = y[p];
                    assertArrayEquals(gy, t.nodeLabels(gx), t.describe() + " g = " + g.toCycleString());
                } else {
                    assertEquals(s.target(i), t.value(gx), t.describe() + " g = " + g.toCycleString());
                }
                ++checked;
            }
        }
        assertTrue(checked > 0);
    }

    @Test
    void unknownNamesAndBadTokensAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tasks.equivariant("sorting"));
        assertTrue(e.getMessage().contains("sorting") && e.getMessage().contains("intersect"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tasks.equivariant("intersect").nodeLabels(a(0, 1, 2)));
        assertTrue(e.getMessage().contains("need 10 tokens"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tasks.equivariant("intersect").nodeLabels(a(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)));
        assertTrue(e.getMessage().contains("token 7 outside [0, 7)"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Tasks.equivariant("intersect").value(new int[10]));
        assertThrows(IllegalStateException.class, () -> Tasks.invariant("intersect").nodeLabels(new int[8]));
    }
}
