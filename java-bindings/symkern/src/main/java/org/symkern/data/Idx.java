package org.symkern.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.symkern.io.BoundedReads;
import org.symkern.io.InputLimits;

/**
 * Reader for the IDX format of MNIST / Fashion-MNIST (LeCun et al.): a big-endian magic
 * {@code 0x0000TTNN} (TT = element type, NN = number of dimensions), NN big-endian int32 sizes, then
 * the elements in row-major order. Only unsigned bytes (TT = 0x08) are accepted, which is what the
 * image and label files use. Gzip-compressed files are recognised by their magic bytes.
 */
public final class Idx {
    /** Dimensions and uint8 contents of one IDX file. */
    public static final class Array {
        /** The dimensions from the header. */
        public final int[] dims;
        /** The raw values (unsigned bytes), row-major. */
        public final byte[] data;

        Array(int[] dims, byte[] data) {
            this.dims = dims;
            this.data = data;
        }

        /** Element i as an unsigned value. */
        public int get(int i) {
            return data[i] & 0xff;
        }
    }

    private Idx() {}

    /**
     * Reads an IDX file (gzip or raw). For a raw file the element count the header declares must match the file's
     * length before anything is allocated; a gzip file's declared count must fit the decompressed-size cap
     * ({@link InputLimits#maxInflatedBytes()}) and memory grows only as decompressed bytes arrive.
     */
    public static Array read(Path file) {
        long size = BoundedReads.size(file);
        try (InputStream in = BoundedReads.open(file)) {
            return read(in, file.toString(), size);
        } catch (IOException e) {
            throw BoundedReads.unreadable(file, e);
        }
    }

    /** Reads an IDX stream (gzip or raw); `source` names it in error messages. Memory grows only as bytes arrive. */
    public static Array read(InputStream raw, String source) throws IOException {
        return read(raw, source, -1);
    }

    private static Array read(InputStream raw, String source, long fileSize) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw);
        buffered.mark(2);
        int b0 = buffered.read(), b1 = buffered.read();
        buffered.reset();
        InputStream in = buffered;
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        if (gzip) {
            try {
                in = new BufferedInputStream(new GZIPInputStream(buffered));
            } catch (IOException e) {
                throw new DataFormatException(source, "corrupt gzip header: " + e.getMessage(), e);
            }
        }
        String data = gzip ? " (decompressed)" : "";
        DataInputStream d = new DataInputStream(in);
        try {
            int magic = d.readInt();
            if ((magic >>> 16) != 0)
                throw new DataFormatException(source, String.format("byte 0%s, field magic: 0x%08x is not an IDX magic (0x0000TTNN)", data, magic));
            int type = (magic >>> 8) & 0xff, ndim = magic & 0xff;
            if (type != 0x08)
                throw new DataFormatException(source, String.format("byte 2%s, field element type: 0x%02x is not supported (only 0x08 unsigned byte)", data, type));
            if (ndim < 1 || ndim > 4)
                throw new DataFormatException(source, "byte 3" + data + ", field number of dimensions: " + ndim + " is outside 1..4");
            int[] dims = new int[ndim];
            long total = 1;
            for (int i = 0; i < ndim; i++) {
                dims[i] = d.readInt();
                if (dims[i] < 0)
                    throw new DataFormatException(source, "byte " + (4 + 4 * i) + data + ", field size of dimension " + i + ": " + Integer.toUnsignedString(dims[i])
                            + " is more than 2^31 - 1");
                total *= dims[i];
                if (total > InputLimits.MAX_ARRAY_BYTES)
                    throw new DataFormatException(source, "byte " + (4 + 4 * i) + data + ", field size of dimension " + i + ": the sizes "
                            + Arrays.toString(Arrays.copyOf(dims, i + 1)) + " declare more than " + InputLimits.MAX_ARRAY_BYTES + " elements");
            }
            long header = 4 + 4L * ndim;
            if (!gzip && fileSize >= 0 && fileSize - header != total)
                throw new DataFormatException(source, "the header declares " + Arrays.toString(dims) + " = " + total + " elements but the file holds "
                        + (fileSize - header) + " bytes after the " + header + "-byte header (" + (fileSize - header < total ? "truncated" : "trailing bytes") + ")");
            if (gzip && total > InputLimits.maxInflatedBytes())
                throw new DataFormatException(source, "the header declares " + Arrays.toString(dims) + " = " + total + " elements, more than the "
                        + InputLimits.maxInflatedBytes() + "-byte cap on decompressed data (raise it with -D" + InputLimits.MAX_INFLATED_PROPERTY + "=BYTES)");
            byte[] elements = BoundedReads.readExactly(d, total, source + data, "the header " + Arrays.toString(dims) + " declares", header);
            if (d.read() != -1) throw new DataFormatException(source, "trailing bytes" + data + " after the " + total + " elements ending at byte " + (header + total));
            return new Array(dims, elements);
        } catch (EOFException e) {
            throw new DataFormatException(source, "truncated header" + data + " (fewer than the magic and the dimension sizes)");
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(source, "corrupt gzip data: " + e.getMessage(), e);
        }
    }
}
