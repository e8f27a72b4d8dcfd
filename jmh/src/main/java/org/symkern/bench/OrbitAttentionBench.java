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
import org.symkern.ops.EdgeAttention;
import org.symkern.ops.EdgeAttention.SelfLoops;
import org.symkern.ops.Random;
import org.symkern.tensor.Device;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * The orbit-GATv2 attention kernel (K14, {@link EdgeAttention}) on B = 64 complete graphs of n nodes, H = 8 heads
 * of C = 16 channels, 6 edge categories (the dihedral group on 10 points has 6), MEAN self loops (the ASEN
 * reference setting): dense graphs vs the same graphs as one block-diagonal CSR (64 n^2 edges).
 * <ul>
 *   <li>forward — out = attention(xl, xr, ep, att) with grad mode off;</li>
 *   <li>forwardBackward — the same with all four inputs requiring gradients, then out.backward(seed).</li>
 * </ul>
 * Napkin math: 64 n^2 edges x 128 channels x ~4 flops forward (n = 100: 0.33 GFLOP), ~3x that backward.
 * Run: {@code java -jar jmh/target/benchmarks.jar OrbitAttentionBench -p device=cuda:0} for the GPU.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class OrbitAttentionBench {
    static final int B = 64, H = 8, C = 16, K = 6;

    @Param({"10", "50", "100"})
    int n;

    @Param({"dense", "csr"})
    String graph;

    @Param({"cpu"})
    String device;

    Scope scope;
    Tensor xl, xr, ep, att, cat, offsets, sources, edgeCat, seed;

    @Setup(Level.Trial)
    public void setUp() {
        Device dev = Device.parse(device);
        scope = Scope.open();
        long nodes = (long) B * n;
        xl = Random.normal(Shape.of(B, n, H * C), dev, 0f, 1f, 1, 0).requiresGrad(true);
        xr = Random.normal(Shape.of(B, n, H * C), dev, 0f, 1f, 2, 0).requiresGrad(true);
        ep = Random.normal(Shape.of(K, H * C), dev, 0f, 1f, 3, 0).requiresGrad(true);
        att = Random.normal(Shape.of(H, C), dev, 0f, 0.3f, 4, 0).requiresGrad(true);
        seed = Random.normal(Shape.of(B, n, H * C), dev, 0f, 1f, 5, 0);
        int[] c = new int[n * n];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++) c[j * n + i] = Math.min(Math.floorMod(i - j, n), Math.floorMod(j - i, n)) % K;
        cat = Tensor.ofInts(c, Shape.of(n, n), dev);
        int[] off = new int[(int) nodes + 1], src = new int[(int) nodes * n], ec = new int[(int) nodes * n];
        for (int t = 0, e = 0; t < nodes; t++) {
            for (int j = 0; j < n; j++) {
                src[e] = (t / n) * n + j;
                ec[e++] = c[j * n + t % n];
            }
            off[t + 1] = e;
        }
        offsets = Tensor.ofInts(off, Shape.of(off.length), dev);
        sources = Tensor.ofInts(src, Shape.of(src.length), dev);
        edgeCat = Tensor.ofInts(ec, Shape.of(ec.length), dev);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scope.close();
    }

    Tensor attention() {
        if (graph.equals("dense")) return EdgeAttention.dense(xl, xr, ep, att, cat, SelfLoops.MEAN, 0.2f);
        return EdgeAttention.csr(xl.reshape(-1, H * C), xr.reshape(-1, H * C), ep, att, offsets, sources, edgeCat,
                SelfLoops.MEAN, 0.2f);
    }

    @Benchmark
    public void forward(Blackhole bh) {
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            bh.consume(attention());
            Native.synchronize(xl.device());
        }
    }

    @Benchmark
    public void forwardBackward(Blackhole bh) {
        try (Scope s = Scope.open()) {
            for (Tensor t : new Tensor[] {xl, xr, ep, att}) t.zeroGrad();
            Tensor out = attention();
            out.backward(graph.equals("dense") ? seed : seed.reshape(-1, H * C));
            bh.consume(ep.grad());
            Native.synchronize(xl.device());
        }
    }
}
