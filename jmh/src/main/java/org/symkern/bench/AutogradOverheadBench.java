package org.symkern.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.symkern.autograd.GradMode;
import org.symkern.jni.SymkernNative;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * Per-op overhead of the Java layers on a one-element tensor (so the kernel itself costs ~nothing):
 * <ul>
 *   <li>rawKernelCall — sk_unary_forward on preallocated buffers: JNI + argument checks + dispatch;</li>
 *   <li>forwardNoGrad — Tensor.relu() with grad mode off: + output allocation, Function object, scope;</li>
 *   <li>forwardBackward — y = x.relu() with x requiring grad, then y.backward(): the whole autograd
 *       path of one op (graph recording, topological sort, backward kernel, gradient accumulation).</li>
 * </ul>
 * Each iteration of the last two runs inside its own Scope, whose close (freeing the temporaries) is
 * part of the measured cost.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AutogradOverheadBench {
    Scope scope;
    Tensor x, y, leaf;

    @Setup(Level.Trial)
    public void setUp() {
        scope = Scope.open();
        x = Tensor.of(new float[] {0.5f}, 1);
        y = Tensor.zeros(1);
        leaf = Tensor.of(new float[] {0.5f}, 1).requiresGrad(true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scope.close();
    }

    @Benchmark
    public int rawKernelCall() {
        return SymkernNative.sk_unary_forward(y.buffer(), x.buffer(), 1, 1, 0f);
    }

    @Benchmark
    public void forwardNoGrad(Blackhole bh) {
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            bh.consume(x.relu());
        }
    }

    @Benchmark
    public void forwardBackward(Blackhole bh) {
        try (Scope s = Scope.open()) {
            leaf.zeroGrad();
            Tensor out = leaf.relu();
            out.backward();
            bh.consume(leaf.grad());
        }
        Native.synchronize(leaf.device());
    }
}
