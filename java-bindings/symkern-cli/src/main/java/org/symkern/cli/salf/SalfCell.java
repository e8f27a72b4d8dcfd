package org.symkern.cli.salf;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.symkern.train.Fit;
import org.symkern.train.FitConfig;
import org.symkern.train.FitResult;
import org.symkern.train.Learner;
import org.symkern.train.LrSchedule;
import org.symkern.train.Progress;

/**
 * One training of the SALF grid, self-contained: which table it belongs to ("main", "tr", "sweep"), the domain
 * (key + where its data comes from), the arm, lambda, seed and split (index into the seed's splits, with its name as
 * a check), the preset (budget, margin) and an optional checkpoint directory. {@link #train} is a pure function of
 * the cell: the domain's data is re-created from {@link #source} on whatever JVM runs it (cached per thread, the
 * cache only avoids reloading the same embedded data), the split is recomputed from the seed, and the model, batch
 * order and dropout are seeded with {@link #seed}; so the same cell gives the same {@link SalfRun} (apart from its
 * timing fields) wherever and in whatever order it runs.
 *
 * @param splitIndex  index of the split in the domain's {@link SalfDomain#splits} of the seed
 * @param checkpoints checkpoint directory (resume an interrupted training), or null for none
 */
public record SalfCell(String experiment, String domain, SalfArm arm, float lambda, long seed, int splitIndex, String splitName,
                       SalfPreset preset, SalfDomains.Source source, String checkpoints) implements Serializable {
    /** The cell's tag: file name of its checkpoint and its log label. */
    public String tag() {
        return String.format(Locale.ROOT, "%s-%s-%s-l%.2f-s%d-%s", experiment, domain, arm.key, lambda, seed, splitName);
    }

    /** Trains the cell without progress output (what a distributed executor runs). */
    public SalfRun train() {
        return train(null);
    }

    /**
     * Trains the cell: Adam on a cosine schedule for the domain's budget, weights selected on validation ({@link Fit}),
     * then the test and transformed-test metrics of the selected weights.
     *
     * @param progress per-epoch progress (null: none); it does not change any number
     */
    public SalfRun train(Progress progress) {
        SalfDomain d = source.domains().get(domain);
        if (d == null) throw new IllegalArgumentException("unknown SALF domain '" + domain + "' (known: " + source.domains().keySet() + ")");
        SalfDomain.Split split = split(d);
        SalfPreset.Budget b = preset.budget(domain);
        int[] train = b.trainLimit() > 0 && b.trainLimit() < split.train().length ? Arrays.copyOf(split.train(), b.trainLimit()) : split.train();
        Path ckpt = checkpoints == null ? null : Path.of(checkpoints).resolve(preset.name()).resolve(tag() + ".safetensors");
        FitConfig cfg = new FitConfig(b.epochs(), b.batch(), b.lr(), 0f, LrSchedule.cosine(b.epochs(), 0, 0.05), b.patience(), seed, ckpt, progress);
        long t = System.nanoTime();
        Learner learner = d.learner(arm, split, lambda, preset.margin(), seed);
        try {
            FitResult r = Fit.run(learner, train, split.validation(), split.test(), cfg);
            Map<String, Double> transformed = d.transformedTests(learner, split, b.batch());
            return SalfRun.of(experiment, domain, arm, lambda, seed, split.name(), d.model(arm), r, transformed, (System.nanoTime() - t) / 1e9);
        } finally {
            learner.module().close();
        }
    }

    /** The cell's split, recomputed from the seed; fails if it is not the one the driver planned. */
    SalfDomain.Split split(SalfDomain d) {
        List<SalfDomain.Split> all = d.splits(seed);
        if (splitIndex < 0 || splitIndex >= all.size() || !all.get(splitIndex).name().equals(splitName))
            throw new IllegalStateException("cell " + tag() + ": split " + splitIndex + " of seed " + seed + " is not '" + splitName + "' here");
        return all.get(splitIndex);
    }

    /** Size of the training part the cell trains on (for the log line). */
    int[] sizes(SalfDomain d) {
        SalfDomain.Split s = split(d);
        int limit = preset.budget(domain).trainLimit();
        return new int[] {limit > 0 && limit < s.train().length ? limit : s.train().length, s.validation().length, s.test().length};
    }
}
