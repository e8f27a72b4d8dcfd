package org.symkern.cli.asen;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.symkern.asen.task.Task;
import org.symkern.asen.task.TaskSamples;

/**
 * One task's train / validation / test samples for a training size given in units (docs/asen.md, section Tasks; the paper's
 * "1 unit = 2,500 samples"): N = max(1, r) * unitSamples samples are generated, shuffled (seeded) and split
 * 70 / 15 / 15; the training part is the first floor(r * 0.7 * unitSamples) of the train split when r &lt;= 1 and the
 * whole train split when r &gt; 1. With unitSamples = 2500: r = 0.15 gives 262 training samples, 0.5 gives 875, 1
 * gives 1750, 2 gives 3500; validation and test have 375 each for r &lt;= 1.
 *
 * <p>The samples are drawn from the task's default seed plus {@code seed} and shuffled with a stream derived from
 * {@code seed}, so every arm of a comparison at the same (task, r, seed) sees the same data.
 */
public record DataSplit(TaskSamples train, TaskSamples val, TaskSamples test, double units) {
    /** The reference unit: 2,500 generated samples per task. */
    public static final int UNIT_SAMPLES = 2500;

    /** The split of {@code task} at {@code units} (r &gt; 0) with {@code unitSamples} samples per unit. */
    public static DataSplit of(Task task, double units, int unitSamples, long seed) {
        if (!(units > 0) || unitSamples < 20)
            throw new IllegalArgumentException("DataSplit for " + task.describe() + ": units " + units + " must be positive and unit samples "
                    + unitSamples + " at least 20");
        int n = (int) Math.round(Math.max(1.0, units) * unitSamples);
        TaskSamples all = task.sample(n, task.defaultSeed() + 7919L * seed);
        int[] perm = TaskSamples.range(n);
        SplittableRandom r = new SplittableRandom(0x5eed_5b17L ^ (seed * 0x9E3779B97F4A7C15L));
        for (int i = n - 1; i > 0; --i) {
            int j = r.nextInt(i + 1), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int nTrain = (int) (0.7 * n), nVal = (int) (0.15 * n);
        int used = units <= 1 ? Math.max(1, (int) (units * (int) (0.7 * unitSamples))) : nTrain;
        return new DataSplit(all.subset(Arrays.copyOfRange(perm, 0, used)), all.subset(Arrays.copyOfRange(perm, nTrain, nTrain + nVal)),
                all.subset(Arrays.copyOfRange(perm, nTrain + nVal, n)), units);
    }
}
