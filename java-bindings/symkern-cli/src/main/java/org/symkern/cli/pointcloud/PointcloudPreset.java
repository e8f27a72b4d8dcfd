package org.symkern.cli.pointcloud;

import java.util.List;

/**
 * The settings of one run of the point-cloud experiment ({@link PointcloudExperiment}).
 *
 * @param train       N-body training systems of the main runs (the benchmark has 3,000)
 * @param val         validation systems (selection), {@code test} test systems
 * @param seeds       model seeds 1..seeds (initialisation and batch order; the data set is fixed by {@code dataSeed})
 * @param efficiencySeeds seeds of the data-efficiency runs below the full training size
 * @param hidden      width of every N-body model, {@code layers} their depth
 * @param steps       Adam steps of every N-body run (batch {@code batch}), {@code evaluations} validation checks per run
 * @param sizes       training sizes of the data-efficiency curves (the largest should be {@code train})
 * @param efficiencyTasks the tasks that get data-efficiency curves
 * @param alphas      internal breaking weights swept on the field tasks
 * @param field       |E| of the field tasks
 * @param radialField whether the Radial Field baseline runs
 */
public record PointcloudPreset(String name, String description, long dataSeed, int train, int val, int test, int seeds, int efficiencySeeds, int hidden,
                               int layers, int steps, int batch, float lr, int evaluations, List<Integer> sizes, List<String> efficiencyTasks, List<Double> alphas,
                               double field, boolean radialField, Shapes shapes) {
    public PointcloudPreset {
        if (train < 1 || val < 1 || test < 1 || seeds < 1 || efficiencySeeds < 1 || steps < 1 || sizes.isEmpty())
            throw new IllegalArgumentException("preset " + name + ": sizes and counts must be positive");
        for (int s : sizes)
            if (s > train) throw new IllegalArgumentException("preset " + name + ": data-efficiency size " + s + " exceeds the " + train + " training systems");
    }

    /** The shape-classification part: cloud counts, points per cloud, noise, DeepSets width, Adam steps, internal weights. */
    public record Shapes(int train, int val, int test, int minPoints, int maxPoints, double noise, int hidden, int steps, int batch,
                         float lr, List<Double> alphas) {}

    public static PointcloudPreset named(String name) {
        return switch (name) {
            case "quick" -> new PointcloudPreset("quick", "CI scale: 300 training systems, width 32, 2 layers, 60 steps, 2 seeds", 2021,
                    300, 200, 200, 2, 2, 32, 2, 60, 100, 5e-4f, 3, List.of(100, 300), List.of("nbody", "field-fixed", "field-random"), List.of(0.1, 1.0), 0.5, true,
                    new Shapes(240, 80, 80, 64, 128, 0.02, 32, 60, 32, 3e-3f, List.of(1.0)));
            case "full" -> new PointcloudPreset("full", "3,000 training systems, width 32, 4 layers, 1,000 Adam steps per run (33 epochs of "
                    + "3,000), 3 seeds (2 below 3,000 in the data-efficiency curves); about 25 min on 2 quiet cores", 2021,
                    3000, 500, 1000, 3, 2, 32, 4, 1000, 100, 2e-3f, 10, List.of(100, 300, 1000, 3000), List.of("nbody", "field-fixed", "field-random"),
                    List.of(0.1, 1.0), 0.5, true,
                    new Shapes(1200, 400, 800, 64, 256, 0.02, 32, 350, 32, 3e-3f, List.of(0.1, 1.0)));
            case "micro" -> new PointcloudPreset("micro", "tests: 40 training systems, width 8, 1 layer, 4 steps, 1 seed", 2021,
                    40, 20, 20, 1, 1, 8, 1, 4, 20, 5e-4f, 2, List.of(20, 40), List.of("nbody", "field-random"), List.of(1.0), 0.5, true,
                    new Shapes(32, 16, 16, 64, 80, 0.02, 8, 4, 16, 3e-3f, List.of(0.1, 1.0)));
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (expected quick or full)");
        };
    }
}
