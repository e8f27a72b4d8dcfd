package org.symkern.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What every command of the {@code symkern} program promises: {@code --help} and {@code -V} answer with exit code 0,
 * every option has a description and shows its default, bad input is exit code 2 with one line, experiments write under
 * target/ unless --out says otherwise and refuse an --out that is a file before training, and training progress goes
 * to stderr as one line per epoch without carriage returns when it is not a terminal.
 */
class CommandLineContractTest {
    static List<CommandLine> allCommands() {
        List<CommandLine> out = new ArrayList<>();
        collect(Main.commandLine(), out);
        return out;
    }

    private static void collect(CommandLine c, List<CommandLine> out) {
        out.add(c);
        for (CommandLine s : c.getSubcommands().values()) if (!out.contains(s)) collect(s, out);
    }

    static String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    static String[] path(CommandLine c) {
        List<String> names = new ArrayList<>();
        for (CommandLine p = c; p.getParent() != null; p = p.getParent()) names.add(0, p.getCommandName());
        return names.toArray(new String[0]);
    }

    static String[] with(String[] a, String last) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = last;
        return out;
    }

    @Test
    void everyCommandAnswersHelpAndVersion() {
        List<String> names = new ArrayList<>();
        for (CommandLine c : allCommands()) {
            String[] p = path(c);
            names.add(String.join(" ", p));
            String[] help = run(with(p, "--help"));
            assertEquals("0", help[0], String.join(" ", p) + " --help: " + help[2]);
            assertTrue(help[1].contains("Usage: symkern"), String.join(" ", p) + " --help: " + help[1]);
            String[] version = run(with(p, "-V"));
            assertEquals("0", version[0], String.join(" ", p) + " -V: " + version[2]);
            assertTrue(version[1].contains("cuda compiled:"), String.join(" ", p) + " -V printed: '" + version[1] + "'");
        }
        assertTrue(names.containsAll(List.of("", "train", "orbits", "experiment", "experiment asen", "experiment salf", "version", "help")), names.toString());
    }

    @Test
    void everyOptionHasADescriptionAndShowsItsDefault() {
        for (CommandLine c : allCommands()) {
            String usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (o.usageHelp() || o.versionHelp()) continue;
                String where = String.join(" ", path(c)) + " " + o.longestName();
                String d = String.join(" ", o.description());
                assertFalse(d.isBlank(), where + " has no description");
                boolean flag = o.arity().max() == 0;
                if (flag) assertTrue(d.contains("default: off"), where + ": a flag says default: off: " + d);
                else if (o.defaultValue() != null) assertTrue(usage.contains("Default: " + o.defaultValue()), where + ": default not shown in\n" + usage);
                else assertTrue(d.contains("default"), where + ": no default and the description does not say so: " + d);
                assertFalse(d.contains("${DEFAULT-VALUE}"), where + " repeats the default by hand");
            }
        }
    }

    @Test
    void experimentsWriteUnderTargetByDefault() {
        CommandLine cl = Main.commandLine();
        for (String e : List.of("asen", "salf", "pointcloud")) {
            OptionSpec out = cl.getSubcommands().get("experiment").getSubcommands().get(e).getCommandSpec().findOption("--out");
            assertEquals("target/results", out.defaultValue(), e);
        }
    }

    @Test
    void anOutThatIsAFileIsRejectedBeforeTraining(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("report.md"), "committed");
        for (String e : List.of("asen", "salf", "pointcloud")) {
            long t0 = System.nanoTime();
            String[] r = run("experiment", e, "--preset", e.equals("salf") ? "quick" : "micro", "--out", file.toString());
            assertEquals("2", r[0], r[1] + r[2]);
            assertEquals("symkern experiment " + e + ": --out " + file + " is a file, not a directory\n", r[2]);
            assertEquals("", r[1], "nothing ran");
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
            String[] under = run("experiment", e, "--preset", e.equals("salf") ? "quick" : "micro", "--out", file.resolve("sub").toString());
            assertEquals("symkern experiment " + e + ": --out " + file.resolve("sub") + ": " + file + " is a file, not a directory\n", under[2]);
        }
        assertEquals("committed", Files.readString(file));
    }

    @Test
    void badInputIsExitCodeTwoAndOneLine(@TempDir Path dir) throws Exception {
        Path images = Files.write(dir.resolve("images.idx"), new byte[] {0, 0, 8, 3, 0, 0x29, 0x32, (byte) 0xe0, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3});
        Path labels = Files.write(dir.resolve("labels.idx"), new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 7});
        String[] r = run("train", "--data", "idx", "--images", images.toString(), "--labels", labels.toString(), "--quiet");
        assertEquals("2", r[0]);
        assertEquals("symkern train: " + images + ": the header declares [2700000, 28, 28] = 2116800000 elements but the file holds 3 bytes after "
                + "the 16-byte header (truncated)\n", r[2]);
        String[] missing = run("train", "--data", "idx", "--images", dir.resolve("none").toString(), "--labels", labels.toString(), "--quiet");
        assertEquals("symkern train: " + dir.resolve("none") + ": cannot read: file not found\n", missing[2]);
    }

    @Test
    void redirectedTrainingPrintsOneLinePerEpochOnStderrAndResultsOnStdout() {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.commandLine().execute("train", "--epochs", "2", "--hidden", "16", "--train-size", "600", "--test-size", "200");
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String o = out.toString(StandardCharsets.UTF_8), e = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, e);
        assertEquals(-1, (o + e).indexOf('\r'), "no carriage returns when not on a terminal");
        List<String> errLines = e.lines().toList();
        assertEquals(2, errLines.size(), e);
        assertTrue(errLines.get(0).matches("epoch 1/2  loss \\d\\.\\d{4}  lr 0\\.00100  \\d+\\.\\d\\d s"), errLines.get(0));
        assertTrue(errLines.get(1).startsWith("epoch 2/2  loss "), errLines.get(1));
        assertFalse(o.contains("epoch 1") || o.contains("epoch  1"), "epoch lines are not repeated on stdout: " + o);
        assertTrue(o.contains("test accuracy: "), o);
    }
}
