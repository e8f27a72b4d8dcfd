package org.symkern.io;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.symkern.data.DataFormatException;

/**
 * Reading files and streams without trusting any size: nothing is allocated for more bytes than have actually
 * arrived, every read stops at a cap ({@link InputLimits}), and every failure is a {@link DataFormatException} whose
 * message names the file and the reason (file not found, permission denied, is a directory, not a regular file, too
 * large, truncated, corrupt gzip data).
 *
 * <p>Growing reads collect 64 KiB chunks and copy them once at the end, so a read of n bytes needs about 2n bytes of
 * heap at its peak, and a stream that lies about its length costs only what it really delivers.
 */
public final class BoundedReads {
    private static final int CHUNK = 1 << 16;

    private BoundedReads() {}

    /** The length of the regular file `file`; a missing, unreadable or special file is a {@link DataFormatException}. */
    public static long size(Path file) {
        String src = String.valueOf(file);
        try {
            if (Files.isDirectory(file)) throw new DataFormatException(src, "cannot read: is a directory, not a file");
            if (Files.exists(file) && !Files.isRegularFile(file))
                throw new DataFormatException(src, "cannot read: not a regular file (a device, pipe or socket)");
            return Files.size(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** Opens the regular file `file` for reading (see {@link #size} for the checks). */
    public static InputStream open(Path file) {
        size(file);
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** The whole regular file `file`, at most {@link InputLimits#maxFileBytes()} bytes. */
    public static byte[] readFile(Path file) {
        return readFile(file, InputLimits.maxFileBytes());
    }

    /** The whole regular file `file`; a file longer than `limit` bytes is rejected before it is read. */
    public static byte[] readFile(Path file, long limit) {
        long size = size(file);
        String src = String.valueOf(file);
        String knob = "the file-size cap; raise it with -D" + InputLimits.MAX_FILE_PROPERTY + "=BYTES";
        if (size > limit) throw new DataFormatException(src, "too large: " + size + " bytes, more than the limit of " + limit + " bytes (" + knob + ")");
        try (InputStream in = Files.newInputStream(file)) {
            return readUpTo(in, limit, src, knob);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * The contents of `file`, decompressed when it starts with the gzip magic bytes 1f 8b: at most
     * {@link InputLimits#maxFileBytes()} bytes on disk and `inflatedLimit` bytes after decompression.
     */
    public static byte[] readMaybeGzip(Path file, long inflatedLimit) {
        byte[] raw = readFile(file);
        return isGzip(raw) ? gunzip(raw, String.valueOf(file), inflatedLimit) : raw;
    }

    /** True when `bytes` start with the gzip magic 1f 8b. */
    public static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /** Decompresses gzip `bytes` (one or more members), stopping with an error past `limit` output bytes (the cap). */
    public static byte[] gunzip(byte[] gz, String source, long limit) {
        return gunzip(gz, source, limit, "the decompressed-size cap; raise it with -D" + InputLimits.MAX_INFLATED_PROPERTY + "=BYTES");
    }

    /** Decompresses gzip `bytes`, stopping with an error past `limit` output bytes; `why` says where the limit comes from. */
    public static byte[] gunzip(byte[] gz, String source, long limit, String why) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return readUpTo(in, limit, source + " (decompressed)", why);
        } catch (EOFException e) {
            throw new DataFormatException(source, "truncated gzip data");
        } catch (ZipException e) {
            throw new DataFormatException(source, "corrupt gzip data: " + e.getMessage());
        } catch (IOException e) {
            throw new DataFormatException(source, "cannot decompress: " + e.getMessage(), e);
        }
    }

    /** Everything `in` delivers, at most `limit` bytes; more is a "too large" error that gives `why` (where the limit comes from). */
    public static byte[] readUpTo(InputStream in, long limit, String source, String why) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        long total = 0;
        while (true) {
            byte[] c = new byte[CHUNK];
            int n = in.readNBytes(c, 0, CHUNK);
            if (n > 0) {
                total += n;
                if (total > limit) throw new DataFormatException(source, "too large: more than " + limit + " bytes (" + why + ")");
                chunks.add(n == CHUNK ? c : java.util.Arrays.copyOf(c, n));
            }
            if (n < CHUNK) break;
        }
        return join(chunks, total);
    }

    /**
     * Exactly `n` bytes of `in` (a size taken from a header: memory grows only as the bytes arrive); fewer is a
     * "truncated" error that says what `what` promised and how many bytes came, counting from byte `offset` of the file.
     */
    public static byte[] readExactly(InputStream in, long n, String source, String what, long offset) throws IOException {
        if (n < 0 || n > InputLimits.MAX_ARRAY_BYTES)
            throw new DataFormatException(source, what + " " + n + " bytes: more than one array can hold (" + InputLimits.MAX_ARRAY_BYTES + ")");
        List<byte[]> chunks = new ArrayList<>();
        long total = 0;
        while (total < n) {
            int want = (int) Math.min(CHUNK, n - total);
            byte[] c = new byte[want];
            int got = in.readNBytes(c, 0, want);
            if (got > 0) {
                chunks.add(got == want ? c : java.util.Arrays.copyOf(c, got));
                total += got;
            }
            if (got < want)
                throw new DataFormatException(source, "truncated at byte " + (offset + total) + ": " + what + " " + n + " bytes from byte " + offset
                        + ", only " + total + " follow");
        }
        return join(chunks, total);
    }

    /** A {@link DataFormatException} for an I/O failure on `file`, with the reason in words. */
    public static DataFormatException unreadable(Path file, IOException e) {
        return new DataFormatException(String.valueOf(file), "cannot read: " + reason(e), e);
    }

    /** "file not found", "permission denied", ... for an I/O exception. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "file not found";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NotDirectoryException) return "a parent of the path is not a directory";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason().toLowerCase(java.util.Locale.ROOT);
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
    }

    private static byte[] join(List<byte[]> chunks, long total) {
        byte[] out = new byte[Math.toIntExact(total)];
        int at = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, out, at, c.length);
            at += c.length;
        }
        return out;
    }
}
