package org.symkern.cli.salf;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.symkern.cli.TerminalProgress;
import org.symkern.cli.report.Json;
import org.symkern.train.Fit;
import org.symkern.train.FitConfig;
import org.symkern.train.FitResult;
import org.symkern.train.Learner;
import org.symkern.train.LrSchedule;

/**
 * The SALF experiment set (issue 4): for every domain, every arm of {@link SalfArm} on every seed and split (the
 * main and ablation tables and the cost table), the TR% protocols, and the lambda sensitivity sweep. Every run
 * trains with {@link Fit} (Adam, cosine schedule, early stopping and weight selection on validation only) and writes
 * its record to {@code salf.json} as soon as it finishes, so an interrupted run loses nothing; with a checkpoint
 * directory, rerunning the same command resumes the interrupted training from its last epoch. At the end
 * {@link SalfReport} writes {@code salf.md} and the PNG charts.
 */
public final class SalfExperiment {
    /** What to run and where the results go. */
    public record Options(SalfPreset preset, List<String> domains, boolean tr, boolean sweep, Path out, Path checkpoints,
                          PrintStream progress, PrintWriter log, String command, long firstSeed) {
        public Options {
            if (firstSeed < 1) throw new IllegalArgumentException("the first seed must be >= 1, got " + firstSeed);
        }
    }

    /** Everything measured, as written to salf.json. */
    public record Results(String preset, String command, String device, String started, double wallSeconds,
                          Map<String, String> protocols, Map<String, Map<String, String>> models, List<SalfRun> runs) {}

    private final Options o;
    private final Map<String, SalfDomain> domains;
    private final List<SalfRun> runs = new ArrayList<>();
    private final Map<String, String> protocols = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> models = new LinkedHashMap<>();
    private final long t0 = System.nanoTime();
    private final String started = java.time.OffsetDateTime.now().withNano(0).toString();
    private final String device;

    /**
     * @param domains the domains by key ("rotmnist", "rotmnist-tr", "mitbih", "proteins"); the TR% protocol of images is
     *                the "rotmnist-tr" domain, ECG's TR% comes from the main runs' transformed tests
     */
    public SalfExperiment(Options o, Map<String, SalfDomain> domains, String device) {
        this.o = o;
        this.domains = domains;
        this.device = device;
    }

    /** Runs everything the options ask for and writes salf.json, salf.md and the charts; returns the results. */
    public Results run() {
        SalfPreset p = o.preset();
        for (String key : o.domains()) {
            SalfDomain d = domain(key);
            for (long seed = o.firstSeed(); seed <= p.seeds(key); seed++)
                for (SalfDomain.Split split : splits(d, seed))
                    for (SalfArm arm : SalfArm.values())
                        if (arm != SalfArm.HEAD || p.headDomains().contains(key)) train("main", d, arm, arm.regularized() ? p.lambda() : 0f, seed, split);
        }
        if (o.tr() && o.domains().contains("rotmnist")) {
            SalfDomain d = domain("rotmnist-tr");
            for (long seed = o.firstSeed(); seed <= p.seeds(d.key()); seed++)
                for (SalfDomain.Split split : splits(d, seed))
                    for (SalfArm arm : new SalfArm[] {SalfArm.BASELINE, SalfArm.SYMMETRIC, SalfArm.SALF})
                        train("tr", d, arm, arm.regularized() ? p.lambda() : 0f, seed, split);
        }
        if (o.sweep()) {
            for (String key : p.sweepDomains()) {
                if (!o.domains().contains(key)) continue;
                SalfDomain d = domain(key);
                for (float lambda : p.lambdaGrid()) {
                    if (lambda == p.lambda()) continue;                       // the main runs hold this lambda
                    for (long seed = o.firstSeed(); seed <= p.seeds(key); seed++)
                        for (SalfDomain.Split split : splits(d, seed)) train("sweep", d, SalfArm.SALF, lambda, seed, split);
                }
            }
        }
        Results r = results();
        SalfReport.write(o.out(), r, p);
        return r;
    }

    /**
     * Writes one report from the salf.json files of several runs of the experiment (e.g. domains run in parallel
     * processes): their runs, protocols and models are concatenated; the wall time is the longest of them (they ran
     * side by side) and the command lists every part's.
     */
    public static Results merge(List<Path> parts, Path out, SalfPreset p) {
        List<SalfRun> runs = new ArrayList<>();
        Map<String, String> protocols = new LinkedHashMap<>();
        Map<String, Map<String, String>> models = new LinkedHashMap<>();
        List<String> commands = new ArrayList<>();
        double wall = 0;
        String started = null, device = null, preset = null;
        for (Path part : parts) {
            Results r = Json.gson().fromJson(Json.read(part), Results.class);
            if (r == null || r.runs() == null) throw new IllegalArgumentException(part + ": not a salf.json (no runs)");
            if (preset != null && !preset.equals(r.preset()))
                throw new IllegalArgumentException(part + ": preset " + r.preset() + " differs from the other parts' " + preset);
            preset = r.preset();
            for (SalfRun x : r.runs()) {                          // a run present in several parts is kept once (the last)
                runs.removeIf(y -> y.experiment().equals(x.experiment()) && y.domain().equals(x.domain()) && y.arm().equals(x.arm())
                        && y.lambda() == x.lambda() && y.seed() == x.seed() && y.split().equals(x.split()));
                runs.add(x);
            }
            protocols.putAll(r.protocols());
            models.putAll(r.models());
            commands.add(r.command());
            wall = Math.max(wall, r.wallSeconds());
            if (started == null || r.started().compareTo(started) < 0) started = r.started();
            device = r.device();
        }
        Results merged = new Results(preset, String.join("` and `", commands), device, started, wall, protocols, models, runs);
        Json.write(out.resolve("salf.json"), merged);
        SalfReport.write(out, merged, p);
        return merged;
    }

    private SalfDomain domain(String key) {
        SalfDomain d = domains.get(key);
        if (d == null) throw new IllegalArgumentException("unknown SALF domain '" + key + "' (known: " + domains.keySet() + ")");
        protocols.putIfAbsent(key, d.protocol());
        Map<String, String> m = models.computeIfAbsent(key, k -> new LinkedHashMap<>());
        for (SalfArm a : SalfArm.values()) m.putIfAbsent(a.key, d.model(a));
        return d;
    }

    private List<SalfDomain.Split> splits(SalfDomain d, long seed) {
        List<SalfDomain.Split> all = d.splits(seed);
        int folds = o.preset().budget(d.key()).folds();
        return folds > 0 && folds < all.size() ? all.subList(0, folds) : all;
    }

    private void train(String experiment, SalfDomain d, SalfArm arm, float lambda, long seed, SalfDomain.Split split) {
        SalfPreset.Budget b = o.preset().budget(d.key());
        int[] train = b.trainLimit() > 0 && b.trainLimit() < split.train().length ? Arrays.copyOf(split.train(), b.trainLimit()) : split.train();
        String tag = String.format(Locale.ROOT, "%s-%s-%s-l%.2f-s%d-%s", experiment, d.key(), arm.key, lambda, seed, split.name());
        Path ckpt = o.checkpoints() == null ? null : o.checkpoints().resolve(o.preset().name()).resolve(tag + ".safetensors");
        FitConfig cfg = new FitConfig(b.epochs(), b.batch(), b.lr(), 0f, LrSchedule.cosine(b.epochs(), 0, 0.05), b.patience(), seed, ckpt,
                o.progress() == null ? null : TerminalProgress.on(o.progress()));
        log("%s: %s %s lambda %.2f seed %d split %s (%d train / %d val / %d test)", experiment, d.key(), arm.key, lambda, seed,
                split.name(), train.length, split.validation().length, split.test().length);
        long t = System.nanoTime();
        Learner learner = d.learner(arm, split, lambda, o.preset().margin(), seed);
        try {
            FitResult r = Fit.run(learner, train, split.validation(), split.test(), cfg);
            Map<String, Double> transformed = d.transformedTests(learner, split, b.batch());
            SalfRun run = SalfRun.of(experiment, d.key(), arm, lambda, seed, split.name(), d.model(arm), r, transformed,
                    (System.nanoTime() - t) / 1e9);
            runs.add(run);
            log("  -> %d epochs (best %d, val %.4f), test acc %.4f, F1 %.4f%s, %.1f s/epoch, %.1f s", run.epochsRun(), run.bestEpoch(),
                    run.bestValAccuracy(), run.test().accuracy(), run.test().macroF1(), transformed.isEmpty() ? "" : ", transformed " + transformed,
                    run.trainSecondsPerEpoch(), run.wallSeconds());
        } finally {
            learner.module().close();
        }
        Json.write(o.out().resolve("salf.json"), results());
    }

    private Results results() {
        return new Results(o.preset().name(), o.command(), device, started, (System.nanoTime() - t0) / 1e9, protocols, models, List.copyOf(runs));
    }

    private void log(String fmt, Object... args) {
        if (o.log() == null) return;
        o.log().printf(Locale.ROOT, fmt + "%n", args);
        o.log().flush();
    }
}
