package org.symkern.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.symkern.tensor.Device;
import org.symkern.cli.asen.AsenPreset;
import org.symkern.cli.asen.AsenSuite;
import org.symkern.train.GridExecutor;

/** {@code symkern experiment NAME}: named experiment runners. */
@Command(name = "experiment", mixinStandardHelpOptions = true, description = "Run a named experiment.",
        subcommands = {ExperimentCommand.AsenRun.class, SalfExperimentCommand.class, ExplainExperimentCommand.class,
                PointcloudCommand.class})
public final class ExperimentCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code symkern experiment asen --preset quick|full [--out DIR]}: the ASEN experiment suite ({@link AsenSuite}):
     * equivariant vs non-equivariant across training sizes, multitask vs single-task, transfer, symmetry discovery, the
     * alternating-group failure case and symmetry selection; writes asen.md, asen.json and PNG charts into DIR.
     */
    @Command(name = "asen", mixinStandardHelpOptions = true,
            description = "ASEN experiment suite on the synthetic sequence tasks; writes asen.md, asen.json and PNG charts.")
    static final class AsenRun implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--preset", defaultValue = "quick",
                description = "quick (CI scale, about a minute on 2 cores), full (the report: on one thread about 75 min for the six equivariant-side "
                        + "experiments, 2 h for --only invariant, 1 h for --only invariant-transfer; run apart and joined with --merge) or micro (tests).")
        String preset;

        @Option(names = "--out", defaultValue = OutputDirectory.DEFAULT,
                description = "Output directory for asen.md, asen.json and the charts; the committed report is replaced only with --out docs/results.")
        Path out;

        @Option(names = "--only", split = ",", description = "Run only these experiments: sweep, multitask, transfer, discovery, sign, selection, invariant, invariant-transfer "
                + "(default: none, i.e. all).")
        List<String> only;

        @Option(names = "--merge", split = ",", description = "Write one report into --out from these asen.json files (runs of the same preset, "
                + "e.g. --only invariant run apart from the rest; each experiment is taken from the last file that ran it) and exit (default: none).")
        List<Path> merge;

        @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N.")
        String device;

        @Option(names = "--epoch-lines", defaultValue = "false", description = "Also one line per epoch on stderr (otherwise one line per run on stdout; default: off)")
        boolean epochLines;

        @Option(names = "--quiet", defaultValue = "false", description = "No progress lines (default: off)")
        boolean quiet;

        @Option(names = "--executor", defaultValue = "sequential",
                description = "Where the trainings run: sequential (this JVM, one after the other) or spark (one training per Spark task; run the jar "
                        + "through spark-submit with the symkern-spark jar; docs/scale-out.md).")
        String executor;

        @Override
        public Integer call() {
            PrintWriter log = spec.commandLine().getOut(), err = spec.commandLine().getErr();
            AsenPreset p;
            Device dev;
            GridExecutor grid;
            List<String> experiments = only == null ? List.of() : only;
            try {
                p = AsenPreset.named(preset);
                dev = Device.parse(device);
                for (String e : experiments)
                    if (!AsenSuite.EXPERIMENTS.contains(e.strip().toLowerCase(java.util.Locale.ROOT)))
                        throw new IllegalArgumentException("unknown experiment '" + e + "' for --only (expected some of " + AsenSuite.EXPERIMENTS + ")");
                String bad = OutputDirectory.problem(out);
                if (bad != null) throw new IllegalArgumentException(bad);
                if (merge != null && only != null) throw new IllegalArgumentException("--merge writes a report from finished runs; it takes no --only");
                grid = GridExecutors.named(executor);
            } catch (IllegalArgumentException e) {
                err.println("symkern experiment asen: " + e.getMessage());
                err.flush();
                return 2;
            }
            if (merge != null) {
                String command = "java -jar java-bindings/symkern-cli/target/symkern-cli-0.1.0-SNAPSHOT.jar experiment asen --merge "
                        + String.join(",", merge.stream().map(Path::toString).toList()) + " --out " + out;
                try {
                    AsenSuite.Result r = org.symkern.cli.asen.AsenMerge.merge(merge, out, command);
                    log.printf("merged %s (%d runs) from %d files into %s%n", r.experiments(), r.runs().size(), merge.size(), out.resolve("asen.md"));
                    log.flush();
                    return 0;
                } catch (IllegalArgumentException e) {
                    err.println("symkern experiment asen: " + e.getMessage());
                    err.flush();
                    return 2;
                }
            }
            List<String> cmd = new ArrayList<>(List.of("java -jar java-bindings/symkern-cli/target/symkern-cli-0.1.0-SNAPSHOT.jar experiment asen --preset", p.name(),
                    "--out", out.toString()));
            if (!dev.equals(Device.CPU)) cmd.addAll(List.of("--device", device));
            if (!experiments.isEmpty()) cmd.addAll(List.of("--only", String.join(",", experiments)));
            if (grid != GridExecutor.SEQUENTIAL) cmd.addAll(List.of("--executor", executor));
            log.printf("ASEN experiment suite, preset %s (%s), device %s, output %s%n", p.name(), p.description(), dev, out);
            log.flush();
            AsenSuite.run(p, experiments, dev, grid, out, String.join(" ", cmd), quiet ? null : log, quiet || !epochLines ? null : err);
            log.flush();
            return 0;
        }
    }

    /** Runs the command in-process (tests); returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return Main.withErrorHandling(new CommandLine(new ExperimentCommand())).setOut(out).setErr(err).execute(args);
    }
}
