package org.symkern.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The class path README promises a library user, copied into a folder outside the build tree: the library jar, its
 * natives jar (platform classifier), the two JavaCPP jars and Gson, and nothing else. Also runs javac / java on it.
 */
final class LibraryClassPath {
    /** File-name prefixes of the third-party jars README lists; anything else on the class path is a failure. */
    static final List<String> THIRD_PARTY = List.of("javacpp-", "gson-");

    private LibraryClassPath() {}

    /** Copies the library's class path into `dir` and returns it, in class-path order. */
    static List<Path> copyTo(Path dir) throws IOException {
        List<Path> cp = new ArrayList<>();
        cp.add(Files.copy(Path.of(System.getProperty("symkern.jar")), dir.resolve("symkern.jar")));
        cp.add(Files.copy(Path.of(System.getProperty("symkern.natives.jar")), dir.resolve("symkern-natives.jar")));
        List<String> names = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            if (THIRD_PARTY.stream().anyMatch(name::startsWith) && name.endsWith(".jar")) {
                names.add(name);
                cp.add(Files.copy(Path.of(e), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING));
            }
        }
        names.sort(null);
        assertEquals(3, names.size(), "expected javacpp, javacpp-<platform> and gson on the test class path: " + names);
        assertTrue(names.get(0).startsWith("gson-") && names.get(1).startsWith("javacpp-") && names.get(2).startsWith("javacpp-"),
                names.toString());
        return cp;
    }

    static String join(List<Path> cp) {
        List<String> s = new ArrayList<>();
        for (Path p : cp) s.add(p.toString());
        return String.join(File.pathSeparator, s);
    }

    static Path jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name);
    }

    /** Runs `cmd` in `workDir` (no LD_LIBRARY_PATH), asserts exit code 0, returns stdout + stderr. */
    static String run(Path workDir, List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().remove("LD_LIBRARY_PATH");
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), "exit code of " + cmd + "\n" + out);
        return out;
    }

    /** Compiles `source` (named after its public class) in `dir` against `cp`. */
    static void compile(Path dir, String className, String source, List<Path> cp) throws Exception {
        Files.writeString(dir.resolve(className + ".java"), source);
        run(dir, List.of(jdkTool("javac").toString(), "-Xlint:all,-try", "-Werror", "-cp", join(cp), className + ".java"));
    }

    /** Runs class `className` of `dir` on `cp` with a fresh JavaCPP cache. */
    static String runMain(Path dir, String className, List<Path> cp, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(jdkTool("java").toString(),
                "-Dorg.bytedeco.javacpp.cachedir=" + dir.resolve("javacpp-cache"), "-cp", join(cp) + File.pathSeparator + dir, className));
        cmd.addAll(List.of(args));
        return run(dir, cmd);
    }
}
