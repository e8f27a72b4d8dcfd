package org.symkern.cli.salf;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.symkern.cli.TerminalProgress;
import org.symkern.cli.report.Json;
import org.symkern.train.Fit;
import org.symkern.train.GridExecutor;

/**
 * The SALF experiment set (issue 4): for every domain, every arm of {@link SalfArm} on every seed and split (the
 * main and ablation tables and the cost table), the TR% protocols, and the lambda sensitivity sweep. Every run
 * trains with {@link Fit} (Adam, cosine schedule, early stopping and weight selection on validation only). The grid is
 * first listed as {@link SalfCell}s (each a pure function of itself), then run by the options' {@link GridExecutor}:
 * sequentially, each record is written to {@code salf.json} as soon as it finishes, so an interrupted run loses
 * nothing, and with a checkpoint directory rerunning the same command resumes the interrupted training from its last
 * epoch; on a distributed executor (Spark) the records are gathered in cell order and written at the end. At the end
 * {@link SalfReport} writes {@code salf.md} and the PNG charts.
 */
public final class SalfExperiment {
    /**
     * What to run and where the results go; {@code executor} runs the grid's trainings ({@link GridExecutor#SEQUENTIAL}:
     * one after the other in this JVM, writing salf.json after each; a distributed one: all cells at once, salf.json
     * written when they are gathered).
     */
    public record Options(SalfPreset preset, List<String> domains, boolean tr, boolean sweep, Path out, Path checkpoints,
                          PrintStream progress, PrintWriter log, String command, long firstSeed, GridExecutor executor) {
        public Options {
            if (firstSeed < 1) throw new IllegalArgumentException("the first seed must be >= 1, got " + firstSeed);
            if (executor == null) throw new IllegalArgumentException("no grid executor");
        }

        /** Options that run the grid sequentially in this JVM. */
        public Options(SalfPreset preset, List<String> domains, boolean tr, boolean sweep, Path out, Path checkpoints, PrintStream progress,
                       PrintWriter log, String command, long firstSeed) {
            this(preset, domains, tr, sweep, out, checkpoints, progress, log, command, firstSeed, GridExecutor.SEQUENTIAL);
        }
    }

    /** Everything measured, as written to salf.json. */
    public record Results(String preset, String command, String device, String started, double wallSeconds,
                          Map<String, String> protocols, Map<String, Map<String, String>> models, List<SalfRun> runs) {}

    private final Options o;
    private final SalfDomains.Source source;
    private final Map<String, SalfDomain> domains;
    private final List<SalfRun> runs = new ArrayList<>();
    private final Map<String, String> protocols = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> models = new LinkedHashMap<>();
    private final long t0 = System.nanoTime();
    private final String started = java.time.OffsetDateTime.now().withNano(0).toString();
    private final String device;

    /**
     * @param source where the domains ("rotmnist", "rotmnist-tr", "mitbih", "proteins") come from; the TR% protocol of
     *               images is the "rotmnist-tr" domain, ECG's TR% comes from the main runs' transformed tests
     */
    public SalfExperiment(Options o, SalfDomains.Source source, String device) {
        this.o = o;
        this.source = source;
        this.domains = source.domains();
        this.device = device;
    }

    /** Runs everything the options ask for and writes salf.json, salf.md and the charts; returns the results. */
    public Results run() {
        List<SalfCell> cells = cells();
        if (o.executor() == GridExecutor.SEQUENTIAL) {
            for (SalfCell c : cells) {                           // one at a time: log lines, progress bars and salf.json after each
                logStart(c);
                SalfRun run = GridExecutor.SEQUENTIAL.map(List.of(c), x -> x.train(o.progress() == null ? null : TerminalProgress.on(o.progress()))).get(0);
                runs.add(run);
                logEnd(run);
                Json.write(o.out().resolve("salf.json"), results());
            }
        } else {
            log("%d trainings on %s", cells.size(), o.executor().describe());
            List<SalfRun> all = o.executor().map(cells, SalfCell::train);
            for (SalfRun run : all) {
                runs.add(run);
                logEnd(run);
            }
            Json.write(o.out().resolve("salf.json"), results());
        }
        Results r = results();
        SalfReport.write(o.out(), r, o.preset());
        return r;
    }

    /**
     * The grid, in the order the single-machine runner has always trained it: per domain, seed, split and arm the main
     * table, then the images' TR% protocol, then the lambda sweep (lambdas other than the main one). Registers each
     * domain's protocol and models for the report as it goes.
     */
    public List<SalfCell> cells() {
        List<SalfCell> cells = new ArrayList<>();
        SalfPreset p = o.preset();
        for (String key : o.domains()) {
            SalfDomain d = domain(key);
            for (long seed = o.firstSeed(); seed <= p.seeds(key); seed++)
                for (SalfDomain.Split split : splits(d, seed))
                    for (SalfArm arm : SalfArm.values())
                        if (arm != SalfArm.HEAD || p.headDomains().contains(key)) cells.add(cell("main", d, arm, arm.regularized() ? p.lambda() : 0f, seed, split));
        }
        if (o.tr() && o.domains().contains("rotmnist")) {
            SalfDomain d = domain("rotmnist-tr");
            for (long seed = o.firstSeed(); seed <= p.seeds(d.key()); seed++)
                for (SalfDomain.Split split : splits(d, seed))
                    for (SalfArm arm : new SalfArm[] {SalfArm.BASELINE, SalfArm.SYMMETRIC, SalfArm.SALF})
                        cells.add(cell("tr", d, arm, arm.regularized() ? p.lambda() : 0f, seed, split));
        }
        if (o.sweep()) {
            for (String key : p.sweepDomains()) {
                if (!o.domains().contains(key)) continue;
                SalfDomain d = domain(key);
                for (float lambda : p.lambdaGrid()) {
                    if (lambda == p.lambda()) continue;                       // the main runs hold this lambda
                    for (long seed = o.firstSeed(); seed <= p.seeds(key); seed++)
                        for (SalfDomain.Split split : splits(d, seed)) cells.add(cell("sweep", d, SalfArm.SALF, lambda, seed, split));
                }
            }
        }
        return cells;
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

    private SalfCell cell(String experiment, SalfDomain d, SalfArm arm, float lambda, long seed, SalfDomain.Split split) {
        List<SalfDomain.Split> all = d.splits(seed);
        int index = 0;
        while (!all.get(index).name().equals(split.name())) index++;
        return new SalfCell(experiment, d.key(), arm, lambda, seed, index, split.name(), o.preset(), source,
                o.checkpoints() == null ? null : o.checkpoints().toString());
    }

    private void logStart(SalfCell c) {
        if (o.log() == null) return;
        int[] n = c.sizes(domains.get(c.domain()));
        log("%s: %s %s lambda %.2f seed %d split %s (%d train / %d val / %d test)", c.experiment(), c.domain(), c.arm().key, c.lambda(), c.seed(),
                c.splitName(), n[0], n[1], n[2]);
    }

    private void logEnd(SalfRun run) {
        log("  -> %d epochs (best %d, val %.4f), test acc %.4f, F1 %.4f%s, %.1f s/epoch, %.1f s", run.epochsRun(), run.bestEpoch(),
                run.bestValAccuracy(), run.test().accuracy(), run.test().macroF1(), run.transformed().isEmpty() ? "" : ", transformed " + run.transformed(),
                run.trainSecondsPerEpoch(), run.wallSeconds());
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
