package org.symkern.data;

import java.util.SplittableRandom;

/**
 * Seeded shuffled mini-batches of the example indices 0 .. size-1: each epoch e is a permutation pi_e of the
 * indices (Fisher-Yates with a {@link SplittableRandom} seeded from (seed, e), or the identity when shuffle is off)
 * cut into consecutive batches of batchSize, the last one shorter unless dropLast drops it:
 * <pre>
 *   batch k of epoch e = pi_e[k B .. min((k+1) B, size))
 * </pre>
 * The same (seed, e) give the same batches on every machine, whatever epochs were drawn before, so a resumed run
 * sees the batches an uninterrupted one would. Each index appears exactly once per epoch (dropLast aside).
 *
 * <pre>{@code
 * MiniBatches batches = new MiniBatches(data.count, 64, true, 7L);
 * for (int epoch = 0; epoch < 10; epoch++)
 *     for (int[] idx : batches.epoch(epoch))
 *         try (Scope step = Scope.open()) {
 *             Tensor x = data.images(idx, 0, idx.length, Device.CPU), y = data.labels(idx, 0, idx.length, Device.CPU);
 *             ...
 *         }
 * }</pre>
 */
public final class MiniBatches {
    private final int size, batchSize;
    private final boolean shuffle, dropLast;
    private final long seed;

    /**
     * @param size      number of examples (&gt;= 0)
     * @param batchSize examples per batch (&gt;= 1)
     * @param shuffle   a fresh permutation per epoch (false: 0, 1, 2, ... every epoch)
     * @param seed      seed of the permutations
     * @param dropLast  drop a last batch shorter than batchSize
     */
    public MiniBatches(int size, int batchSize, boolean shuffle, long seed, boolean dropLast) {
        if (size < 0) throw new IllegalArgumentException("MiniBatches: size " + size + " is negative");
        if (batchSize < 1) throw new IllegalArgumentException("MiniBatches: batchSize " + batchSize + " must be >= 1");
        this.size = size;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
    }

    /** Keeps the short last batch. */
    public MiniBatches(int size, int batchSize, boolean shuffle, long seed) {
        this(size, batchSize, shuffle, seed, false);
    }

    /** pi_e: the order of the examples in epoch e. */
    public int[] order(int epoch) {
        int[] p = new int[size];
        for (int i = 0; i < size; i++) p[i] = i;
        if (!shuffle) return p;
        SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1L)));
        for (int i = size - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The batches of epoch e, in order (each an index array into the dataset). */
    public int[][] epoch(int epoch) {
        int[] p = order(epoch);
        int n = dropLast ? size / batchSize : (size + batchSize - 1) / batchSize;
        int[][] out = new int[n][];
        for (int k = 0; k < n; k++) {
            int from = k * batchSize, to = Math.min(size, from + batchSize);
            out[k] = java.util.Arrays.copyOfRange(p, from, to);
        }
        return out;
    }

    /** Number of batches per epoch. */
    public int batchesPerEpoch() {
        return dropLast ? size / batchSize : (size + batchSize - 1) / batchSize;
    }

    public int size() {
        return size;
    }

    public int batchSize() {
        return batchSize;
    }
}
