package org.symkern.spark;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import org.symkern.models.Models;
import org.symkern.tensor.Device;
import org.symkern.tensor.Native;

/**
 * The models of one executor JVM: each saved model file is loaded at most once per concurrently running task and
 * kept for the life of the JVM (a symkern module is not thread-safe, so two tasks of the same executor never share
 * an instance: {@link #borrow} hands out an idle one or loads a new one, {@link #release} returns it). Models load on
 * the first CUDA device when the executor has one ({@code Native.cudaDeviceCount() > 0}), on the CPU otherwise, or
 * on the device named by the system property {@code symkern.spark.device} ("cpu", "cuda:0").
 */
public final class ModelPool {
    private static final Map<String, ConcurrentLinkedDeque<Models.Loaded>> IDLE = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ModelPool() {}

    /** An idle model of `path`, or a freshly loaded one. */
    public static Models.Loaded borrow(String path) {
        Models.Loaded m = IDLE.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).pollFirst();
        if (m != null) return m;
        LOADS.incrementAndGet();
        return Models.load(Path.of(path), device());
    }

    /** Returns a model taken with {@link #borrow} for the next task. */
    public static void release(String path, Models.Loaded model) {
        IDLE.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).addFirst(model);
    }

    /** How many times this JVM loaded a model file (tests check that a partition does not reload per batch). */
    public static int loads() {
        return LOADS.get();
    }

    /** The device models load on in this JVM. */
    public static Device device() {
        String d = System.getProperty("symkern.spark.device");
        if (d != null && !d.isBlank()) return Device.parse(d);
        return Native.cudaCompiled() && Native.cudaDeviceCount() > 0 ? Device.cuda(0) : Device.CPU;
    }
}
