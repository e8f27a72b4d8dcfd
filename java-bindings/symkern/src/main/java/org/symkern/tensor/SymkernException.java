package org.symkern.tensor;

/** A failure reported by libsymkern: the native status code and the native message. */
public final class SymkernException extends RuntimeException {
    /** The status codes of {@code symkern.h}. */
    public enum Status {
        /** Success. */ OK,
        /** An argument is out of range. */ BAD_ARGUMENT,
        /** Sizes disagree or a buffer is too small for its shape. */ BAD_SHAPE,
        /** Buffers of one op on different devices. */ DEVICE_MISMATCH,
        /** An allocation failed. */ OUT_OF_MEMORY,
        /** A CUDA call failed. */ CUDA_ERROR,
        /** The library was built without CUDA. */ NO_CUDA,
        /** Built with CUDA, but no device at run time. */ NO_DEVICE,
        /** A code this binding does not know. */ UNKNOWN;

        static Status of(int code) {
            Status[] all = values();
            return code >= 0 && code < all.length - 1 ? all[code] : UNKNOWN;
        }
    }

    /** The status. */
    private final Status status;

    /** The exception for native status {@code code} with its message. */
    public SymkernException(int code, String message) {
        super(Status.of(code) + ": " + message);
        this.status = Status.of(code);
    }

    /** The native status. */
    public Status status() {
        return status;
    }
}
