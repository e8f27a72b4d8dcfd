package org.symkern.io;

/**
 * The caps every loader applies before it trusts a file: the largest file read whole into memory and the largest
 * decompressed size of a gzip member. A declared size (an IDX dimension, a WFDB sample count, a safetensors shape) is
 * checked against the file's real length or, for compressed files, against the decompressed cap before anything of
 * that size is allocated; decompression stops with an error as soon as the output would pass the cap.
 *
 * <p>Defaults: {@value #DEFAULT_MAX_FILE_BYTES} bytes (1 GiB) per file and {@value #DEFAULT_MAX_INFLATED_BYTES} bytes
 * (256 MiB) per decompressed file. Both can be raised or lowered with the system properties
 * {@value #MAX_FILE_PROPERTY} and {@value #MAX_INFLATED_PROPERTY} (a number of bytes, read at each call), or per call
 * through the methods of {@link BoundedReads} that take a limit.
 */
public final class InputLimits {
    /** System property: the largest file (in bytes) read whole. */
    public static final String MAX_FILE_PROPERTY = "symkern.io.maxFileBytes";
    /** System property: the largest decompressed size (in bytes) of a gzip file. */
    public static final String MAX_INFLATED_PROPERTY = "symkern.io.maxInflatedBytes";
    public static final long DEFAULT_MAX_FILE_BYTES = 1L << 30;
    public static final long DEFAULT_MAX_INFLATED_BYTES = 256L << 20;
    /** The largest Java byte array the loaders allocate. */
    public static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 16;

    private InputLimits() {}

    /** The cap on a file read whole: {@value #MAX_FILE_PROPERTY}, or the default. */
    public static long maxFileBytes() {
        return read(MAX_FILE_PROPERTY, DEFAULT_MAX_FILE_BYTES);
    }

    /** The cap on a decompressed file: {@value #MAX_INFLATED_PROPERTY}, or the default. */
    public static long maxInflatedBytes() {
        return read(MAX_INFLATED_PROPERTY, DEFAULT_MAX_INFLATED_BYTES);
    }

    private static long read(String property, long fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) return fallback;
        long n;
        try {
            n = Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + property + "='" + v + "' is not a number of bytes");
        }
        if (n < 0) throw new IllegalArgumentException("system property " + property + "=" + n + " is negative");
        return Math.min(n, MAX_ARRAY_BYTES);
    }
}
