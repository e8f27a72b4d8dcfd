package org.symkern.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.symkern.data.DataFormatException;

class BoundedReadsTest {
    @TempDir
    Path dir;

    @Test
    void missingDirectoryAndSpecialFilesAreNamedWithTheReason() {
        Path missing = dir.resolve("none.bin");
        assertEquals(missing + ": cannot read: file not found", assertThrows(DataFormatException.class, () -> BoundedReads.readFile(missing)).getMessage());
        assertEquals(dir + ": cannot read: is a directory, not a file", assertThrows(DataFormatException.class, () -> BoundedReads.readFile(dir)).getMessage());
        Path zero = Path.of("/dev/zero");
        Assumptions.assumeTrue(Files.exists(zero));
        assertEquals("/dev/zero: cannot read: not a regular file (a device, pipe or socket)",
                assertThrows(DataFormatException.class, () -> BoundedReads.readFile(zero)).getMessage());
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() throws IOException {
        Path f = Files.write(dir.resolve("secret.bin"), new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(f), "running as root: permissions are not enforced");
        assertEquals(f + ": cannot read: permission denied", assertThrows(DataFormatException.class, () -> BoundedReads.readFile(f)).getMessage());
    }

    @Test
    void aFileOverTheLimitIsRejectedBeforeReading() throws IOException {
        Path f = Files.write(dir.resolve("big.bin"), new byte[100]);
        DataFormatException e = assertThrows(DataFormatException.class, () -> BoundedReads.readFile(f, 99));
        assertEquals(f + ": too large: 100 bytes, more than the limit of 99 bytes (the file-size cap; raise it with -Dsymkern.io.maxFileBytes=BYTES)", e.getMessage());
        assertEquals(100, BoundedReads.readFile(f, 100).length);
    }

    @Test
    void decompressionStopsAtTheCap() throws IOException {
        byte[] gz = gzip(new byte[1 << 20]);
        DataFormatException e = assertThrows(DataFormatException.class, () -> BoundedReads.gunzip(gz, "x.gz", 1000));
        assertEquals("x.gz (decompressed): too large: more than 1000 bytes (the decompressed-size cap; raise it with -Dsymkern.io.maxInflatedBytes=BYTES)",
                e.getMessage());
        assertEquals(1 << 20, BoundedReads.gunzip(gz, "x.gz", 1 << 20).length);
        assertEquals("x.gz: truncated gzip data",
                assertThrows(DataFormatException.class, () -> BoundedReads.gunzip(java.util.Arrays.copyOf(gz, gz.length - 9), "x.gz", 1 << 21)).getMessage());
    }

    @Test
    void theSystemPropertyChangesTheCap() {
        String old = System.getProperty(InputLimits.MAX_INFLATED_PROPERTY);
        try {
            System.setProperty(InputLimits.MAX_INFLATED_PROPERTY, "1234");
            assertEquals(1234, InputLimits.maxInflatedBytes());
            System.setProperty(InputLimits.MAX_INFLATED_PROPERTY, "lots");
            assertThrows(IllegalArgumentException.class, InputLimits::maxInflatedBytes);
        } finally {
            if (old == null) System.clearProperty(InputLimits.MAX_INFLATED_PROPERTY);
            else System.setProperty(InputLimits.MAX_INFLATED_PROPERTY, old);
        }
        assertEquals(InputLimits.DEFAULT_MAX_INFLATED_BYTES, InputLimits.maxInflatedBytes());
    }

    @Test
    void aLyingLengthCostsOnlyTheBytesThatArrive() throws IOException {
        // 2 GB promised, 10 bytes delivered: a truncation error, not a 2 GB allocation
        InputStream in = new ByteArrayInputStream(new byte[10]);
        DataFormatException e = assertThrows(DataFormatException.class, () -> BoundedReads.readExactly(in, 2_000_000_000L, "f", "the header declares", 8));
        assertEquals("f: truncated at byte 18: the header declares 2000000000 bytes from byte 8, only 10 follow", e.getMessage());
        assertArrayEquals(new byte[] {1, 2}, BoundedReads.readExactly(new ByteArrayInputStream(new byte[] {1, 2, 3}), 2, "f", "x", 0));
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }
}
