package org.symkern.data;

/** A data file that does not match its format; the message names the file and the problem. */
public final class DataFormatException extends RuntimeException {
    /** A problem with {@code source} (a file, resource or record name with line / offset where known). */
    public DataFormatException(String source, String problem) {
        super(source + ": " + problem);
    }

    /** A problem with {@code source}, caused by {@code cause}. */
    public DataFormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
    }
}
