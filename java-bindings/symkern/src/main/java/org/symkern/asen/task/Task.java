package org.symkern.asen.task;

import org.symkern.group.PermutationGroup;

/**
 * A synthetic sequence task of the ASEN experiments (docs/asen.md, section Tasks): sequences of n integer tokens with
 * either a per-position binary label (equivariant tasks) or one label per sequence (invariant tasks), together
 * with the generators of the permutation group the task is meant to respect (the reference code's generator
 * lists; their 2-orbits give the ASEN edge categories).
 *
 * <p>Label kinds ({@link #target()}):
 * <ul>
 *   <li>{@link Target#NODE_MASK}: y in {0,1}^n, trained with per-node cross-entropy over 2 logits;</li>
 *   <li>{@link Target#REGRESSION}: a real value, trained with the reference's range-scaled L1,
 *       {@code |y_hat - y| * labelScale()} (inv_regression.py; every invariant task but the sign);</li>
 *   <li>{@link Target#CLASSIFICATION}: a class index in [0, classes()), trained with cross-entropy (symkern's
 *       choice for the sign of a permutation, which is a two-class problem; the reference regresses it).</li>
 * </ul>
 * Generators are seeded: {@code sample(count, seed)} returns the same samples for the same arguments on every
 * machine (java.util.SplittableRandom; the distribution follows the reference, its Python random stream is not
 * reproduced).
 */
public interface Task {
    /** Equivariant: one label per position; invariant: one label per sequence. */
    enum Kind {
        /** One label per position. */ EQUIVARIANT,
        /** One label per sequence. */ INVARIANT
    }

    /** What a label is and how it is trained (see the class comment). */
    enum Target {
        /** A binary label per position (cross-entropy). */ NODE_MASK,
        /** A real value per sequence (L1). */ REGRESSION,
        /** A class per sequence (cross-entropy). */ CLASSIFICATION
    }

    /** The reference name, e.g. "intersect"; equivariant and invariant tasks may share a name. */
    String name();

    /** What a label is: a per-position mask, a regressed value or a class. */
    Target target();

    /** Equivariant for per-position masks, invariant otherwise. */
    default Kind kind() {
        return target() == Target.NODE_MASK ? Kind.EQUIVARIANT : Kind.INVARIANT;
    }

    /** Sequence length (number of nodes). */
    int n();

    /** Tokens lie in [0, vocabSize()). */
    int vocabSize();

    /** The task's symmetry group on the n positions, given by the reference code's generators. */
    PermutationGroup group();

    /**
     * Output width of the model head: 2 logits per node for {@link Target#NODE_MASK}, the number of classes for
     * {@link Target#CLASSIFICATION}, 1 for {@link Target#REGRESSION}.
     */
    int outputs();

    /**
     * The reference's L1 range scale 1 / max(out_dim - 1, 1) for regression tasks (out_dim: palindrome 2, intersect
     * 1 + n, cyclicsum 4n, longestpal 9, detectcapital 2, sign 2); 1 for the other targets.
     */
    float labelScale();

    /** The seed the reference dataset class uses by default (42, or 99 for the palindrome tasks). */
    long defaultSeed();

    /**
     * The per-node labels the task's definition gives these tokens (equivariant tasks).
     *
     * @throws IllegalArgumentException for tokens the generator never produces because the label is undefined there
     *     (a tie for the longest run or the best cyclic window)
     */
    int[] nodeLabels(int[] tokens);

    /**
     * The label value the task's definition gives these tokens (invariant tasks; a class index for classification).
     *
     * @throws IllegalArgumentException for tokens outside the task's inputs (e.g. repeated values for the sign task)
     */
    float value(int[] tokens);

    /** {@code count} samples drawn from the seed; the same arguments give the same samples. */
    TaskSamples sample(int count, long seed);

    /** "intersect (equivariant, n=10)". */
    default String describe() {
        return name() + " (" + kind().name().toLowerCase() + ", n=" + n() + ")";
    }
}
