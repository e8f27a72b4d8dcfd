package org.symkern.asen.task;

import java.util.SplittableRandom;

import org.symkern.group.PermutationGroups;

/**
 * Two-halves tasks (IntersectDataset and its subclasses, docs/asen.md, section Tasks, rows 4, 5, 6 and 10). The sequence is
 * two halves A = x[0 .. n/2) and B = x[n/2 .. n), each n/2 i.i.d. uniform tokens in {0..vocab-1} (duplicates
 * allowed; half A is drawn first). Labels:
 * <ul>
 *   <li>intersect (equivariant, n = 10, vocab 7): y_i = 1 iff x_i occurs in the other half;</li>
 *   <li>symdiff (equivariant): y_i = 1 iff x_i does NOT occur in the other half (the complement of intersect);</li>
 *   <li>targetsum (equivariant, T = vocab = 7): y_i = 1 iff x_i + b = T for some b in the other half;</li>
 *   <li>intersect (invariant, n = 8, vocab 10): |set(A) ∩ set(B)| as a regression value, out_dim 1 + n
 *       (scale 1/n).</li>
 * </ul>
 * With equal seeds the three equivariant tasks see identical inputs (as in the reference, where all use seed 42 and
 * the same draw order). No rejection. Group: S_{n/2} wr S_2 (adjacent swaps inside each half plus the half swap;
 * K = 3).
 */
final class HalvesTask extends AbstractTask {
    /** Which label. */
    enum Rule { INTERSECT, SYMDIFF, TARGETSUM }

    private final Rule rule;
    private final int targetSum;

    HalvesTask(Rule rule, Kind kind, int n, int vocab) {
        super(rule.name().toLowerCase(), kind == Kind.EQUIVARIANT ? Target.NODE_MASK : Target.REGRESSION, n, vocab,
                PermutationGroups.wreathHalves(n), kind == Kind.EQUIVARIANT ? 1f : 1f / n, 42);
        if (kind == Kind.INVARIANT && rule != Rule.INTERSECT) throw new IllegalArgumentException("only intersect has an invariant variant");
        this.rule = rule;
        this.targetSum = vocab;
    }

    @Override
    boolean draw(SplittableRandom r, int[] x, int[] y, float[] value) {
        uniform(r, x, 0, vocabSize());
        return label(x, y, value);
    }

    @Override
    boolean label(int[] x, int[] y, float[] value) {
        int h = x.length / 2;
        boolean[][] present = new boolean[2][vocabSize()];
        for (int i = 0; i < x.length; ++i) present[i < h ? 0 : 1][x[i]] = true;
        for (int i = 0; i < x.length; ++i) {
            boolean[] other = present[i < h ? 1 : 0];
            boolean hit = switch (rule) {
                case INTERSECT -> other[x[i]];
                case SYMDIFF -> !other[x[i]];
                case TARGETSUM -> {
                    int need = targetSum - x[i];
                    yield need >= 0 && need < vocabSize() && other[need];
                }
            };
            y[i] = hit ? 1 : 0;
        }
        int common = 0;
        for (int v = 0; v < vocabSize(); ++v) if (present[0][v] && present[1][v]) ++common;
        value[0] = common;
        return true;
    }
}
