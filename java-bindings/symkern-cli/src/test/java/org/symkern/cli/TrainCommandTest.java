package org.symkern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** {@code symkern train} with the SALF arms, in-process, on the embedded MIT-BIH records (a short run). */
class TrainCommandTest {
    /** Runs `train args...` with Main's exception handler; returns {exit code, stdout, stderr}. */
    static String[] run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new TrainCommand()).setErr(new PrintWriter(err))
                    .setExecutionExceptionHandler((e, cmd, parsed) -> {
                        cmd.getErr().println("symkern: " + e.getMessage());
                        return 2;
                    }).execute(args);
            return new String[] {Integer.toString(code), bytes.toString(StandardCharsets.UTF_8), err.toString()};
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void salfOnEmbeddedBeatsBeatsTheMajorityRate() {
        String[] r = run("--model", "salf", "--data", "mitbih", "--epochs", "1", "--quiet");
        assertEquals("0", r[0], r[2]);
        Matcher m = Pattern.compile("test accuracy: ([0-9.]+)").matcher(r[1]);
        assertTrue(m.find(), r[1]);
        // embedded records 208/209/213, binary: the majority (normal) class is about 0.74 of the beats
        assertTrue(Double.parseDouble(m.group(1)) > 0.8, r[1]);
        assertTrue(r[1].contains("SALF head"), r[1]);
    }

    @Test
    void salfArmsRejectImageFilesAndUnknownModels() {
        String[] r = run("--model", "salf", "--data", "idx");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("needs --data rotmnist, mitbih or proteins"), r[2]);
        String[] u = run("--model", "resnet");
        assertEquals("2", u[0]);
        assertTrue(u[2].contains("unknown model 'resnet'"), u[2]);
    }
}
