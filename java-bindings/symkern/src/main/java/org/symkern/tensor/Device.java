package org.symkern.tensor;

import java.util.Objects;

/** Where a tensor lives: {@code cpu} or {@code cuda:N}. */
public final class Device {
    /** The host. */
    public static final Device CPU = new Device(-1);

    private final int code;

    private Device(int code) {
        this.code = code;
    }

    /** The CUDA device with the given ordinal; whether it exists is checked when memory is allocated. */
    public static Device cuda(int index) {
        if (index < 0) throw new IllegalArgumentException("CUDA device index must be >= 0, got " + index);
        return new Device(index);
    }

    /** Parses {@code cpu}, {@code cuda} (= cuda:0) or {@code cuda:N}. */
    public static Device parse(String text) {
        Objects.requireNonNull(text, "device");
        String t = text.trim().toLowerCase();
        if (t.equals("cpu")) return CPU;
        if (t.equals("cuda")) return cuda(0);
        if (t.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad device '" + text + "': expected cpu, cuda or cuda:N");
            }
        }
        throw new IllegalArgumentException("bad device '" + text + "': expected cpu, cuda or cuda:N");
    }

    /** true for the host. */
    public boolean isCpu() {
        return code < 0;
    }

    /** true for a CUDA device. */
    public boolean isCuda() {
        return code >= 0;
    }

    /** The ABI device code: -1 for the CPU, the ordinal for CUDA. */
    public int code() {
        return code;
    }

    /** Whether tensors can be created here on this machine. */
    public boolean isAvailable() {
        return isCpu() || code < Native.cudaDeviceCount();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device && ((Device) o).code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return isCpu() ? "cpu" : "cuda:" + code;
    }
}
