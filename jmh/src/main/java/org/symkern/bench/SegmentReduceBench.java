package org.symkern.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.symkern.autograd.GradMode;
import org.symkern.jni.SymkernNative;
import org.symkern.ops.Random;
import org.symkern.ops.Reduce;
import org.symkern.ops.SegmentReduce;
import org.symkern.tensor.DType;
import org.symkern.tensor.Device;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * DeepSets pooling (K11 segment_reduce) at a realistic batch: {@code sets} sets of {@code items} rows of
 * {@code features} floats (default 64 x 40 x 128 = 1.25 MiB of input), sum / mean / max:
 * <ul>
 *   <li>rawForward — sk_segment_reduce_forward on preallocated buffers (kernel + JNI + argument checks);</li>
 *   <li>forward — SegmentReduce.apply with grad mode off (+ output allocation and scope);</li>
 *   <li>forwardBackward — y = SegmentReduce.apply(x) with x requiring grad, then y.backward(seed).</li>
 * </ul>
 * Napkin math: the forward reads rows*features*4 bytes once, the backward writes as much. Run on a GPU
 * with {@code -p device=cuda:0}.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SegmentReduceBench {
    @Param({"SUM", "MEAN", "MAX"})
    public String op;

    @Param({"64"})
    public int sets;

    @Param({"40"})
    public int items;

    @Param({"128"})
    public int features;

    @Param({"cpu"})
    public String device;

    Scope scope;
    Device dev;
    Reduce.Op reduceOp;
    Tensor x, leaf, offsets, y, argmax, seed;
    long rows;

    @Setup(Level.Trial)
    public void setUp() {
        scope = Scope.open();
        dev = Device.parse(device);
        reduceOp = Reduce.Op.valueOf(op);
        rows = (long) sets * items;
        long[] sizes = new long[sets];
        java.util.Arrays.fill(sizes, items);
        offsets = SegmentReduce.offsets(dev, sizes);
        x = Random.normal(Shape.of(rows, features), dev, 0f, 1f, 1, 0);
        leaf = x.copy().requiresGrad(true);
        y = Tensor.zeros(Shape.of(sets, features), dev);
        argmax = Tensor.zeros(Shape.of(sets, features), DType.INT32, dev);
        seed = Random.normal(Shape.of(sets, features), dev, 0f, 1f, 2, 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scope.close();
    }

    @Benchmark
    public int rawForward() {
        int status = SymkernNative.sk_segment_reduce_forward(y.buffer(), argmax.buffer(), x.buffer(), offsets.buffer(),
                sets, rows, features, reduceOp.code);
        Native.synchronize(dev);
        return status;
    }

    @Benchmark
    public void forward(Blackhole bh) {
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            bh.consume(SegmentReduce.apply(x, offsets, reduceOp));
            Native.synchronize(dev);
        }
    }

    @Benchmark
    public void forwardBackward(Blackhole bh) {
        try (Scope s = Scope.open()) {
            leaf.zeroGrad();
            SegmentReduce.apply(leaf, offsets, reduceOp).backward(seed);
            bh.consume(leaf.grad());
            Native.synchronize(dev);
        }
    }
}
