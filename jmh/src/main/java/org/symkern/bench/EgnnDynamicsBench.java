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
import org.symkern.optim.Adam;
import org.symkern.pointcloud.ChargedNBody;
import org.symkern.pointcloud.DynamicsModel;
import org.symkern.pointcloud.EgnnDynamics;
import org.symkern.pointcloud.GnnDynamics;
import org.symkern.pointcloud.NBodySet;
import org.symkern.tensor.Device;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * One training step of the N-body models of the point-cloud experiment (batch 100 systems of 5 charged particles,
 * width 64, 4 layers): {@code egnn} = {@link EgnnDynamics} (EGNN with the velocity term), {@code egnn-external} (with
 * the field as a reference vector) and {@code gnn} = {@link GnnDynamics}.
 * <ul>
 *   <li>{@code trainStep}: forward, MSE on the positions, backward, Adam (lr 5e-4);</li>
 *   <li>{@code inference}: the forward pass with gradients off.</li>
 * </ul>
 * Each call runs in its own Scope and ends with a device synchronize. Run:
 * {@code OMP_NUM_THREADS=1 java -jar jmh/target/benchmarks.jar EgnnDynamicsBench -f 1 -wi 3 -i 5}.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EgnnDynamicsBench {
    @Param({"egnn", "egnn-external", "gnn"})
    public String model;

    @Param({"100"})
    public int batch;

    @Param({"cpu"})
    public String device;

    Device dev;
    DynamicsModel net;
    Adam opt;
    NBodySet data;

    @Setup(Level.Trial)
    public void setUp() {
        dev = Device.parse(device);
        data = new ChargedNBody(ChargedNBody.Config.benchmark().withField(ChargedNBody.Field.RANDOM, 0.25)).generate(1, 0, batch);
        EgnnDynamics.Options o = EgnnDynamics.Options.benchmark().withCharges(true);
        net = switch (model) {
            case "egnn" -> new EgnnDynamics(o, dev, 1);
            case "egnn-external" -> new EgnnDynamics(o.withExternal(true), dev, 1);
            case "gnn" -> new GnnDynamics(64, 4, true, true, dev, 1);
            default -> throw new IllegalArgumentException("model " + model);
        };
        opt = Adam.builder(net.parameters()).lr(5e-4f).weightDecay(1e-12f).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        opt.close();
        net.close();
    }

    @Benchmark
    public void trainStep(Blackhole bh) {
        try (Scope s = Scope.open()) {
            opt.zeroGrad();
            Tensor d = net.predict(data).sub(Tensor.of(data.target(), Shape.of(data.count(), data.n(), 3), dev));
            Tensor loss = d.mul(d).mean();
            loss.backward();
            opt.step();
            bh.consume(loss.item());
            Native.synchronize(dev);
        }
    }

    @Benchmark
    public void inference(Blackhole bh) {
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            Tensor y = net.predict(data);
            bh.consume(y);
            Native.synchronize(dev);
        }
    }
}
