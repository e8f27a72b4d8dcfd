package org.symkern.cli.asen;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;

import org.symkern.tensor.Device;
import org.symkern.train.GridExecutor;

/**
 * The ASEN experiment suite behind {@code symkern experiment asen}: runs the experiments of a preset ({@link #EXPERIMENTS})
 * on one
 * {@link RunBook} (so identical runs are made once; each experiment's trainings form one grid run by a
 * {@link GridExecutor}, sequential by default), times the whole, and writes {@code asen.md}, {@code asen.json} and
 * the PNG charts into the output directory ({@link AsenReport}).
 */
public final class AsenSuite {
    private AsenSuite() {}

    /** The experiments, in the order they run. */
    public static final List<String> EXPERIMENTS = List.of("sweep", "multitask", "transfer", "discovery", "sign", "selection",
            "invariant", "invariant-transfer");

    /** Where and how the suite ran (for the report). */
    public record Machine(String os, String arch, int cores, String java, String device, String ompThreads, double loadBefore, double loadAfter) {}

    /**
     * Everything the report and asen.json hold; a summary is null when its experiment was not run.
     *
     * @param commands for each experiment run, the command that reproduces it alone ({@code --only} that experiment)
     * @param parts    the runs a merged result was made from ({@link AsenMerge}); null for a result of one run
     */
    public record Result(String preset, String command, AsenPreset settings, List<String> experiments, Machine machine, double wallSeconds,
                         EquivarianceSweep.Summary sweep, MultitaskComparison.Summary multitask, TransferExperiment.Summary transfer,
                         SymmetryDiscovery.Summary discovery, SignFailure.Summary sign, SymmetrySelection.Summary selection,
                         InvariantRegression.Summary invariant, InvariantTransfer.Summary invariantTransfer, Map<String, Double> stageSeconds,
                         List<RunRecord> runs,
                         Map<String, String> commands, List<Part> parts) {}

    /** One run merged into a result: its command, the experiments taken from it, its wall time and machine. */
    public record Part(String command, List<String> experiments, double wallSeconds, Machine machine) {}

    /**
     * The command that reproduces {@code experiment} alone: {@code command} itself when it ran one experiment, otherwise
     * {@code command} with its {@code --only} list replaced by that experiment.
     */
    static String commandFor(String command, String experiment, int experimentsRun) {
        if (experimentsRun == 1) return command;
        return command.replaceAll(" --only \\S+", "") + " --only " + experiment;
    }

    /**
     * Runs the experiments named in {@code only} (all when empty) and writes the report into {@code out}.
     *
     * @param command the command line to print in the report
     * @param log one line per finished run and per stage (null: silent)
     * @param epochLog one line per epoch (null: none); the command passes stderr, the progress stream
     */
    public static Result run(AsenPreset preset, List<String> only, Device device, Path out, String command, PrintWriter log, PrintWriter epochLog) {
        return run(preset, only, device, GridExecutor.SEQUENTIAL, out, command, log, epochLog);
    }

    /**
     * As {@link #run(AsenPreset, List, Device, Path, String, PrintWriter, PrintWriter)}, each experiment's trainings run
     * as one grid on {@code executor} (one training per cell; the records, asen.json and asen.md are the same whichever
     * executor ran them, apart from the wall-clock fields).
     */
    public static Result run(AsenPreset preset, List<String> only, Device device, GridExecutor executor, Path out, String command, PrintWriter log,
                             PrintWriter epochLog) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String e : only) {
            String k = e.strip().toLowerCase(Locale.ROOT);
            if (!EXPERIMENTS.contains(k)) throw new IllegalArgumentException("unknown experiment '" + e + "' (expected some of " + EXPERIMENTS + ")");
            chosen.add(k);
        }
        List<String> run = new ArrayList<>();
        for (String e : EXPERIMENTS) if (chosen.isEmpty() || chosen.contains(e)) run.add(e);
        double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long t0 = System.nanoTime();
        RunBook book = new RunBook(preset, device, executor, log, epochLog);
        Map<String, Double> seconds = new LinkedHashMap<>();
        EquivarianceSweep.Summary sweep = run.contains("sweep") ? stage(log, seconds, "sweep", () -> EquivarianceSweep.run(book)) : null;
        MultitaskComparison.Summary multi = run.contains("multitask") ? stage(log, seconds, "multitask", () -> MultitaskComparison.run(book)) : null;
        TransferExperiment.Summary transfer = run.contains("transfer") ? stage(log, seconds, "transfer", () -> TransferExperiment.run(book)) : null;
        SymmetryDiscovery.Summary discovery = run.contains("discovery") ? stage(log, seconds, "discovery", () -> SymmetryDiscovery.run(book)) : null;
        SignFailure.Summary sign = run.contains("sign") ? stage(log, seconds, "sign", () -> SignFailure.run(book)) : null;
        SymmetrySelection.Summary selection = run.contains("selection") ? stage(log, seconds, "selection", () -> SymmetrySelection.run(book)) : null;
        InvariantRegression.Summary invariant = run.contains("invariant")
                ? stage(log, seconds, "invariant", () -> InvariantRegression.run(book)) : null;
        InvariantTransfer.Summary invTransfer = run.contains("invariant-transfer")
                ? stage(log, seconds, "invariant-transfer", () -> InvariantTransfer.run(book)) : null;
        double wall = (System.nanoTime() - t0) / 1e9;
        Machine m = new Machine(System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), device.toString(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), load0,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Map<String, String> commands = new LinkedHashMap<>();
        for (String e : run) commands.put(e, commandFor(command, e, run.size()));
        Result r = new Result(preset.name(), command, preset, run, m, wall, sweep, multi, transfer, discovery, sign, selection, invariant, invTransfer,
                seconds, book.runs(), commands, null);
        AsenReport.write(r, out);
        if (log != null) {
            log.printf(Locale.ROOT, "ASEN %s preset: %d runs in %.1f s; report in %s%n", preset.name(), r.runs().size(), wall, out.resolve("asen.md"));
            log.flush();
        }
        return r;
    }

    private static <T> T stage(PrintWriter log, Map<String, Double> seconds, String name, java.util.function.Supplier<T> body) {
        long t0 = System.nanoTime();
        if (log != null) {
            log.println("== " + name);
            log.flush();
        }
        T out = body.get();
        seconds.put(name, (System.nanoTime() - t0) / 1e9);
        if (log != null) {
            log.printf(Locale.ROOT, "== %s done in %.1f s%n", name, seconds.get(name));
            log.flush();
        }
        return out;
    }
}
