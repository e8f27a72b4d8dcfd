package org.symkern.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code symkern experiment asen}, run in-process on the micro preset. */
class ExperimentCommandTest {
    static String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = ExperimentCommand.run(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void asenMicroPresetWritesMarkdownJsonAndCharts(@TempDir Path dir) throws Exception {
        String[] r = run("asen", "--preset", "micro", "--out", dir.toString(), "--only", "sweep,sign");
        System.out.print(r[1]);
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("sweep/equivariant/intersect") && r[1].contains("report in"), r[1]);
        String md = Files.readString(dir.resolve("asen.md"));
        assertTrue(md.contains("experiment asen --preset micro --out " + dir) && md.contains("## 5. Failure case"), md);
        assertFalse(md.contains("## 2. Multitask"), "only the chosen experiments are reported");
        assertTrue(Files.exists(dir.resolve("asen.json")) && Files.exists(dir.resolve("asen_sign_curves.png")));
    }

    @Test
    void badOptionsAreExitCodeTwo() {
        String[] preset = run("asen", "--preset", "huge");
        assertEquals("2", preset[0]);
        assertTrue(preset[2].contains("unknown preset 'huge'"), preset[2]);
        String[] only = run("asen", "--only", "ablation");
        assertEquals("2", only[0]);
        assertTrue(only[2].contains("unknown experiment 'ablation'"), only[2]);
        assertTrue(new CommandLine(new Main()).getSubcommands().containsKey("experiment"));
    }
}
