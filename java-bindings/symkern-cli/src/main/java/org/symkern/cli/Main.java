package org.symkern.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code symkern} command line: {@code symkern train ...}, {@code symkern version}. */
@Command(name = "symkern", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Symmetry-aware deep learning on native CPU/CUDA kernels.",
        subcommands = {TrainCommand.class, ExplainCommand.class, OrbitsCommand.class, ExperimentCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with symkern's error handling: an exception of a command, or a bad option, is one line on stderr
     * ("symkern: ..." or "symkern explain: ... (see --help)") and exit status 2.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("symkern: " + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
                    return 2;
                })
                .setParameterExceptionHandler((e, args) -> {
                    CommandLine cmd = e.getCommandLine();
                    cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage()) + " (see --help)");
                    return 2;
                });
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", "; ").strip();
    }
}
