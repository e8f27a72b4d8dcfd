package org.symkern.it;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

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

    /**
     * A consumer program compiled and run on exactly README's library class path (symkern, its natives jar, the two
     * JavaCPP jars, Gson): a native op, a Fit run (training loop, history), a safetensors checkpoint round trip, and
     * the embedded demo data's absence reported with a message naming the resource and the symkern-cli jar.
     */
    @Test
    void downstreamProgramRunsOnExactlyTheStatedLibraryClassPath() throws Exception {
        List<Path> cp = LibraryClassPath.copyTo(dir);
        LibraryClassPath.compile(dir, "Downstream", String.join("\n",
                "import java.nio.file.Path;",
                "import java.util.Map;",
                "import org.symkern.data.ImageDataset;",
                "import org.symkern.data.MitBih;",
                "import org.symkern.data.Mnist;",
                "import org.symkern.data.TuDataset;",
                "import org.symkern.models.Mlp;",
                "import org.symkern.salf.ImageLearner;",
                "import org.symkern.tensor.Device;",
                "import org.symkern.tensor.Scope;",
                "import org.symkern.tensor.Tensor;",
                "import org.symkern.train.Checkpoint;",
                "import org.symkern.train.Fit;",
                "import org.symkern.train.FitConfig;",
                "import org.symkern.train.FitResult;",
                "public class Downstream {",
                "  public static void main(String[] a) {",
                "    try (Scope s = Scope.open()) {",
                "      Tensor x = Tensor.of(new float[] {-1f, 2f, -3f, 4f}, 4);",
                "      System.out.println(java.util.Arrays.toString(x.relu().toFloatArray()));",
                "    }",
                "    int n = 64;",
                "    float[] px = new float[n * 4];",
                "    int[] lb = new int[n], idx = new int[n];",
                "    for (int i = 0; i < n; i++) { lb[i] = i % 2; idx[i] = i; px[i * 4 + lb[i]] = 1f; }",
                "    ImageDataset d = new ImageDataset(px, lb, 1, 2, 2, 2);",
                "    try (Mlp net = new Mlp(4, new int[] {8}, 2, 0f, Device.CPU, 1)) {",
                "      FitResult r = Fit.run(new ImageLearner(net, d), idx, idx, idx, FitConfig.of(3, 16, 0.05f));",
                "      System.out.println(\"fit epochs \" + r.history().size());",
                "      Checkpoint.saveModule(Path.of(a[0]), net, Map.of(\"note\", \"downstream\"));",
                "      System.out.println(\"checkpoint metadata \" + Checkpoint.loadModule(Path.of(a[0]), net).metadata().get(\"note\"));",
                "    }",
                "    java.util.List<Runnable> loaders = java.util.List.of(Mnist::embedded, () -> MitBih.embedded(MitBih.Options.defaults()),",
                "        TuDataset::proteins);",
                "    for (Runnable r : loaders) {",
                "      try {",
                "        r.run();",
                "        System.out.println(\"embedded data found\");",
                "      } catch (RuntimeException e) {",
                "        System.out.println(\"embedded: \" + e.getMessage());",
                "      }",
                "    }",
                "  }",
                "}"), cp);
        String out = LibraryClassPath.runMain(dir, "Downstream", cp, dir.resolve("net.safetensors").toString());
        assertTrue(out.contains("[0.0, 2.0, 0.0, 4.0]"), out);
        assertTrue(out.contains("fit epochs 3"), out);
        assertTrue(out.contains("checkpoint metadata downstream"), out);
        for (String resource : List.of("mnist10k/mnist10k-images-idx3-ubyte.gz", "mitdb/208.hea", "proteins/PROTEINS_A.txt.gz"))
            assertTrue(out.contains("embedded: /org/symkern/data/embedded/" + resource + ": embedded demo data is not on the class "
                    + "path: it ships in the symkern-cli jar (org.symkern:symkern-cli)"), out);
        assertFalse(out.contains("embedded data found"), out);
    }

    /** The library jar holds classes only, none of them naming a CLI dependency; the natives jar holds the two libraries. */
    @Test
    void libraryJarHasNoNativesNoDemoDataAndNoCliDependency() throws Exception {
        List<String> forbidden = List.of("picocli", "org/knowm/xchart", "me/tongfei", "org/jline", "org/symkern/cli");
        try (JarFile jar = new JarFile(System.getProperty("symkern.jar"))) {
            int classes = 0;
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                assertFalse(e.getName().endsWith(".so"), "native library in the classes jar: " + e.getName());
                assertFalse(e.getName().startsWith("org/symkern/data/embedded/"), "demo data in the library jar: " + e.getName());
                if (!e.getName().endsWith(".class")) continue;
                classes++;
                String bytes = new String(jar.getInputStream(e).readAllBytes(), StandardCharsets.ISO_8859_1);
                for (String f : forbidden) assertFalse(bytes.contains(f), e.getName() + " references " + f);
            }
            assertTrue(classes > 100, classes + " classes");
        }
        try (JarFile natives = new JarFile(System.getProperty("symkern.natives.jar"))) {
            for (String lib : List.of("libsymkern.so", "libsymkern_ompenv.so", "libjniSymkernNative.so"))
                assertNotNull(natives.getEntry("org/symkern/jni/linux-x86_64/" + lib), lib + " missing from the natives jar");
            for (JarEntry e : java.util.Collections.list(natives.entries()))
                assertFalse(e.getName().endsWith(".class"), "class in the natives jar: " + e.getName());
        }
    }

    /** The shipped libraries name no folder of the build machine: at most the $ORIGIN/ run path (readelf -d). */
    @Test
    void shippedNativesCarryNoRunPathIntoTheBuildMachine() throws Exception {
        try (JarFile natives = new JarFile(System.getProperty("symkern.natives.jar"))) {
            for (String lib : List.of("libsymkern.so", "libsymkern_ompenv.so", "libjniSymkernNative.so")) {
                Path so = dir.resolve(lib);
                Files.write(so, natives.getInputStream(natives.getEntry("org/symkern/jni/linux-x86_64/" + lib)).readAllBytes());
                String dyn = LibraryClassPath.run(dir, List.of("readelf", "-d", so.toString()));
                assertTrue(dyn.contains("(NEEDED)"), dyn);
                for (String line : dyn.split("\n")) {
                    if (!line.contains("(RUNPATH)") && !line.contains("(RPATH)")) continue;
                    String path = line.substring(line.indexOf('[') + 1, line.lastIndexOf(']'));
                    for (String entry : path.split(":"))
                        assertTrue(entry.equals("$ORIGIN") || entry.equals("$ORIGIN/"), lib + " has run path " + path);
                }
            }
        }
    }
}
