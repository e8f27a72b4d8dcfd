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
import org.symkern.salf.GCnn;
import org.symkern.models.P4Cnn;
import org.symkern.salf.SalfCnn;
import org.symkern.models.Z2Cnn;
import org.symkern.nn.GSpace;
import org.symkern.nn.Module;
import org.symkern.optim.Adam;
import org.symkern.salf.AsymmetryLoss;
import org.symkern.salf.SalfModel;
import org.symkern.tensor.Device;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * One training step of the MNIST-rot reference models (docs/models.md, section MNIST-rot CNNs) at batch 64 on 28x28 inputs:
 * {@link P4Cnn} (lifting conv + 6 p4 group convs with 10 fields, inner batch norm, ReLU, plane max-pool,
 * group max-pool, global max-pool) or its plain twin {@link Z2Cnn}; {@code p4m} = {@link GCnn} over p4m with 7 fields
 * (the parameter-matched p4m width); and SALF's image rows (docs/salf.md, section symkern's reading):
 * {@code gcnn} = {@link GCnn} (p4, 10 fields: the P4Cnn encoder without its top conv, pooled invariant head,
 * linear classifier) and {@code salfcnn} = {@link SalfCnn} (the same encoder, the gated asymmetry head), whose loss
 * adds 0.1 times the asymmetry loss of its embedding (margin 1).
 * <ul>
 *   <li>{@code trainStep}: forward, cross-entropy, backward, Adam (lr 1e-3) — the speed bar for p4cnn
 *       on the CPU is 80 ms (PyTorch 1.13 with 2 threads, filter expansion + conv2d: about 64 ms);</li>
 *   <li>{@code forwardLoss}: forward and cross-entropy with the graph recorded (the forward share of a step);</li>
 *   <li>{@code forwardNoGrad}: the same with gradients off (batch norm still in training mode: batch statistics).</li>
 *   <li>{@code inference}: the logits in evaluation mode (batch norm with running statistics, dropout off) with
 *       gradients off and no loss: what PyTorch's {@code model.eval()} under {@code torch.inference_mode()} measures.</li>
 * </ul>
 * Inputs and labels are preallocated; each call runs in its own Scope (every temporary freed) and ends with a
 * device synchronize. The setup prints the step's convolution FLOPs computed from the layer shapes.
 * Run: {@code java -jar jmh/target/benchmarks.jar TrainStepBench -f 1 -wi 3 -i 5}; the SALF rows:
 * {@code ... TrainStepBench.trainStep -p model=z2cnn,gcnn,salfcnn}.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrainStepBench {
    static final int SIZE = 28, CLASSES = 10;
    static final float LAMBDA = 0.1f;

    @Param({"p4cnn"})
    public String model;

    @Param({"64"})
    public int batch;

    @Param({"cpu"})
    public String device;

    Device dev;
    Module net;
    Adam opt;
    Tensor x, labels;
    int[] labelArray;
    Scope inputs;

    @Setup(Level.Trial)
    public void setUp() {
        dev = Device.parse(device);
        net = switch (model) {
            case "p4cnn" -> new P4Cnn(dev, 1);
            case "p4m" -> new GCnn(GSpace.P4M, 1, 7, CLASSES, dev, 1);
            case "z2cnn" -> new Z2Cnn(dev, 1);
            case "gcnn" -> new GCnn(GSpace.P4, 1, 10, CLASSES, dev, 1);
            case "salfcnn" -> new SalfCnn(GSpace.P4, 1, 10, CLASSES, dev, 1);
            default -> throw new IllegalArgumentException("model must be p4cnn, p4m, z2cnn, gcnn or salfcnn, got " + model);
        };
        opt = new Adam(net.parameters(), 1e-3f);
        SplittableRandom r = new SplittableRandom(7);
        float[] xs = new float[batch * SIZE * SIZE];
        for (int i = 0; i < xs.length; i++) xs[i] = (float) (Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
        int[] ys = new int[batch];
        for (int i = 0; i < batch; i++) ys[i] = r.nextInt(CLASSES);
        labelArray = ys;
        inputs = Scope.standalone("TrainStepBench.inputs");
        try (Scope.Activation a = inputs.activate()) {
            x = Tensor.of(xs, Shape.of(batch, 1, SIZE, SIZE), dev);
            labels = Tensor.ofInts(ys, Shape.of(batch), dev);
        }
        System.out.printf("%n%s: %d parameters%n", net.name(), net.parameterCount());
        if (net instanceof P4Cnn p) {
            double[] f = p.convFlops(batch, SIZE, SIZE);
            StringBuilder sb = new StringBuilder();
            double fwd = 0;
            for (double v : f) {
                sb.append(String.format(" %.1f", v / 1e6));
                fwd += v;
            }
            System.out.printf("%nP4Cnn, batch %d, %dx%d: %d parameters; conv forward MFLOP per layer:%s; forward %.3f GFLOP; "
                    + "training step (fwd + dgrad of layers 2-7 + wgrad) %.3f GFLOP%n", batch, SIZE, SIZE, net.parameterCount(),
                    sb, fwd / 1e9, p.trainStepConvFlops(batch, SIZE, SIZE) / 1e9);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        opt.close();
        net.close();
        inputs.close();
    }

    @Benchmark
    public void trainStep(Blackhole bh) {
        try (Scope s = Scope.open()) {
            opt.zeroGrad();
            Tensor loss = loss();
            loss.backward();
            opt.step();
            Native.synchronize(dev);
            bh.consume(loss);
        }
    }

    /** Cross-entropy, plus LAMBDA L_asym(z) for the SALF model. */
    Tensor loss() {
        if (!(net instanceof SalfCnn salf)) return net.forward(x).crossEntropy(labels);
        SalfModel.LogitsAndEmbedding out = salf.logitsAndEmbedding(x);
        return out.logits().crossEntropy(labels).add(AsymmetryLoss.compute(out.embedding(), labelArray, CLASSES, 1f).mul(LAMBDA));
    }

    @Benchmark
    public void forwardLoss(Blackhole bh) {
        try (Scope s = Scope.open()) {
            Tensor loss = loss();
            Native.synchronize(dev);
            bh.consume(loss);
        }
    }

    @Benchmark
    public void inference(Blackhole bh) {
        net.train(false);
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            Tensor logits = net instanceof SalfCnn salf ? salf.logitsAndEmbedding(x).logits() : net.forward(x);
            Native.synchronize(dev);
            bh.consume(logits);
        } finally {
            net.train(true);
        }
    }

    @Benchmark
    public void forwardNoGrad(Blackhole bh) {
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            Tensor loss = loss();
            Native.synchronize(dev);
            bh.consume(loss);
        }
    }
}
