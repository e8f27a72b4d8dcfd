package org.symkern.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jars carry their natives: copied to a directory outside the build tree and run with a
 * fresh JavaCPP cache, they extract and load libsymkern from the jar (not from the CMake build dir).
 * Runs after `package` (failsafe).
 */
class JarOutsideBuildTreeIT {
    @TempDir
    Path dir;

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private String run(Path workDir, List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().remove("LD_LIBRARY_PATH");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), "exit code of " + cmd + "\n" + out);
        return out;
    }

    @Test
    void cliJarRunsFromAnotherDirectoryAndLoadsNativesFromTheJar() throws Exception {
        Path jar = Files.copy(Path.of(System.getProperty("symkern.cli.jar")), dir.resolve("symkern-cli.jar"));
        Path cache = dir.resolve("cache");
        String out = run(dir, List.of(java(), "-Dorg.bytedeco.javacpp.cachedir=" + cache,
                "-Dorg.bytedeco.javacpp.logger.debug=true", "-jar", jar.toString(), "version"));
        assertTrue(out.contains("symkern 0.1.0"), out);
        assertTrue(out.contains("cuda status:"), out);
        assertTrue(out.contains("Loading " + cache), "libsymkern must be loaded from the extracted jar cache:\n" + out);
        assertFalse(out.contains("native-build"), "nothing may be loaded from the CMake build tree:\n" + out);
    }

    @Test
    void downstreamProgramCompiledAgainstTheJarComputesOnNativeKernels() throws Exception {
        Path lib = Files.copy(Path.of(System.getProperty("symkern.jar")), dir.resolve("symkern.jar"));
        List<String> cp = new ArrayList<>();
        cp.add(lib.toString());
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator))
            if (Path.of(e).getFileName().toString().startsWith("javacpp-"))
                cp.add(Files.copy(Path.of(e), dir.resolve(Path.of(e).getFileName()), StandardCopyOption.REPLACE_EXISTING).toString());
        assertTrue(cp.size() >= 3, "javacpp jars not found on the test class path: " + cp);
        Files.writeString(dir.resolve("Downstream.java"), String.join("\n",
                "import org.symkern.tensor.*;",
                "public class Downstream {",
                "  public static void main(String[] a) {",
                "    try (Scope s = Scope.open()) {",
                "      Tensor x = Tensor.of(new float[] {-1f, 2f, -3f, 4f}, 4);",
                "      System.out.println(java.util.Arrays.toString(x.relu().toFloatArray()));",
                "    }",
                "  }",
                "}"));
        String classPath = String.join(File.pathSeparator, cp);
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        run(dir, List.of(javac.toString(), "-cp", classPath, "Downstream.java"));
        String out = run(dir, List.of(java(), "-Dorg.bytedeco.javacpp.cachedir=" + dir.resolve("cache2"), "-cp",
                classPath + File.pathSeparator + dir, "Downstream"));
        assertTrue(out.contains("[0.0, 2.0, 0.0, 4.0]"), out);
    }
}
