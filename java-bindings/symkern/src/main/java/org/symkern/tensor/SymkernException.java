package org.symkern.tensor;

/** A failure reported by libsymkern: the native status code and the native message. */
public final class SymkernException extends RuntimeException {
    /** The status codes of {@code symkern.h}. */
    public enum Status {
        OK, BAD_ARGUMENT, BAD_SHAPE, DEVICE_MISMATCH, OUT_OF_MEMORY, CUDA_ERROR, NO_CUDA, NO_DEVICE, UNKNOWN;

        static Status of(int code) {
            Status[] all = values();
            return code >= 0 && code < all.length - 1 ? all[code] : UNKNOWN;
        }
    }

    private final Status status;

    public SymkernException(int code, String message) {
        super(Status.of(code) + ": " + message);
        this.status = Status.of(code);
    }

    public Status status() {
        return status;
    }
}
