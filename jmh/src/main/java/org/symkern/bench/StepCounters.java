package org.symkern.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import org.openjdk.jmh.infra.Blackhole;
import org.symkern.tensor.Native;

/**
 * Load-independent counters of one steady-state {@link TrainStepBench} step: per step, the CPU blocks taken from
 * the system and reused from symkern's block cache, the bytes zero-filled for new buffers (from
 * {@code Native.cpuAllocationCounters}), the process's minor and major page faults (fields 10 and 12 of
 * {@code /proc/self/stat}), and, as context only, the wall and process CPU time (both depend on the machine's
 * load). Averages over {@code steps} steps after {@code warmup} steps.
 * Run: {@code java -cp jmh/target/benchmarks.jar org.symkern.bench.StepCounters [model] [trainStep|forwardNoGrad]
 * [warmup] [steps]}; {@code SYMKERN_BLOCK_CACHE=0} in the environment gives the behaviour without the cache.
 */
public final class StepCounters {
    private StepCounters() {}

    public static void main(String[] args) throws IOException {
        String model = args.length > 0 ? args[0] : "p4cnn";
        String phase = args.length > 1 ? args[1] : "trainStep";
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        TrainStepBench b = new TrainStepBench();
        b.model = model;
        b.batch = 64;
        b.device = "cpu";
        b.setUp();
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        Runnable step = switch (phase) {
            case "trainStep" -> () -> b.trainStep(bh);
            case "forwardNoGrad" -> () -> b.forwardNoGrad(bh);
            default -> throw new IllegalArgumentException("phase must be trainStep or forwardNoGrad, got " + phase);
        };
        for (int i = 0; i < warmup; i++) step.run();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] c0 = Native.cpuAllocationCounters();
        long[] f0 = faults();
        long cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) step.run();
        long t1 = System.nanoTime(), cpu1 = os.getProcessCpuTime();
        long[] f1 = faults();
        long[] c1 = Native.cpuAllocationCounters();
        System.out.printf("%s %s, %d steps after %d: per step: system allocations %.1f, cache reuses %.1f, "
                + "zero-filled %.2f MB, system frees %.1f, minor faults %.1f, major faults %.1f; "
                + "wall %.1f ms, process CPU %.1f ms (load-dependent); cached %.1f MB, peak in use %.1f MB%n",
                model, phase, steps, warmup, (c1[0] - c0[0]) / (double) steps, (c1[1] - c0[1]) / (double) steps,
                (c1[2] - c0[2]) / 1e6 / steps, (c1[3] - c0[3]) / (double) steps, (f1[0] - f0[0]) / (double) steps,
                (f1[1] - f0[1]) / (double) steps, (t1 - t0) / 1e6 / steps, (cpu1 - cpu0) / 1e6 / steps,
                Native.memoryCached(org.symkern.tensor.Device.CPU) / 1e6,
                Native.memoryPeak(org.symkern.tensor.Device.CPU) / 1e6);
        b.tearDown();
    }

    /** {minflt, majflt} of this process. */
    static long[] faults() throws IOException {
        String s = Files.readString(Path.of("/proc/self/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");   // f[0] is field 3 (state)
        return new long[] {Long.parseLong(f[7]), Long.parseLong(f[9])};
    }
}
