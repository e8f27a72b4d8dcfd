package org.symkern.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.symkern.jni.SymkernNative;

/**
 * The fixed cost of one call through the JavaCPP binding: sk_noop (returns its argument) against the
 * same work done in Java. The difference is the per-call JNI overhead every op pays once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JniOverheadBench {
    int x = 17;

    @Benchmark
    public int javaNoop() {
        return identity(x);
    }

    @Benchmark
    public int nativeNoop() {
        return SymkernNative.sk_noop(x);
    }

    private static int identity(int v) {
        return v;
    }
}
