package org.symkern.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code symkern} command line: {@code symkern train ...}, {@code symkern version}. */
@Command(name = "symkern", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Symmetry-aware deep learning on native CPU/CUDA kernels.",
        subcommands = {TrainCommand.class, OrbitsCommand.class, ExperimentCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("symkern: " + e.getMessage());
                    return 2;
                })
                .execute(args);
        System.exit(code);
    }
}
