package org.symkern.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.symkern.cli.pointcloud.PointcloudExperiment;
import org.symkern.cli.pointcloud.PointcloudPreset;
import org.symkern.cli.pointcloud.PointcloudReport;
import org.symkern.tensor.Device;

/**
 * {@code symkern experiment pointcloud --preset quick|full [--out DIR]}: the point-cloud experiment
 * ({@link PointcloudExperiment}); writes pointcloud.md, pointcloud.json and PNG charts into DIR.
 */
@Command(name = "pointcloud", mixinStandardHelpOptions = true,
        description = "EGNN N-body table, data efficiency, internal vs external symmetry breaking (field tasks, shapes); writes pointcloud.md/json/png.")
public final class PointcloudCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--preset", defaultValue = "quick",
            description = "quick (CI, a few minutes on one core), full (the committed report; 87 min on 2 cores shared with other work, its wall time is in the report) or micro (tests).")
    String preset;

    @Option(names = "--out", defaultValue = OutputDirectory.DEFAULT,
            description = "Output directory for pointcloud.md, pointcloud.json and the charts; the committed report is replaced only with --out docs/results.")
    Path out;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N.")
    String device;

    @Option(names = "--quiet", defaultValue = "false", description = "No progress lines (default: off)")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter log = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        PointcloudPreset p;
        Device dev;
        try {
            p = PointcloudPreset.named(preset);
            dev = Device.parse(device);
            String bad = OutputDirectory.problem(out);
            if (bad != null) throw new IllegalArgumentException(bad);
        } catch (IllegalArgumentException e) {
            err.println("symkern experiment pointcloud: " + e.getMessage());
            err.flush();
            return 2;
        }
        String cmd = "java -jar java-bindings/symkern-cli/target/symkern-cli-0.1.0-SNAPSHOT.jar experiment pointcloud --preset " + p.name()
                + " --out " + out + (dev.equals(Device.CPU) ? "" : " --device " + device);
        log.printf(Locale.ROOT, "point-cloud experiment, preset %s (%s), device %s, output %s%n", p.name(), p.description(), dev, out);
        log.flush();
        PointcloudExperiment.Results r = new PointcloudExperiment(p, dev, quiet ? null : log).run(cmd);
        PointcloudReport.write(r, out);
        log.printf(Locale.ROOT, "done in %.1f min: %s, %s and charts%n", r.wallSeconds() / 60, out.resolve("pointcloud.md"), out.resolve("pointcloud.json"));
        log.flush();
        return 0;
    }
}
