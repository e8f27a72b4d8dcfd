package org.symkern.asen.task;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.symkern.group.PermutationGroups;

/**
 * Longest Palindrome (LongestPalindromeDataset, docs/asen.md, section Tasks, row 8; invariant, n = 8, vocab 10): the length
 * of the longest palindrome that can be built from the multiset of tokens,
 * <pre>
 *   y = sum_v 2 floor(count_v / 2) + (1 if some count_v is odd)
 * </pre>
 * (values 1, 3, 5, 7 or 8 for n = 8), a regression value with out_dim 9 (scale 1/8). Rebalanced as the reference:
 * draw a pool of 10 * count uniform sequences, bucket it by label, take per_class = count / (#labels) from every
 * bucket (without replacement, or with replacement when the bucket is smaller), top up with distinct random pool
 * samples not yet taken, and shuffle.
 * Group: S_n (adjacent transpositions; K = 2).
 */
final class LongestPalindromeTask extends AbstractTask {
    LongestPalindromeTask(int n, int vocab) {
        super("longestpal", Target.REGRESSION, n, vocab, PermutationGroups.symmetric(n), 1f / 8, 42);
    }

    static int longestPalindrome(int[] x, int vocab) {
        int[] count = new int[vocab];
        for (int v : x) ++count[v];
        int len = 0;
        boolean odd = false;
        for (int c : count) {
            len += 2 * (c / 2);
            odd |= (c & 1) == 1;
        }
        return len + (odd ? 1 : 0);
    }

    @Override
    boolean draw(SplittableRandom r, int[] x, int[] y, float[] value) {
        uniform(r, x, 0, vocabSize());
        return label(x, y, value);
    }

    @Override
    boolean label(int[] x, int[] y, float[] value) {
        value[0] = longestPalindrome(x, vocabSize());
        return true;
    }

    @Override
    public TaskSamples sample(int count, long seed) {
        if (count < 0) throw new IllegalArgumentException(name() + ": sample count " + count + " is negative");
        SplittableRandom r = new SplittableRandom(seed);
        int poolSize = 10 * Math.max(count, 1);
        int[][] pool = new int[poolSize][];
        float[] poolValue = new float[poolSize];
        TreeMap<Integer, List<Integer>> buckets = new TreeMap<>();
        int[] unused = new int[n()];
        float[] value = new float[1];
        for (int p = 0; p < poolSize; ++p) {
            pool[p] = new int[n()];
            draw(r, pool[p], unused, value);
            poolValue[p] = value[0];
            buckets.computeIfAbsent((int) value[0], k -> new ArrayList<>()).add(p);
        }
        int perClass = count / buckets.size();
        boolean[] taken = new boolean[poolSize];
        List<Integer> chosen = new ArrayList<>();
        for (List<Integer> bucket : buckets.values()) {
            if (bucket.size() >= perClass) {
                for (int k = 0; k < perClass; ++k) {          // partial Fisher-Yates: without replacement
                    int j = k + r.nextInt(bucket.size() - k);
                    Integer t = bucket.get(k);
                    bucket.set(k, bucket.get(j));
                    bucket.set(j, t);
                    chosen.add(bucket.get(k));
                    taken[bucket.get(k)] = true;
                }
            } else {
                for (int k = 0; k < perClass; ++k) {
                    int p = bucket.get(r.nextInt(bucket.size()));
                    chosen.add(p);
                    taken[p] = true;
                }
            }
        }
        while (chosen.size() < count) {
            int p = r.nextInt(poolSize);
            if (taken[p]) continue;
            taken[p] = true;
            chosen.add(p);
        }
        int[][] x = new int[count][];
        float[] v = new float[count];
        for (int k = 0; k < count; ++k) {
            x[k] = pool[chosen.get(k)].clone();
            v[k] = poolValue[chosen.get(k)];
        }
        DetectCapitalTask.shuffle(r, x, v);
        return TaskSamples.values(this, x, v);
    }
}
