package org.symkern.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    static byte[] idx(int magic, int[] dims, int payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload);
        b.putInt(magic);
        for (int d : dims) b.putInt(d);
        for (int i = 0; i < payload; i++) b.put((byte) i);
        return b.array();
    }

    static Idx.Array read(byte[] bytes) throws IOException {
        return Idx.read(new ByteArrayInputStream(bytes), "test.idx");
    }

    @Test
    void embeddedMnistHasTheDocumentedCountsAndShape() {
        ImageDataset d = Mnist.embedded();
        assertEquals(10000, d.count);
        assertEquals(28, d.height);
        assertEquals(28, d.width);
        int[] counts = new int[10];
        for (int l : d.labels) counts[l]++;
        assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, counts);
        double mean = 0;
        for (float p : d.pixels) mean += p;
        assertEquals(0.1311, mean / d.pixels.length, 5e-4);   // data/mnist10k/README.md
    }

    @Test
    void rawAndGzipFilesReadTheSame() throws IOException {
        byte[] raw = idx(0x00000803, new int[] {2, 2, 3}, 12);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(raw);
        }
        Idx.Array a = read(raw), b = read(gz.toByteArray());
        assertArrayEquals(new int[] {2, 2, 3}, a.dims);
        assertArrayEquals(a.data, b.data);
        assertEquals(11, a.get(11));
    }

    @Test
    void badMagicIsNamed() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> read(idx(0x12340803, new int[] {1}, 1)));
        assertEquals("test.idx: byte 0, field magic: 0x12340803 is not an IDX magic (0x0000TTNN)", e.getMessage());
    }

    @Test
    void unsupportedElementTypeIsNamed() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> read(idx(0x00000d01, new int[] {1}, 4)));
        assertEquals("test.idx: byte 2, field element type: 0x0d is not supported (only 0x08 unsigned byte)", e.getMessage());
    }

    @Test
    void truncatedDataIsNamed() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> read(idx(0x00000801, new int[] {10}, 7)));
        assertEquals("test.idx: truncated at byte 15: the header [10] declares 10 bytes from byte 8, only 7 follow", e.getMessage());
        DataFormatException h = assertThrows(DataFormatException.class, () -> read(new byte[] {0, 0, 8}));
        assertTrue(h.getMessage().contains("truncated header"), h.getMessage());
    }

    @Test
    void trailingBytesAreRejected() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> read(idx(0x00000801, new int[] {3}, 5)));
        assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
    }

    @Test
    void corruptGzipIsNamed() {
        byte[] bad = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7};
        DataFormatException e = assertThrows(DataFormatException.class, () -> read(bad));
        assertTrue(e.getMessage().startsWith("test.idx: corrupt gzip"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope.idx");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(missing));
        assertEquals(missing + ": cannot read: file not found", e.getMessage());
    }

    @Test
    void mismatchedLabelCountNamesBothFiles() throws IOException {
        Path im = Files.write(dir.resolve("im.idx"), idx(0x00000803, new int[] {3, 2, 2}, 12));
        Path lb = Files.write(dir.resolve("lb.idx"), idx(0x00000801, new int[] {2}, 2));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Mnist.load(im, lb));
        assertTrue(e.getMessage().contains("2 labels for 3 images"), e.getMessage());
        assertTrue(e.getMessage().startsWith(lb.toString()), e.getMessage());
    }
}
