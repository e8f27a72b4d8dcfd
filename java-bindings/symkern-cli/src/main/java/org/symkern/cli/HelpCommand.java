package org.symkern.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code symkern help [COMMAND...]}: the usage of symkern or of one of its (sub)commands; answers -h and -V like every command. */
@Command(name = "help", helpCommand = true, mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Show the usage of symkern or of one of its commands, e.g. 'symkern help experiment asen'.")
public final class HelpCommand implements Runnable, CommandLine.IHelpCommandInitializable2 {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command and subcommand to describe (default: none, i.e. symkern itself).")
    List<String> commands = new ArrayList<>();

    private CommandLine self;
    private CommandLine.Help.ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter outWriter, PrintWriter errWriter) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = outWriter;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        for (String c : commands) {
            CommandLine next = target.getSubcommands().get(c);
            if (next == null)
                throw new CommandLine.ParameterException(self, "unknown command '" + c + "' (expected one of " + target.getSubcommands().keySet() + ")");
            target = next;
        }
        target.usage(out, colors);
        out.flush();
    }
}
