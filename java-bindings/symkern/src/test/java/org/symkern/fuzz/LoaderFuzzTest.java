package org.symkern.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A seeded mutation loop per loader ({@link LoaderTargets}): {@value #DEFAULT_ITERATIONS} mutants of valid files (or
 * -Dsymkern.fuzz.iterations=N, at most {@value #SECONDS_PER_TARGET} s per loader so the suite stays short), each of
 * which must load or fail with a {@link org.symkern.data.DataFormatException} naming the file ({@link FuzzCheck}).
 * Crash inputs are saved to target/fuzz-crashes/ and belong in src/test/resources/fuzz-corpus/ ({@link FuzzCorpusTest}).
 */
class LoaderFuzzTest {
    static final int DEFAULT_ITERATIONS = 1000;
    static final int SECONDS_PER_TARGET = 2;

    @TempDir
    Path dir;

    static Stream<String> targets() {
        return LoaderTargets.all().stream().map(LoaderTargets.Target::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    @Timeout(60)
    void everyMutantLoadsOrFailsWithAMessageNamingTheFile(String name) {
        LoaderTargets.Target t = LoaderTargets.named(name);
        Path d = dir.resolve(name);
        t.prepare(d);
        int iterations = Integer.getInteger("symkern.fuzz.iterations", DEFAULT_ITERATIONS);
        long seed = Long.getLong("symkern.fuzz.seed", 20261207L) ^ name.hashCode();
        Mutator m = new Mutator(seed, t.seeds());
        List<String> crashes = new ArrayList<>();
        long deadline = System.nanoTime() + SECONDS_PER_TARGET * 1_000_000_000L;
        int done = 0;
        for (; done < iterations && System.nanoTime() < deadline && crashes.size() < 5; done++) {
            String c = FuzzCheck.check(t, d, m.next());
            if (c != null) crashes.add(c);
        }
        for (byte[] s : t.seeds()) assertTrue(FuzzCheck.check(t, d, s) == null, "a seed input fails: " + FuzzCheck.check(t, d, s));
        assertTrue(crashes.isEmpty(), name + ": " + crashes.size() + " crash(es) in " + done + " mutants:\n" + String.join("\n", crashes));
        assertTrue(done >= Math.min(iterations, 10), name + ": only " + done + " mutants in " + SECONDS_PER_TARGET + " s");
    }
}
