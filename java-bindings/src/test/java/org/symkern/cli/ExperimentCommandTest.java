package org.symkern.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code symkern experiment asen}, run in-process on a tiny configuration. */
class ExperimentCommandTest {
    static String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = ExperimentCommand.run(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void asenRunPrintsATableAndWritesCsv(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("rows.csv");
        String[] r = run("asen", "--preset", "quick", "--epochs", "1", "--samples", "60", "--hidden", "16", "--tasks", "intersect,cyclicsum",
                "--arms", "asen-multitask,nonequiv-multitask", "--csv", csv.toString());
        System.out.print(r[1]);
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("asen-multitask") && r[1].contains("nonequiv-multitask") && r[1].contains("cyclicsum"), r[1]);
        assertTrue(r[1].contains("epoch 1/1"), r[1]);
        assertEquals(5, Files.readAllLines(csv).size());           // header + 2 arms x 2 tasks
    }

    @Test
    void invariantKindUsesTheInvariantTasks() {
        String[] r = run("asen", "--kind", "invariant", "--n-task", "1", "--epochs", "1", "--samples", "40", "--hidden", "16", "--arms",
                "asen-single", "--quiet");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("intersect") && r[1].contains("invariant"), r[1]);
    }

    @Test
    void badOptionsAreExitCodeTwo() {
        String[] arm = run("asen", "--arms", "ensemble");
        assertEquals("2", arm[0]);
        assertTrue(arm[2].contains("unknown arm 'ensemble'"), arm[2]);
        String[] task = run("asen", "--tasks", "sorting");
        assertEquals("2", task[0]);
        assertTrue(task[2].contains("unknown equivariant task 'sorting'"), task[2]);
        assertEquals("2", run("asen", "--n-task", "4")[0]);
        assertEquals("2", run("asen", "--preset", "huge")[0]);
        assertTrue(new CommandLine(new Main()).getSubcommands().containsKey("experiment"));
    }
}
