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
import org.symkern.autograd.GradMode;
import org.symkern.explain.Background;
import org.symkern.explain.GradCam;
import org.symkern.explain.KernelShap;
import org.symkern.explain.ModelGuard;
import org.symkern.explain.Output;
import org.symkern.explain.Players;
import org.symkern.nn.GSpace;
import org.symkern.salf.GCnn;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * The cost of explanations on one 28x28 digit and the p4 G-CNN of SALF's symmetry-only arm ({@link GCnn}, 10
 * fields), CPU:
 * <ul>
 *   <li>forwardBackward: one forward pass and one backward pass from a class logit to the input (the unit Grad-CAM
 *       is compared with);</li>
 *   <li>gradCam: Grad-CAM at the encoder's output (capture, forward, backward, weights, map, bilinear resize);</li>
 *   <li>kernelShap with batch = 1 (one forward pass per coalition) and batch = 64: 256 sampled coalitions of the 49
 *       superpixels of 4x4 pixels plus the empty and full ones (258 model rows); coalitions/s = 258 / time.</li>
 * </ul>
 * Run: {@code java -jar jmh/target/benchmarks.jar ExplainBench -f 1}.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ExplainBench {
    Scope scope;
    GCnn model;
    Tensor x;
    GradCam gradCam;

    @Setup(Level.Trial)
    public void setUp() {
        scope = Scope.open();
        model = new GCnn(GSpace.P4, 1, 10, 10, Device.CPU, 1);
        model.train(false);
        float[] v = new float[28 * 28];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < v.length; i++) v[i] = r.nextFloat();
        x = Tensor.of(v, Shape.of(1, 1, 28, 28), Device.CPU);
        gradCam = new GradCam(model, "encoder");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
        scope.close();
    }

    @Benchmark
    public float forwardBackward() {
        try (Scope s = Scope.open(); ModelGuard g = ModelGuard.eval(model); GradMode.Guard on = GradMode.enable()) {
            Tensor leaf = x.detach().requiresGrad(true);
            Tensor logits = model.forward(leaf);
            float[] seed = new float[10];
            seed[3] = 1;
            logits.backward(Tensor.of(seed, 1, 10));
            return leaf.grad().sum().item();
        }
    }

    @Benchmark
    public float gradCam() {
        try (Scope s = Scope.open()) {
            return gradCam.explain(x, 3).sum().item();
        }
    }

    /** Coalitions per forward pass for Kernel SHAP. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class ShapBatch {
        @Param({"1", "64"})
        public int batch;
    }

    @Benchmark
    public double kernelShap(ShapBatch b) {
        return new KernelShap().samples(256).batch(b.batch).seed(1)
                .explain(model, x, 3, Output.PROBABILITY, Players.superpixels(4), Background.zeros()).phi()[0];
    }
}
