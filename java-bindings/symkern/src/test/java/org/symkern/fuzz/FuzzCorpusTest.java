package org.symkern.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the regression corpus: every file {@code fuzz-corpus/LOADER/FILE__HASH} (an input that once crashed a loader,
 * or a hand-made adversarial case) is written as FILE beside the loader's valid files and must load or fail with a
 * {@link org.symkern.data.DataFormatException} naming the file.
 */
class FuzzCorpusTest {
    @TempDir
    Path dir;

    static Stream<String> cases() throws IOException, URISyntaxException {
        URL root = FuzzCorpusTest.class.getResource("/fuzz-corpus");
        if (root == null) throw new IllegalStateException("fuzz-corpus missing from the test resources");
        Path r = Path.of(root.toURI());
        try (Stream<Path> files = Files.walk(r)) {
            List<String> out = files.filter(Files::isRegularFile).map(p -> r.relativize(p).toString().replace('\\', '/')).sorted().toList();
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void corpusInputLoadsOrFailsWithAMessageNamingTheFile(String path) throws IOException {
        String[] parts = path.split("/");
        LoaderTargets.Target t = LoaderTargets.named(parts[0]);
        String file = parts[1].substring(0, parts[1].indexOf("__"));
        assertFalse(!file.equals(t.file()), path + ": corpus file for " + t.file() + " expected");
        byte[] input;
        try (InputStream in = FuzzCorpusTest.class.getResourceAsStream("/fuzz-corpus/" + path)) {
            input = in.readAllBytes();
        }
        Path d = dir.resolve(parts[0]);
        t.prepare(d);
        assertNull(FuzzCheck.check(t, d, input));
    }
}
