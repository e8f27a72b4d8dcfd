package org.symkern.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.symkern.data.DataFormatException;

/**
 * The property every loader must keep on any input: it returns normally or throws {@link DataFormatException} whose
 * message starts with the path of a file of the dataset. Anything else (another exception, an error such as
 * OutOfMemoryError or StackOverflowError) is a crash: the input is saved under target/fuzz-crashes/LOADER/ so that it
 * can be added to src/test/resources/fuzz-corpus/LOADER/ as a regression case.
 */
final class FuzzCheck {
    private FuzzCheck() {}

    /** Null when the property holds, otherwise a description of the crash (the input is saved). */
    static String check(LoaderTargets.Target t, Path dir, byte[] input) {
        try {
            Files.write(dir.resolve(t.file()), input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String problem;
        try {
            t.load().load(dir);
            return null;
        } catch (DataFormatException e) {
            String m = e.getMessage();
            if (m != null && m.startsWith(dir.toString()) && !m.contains("\n")) return null;
            problem = "DataFormatException whose message does not start with the file's path (or spans lines): " + m;
        } catch (Throwable e) {
            problem = e.getClass().getName() + ": " + e.getMessage();
        }
        return problem + " (input saved as " + save(t, input) + ")";
    }

    static Path save(LoaderTargets.Target t, byte[] input) {
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input)).substring(0, 16);
            Path out = Path.of("target", "fuzz-crashes", t.name(), t.file() + "__" + hash);
            Files.createDirectories(out.getParent());
            Files.write(out, input);
            return out.toAbsolutePath();
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
