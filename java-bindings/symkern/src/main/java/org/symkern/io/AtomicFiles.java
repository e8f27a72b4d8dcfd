package org.symkern.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Atomic file replacement: the bytes go to a temporary file in the target's directory, are forced to disk, and
 * the temporary file is renamed over the target. A reader (or a crash) sees the old file or the new one, never a
 * half-written one; on failure the old file is untouched and the temporary file is removed.
 *
 * <p>Files. The temporary file is {@code .NAME.PID.RANDOM.tmp} beside {@code NAME}, created like any new file, so the
 * result has the mode {@code 0666 & ~umask} of the process (not the 0600 of {@code Files.createTempFile}).
 *
 * <p>Interruptions. A failing writer, an exception or the normal end of the JVM (also SIGTERM / SIGINT, through a
 * shutdown hook) removes the temporary file. A process killed outright (SIGKILL, power loss) cannot clean up: its
 * temporary file stays until the next successful write of the same target, which removes every {@code .NAME.*.tmp}
 * left by a process that is no longer running (temporary files of live writers are left alone).
 */
public final class AtomicFiles {
    private static final long PID = ProcessHandle.current().pid();
    /** Temporary files being written by this process (removed by the shutdown hook if the JVM ends mid-write). */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : IN_FLIGHT) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // the JVM is ending; nothing else can be done
                }
            }
        }, "symkern-atomic-files-cleanup"));
    }

    private AtomicFiles() {}

    /** Something that writes the whole content to a stream. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the content to {@code out}. */
        void write(OutputStream out) throws IOException;
    }

    /** Replaces `target` atomically with what `writer` produces (parent directories are created). */
    public static void write(Path target, Writer writer) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        String prefix = "." + abs.getFileName() + ".";
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            if (Files.isDirectory(abs)) throw new IOException("the target is a directory");
            tmp = dir.resolve(prefix + PID + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".tmp");
            IN_FLIGHT.add(tmp);
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writer.write(out);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            IN_FLIGHT.remove(tmp);
            tmp = null;
            removeStale(dir, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + BoundedReads.reason(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error is the one to report
                }
                IN_FLIGHT.remove(tmp);
            }
        }
    }

    /** Replaces `target` atomically with `bytes`. */
    public static void write(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /** Replaces `target` atomically with `text` in UTF-8. */
    public static void writeString(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Removes {@code PREFIX<pid>.<random>.tmp} files of processes that no longer run (and stale ones of this process). */
    private static void removeStale(Path dir, String prefix) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp");
        })) {
            for (Path p : files) {
                String rest = p.getFileName().toString();
                rest = rest.substring(prefix.length(), rest.length() - ".tmp".length());
                int dot = rest.indexOf('.');
                long pid;
                try {
                    pid = Long.parseLong(dot < 0 ? rest : rest.substring(0, dot));
                } catch (NumberFormatException e) {
                    continue;                                       // not one of ours
                }
                boolean stale = pid == PID ? !IN_FLIGHT.contains(p) : ProcessHandle.of(pid).map(ph -> !ph.isAlive()).orElse(true);
                if (stale) Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // cleaning is best effort: the write itself succeeded
        }
    }
}
