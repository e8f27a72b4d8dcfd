package org.symkern.spark;

import org.symkern.Symkern;

/**
 * Native threads per Spark task: an executor runs spark.executor.cores / spark.task.cpus tasks at once, and each
 * task's kernels may use {@link ScoringConfig#threadsPerTask()} OpenMP threads, so executor cores x native threads
 * never oversubscribe when threadsPerTask = spark.task.cpus (the default 1). OpenMP's thread count is a setting of
 * the calling thread, so it is set at the start of every partition on the task's own thread.
 */
final class NativeThreads {
    private NativeThreads() {}

    static void set(int n) {
        if (Symkern.numThreads() != n) Symkern.setNumThreads(n);
    }
}
