package org.symkern.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A seeded mutation loop on the orbits command's generator file (--file; 300 mutants or 8 s): every mutant of valid files (bit flips,
 * truncations, inflated numbers, duplicated ranges, splices) must give exit code 0, or exit code 2 with exactly one
 * line on stderr that starts with "symkern orbits: " and names the file. Crash inputs are saved to
 * target/fuzz-crashes/orbits-file/ and replayed from src/test/resources/fuzz-corpus/orbits-file/.
 */
class OrbitsFileFuzzTest {
    static final List<String> SEEDS = List.of(
            "# the reversal of 10 points\n(0 9)(1 8)(2 7)(3 6)(4 5)\n[0,1,2,3,4,5,6,7,8,9]\n",
            "[1,2,3,4,5,0]\n[5,4,3,2,1,0]   # reflection\n",
            "(0 1 2)(3 4)\n\n# comment only\n(5 6)\n");
    static final String[] NUMBERS = {"99999999999", "-1", "2147483648", "4096", "4097", "0", "007", "1e3"};

    @TempDir
    Path dir;

    /** Null when the property holds for `input`, otherwise what went wrong (the input is saved). */
    static String check(Path dir, byte[] input, boolean withN) throws IOException {
        Path f = Files.write(dir.resolve("gens.txt"), input);
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code;
        try {
            code = withN ? OrbitsCommand.run(new PrintWriter(out), new PrintWriter(err), "--file", f.toString(), "--n", "10", "--no-matrix")
                    : OrbitsCommand.run(new PrintWriter(out), new PrintWriter(err), "--file", f.toString(), "--no-matrix");
        } catch (Throwable t) {
            return save(input) + ": " + t;
        }
        String e = err.toString();
        if (code == 0) return null;
        if (code == 2 && e.startsWith("symkern orbits: ") && e.indexOf('\n') == e.length() - 1 && e.contains(f.toString())) return null;
        return save(input) + ": exit " + code + ", stderr " + e;
    }

    static Path save(byte[] input) throws IOException {
        Path p = Path.of("target", "fuzz-crashes", "orbits-file", "gens.txt__" + Integer.toHexString(java.util.Arrays.hashCode(input)));
        Files.createDirectories(p.getParent());
        return Files.write(p, input).toAbsolutePath();
    }

    @Test
    @Timeout(60)
    void everyMutantRunsOrFailsWithOneLineNamingTheFile() throws IOException {
        SplittableRandom r = new SplittableRandom(Long.getLong("symkern.fuzz.seed", 20261207L));
        int iterations = Integer.getInteger("symkern.fuzz.iterations", 300);
        long deadline = System.nanoTime() + 8_000_000_000L;
        List<String> crashes = new ArrayList<>();
        int done = 0;
        for (; done < iterations && System.nanoTime() < deadline && crashes.size() < 5; done++) {
            byte[] b = SEEDS.get(r.nextInt(SEEDS.size())).getBytes(StandardCharsets.UTF_8);
            for (int k = 1 + r.nextInt(3); k > 0; k--) b = mutate(r, b);
            String c = check(dir, b, r.nextBoolean());
            if (c != null) crashes.add(c);
        }
        assertTrue(crashes.isEmpty(), crashes.size() + " crash(es) in " + done + " mutants:\n" + String.join("\n", crashes));
        assertTrue(done >= Math.min(iterations, 10), "only " + done + " mutants");
    }

    static Stream<String> corpus() throws IOException, URISyntaxException {
        URL root = OrbitsFileFuzzTest.class.getResource("/fuzz-corpus/orbits-file");
        if (root == null) throw new IllegalStateException("fuzz-corpus/orbits-file missing from the test resources");
        try (Stream<Path> s = Files.list(Path.of(root.toURI()))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void corpusInputRunsOrFailsWithOneLineNamingTheFile(String name) throws IOException {
        byte[] input;
        try (InputStream in = OrbitsFileFuzzTest.class.getResourceAsStream("/fuzz-corpus/orbits-file/" + name)) {
            input = in.readAllBytes();
        }
        assertNull(check(dir, input, false));
        assertNull(check(dir, input, true));
    }

    static byte[] mutate(SplittableRandom r, byte[] b) {
        if (b.length == 0) return new byte[] {(byte) r.nextInt(256)};
        switch (r.nextInt(6)) {
            case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            case 2 -> {
                String s = new String(b, StandardCharsets.ISO_8859_1);
                Matcher m = Pattern.compile("\\d+").matcher(s);
                List<int[]> spans = new ArrayList<>();
                while (m.find()) spans.add(new int[] {m.start(), m.end()});
                if (!spans.isEmpty()) {
                    int[] sp = spans.get(r.nextInt(spans.size()));
                    b = (s.substring(0, sp[0]) + NUMBERS[r.nextInt(NUMBERS.length)] + s.substring(sp[1])).getBytes(StandardCharsets.ISO_8859_1);
                }
            }
            case 3 -> {
                int from = r.nextInt(b.length), len = Math.min(b.length - from, 1 + r.nextInt(32));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, from + len);
                System.arraycopy(b, from, out, from + len, b.length - from);
                b = out;
            }
            case 4 -> b[r.nextInt(b.length)] = (byte) "[](),# \n0".charAt(r.nextInt(9));
            default -> {
                byte[] o = SEEDS.get(r.nextInt(SEEDS.size())).getBytes(StandardCharsets.UTF_8);
                int cut = r.nextInt(b.length + 1), cut2 = r.nextInt(o.length + 1);
                byte[] out = new byte[cut + o.length - cut2];
                System.arraycopy(b, 0, out, 0, cut);
                System.arraycopy(o, cut2, out, cut, o.length - cut2);
                b = out;
            }
        }
        return b;
    }
}
