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
 * @param sizes       training sizes of the data-efficiency curves ({@code train} among them; larger sizes are generated
 *                    beyond the {@code train} systems of the main runs)
 * @param efficiencyTasks the tasks that get data-efficiency curves
 * @param alphas      internal breaking weights swept on the field tasks
 * @param field       |E| of the field tasks
 * @param radialField whether the Radial Field baseline runs
 * @param extended    the longer EGNN runs of the N-body table (null: none)
 */
public record PointcloudPreset(String name, String description, long dataSeed, int train, int val, int test, int seeds, int efficiencySeeds, int hidden,
                               int layers, int steps, int batch, float lr, int evaluations, List<Integer> sizes, List<String> efficiencyTasks, List<Double> alphas,
                               double field, boolean radialField, Shapes shapes, Extended extended) {
    public PointcloudPreset {
        if (train < 1 || val < 1 || test < 1 || seeds < 1 || efficiencySeeds < 1 || steps < 1 || sizes.isEmpty())
            throw new IllegalArgumentException("preset " + name + ": sizes and counts must be positive");
        for (int s : sizes)
            if (s < 1) throw new IllegalArgumentException("preset " + name + ": data-efficiency size " + s + " is not positive");
    }

    /** Training systems to generate: the main runs' {@code train} or the largest data-efficiency size. */
    public int generatedTrain() {
        return Math.max(train, sizes.stream().mapToInt(Integer::intValue).max().orElse(train));
    }

    /**
     * Longer training of the plain EGNN on the symmetric N-body task (seeds 1..seeds, the main training size): Adam
     * steps, initial learning rate, cosine decay to zero or constant, validation checks.
     */
    public record Extended(int steps, float lr, boolean cosine, int evaluations) {}

    /**
     * The shape-classification part: cloud counts, points per cloud, noise, DeepSets width, Adam steps, internal weights,
     * and the EGNN classifiers' points read per cloud (0: no EGNN rows), width and depth.
     */
    public record Shapes(int train, int val, int test, int minPoints, int maxPoints, double noise, int hidden, int steps, int batch,
                         float lr, List<Double> alphas, int egnnPoints, int egnnHidden, int egnnLayers) {
        public Shapes {
            if (egnnPoints > minPoints)
                throw new IllegalArgumentException("shapes: the EGNN reads " + egnnPoints + " points per cloud, clouds have " + minPoints + " or more");
        }
    }

    public static PointcloudPreset named(String name) {
        return switch (name) {
            case "quick" -> new PointcloudPreset("quick", "CI scale: 300 training systems, width 32, 2 layers, 60 steps, 2 seeds", 2021,
                    300, 200, 200, 2, 2, 32, 2, 60, 100, 5e-4f, 3, List.of(100, 300), List.of("nbody", "field-fixed", "field-random"), List.of(0.1, 1.0), 0.5, true,
                    new Shapes(240, 80, 80, 64, 128, 0.02, 32, 60, 32, 3e-3f, List.of(1.0), 16, 16, 2), null);
            case "full" -> new PointcloudPreset("full", "3,000 training systems (10,000 generated for the data-efficiency curves), 2,000 "
                    + "validation and 2,000 test systems, width 32, 4 layers, 1,000 Adam steps per run (33 epochs of 3,000) and 4,000 for the "
                    + "extended EGNN rows, 3 seeds (2 at the other sizes of the data-efficiency curves); DeepSets and EGNN shape classifiers", 2021,
                    3000, 2000, 2000, 3, 2, 32, 4, 1000, 100, 2e-3f, 10, List.of(100, 300, 1000, 3000, 10000),
                    List.of("nbody", "field-fixed", "field-random"), List.of(0.01, 0.03, 0.1, 0.3, 1.0), 0.5, true,
                    new Shapes(1200, 400, 800, 64, 256, 0.02, 32, 350, 32, 3e-3f, List.of(0.1, 0.3, 1.0, 3.0, 10.0), 24, 32, 3),
                    new Extended(4000, 2e-3f, true, 20));
            case "micro" -> new PointcloudPreset("micro", "tests: 40 training systems, width 8, 1 layer, 4 steps, 1 seed", 2021,
                    40, 20, 20, 1, 1, 8, 1, 4, 20, 5e-4f, 2, List.of(20, 40), List.of("nbody", "field-random"), List.of(1.0), 0.5, true,
                    new Shapes(32, 16, 16, 64, 80, 0.02, 8, 4, 16, 3e-3f, List.of(0.1, 1.0), 8, 8, 1), new Extended(8, 1e-3f, true, 2));
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (expected quick or full)");
        };
    }
}
