package org.symkern.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's code, comments and docs point only at the repository's own docs: no file outside {@code .ci/}
 * mentions the design notes the project was started from (they are not part of the repository; everything the code
 * relies on is written out in docs/). Walks the source tree from {@code symkern.root}, skipping build output
 * ({@code target}, {@code build}), {@code .git} and binary files.
 */
class RepositoryPointsOnlyInsideItselfTest {
    /** The outside names, assembled so that this file does not match itself. */
    static final Pattern OUTSIDE = Pattern.compile(String.join("|",
            "REFERENCE" + "-NOTES",
            "(?<![A-Z_])" + "ARCHI" + "TECTURE(?![A-Z_])",
            "BUILD" + "-RECIPE",
            "STYLE" + "\\.md",
            "shared/" + "design",
            "shared/" + "seeds",
            "shared/" + "anchors",
            "shared/data/" + "README"));

    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "build", ".ci", "node_modules");

    @Test
    void noTrackedFileMentionsTheOutsideDesignNotes() throws IOException {
        Path root = Path.of(System.getProperty("symkern.root", "../..")).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(root.resolve("pom.xml")), "symkern.root is not the repository root: " + root);
        List<String> hits = new ArrayList<>();
        int[] scanned = {0};
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> root.relativize(p).toString().isEmpty() || !skipped(root.relativize(p)))
                 .filter(Files::isRegularFile)
                 .forEach(p -> scan(root, p, hits, scanned));
        }
        assertTrue(scanned[0] > 100, "scanned only " + scanned[0] + " files under " + root);
        assertEquals(List.of(), hits, "files pointing outside the repository (write the facts into docs/ instead)");
    }

    @Test
    void thePatternCatchesEachOutsideNameButNotCudaArchitectures() {
        for (String s : List.of("see REFERENCE" + "-NOTES 2.2", "ARCHI" + "TECTURE.md section 6", "(ARCHI" + "TECTURE 5)",
                "BUILD" + "-RECIPE P1", "../shared/" + "seeds/000", "STYLE" + ".md"))
            assertTrue(OUTSIDE.matcher(s).find(), s);
        for (String s : List.of("-DCMAKE_CUDA_ARCHITECTURES=90", "SYMKERN_CUDA_ARCHITECTURES", "docs/design.md, section Build"))
            assertTrue(!OUTSIDE.matcher(s).find(), s);
    }

    private static boolean skipped(Path rel) {
        for (Path part : rel) if (SKIPPED_DIRS.contains(part.toString())) return true;
        return false;
    }

    private static void scan(Path root, Path p, List<String> hits, int[] scanned) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(p);
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException binary) {
            return;
        } catch (IOException e) {
            hits.add(root.relativize(p) + ": unreadable (" + e.getMessage() + ")");
            return;
        }
        if (text.indexOf('\0') >= 0) return;
        scanned[0]++;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = OUTSIDE.matcher(lines[i]);
            if (m.find()) hits.add(root.relativize(p) + ":" + (i + 1) + ": " + m.group());
        }
    }
}
