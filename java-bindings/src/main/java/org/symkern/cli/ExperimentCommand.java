package org.symkern.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.symkern.data.asen.Task;
import org.symkern.data.asen.Tasks;
import org.symkern.models.Asen;
import org.symkern.tensor.Device;
import org.symkern.train.AsenExperiment;

/** {@code symkern experiment NAME}: named experiment runners. */
@Command(name = "experiment", mixinStandardHelpOptions = true, description = "Run a named experiment.",
        subcommands = {ExperimentCommand.AsenRun.class, SalfExperimentCommand.class})
public final class ExperimentCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code symkern experiment asen --preset quick}: the ASEN multitask comparison ({@link AsenExperiment}): one shared
     * model with per-task group edge categories vs one model per task vs the non-equivariant shared model; prints each
     * task's test loss and accuracy per arm and trial.
     */
    @Command(name = "asen", mixinStandardHelpOptions = true,
            description = "ASEN multitask vs single-task vs non-equivariant on the synthetic sequence tasks.")
    static final class AsenRun implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--preset", defaultValue = "quick", description = "quick (about 30 s on 2 CPU cores), reference or invariant-reference.")
        String preset;

        @Option(names = "--kind", description = "equivariant or invariant (default: the preset's).")
        String kind;

        @Option(names = "--tasks", split = ",", description = "Task names (default: the preset's).")
        List<String> tasks;

        @Option(names = "--n-task", description = "Equivariant: the last 3T tasks of the universe; invariant: the last T.")
        Integer nTask;

        @Option(names = "--arms", split = ",", defaultValue = "asen-multitask,asen-single,nonequiv-multitask",
                description = "Arms to run (default ${DEFAULT-VALUE}).")
        List<String> arms;

        @Option(names = "--epochs") Integer epochs;
        @Option(names = "--samples", description = "Generated samples per task (split 70/15/15).") Integer samples;
        @Option(names = "--trials") Integer trials;
        @Option(names = "--hidden") Integer hidden;
        @Option(names = "--layers") Integer layers;
        @Option(names = "--self-loops", description = "mean (the reference) or category.") String selfLoops;
        @Option(names = "--edge-max-norm", description = "Clip edge embedding rows to this norm (0 = off).") Float edgeMaxNorm;
        @Option(names = "--seed", defaultValue = "1") long seed;
        @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N") String device;
        @Option(names = "--csv", description = "Also write the rows as CSV to this file.") Path csv;
        @Option(names = "--quiet", description = "No per-epoch lines.") boolean quiet;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
            AsenExperiment.Preset p;
            List<AsenExperiment.Arm> armList = new ArrayList<>();
            try {
                p = configure();
                for (String a : arms) armList.add(AsenExperiment.Arm.parse(a.strip()));
            } catch (IllegalArgumentException e) {
                err.println("symkern experiment asen: " + e.getMessage());
                err.flush();
                return 2;
            }
            Device dev = Device.parse(device);
            out.printf("ASEN experiment, preset %s: %s tasks %s, d=%d, L=%d, self loops %s, edge max-norm %s, %d epochs, %d samples/task "
                            + "(train fraction %.2f of 70%%), %d trial(s), arms %s, device %s%n", p.name(), p.kind().name().toLowerCase(Locale.ROOT),
                    p.tasks(), p.model().hidden(), p.model().layers(), p.model().selfLoops(), p.model().edgeMaxNorm() > 0 ? p.model().edgeMaxNorm() : "off",
                    p.epochs(), p.samples(), p.trainFraction(), p.trials(), arms, dev);
            out.flush();
            List<AsenExperiment.Row> rows = AsenExperiment.run(p, armList, dev, seed, quiet ? null : out);
            out.print(AsenExperiment.table(rows));
            out.flush();
            if (csv != null) {
                try {
                    Files.writeString(csv, AsenExperiment.csv(rows));
                } catch (IOException e) {
                    err.println("symkern experiment asen: cannot write --csv " + csv + ": " + e.getMessage());
                    err.flush();
                    return 2;
                }
                out.println("rows written to " + csv);
            }
            out.flush();
            return 0;
        }

        AsenExperiment.Preset configure() {
            AsenExperiment.Preset p = AsenExperiment.Preset.named(preset);
            Task.Kind k = kind == null ? p.kind() : switch (kind.toLowerCase(Locale.ROOT)) {
                case "equivariant" -> Task.Kind.EQUIVARIANT;
                case "invariant" -> Task.Kind.INVARIANT;
                default -> throw new IllegalArgumentException("unknown --kind '" + kind + "' (expected equivariant or invariant)");
            };
            if (tasks != null && nTask != null) throw new IllegalArgumentException("give --tasks or --n-task, not both");
            List<String> names = p.tasks();
            if (tasks != null) names = tasks;
            else if (nTask != null) {
                List<String> universe = k == Task.Kind.EQUIVARIANT ? Tasks.equivariantNames() : Tasks.invariantNames();
                int count = k == Task.Kind.EQUIVARIANT ? 3 * nTask : nTask;
                if (nTask < 1 || count > universe.size())
                    throw new IllegalArgumentException("--n-task " + nTask + " outside [1, " + (k == Task.Kind.EQUIVARIANT ? universe.size() / 3 : universe.size()) + "]");
                names = universe.subList(universe.size() - count, universe.size());
            } else if (k != p.kind()) {
                names = k == Task.Kind.EQUIVARIANT ? AsenExperiment.Preset.quick().tasks() : AsenExperiment.Preset.invariantReference().tasks();
            }
            for (String n : names) Tasks.of(k, n);                       // validates the names
            p = p.withTasks(k, List.copyOf(names));
            Asen.Config m = p.model();
            if (hidden != null) m = m.withHidden(hidden);
            if (layers != null) m = m.withLayers(layers);
            if (selfLoops != null) m = m.withSelfLoops(AsenExperiment.selfLoops(selfLoops));
            if (edgeMaxNorm != null) m = m.withEdgeMaxNorm(edgeMaxNorm);
            p = p.withModel(m);
            if (epochs != null) p = p.withEpochs(epochs);
            if (samples != null) p = p.withSamples(samples);
            if (trials != null) p = p.withTrials(trials);
            return p;
        }
    }

    /** Runs the command in-process (tests); returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new ExperimentCommand()).setOut(out).setErr(err).execute(args);
    }
}
