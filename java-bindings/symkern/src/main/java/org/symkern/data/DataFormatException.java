package org.symkern.data;

/** A data file that does not match its format; the message names the file and the problem. */
public final class DataFormatException extends RuntimeException {
    public DataFormatException(String source, String problem) {
        super(source + ": " + problem);
    }

    public DataFormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
    }
}
