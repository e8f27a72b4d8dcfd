package org.symkern.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.symkern.nn.GSpace;
import org.symkern.cli.salf.SalfDomains;
import org.symkern.cli.salf.SalfExperiment;
import org.symkern.cli.salf.SalfPreset;
import org.symkern.train.GridExecutor;
import org.symkern.tensor.Device;

/**
 * {@code symkern experiment salf --preset quick|full}: the SALF experiment set ({@link SalfExperiment}) on
 * RotMNIST-10k, MIT-BIH and PROTEINS; writes salf.md, salf.json and PNG charts to --out.
 */
@Command(name = "salf", mixinStandardHelpOptions = true,
        description = "SALF vs symmetry-only vs baseline on RotMNIST-10k, MIT-BIH and PROTEINS; writes salf.md/json/png.")
public final class SalfExperimentCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--preset", defaultValue = "quick", description = "quick (a few minutes on 2 CPU cores) or full (the report).")
    String preset;

    @Option(names = "--domains", split = ",",
            description = "Datasets: rotmnist, mitbih, mitbih-inter, proteins (default: none given, i.e. rotmnist, mitbih, proteins, plus mitbih-inter when the full MIT-BIH records are used).")
    List<String> domains;

    @Option(names = "--out", defaultValue = OutputDirectory.DEFAULT,
            description = "Directory for salf.md, salf.json and the charts; the committed report is replaced only with --out docs/results.")
    Path outDir;

    @Option(names = "--checkpoints", defaultValue = "target/salf-checkpoints",
            description = "Checkpoint directory: rerunning an interrupted command resumes from it ('none' = off).")
    String checkpoints;

    @Option(names = "--mitdb", description = "MIT-BIH folder with all 48 records (default: none given, i.e. for the full preset ../shared/data/mitdb when present; otherwise the embedded records 208, 209, 213).")
    Path mitdb;

    @Option(names = "--group", defaultValue = "p4", description = "Image symmetry group: p4, p4m or c8.")
    String group;

    @Option(names = "--seeds", description = "Seeds per configuration (default: none given, i.e. the preset's).") Integer seeds;
    @Option(names = "--seed-from", defaultValue = "1", description = "First seed: seeds seed-from .. seed-from + seeds - 1 run.") long seedFrom;
    @Option(names = "--merge", split = ",", description = "Write one report from these salf.json files (parts run side by side) and exit (default: none).")
    List<Path> merge;
    @Option(names = "--no-tr", defaultValue = "false", description = "Skip the TR%% training protocol of images (default: off)") boolean noTr;
    @Option(names = "--no-sweep", defaultValue = "false", description = "Skip the lambda sweep (default: off)") boolean noSweep;
    @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N.") String device;
    @Option(names = "--executor", defaultValue = "sequential",
            description = "Where the trainings run: sequential (this JVM, one after the other) or spark (one training per Spark task; run the jar "
                    + "through spark-submit with the symkern-spark jar, checkpoints off; docs/scale-out.md).") String executor;
    @Option(names = "--quiet", defaultValue = "false", description = "No progress on stderr (no bars, no epoch lines; default: off)") boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        SalfPreset p;
        GSpace g;
        GridExecutor grid;
        try {
            p = SalfPreset.named(preset);
            if (seeds != null) p = p.withSeeds(seeds);
            g = SalfDomains.imageGroup(group);
            String bad = OutputDirectory.problem(outDir);
            if (bad != null) throw new IllegalArgumentException(bad);
            grid = merge != null ? GridExecutor.SEQUENTIAL : GridExecutors.named(executor);
        } catch (IllegalArgumentException e) {
            err.println("symkern experiment salf: " + e.getMessage());
            err.flush();
            return 2;
        }
        if (merge != null) {
            SalfExperiment.Results r = SalfExperiment.merge(merge, outDir, p);
            out.printf("merged %d runs from %s into %s%n", r.runs().size(), merge, outDir.resolve("salf.md"));
            out.flush();
            return 0;
        }
        Path mit = mitdb;
        if (mit == null && p.name().equals("full") && Files.isDirectory(Path.of("../shared/data/mitdb"))) mit = Path.of("../shared/data/mitdb");
        if (domains == null) domains = mit == null ? List.of("rotmnist", "mitbih", "proteins") : List.of("rotmnist", "mitbih", "mitbih-inter", "proteins");
        Device dev = Device.parse(device);
        String command = "java -jar java-bindings/symkern-cli/target/symkern-cli-0.1.0-SNAPSHOT.jar experiment salf --preset " + preset
                + (seeds != null ? " --seeds " + seeds : "") + (seedFrom != 1 ? " --seed-from " + seedFrom : "") + (mitdb != null ? " --mitdb " + mitdb : "") + (g != GSpace.P4 ? " --group " + group : "")
                + (noTr ? " --no-tr" : "") + (noSweep ? " --no-sweep" : "") + " --domains " + String.join(",", domains) + " --out " + outDir
                + (grid != GridExecutor.SEQUENTIAL ? " --executor " + executor : "");
        out.printf("SALF experiment, preset %s, %d seed(s), domains %s, group %s, MIT-BIH %s, device %s%n", p.name(), p.seeds(), domains, group,
                mit == null ? "embedded records 208, 209, 213" : mit, dev);
        out.flush();
        boolean sequential = grid == GridExecutor.SEQUENTIAL;            // checkpoints live on this machine's disk: sequential only
        SalfExperiment.Options o = new SalfExperiment.Options(p, List.copyOf(domains), !noTr, !noSweep, outDir,
                !sequential || "none".equals(checkpoints) ? null : Path.of(checkpoints), quiet ? null : System.err, out, command, seedFrom, grid);
        SalfExperiment.Results r = new SalfExperiment(o, new SalfDomains.Source(mit == null ? null : mit.toString(), group, dev.toString()),
                sequential ? dev + " (" + Runtime.getRuntime().availableProcessors() + " CPU cores)" : dev + " (" + grid.describe() + ")").run();
        out.printf(Locale.ROOT, "%d runs in %.1f min; wrote %s, %s and charts%n", r.runs().size(), r.wallSeconds() / 60,
                outDir.resolve("salf.md"), outDir.resolve("salf.json"));
        out.flush();
        return 0;
    }
}
