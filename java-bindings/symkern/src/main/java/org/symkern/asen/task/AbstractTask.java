package org.symkern.asen.task;

import java.util.SplittableRandom;

import org.symkern.group.PermutationGroup;

/**
 * Common fields of the synthetic tasks and the rejection-sampling loop most of them use: {@link #draw} proposes one
 * sequence and either rejects it or writes its label; {@link #sample} repeats until {@code count} are accepted.
 */
abstract class AbstractTask implements Task {
    /** Proposals per requested sample before giving up (a parameter choice that almost never accepts). */
    static final int MAX_TRIES_PER_SAMPLE = 100_000;

    private final String name;
    private final Target target;
    private final int n;
    private final int vocab;
    private final PermutationGroup group;
    private final float labelScale;
    private final long defaultSeed;

    AbstractTask(String name, Target target, int n, int vocab, PermutationGroup group, float labelScale, long defaultSeed) {
        if (n < 2) throw new IllegalArgumentException(name + ": sequence length " + n + " must be at least 2");
        if (vocab < 2) throw new IllegalArgumentException(name + ": vocabulary size " + vocab + " must be at least 2");
        if (group.degree() != n)
            throw new IllegalArgumentException(name + ": group acts on " + group.degree() + " points, sequences have " + n);
        this.name = name;
        this.target = target;
        this.n = n;
        this.vocab = vocab;
        this.group = group;
        this.labelScale = labelScale;
        this.defaultSeed = defaultSeed;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public int vocabSize() {
        return vocab;
    }

    @Override
    public PermutationGroup group() {
        return group;
    }

    @Override
    public int outputs() {
        return target == Target.REGRESSION ? 1 : 2;
    }

    @Override
    public float labelScale() {
        return labelScale;
    }

    @Override
    public long defaultSeed() {
        return defaultSeed;
    }

    /**
     * Proposes one sequence into {@code tokens} (length n). Returns false to reject it; when accepting, writes the
     * per-node labels into {@code labels} (length n, equivariant tasks) or returns the value via {@code value[0]}.
     */
    abstract boolean draw(SplittableRandom r, int[] tokens, int[] labels, float[] value);

    /**
     * The label of a token sequence by the task's definition: per-node labels into {@code labels} or the value into
     * {@code value[0]}. Returns false when the definition leaves it undefined (a tie the generator rejects).
     */
    abstract boolean label(int[] tokens, int[] labels, float[] value);

    @Override
    public int[] nodeLabels(int[] tokens) {
        if (kind() != Kind.EQUIVARIANT) throw new IllegalStateException(describe() + " has one label per sequence, see value()");
        int[] y = new int[n];
        if (!label(checkTokens(tokens), y, new float[1]))
            throw new IllegalArgumentException(describe() + ": " + java.util.Arrays.toString(tokens) + " has no label (a tie the generator rejects)");
        return y;
    }

    @Override
    public float value(int[] tokens) {
        if (kind() != Kind.INVARIANT) throw new IllegalStateException(describe() + " has per-node labels, see nodeLabels()");
        float[] v = new float[1];
        if (!label(checkTokens(tokens), new int[n], v))
            throw new IllegalArgumentException(describe() + ": " + java.util.Arrays.toString(tokens) + " has no label (outside the task's inputs)");
        return v[0];
    }

    private int[] checkTokens(int[] tokens) {
        if (tokens == null || tokens.length != n)
            throw new IllegalArgumentException(describe() + ": need " + n + " tokens, got " + (tokens == null ? "null" : tokens.length));
        for (int t : tokens)
            if (t < 0 || t >= vocab) throw new IllegalArgumentException(describe() + ": token " + t + " outside [0, " + vocab + ")");
        return tokens;
    }

    @Override
    public TaskSamples sample(int count, long seed) {
        if (count < 0) throw new IllegalArgumentException(name + ": sample count " + count + " is negative");
        SplittableRandom r = new SplittableRandom(seed);
        int[][] x = new int[count][];
        int[][] y = new int[count][];
        float[] v = new float[count];
        long tries = 0, limit = (long) MAX_TRIES_PER_SAMPLE * Math.max(count, 1);
        for (int k = 0; k < count; ) {
            int[] tokens = new int[n], labels = new int[n];
            float[] value = new float[1];
            if (draw(r, tokens, labels, value)) {
                x[k] = tokens;
                y[k] = labels;
                v[k] = value[0];
                ++k;
            }
            if (++tries > limit)
                throw new IllegalStateException(describe() + ": rejection sampling accepted only " + k + " of " + count
                        + " samples in " + limit + " proposals (vocabulary " + vocab + ")");
        }
        return kind() == Kind.EQUIVARIANT ? TaskSamples.nodeMasks(this, x, y) : TaskSamples.values(this, x, v);
    }

    /** n i.i.d. uniform tokens in [lo, hi). */
    static void uniform(SplittableRandom r, int[] into, int lo, int hi) {
        for (int i = 0; i < into.length; ++i) into[i] = r.nextInt(lo, hi);
    }

    /** Whether tokens[s .. s+len) reads the same reversed. */
    static boolean isPalindrome(int[] tokens, int s, int len) {
        for (int a = s, b = s + len - 1; a < b; ++a, --b) if (tokens[a] != tokens[b]) return false;
        return true;
    }
}
