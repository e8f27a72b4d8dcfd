package org.symkern;

import org.symkern.jni.SymkernNative;
import org.symkern.tensor.Native;

/**
 * Process-wide settings of the native library.
 *
 * <p><b>Threads.</b> The CPU kernels split their loops over a team of T OpenMP threads (static schedule: a loop
 * of n iterations gives each thread about n / T of them). {@link #setNumThreads(int)} sets T for every Java
 * thread that calls an op (each one adopts the new value at its next CPU op; OpenMP's own setting would change
 * only the calling thread). The default T is {@code OMP_NUM_THREADS} if set, else the number of cores, as
 * read when the library loaded; {@code setNumThreads(0)} returns to it.
 *
 * <p>On cores shared with other jobs also set {@code OMP_WAIT_POLICY=passive} in the environment before the JVM
 * starts: by default idle OpenMP threads spin for a while between parallel regions, and on an oversubscribed
 * machine the spinning threads take the cores from the ones doing the work (runs can become many times slower).
 * The wait policy can only be chosen before the OpenMP runtime starts, so it is an environment variable and not
 * a method here. (A default that does not collapse on shared cores belongs to the performance work, not here.)
 *
 * <pre>{@code
 * Symkern.setNumThreads(2);     // two threads per CPU kernel from the next op on, in every Java thread
 * int t = Symkern.numThreads(); // 2
 * Symkern.setNumThreads(0);     // back to OMP_NUM_THREADS / the core count
 * }</pre>
 */
public final class Symkern {
    private Symkern() {}

    /**
     * Sets the number of threads T of the CPU kernels, process-wide (see the class comment).
     *
     * @param n T >= 1, or 0 for the default
     * @throws IllegalArgumentException for n &lt; 0
     */
    public static void setNumThreads(int n) {
        if (n < 0) throw new IllegalArgumentException("Symkern.setNumThreads: n = " + n + " must be >= 1 (or 0 for the default)");
        Native.check(SymkernNative.sk_set_num_threads(n));
    }

    /** The number of threads the CPU kernels use from their next call on (always at least 1). */
    public static int numThreads() {
        return SymkernNative.sk_get_num_threads();
    }

    /**
     * How idle OpenMP threads of the CPU kernels wait, as libgomp read it when the library loaded:
     * {@code "OMP_WAIT_POLICY=passive (symkern's default)"} (set by the binding before libgomp loads: idle
     * threads sleep at once instead of spinning, so that on shared cores they do not take the CPU from the
     * thread they wait for; docs/performance.md has the measurements), or the user's {@code OMP_WAIT_POLICY} /
     * {@code GOMP_SPINCOUNT} when either was set in the environment. Fixed for the life of the process.
     */
    public static String ompWaitPolicy() {
        return SymkernNative.sk_omp_wait_policy();
    }

    /** The native library's version string, e.g. "symkern 0.1.0 (cpu)". */
    public static String version() {
        return Native.version();
    }
}
