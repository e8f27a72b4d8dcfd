package org.symkern.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of {@link Fit#run}: at most `epochs` epochs of mini-batches of `batch` examples, Adam with base learning
 * rate `lr` (AdamW with decoupled decay when weightDecay > 0) following `schedule`, early stopping after `patience`
 * epochs without a better validation accuracy (patience &lt;= 0: never), shuffles seeded by (seed, epoch), an
 * optional checkpoint file (null: none; see {@link Fit}) and optional {@link Progress} reporting (null: none).
 */
public record FitConfig(int epochs, int batch, float lr, float weightDecay, LrSchedule schedule, int patience, long seed,
                        Path checkpoint, Progress progress) {
    /** Checks epochs, batch, lr and weight decay, and that a schedule is given. */
    public FitConfig {
        if (epochs < 1) throw new IllegalArgumentException("FitConfig: epochs = " + epochs + " must be >= 1");
        if (batch < 1) throw new IllegalArgumentException("FitConfig: batch = " + batch + " must be >= 1");
        if (!(lr >= 0f && Float.isFinite(lr))) throw new IllegalArgumentException("FitConfig: lr = " + lr + " must be finite and >= 0");
        if (!(weightDecay >= 0f && Float.isFinite(weightDecay)))
            throw new IllegalArgumentException("FitConfig: weightDecay = " + weightDecay + " must be finite and >= 0");
        Objects.requireNonNull(schedule, "FitConfig: schedule is null (use LrSchedule.constant())");
    }

    /** `epochs` epochs of `batch` examples at a constant `lr`; no weight decay, no early stopping, seed 0, no checkpoint or bars. */
    public static FitConfig of(int epochs, int batch, float lr) {
        return new FitConfig(epochs, batch, lr, 0f, LrSchedule.constant(), 0, 0L, null, null);
    }

    /** true when early stopping is on (patience > 0). */
    public boolean earlyStopping() {
        return patience > 0;
    }

    /** This configuration with {@code e} epochs. */
    public FitConfig withEpochs(int e) {
        return new FitConfig(e, batch, lr, weightDecay, schedule, patience, seed, checkpoint, progress);
    }

    /** This configuration with batches of {@code b}. */
    public FitConfig withBatch(int b) {
        return new FitConfig(epochs, b, lr, weightDecay, schedule, patience, seed, checkpoint, progress);
    }

    /** This configuration with base learning rate {@code l}. */
    public FitConfig withLr(float l) {
        return new FitConfig(epochs, batch, l, weightDecay, schedule, patience, seed, checkpoint, progress);
    }

    /** This configuration with weight decay {@code wd}. */
    public FitConfig withWeightDecay(float wd) {
        return new FitConfig(epochs, batch, lr, wd, schedule, patience, seed, checkpoint, progress);
    }

    /** This configuration with schedule {@code s}. */
    public FitConfig withSchedule(LrSchedule s) {
        return new FitConfig(epochs, batch, lr, weightDecay, s, patience, seed, checkpoint, progress);
    }

    /** This configuration with early-stopping patience {@code p}. */
    public FitConfig withPatience(int p) {
        return new FitConfig(epochs, batch, lr, weightDecay, schedule, p, seed, checkpoint, progress);
    }

    /** This configuration with seed {@code s}. */
    public FitConfig withSeed(long s) {
        return new FitConfig(epochs, batch, lr, weightDecay, schedule, patience, s, checkpoint, progress);
    }

    /** This configuration with checkpoint file {@code c} (null: none). */
    public FitConfig withCheckpoint(Path c) {
        return new FitConfig(epochs, batch, lr, weightDecay, schedule, patience, seed, c, progress);
    }

    /** This configuration reporting to {@code p} (null: none). */
    public FitConfig withProgress(Progress p) {
        return new FitConfig(epochs, batch, lr, weightDecay, schedule, patience, seed, checkpoint, p);
    }

    /** One line per epoch on `out` ({@link Progress#lines}); null: no progress output. */
    public FitConfig withProgress(PrintStream out) {
        return withProgress(out == null ? null : Progress.lines(out));
    }
}
