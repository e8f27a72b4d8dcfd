package org.symkern.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checks on an experiment's {@code --out} before anything runs: it must be a directory or a path where one can be
 * created (no part of it an existing file) and writable. Experiments write under {@code target/} unless {@code --out}
 * says otherwise, so a committed report is only replaced when {@code --out} names its folder.
 */
final class OutputDirectory {
    /** The default of every experiment's {@code --out}. */
    static final String DEFAULT = "target/results";

    private OutputDirectory() {}

    /** Null when `out` can hold the report, otherwise the problem (for a one-line error, exit code 2). */
    static String problem(Path out) {
        Path p = out.toAbsolutePath().normalize();
        if (Files.exists(p) && !Files.isDirectory(p)) return "--out " + out + " is a file, not a directory";
        for (Path a = p.getParent(); a != null; a = a.getParent()) {
            if (Files.exists(a)) {
                if (!Files.isDirectory(a)) return "--out " + out + ": " + a + " is a file, not a directory";
                break;
            }
        }
        Path existing = p;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing != null && !Files.isWritable(existing)) return "--out " + out + ": " + existing + " is not writable (permission denied)";
        return null;
    }
}
