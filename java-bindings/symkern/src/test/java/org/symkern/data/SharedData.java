package org.symkern.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates ../shared/data for tests on the full datasets: {@code -Dsymkern.shared.data=DIR} when given,
 * else {@code ${symkern.root}/../shared/data} (symkern.root is set by the pom). Tests skip when absent.
 */
final class SharedData {
    private SharedData() {}

    static Path dir() {
        String explicit = System.getProperty("symkern.shared.data");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        return Path.of(System.getProperty("symkern.root", ".."), "..", "shared", "data").normalize();
    }

    /** The sub-folder, or skips the test when it is not there. */
    static Path require(String sub) {
        Path p = dir().resolve(sub);
        assumeTrue(Files.isDirectory(p), "shared data not found at " + p + " (set -Dsymkern.shared.data=DIR)");
        return p;
    }
}
