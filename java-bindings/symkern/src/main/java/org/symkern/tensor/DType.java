package org.symkern.tensor;

/** Element types: float32 data, int32 / int64 indices and labels. */
public enum DType {
    /** 32-bit float. */ FLOAT32(4),
    /** 32-bit integer. */ INT32(4),
    /** 64-bit integer. */ INT64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }
}
