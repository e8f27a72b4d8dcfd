package org.symkern.tensor;

/** Element types: float32 data, int32 / int64 indices and labels. */
public enum DType {
    FLOAT32(4), INT32(4), INT64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }
}
