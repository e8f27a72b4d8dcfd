package org.symkern.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a terminal (a pseudo-terminal made by util-linux {@code script}) training shows progress bars, and no
 * jlinenative-*.so (or .lck) appears in the temporary folder at any time of the run (the folder is polled every 20 ms).
 */
class TerminalProgressTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    void barsOnATerminalLeaveNothingInTheTemporaryFolder() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs util-linux script for a pseudo-terminal");
        Path tmp = Files.createDirectories(dir.resolve("tmp")), typescript = dir.resolve("typescript");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir", "");
        String cmd = "'" + java + "' -Djava.io.tmpdir='" + tmp + "'" + (cache.isEmpty() ? "" : " -Dorg.bytedeco.javacpp.cachedir='" + cache + "'")
                + " -cp '" + System.getProperty("java.class.path") + "' org.symkern.cli.Main train --epochs 1 --hidden 8 --train-size 2000 --test-size 200";
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qec", cmd, typescript.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("script.log").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        List<String> seen = new ArrayList<>();
        while (!p.waitFor(20, TimeUnit.MILLISECONDS)) seen.addAll(list(tmp));
        seen.addAll(list(tmp));
        String out = Files.readString(typescript, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("100% ["), "a progress bar on the terminal: " + out);
        assertTrue(out.contains("test accuracy: "), out);
        assertEquals(List.of(), seen.stream().filter(n -> n.toLowerCase().contains("jline")).distinct().toList(),
                "files that appeared in java.io.tmpdir during the run");
    }

    private static List<String> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(x -> x.getFileName().toString()).toList();
        }
    }
}
