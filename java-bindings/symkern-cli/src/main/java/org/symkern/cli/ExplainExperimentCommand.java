package org.symkern.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.symkern.cli.explain.ExplainExperiment;
import org.symkern.cli.explain.ExplainPreset;
import org.symkern.cli.salf.SalfDomains;
import org.symkern.nn.GSpace;
import org.symkern.tensor.Device;

/**
 * {@code symkern experiment explain --preset quick|full [--out DIR]}: the explanation experiment ({@link ExplainExperiment});
 * writes explain.md, explain.json and PNG figures into DIR (default target/explain-results). The committed report in
 * docs/results is only written when --out names that folder explicitly.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Grad-CAM, SHAP, gradients and GNNExplainer on the baseline / symmetry-only / SALF arms of RotMNIST, MIT-BIH and PROTEINS, "
                + "plus the BA-Shapes benchmark; writes explain.md, explain.json and PNG figures.")
public final class ExplainExperimentCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--preset", defaultValue = "quick", description = "quick (CI: a few minutes on embedded data), full (the committed report, "
            + "about 30 min of one core) or micro (tests).")
    String preset;

    @Option(names = "--out", defaultValue = "target/explain-results", description = "Output folder (docs/results only when "
            + "named explicitly).")
    Path out;

    @Option(names = "--models", defaultValue = "target/explain-models", description = "Folder of trained models: a model saved there by an earlier "
            + "run is reused instead of retrained ('none' = always train, save nothing).")
    String models;

    @Option(names = "--domains", split = ",", description = "Domains: rotmnist, mitbih, proteins (default: all three); 'ba-shapes' alone runs "
            + "only the BA-Shapes benchmark (which otherwise runs after the domains unless --no-ba-shapes).")
    List<String> domains;

    @Option(names = "--no-ba-shapes", description = "Skip the BA-Shapes benchmark (default: off).")
    boolean noBaShapes;

    @Option(names = "--seeds", description = "Seeds per arm (default: the preset's).")
    Integer seeds;

    @Option(names = "--mitdb", description = "MIT-BIH folder with all records (default: the embedded records 208, 209, 213).")
    Path mitdb;

    @Option(names = "--group", defaultValue = "p4", description = "Image symmetry group of the G-CNN arms: p4, p4m or c8.")
    String group;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N.")
    String device;

    @Option(names = "--quiet", description = "No progress lines (default: off).")
    boolean quiet;

    @Option(names = "--merge", split = ",", description = "Write one report into --out from these explain.json parts (same preset; figures are "
            + "expected in --out) and exit (default: none, run the preset).")
    List<Path> merge;

    @Option(names = "--methods", split = ",", description = "Image and ECG methods to run: gradcam, gradcam-orient, kernelshap, ig, gradshap "
            + "(default: all). With --merge a part that reran some methods replaces only those rows.")
    List<String> methods;

    @Option(names = "--resume", description = "Keep the rows of an explain.json already in --out (same preset) and compute only the missing "
            + "(domain, arm, seed) cells and BA-Shapes seeds: a run can be split into parts or continued after an interruption (default: off).")
    boolean resume;

    @Override
    public Integer call() {
        PrintWriter log = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        ExplainPreset p;
        GSpace g;
        Device dev;
        List<String> ds = domains == null ? List.of("rotmnist", "mitbih", "proteins") : domains.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
        try {
            p = ExplainPreset.named(preset);
            if (seeds != null) {
                if (seeds < 1) throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
                p = p.withSeeds(seeds);
            }
            g = SalfDomains.imageGroup(group);
            dev = Device.parse(device);
            for (String d : ds)
                if (!List.of("rotmnist", "mitbih", "proteins", "ba-shapes").contains(d))
                    throw new IllegalArgumentException("unknown domain '" + d + "' for --domains (expected rotmnist, mitbih, proteins, ba-shapes)");
            if (methods != null)
                for (String m : methods)
                    if (!ExplainExperiment.gridMethods().contains(m.strip()))
                        throw new IllegalArgumentException("unknown method '" + m + "' for --methods (expected " + String.join(", ", ExplainExperiment.gridMethods()) + ")");
            if (ds.contains("ba-shapes") && noBaShapes) throw new IllegalArgumentException("--domains ba-shapes contradicts --no-ba-shapes");
        } catch (IllegalArgumentException e) {
            err.println("symkern experiment explain: " + e.getMessage());
            err.flush();
            return 2;
        }
        if (merge != null) {
            ExplainExperiment.Results r = ExplainExperiment.merge(merge, out, p);
            log.printf("merged %d rows and %d BA-Shapes runs from %s into %s%n", r.rows().size(), r.baShapes().size(), merge, out.resolve("explain.md"));
            log.flush();
            return 0;
        }
        String cmd = "java -jar java-bindings/symkern-cli/target/symkern-cli-0.1.0-SNAPSHOT.jar experiment explain --preset " + p.name()
                + (seeds != null ? " --seeds " + seeds : "") + (domains != null ? " --domains " + String.join(",", ds) : "")
                + (noBaShapes ? " --no-ba-shapes" : "") + (mitdb != null ? " --mitdb " + mitdb : "") + (g != GSpace.P4 ? " --group " + group : "")
                + (methods != null ? " --methods " + String.join(",", methods) : "") + " --out " + out + (resume ? " --resume" : "");
        log.printf("explanation experiment, preset %s, %d seed(s), domains %s%s, device %s, output %s%n", p.name(), p.seeds(), ds,
                noBaShapes ? "" : " + BA-Shapes", dev, out);
        log.flush();
        List<String> grid = ds.stream().filter(d -> !d.equals("ba-shapes")).toList();
        ExplainExperiment.Results r = new ExplainExperiment(new ExplainExperiment.Options(p, grid, !noBaShapes, out,
                "none".equals(models) ? null : Path.of(models), mitdb, g, dev, quiet ? null : log, cmd, resume,
                methods == null ? ExplainExperiment.gridMethods() : methods.stream().map(String::strip).toList())).run();
        log.printf(Locale.ROOT, "%d rows in %.1f min; wrote %s, %s and %d figures%n", r.rows().size(), r.wallSeconds() / 60, out.resolve("explain.md"),
                out.resolve("explain.json"), r.figures().values().stream().mapToInt(List::size).sum());
        log.flush();
        return 0;
    }
}
