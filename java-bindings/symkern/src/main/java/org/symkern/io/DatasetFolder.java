package org.symkern.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.symkern.data.DataFormatException;

/**
 * Confinement of the files a dataset names (a WFDB header's signal files, the files of a TU dataset): a referenced
 * name must be a relative path that stays inside the dataset's folder, both as written (no absolute path, no
 * {@code ..} leading out) and after following symbolic links (a link inside the folder that points outside it is
 * rejected). A loader thus reads only below the folder it was given, whatever the files say.
 */
public final class DatasetFolder {
    private DatasetFolder() {}

    /**
     * The file `name` inside `dir`. `source` and `where` (e.g. "line 2, field 'file name'") name the place that
     * referenced it in the error message. The file need not exist; when it exists its real path must lie in `dir`'s.
     */
    public static Path resolve(Path dir, String name, String source, String where) {
        if (name == null || name.isEmpty()) throw new DataFormatException(source, where + ": empty file name");
        Path rel;
        try {
            rel = Path.of(name);
        } catch (InvalidPathException e) {
            throw new DataFormatException(source, where + ": '" + printable(name) + "' is not a valid file name");
        }
        if (rel.isAbsolute() || name.startsWith("~"))
            throw new DataFormatException(source, where + ": '" + printable(name) + "' is an absolute path; referenced files must lie in the folder " + dir);
        Path base = dir.toAbsolutePath().normalize();
        Path p = base.resolve(rel).normalize();
        if (!p.startsWith(base) || p.equals(base))
            throw new DataFormatException(source, where + ": '" + printable(name) + "' leads outside the folder " + dir);
        return confined(base, p, source, where, name);
    }

    /** `file` (built by the loader inside `dir`), checked not to be a symbolic link leading outside `dir`. */
    public static Path inside(Path dir, Path file, String source) {
        Path base = dir.toAbsolutePath().normalize();
        return confined(base, file.toAbsolutePath().normalize(), source, "file", file.getFileName().toString());
    }

    private static Path confined(Path base, Path p, String source, String where, String name) {
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Path real = p.toRealPath(), realBase = base.toRealPath();
                if (!real.startsWith(realBase))
                    throw new DataFormatException(source, where + ": '" + printable(name) + "' is a symbolic link to " + real + ", outside the folder " + base);
            } catch (IOException e) {
                throw new DataFormatException(p.toString(), "cannot resolve (referenced by " + source + ", " + where + "): " + BoundedReads.reason(e), e);
            }
        }
        return p;
    }

    /** `s` with control characters shown as \\uXXXX and cut to 200 characters (for messages). */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        if (b.length() >= 200) b.append("...");
        return b.toString();
    }
}
