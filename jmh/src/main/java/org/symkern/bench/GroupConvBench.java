package org.symkern.bench;

import java.util.SplittableRandom;
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
import org.symkern.ops.FilterExpand;
import org.symkern.ops.GroupConv2d;
import org.symkern.ops.MatMul;
import org.symkern.tensor.Device;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * One p4 / p4m group-convolution layer (10 -> 10 fields, 3x3, padding 1, stride 1) on a batch of 64 28x28
 * feature maps — the P4CNN hidden layer — computed two ways, so the ratio of the two rows can be read:
 * <ul>
 *   <li>{@code fused}: {@link GroupConv2d} (K9), which expands the filter bank slice by slice inside the
 *       kernel;</li>
 *   <li>{@code unfused}: {@link FilterExpand} (K8) materializes W_exp (co*to, ci*si*9), a second K8 call with
 *       an im2col gather table (coefficient 0 on padded taps) builds the (B, Ho*Wo, ci*si*9) column tensor,
 *       then {@link MatMul} (K1) gives (B, co*to, Ho*Wo) and a broadcast add the bias — every step with
 *       autograd, so the backward is the transposed table, col2im and two gemms.</li>
 * </ul>
 * {@code forward} runs with gradients off; {@code forwardBackward} records the graph with x, w and bias
 * requiring gradients and back-propagates a fixed dy. Each call runs in its own Scope (temporaries freed).
 * Run: {@code java -jar jmh/target/benchmarks.jar GroupConvBench -f 1 -wi 2 -i 3} (add {@code -p device=cuda}
 * on a GPU machine).
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class GroupConvBench {
    static final int BATCH = 64, SIZE = 28, FIELDS = 10, K = 3, PAD = 1;

    @Param({"p4", "p4m"})
    public String group;

    @Param({"fused", "unfused"})
    public String impl;

    @Param({"cpu"})
    public String device;

    Scope scope;
    Tensor x, w, bias, idx, colIdx, colCoef, dy;
    int order;

    @Setup(Level.Trial)
    public void setUp() {
        scope = Scope.open();
        Device dev = Device.parse(device);
        order = group.equals("p4") ? 4 : 8;
        SplittableRandom r = new SplittableRandom(1);
        x = Tensor.of(gaussian(r, BATCH * FIELDS * order * SIZE * SIZE, 1.0), Shape.of(BATCH, FIELDS, order, SIZE, SIZE), dev)
                .requiresGrad(true);
        w = Tensor.of(gaussian(r, FIELDS * FIELDS * order * K * K, 0.1), Shape.of(FIELDS, FIELDS, order * K * K), dev)
                .requiresGrad(true);
        bias = Tensor.of(gaussian(r, FIELDS, 0.1), Shape.of(FIELDS), dev).requiresGrad(true);
        idx = Tensor.ofInts(groupTable(order, K), Shape.of(order, order, K * K, 1), dev);
        int n = SIZE * SIZE;
        int[] ci = new int[n * K * K];
        float[] cc = new float[n * K * K];
        for (int py = 0; py < SIZE; py++)
            for (int px = 0; px < SIZE; px++)
                for (int t = 0; t < K * K; t++) {
                    int iy = py - PAD + t / K, ix = px - PAD + t % K, f = (py * SIZE + px) * K * K + t;
                    boolean inside = iy >= 0 && iy < SIZE && ix >= 0 && ix < SIZE;
                    ci[f] = inside ? iy * SIZE + ix : 0;
                    cc[f] = inside ? 1f : 0f;
                }
        colIdx = Tensor.ofInts(ci, Shape.of(n, 1, K * K, 1), dev);
        colCoef = Tensor.of(cc, Shape.of(n, 1, K * K, 1), dev);
        dy = Tensor.of(gaussian(r, BATCH * FIELDS * order * n, 1.0), Shape.of(BATCH, FIELDS, order, SIZE, SIZE), dev);
        checkBothWaysAgree();
    }

    /** The two implementations must compute the same layer, or the ratio means nothing. */
    void checkBothWaysAgree() {
        String keep = impl;
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            impl = "fused";
            float[] a = layer().toFloatArray();
            impl = "unfused";
            float[] b = layer().toFloatArray();
            double worst = 0;
            for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
            if (worst > 1e-3) throw new IllegalStateException("fused and unfused group conv differ by " + worst);
        } finally {
            impl = keep;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scope.close();
    }

    /** p4 / p4m group-layer table: idx[t, s, tap] = T[t, s] * k*k + rotated / flipped tap (docs/groups.md, section Filter tables). */
    static int[] groupTable(int order, int k) {
        int[] idx = new int[order * order * k * k];
        int c = (k - 1) / 2, n = 0;
        for (int t = 0; t < order; t++)
            for (int s = 0; s < order; s++)
                for (int y = 0; y < k; y++)
                    for (int xx = 0; xx < k; xx++) {
                        int tinv = t >= 4 ? t : (4 - t) % 4;   // D4 inverse, t = 4m + r
                        int m1 = tinv / 4, r1 = tinv % 4, m2 = s / 4, r2 = s % 4;
                        int slice = 4 * ((m1 + m2) % 2) + Math.floorMod((m2 == 1 ? -r1 : r1) + r2, 4);
                        int u = y - c, v = xx - c;
                        if (t >= 4) u = -u;
                        for (int r = 0; r < t % 4; r++) {
                            int nu = v;
                            v = -u;
                            u = nu;
                        }
                        idx[n++] = slice * k * k + (u + c) * k + (v + c);
                    }
        return idx;
    }

    static float[] gaussian(SplittableRandom r, int n, double scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (scale * Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
        return out;
    }

    Tensor layer() {
        if (impl.equals("fused")) return GroupConv2d.apply(x, w, bias, idx, null, 1, PAD);
        long m = (long) FIELDS * order, kk = (long) FIELDS * order * K * K, n = (long) SIZE * SIZE;
        Tensor bank = FilterExpand.apply(w, idx, null).reshape(m, kk);
        Tensor cols = FilterExpand.apply(x.reshape(BATCH, FIELDS * order, n), colIdx, colCoef).reshape(BATCH, n, kk);
        Tensor y = MatMul.apply(bank, cols, false, true).reshape(BATCH, FIELDS, order, SIZE, SIZE);
        return y.add(bias.reshape(FIELDS, 1, 1, 1));
    }

    @Benchmark
    public void forward(Blackhole bh) {
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            Tensor y = layer();
            Native.synchronize(y.device());
            bh.consume(y);
        }
    }

    @Benchmark
    public void forwardBackward(Blackhole bh) {
        try (Scope s = Scope.open()) {
            x.zeroGrad();
            w.zeroGrad();
            bias.zeroGrad();
            Tensor y = layer();
            y.backward(dy);
            Native.synchronize(y.device());
            bh.consume(w.grad());
        }
    }
}
