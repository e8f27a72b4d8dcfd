package org.symkern.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

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

    /** Reads an IDX file (gzip or raw) holding unsigned bytes. */
    public static Array read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DataFormatException(file.toString(), "file not found");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Reads an IDX stream (gzip or raw); `source` names it in error messages. */
    public static Array read(InputStream raw, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw);
        buffered.mark(2);
        int b0 = buffered.read(), b1 = buffered.read();
        buffered.reset();
        InputStream in = buffered;
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                in = new BufferedInputStream(new GZIPInputStream(buffered));
            } catch (IOException e) {
                throw new DataFormatException(source, "corrupt gzip header: " + e.getMessage(), e);
            }
        }
        DataInputStream d = new DataInputStream(in);
        try {
            int magic = d.readInt();
            if ((magic >>> 16) != 0)
                throw new DataFormatException(source, String.format("bad magic 0x%08x: not an IDX file", magic));
            int type = (magic >>> 8) & 0xff, ndim = magic & 0xff;
            if (type != 0x08)
                throw new DataFormatException(source, String.format("element type 0x%02x is not supported (only 0x08 unsigned byte)", type));
            if (ndim < 1 || ndim > 4) throw new DataFormatException(source, "implausible number of dimensions " + ndim);
            int[] dims = new int[ndim];
            long total = 1;
            for (int i = 0; i < ndim; i++) {
                dims[i] = d.readInt();
                if (dims[i] < 0) throw new DataFormatException(source, "dimension " + i + " is negative (" + dims[i] + ")");
                total *= dims[i];
                if (total > Integer.MAX_VALUE - 8) throw new DataFormatException(source, "too many elements");
            }
            byte[] data = new byte[(int) total];
            try {
                d.readFully(data);
            } catch (EOFException e) {
                throw new DataFormatException(source, "truncated: header promises " + total + " elements");
            }
            if (d.read() != -1) throw new DataFormatException(source, "trailing bytes after " + total + " elements");
            return new Array(dims, data);
        } catch (EOFException e) {
            throw new DataFormatException(source, "truncated header");
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(source, "corrupt gzip data: " + e.getMessage(), e);
        }
    }
}
