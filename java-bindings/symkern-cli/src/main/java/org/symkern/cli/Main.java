package org.symkern.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code symkern} command line: {@code symkern train ...}, {@code symkern version}. Every command answers
 * {@code --help} and {@code -V} and shows each option's default. A command that fails on its input exits with code 2
 * and one line on stderr ({@code symkern CMD: problem}), never a stack trace.
 */
@Command(name = "symkern", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class, showDefaultValues = true,
        scope = CommandLine.ScopeType.INHERIT,
        description = "Symmetry-aware deep learning on native CPU/CUDA kernels.",
        subcommands = {TrainCommand.class, ExplainCommand.class, OrbitsCommand.class, ExperimentCommand.class, VersionCommand.class, HelpCommand.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** A command line with the error handling of the {@code symkern} program (exit code 2, one line). */
    public static CommandLine commandLine() {
        return withErrorHandling(new CommandLine(new Main()));
    }

    /**
     * Installs the one-line, exit-code-2 handlers: for failures while a command runs ("symkern CMD: problem") and for
     * bad options ("symkern CMD: problem (see --help)").
     */
    public static CommandLine withErrorHandling(CommandLine cl) {
        return cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(e));
            cmd.getErr().flush();
            return 2;
        }).setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(e) + " (see --help)");
            cmd.getErr().flush();
            return 2;
        });
    }

    /** The message of `e` on one line (control characters shown as spaces); the class name when it has none. */
    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        return m.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (StackOverflowError | OutOfMemoryError e) {                    // never a stack trace, even for these
            System.err.println("symkern: internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
            code = 1;
        }
        System.exit(code);
    }
}
