package org.symkern.tensor;

import org.symkern.jni.SymkernNative;

/**
 * The one place where a native status becomes a Java exception, plus library-level queries
 * (version, CUDA probe, native memory in use).
 */
public final class Native {
    private Native() {}

    /** Throws {@link SymkernException} with the native message unless {@code status} is SK_OK. */
    public static void check(int status) {
        if (status != 0) throw new SymkernException(status, SymkernNative.sk_last_error());
    }

    /** The native library version. */
    public static String version() {
        return SymkernNative.sk_version();
    }

    /** true when the native library was built with the CUDA backend. */
    public static boolean cudaCompiled() {
        return SymkernNative.sk_cuda_compiled() != 0;
    }

    /** Usable CUDA devices (probed once by the library and cached). */
    public static int cudaDeviceCount() {
        return SymkernNative.sk_cuda_device_count();
    }

    /** A sentence explaining the CUDA probe result. */
    public static String cudaStatus() {
        return SymkernNative.sk_cuda_status();
    }

    /** Bytes held by live native buffers on the device. */
    public static long memoryInUse(Device device) {
        return SymkernNative.sk_memory_in_use(device.code());
    }

    /**
     * The highest {@link #memoryInUse(Device)} of the device since the library loaded or since the last
     * {@link #resetMemoryPeak(Device)} (process-wide, all threads).
     */
    public static long memoryPeak(Device device) {
        return SymkernNative.sk_memory_peak(device.code());
    }

    /** Sets the device's peak to the bytes in use now, so that a later {@link #memoryPeak} covers what follows. */
    public static void resetMemoryPeak(Device device) {
        SymkernNative.sk_memory_reset_peak(device.code());
    }

    /**
     * Bytes of freed CPU blocks that the native block cache keeps for reuse (a training step then allocates
     * no new memory after its first step); 0 for a CUDA device. Not part of {@link #memoryInUse}.
     */
    public static long memoryCached(Device device) {
        return SymkernNative.sk_memory_cached(device.code());
    }

    /** Returns every cached CPU block to the system (e.g. between experiments); the bytes released. */
    public static long releaseCachedMemory(Device device) {
        return SymkernNative.sk_memory_release_cached(device.code());
    }

    /**
     * Process-wide CPU allocation counters: {blocks taken from the system, blocks reused from the cache,
     * bytes zero-filled for new buffers, blocks returned to the system}.
     */
    public static long[] cpuAllocationCounters() {
        long[] out = new long[4];
        SymkernNative.sk_memory_cpu_counters(out);
        return out;
    }

    /** Waits for all queued work on the device. */
    public static void synchronize(Device device) {
        check(SymkernNative.sk_synchronize(device.code()));
    }
}
