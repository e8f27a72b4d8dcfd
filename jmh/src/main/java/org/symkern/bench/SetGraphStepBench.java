package org.symkern.bench;

import java.util.ArrayList;
import java.util.List;
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
import org.symkern.group.PairOrbits;
import org.symkern.group.PermutationGroups;
import org.symkern.nn.Activation;
import org.symkern.nn.DeepSets;
import org.symkern.nn.LayerNorm;
import org.symkern.nn.Linear;
import org.symkern.nn.Module;
import org.symkern.nn.OrbitGatV2;
import org.symkern.nn.Sequential;
import org.symkern.ops.EdgeAttention;
import org.symkern.ops.Random;
import org.symkern.ops.Reduce;
import org.symkern.ops.SegmentReduce;
import org.symkern.tensor.Device;
import org.symkern.tensor.Native;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * The two set / graph workloads of the PyTorch anchor {@code deepsets_gnn_torch.py --bench} (its defaults), built from
 * our layers at the same sizes, for {@code jmh/side-by-side.sh}:
 * <ul>
 *   <li>{@code orbitgnn}: 32 complete graphs of 20 nodes with self pairs (12,800 edges, orbit categories of the cyclic
 *       group C_20 on pairs), input Linear(16 -&gt; 64), 4 layers h = LayerNorm(h + ELU(W_out OrbitGatV2(h))) with
 *       4 heads of 16 channels, sum read-out per graph, MLP 64 -&gt; 64 -&gt; 1, MSE. The anchor's layer also adds
 *       an orbit embedding to the messages, which OrbitGatV2 does not (ours adds it to the attention logits only).</li>
 *   <li>{@code deepsets}: 32 sets of 10..30 elements of 16 features (seeded sizes), phi = Linear(16, 64) ReLU
 *       Linear(64, 64) ReLU, sum pool, rho = Linear(64, 64) ReLU Linear(64, 1), MSE.</li>
 * </ul>
 * {@code trainStep}: forward, MSE, backward (the anchor's step: gradients zeroed, no optimiser update);
 * {@code inference}: the forward pass with gradients off. One thread:
 * {@code OMP_NUM_THREADS=1 java -jar jmh/target/benchmarks.jar SetGraphStepBench -f 1 -wi 3 -i 5}.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SetGraphStepBench {
    static final int GRAPHS = 32, N = 20, IN = 16, HIDDEN = 64, LAYERS = 4, HEADS = 4, SETS = 32;

    @Param({"orbitgnn", "deepsets"})
    public String model;

    @Param({"cpu"})
    public String device;

    /** The anchor's OrbitGNN from our layers: input Linear, LAYERS x LayerNorm(h + ELU(W_out GATv2(h))), sum per graph, MLP. */
    static final class OrbitGnn extends Module {
        final Linear inp;
        final List<OrbitGatV2> gats = new ArrayList<>();
        final List<Linear> outs = new ArrayList<>();
        final List<LayerNorm> norms = new ArrayList<>();
        final Sequential readout;

        OrbitGnn(int[][] csr, long categories, Device dev) {
            super("OrbitGnn");
            inp = child("inp", new Linear(IN, HIDDEN, true, dev, 1));
            for (int l = 0; l < LAYERS; l++) {
                gats.add(child("gat" + l, OrbitGatV2.csr(csr[0], csr[1], csr[2], categories, HIDDEN, HEADS, HIDDEN / HEADS, HIDDEN, null,
                        EdgeAttention.SelfLoops.CATEGORY, dev, 10 + l)));
                outs.add(child("out" + l, new Linear(HIDDEN, HIDDEN, true, dev, 20 + l)));
                norms.add(child("norm" + l, new LayerNorm(HIDDEN, dev)));
            }
            readout = child("readout", new Sequential(new Linear(HIDDEN, HIDDEN, true, dev, 30), Activation.relu(),
                    new Linear(HIDDEN, 1, true, dev, 31)));
        }

        /** x (GRAPHS * N, IN) -> (GRAPHS, 1). */
        @Override
        public Tensor forward(Tensor x) {
            Tensor h = inp.forward(x);
            for (int l = 0; l < LAYERS; l++) h = norms.get(l).forward(h.add(outs.get(l).forward(gats.get(l).forward(h)).elu(1f)));
            return readout.forward(h.reshape(GRAPHS, N, HIDDEN).sum(1, false));
        }
    }

    Device dev;
    Scope state;
    Module net;
    Tensor x, target, offsets;
    int rows;

    @Setup(Level.Trial)
    public void setUp() {
        dev = Device.parse(device);
        state = Scope.standalone("SetGraphStepBench");
        try (Scope.Activation a = state.activate()) {
            if (model.equals("orbitgnn")) {
                PairOrbits orbits = org.symkern.tensor.Orbits.pairOrbits(PermutationGroups.cyclic(N));
                net = new OrbitGnn(OrbitGatV2.completeGraphCsr(orbits, GRAPHS), orbits.count(), dev);
                rows = GRAPHS * N;
                x = Random.normal(Shape.of(rows, IN), dev, 0f, 1f, 7, 0);
                target = Random.normal(Shape.of(GRAPHS, 1), dev, 0f, 1f, 8, 0);
            } else {
                Sequential phi = new Sequential(new Linear(IN, HIDDEN, true, dev, 1), Activation.relu(), new Linear(HIDDEN, HIDDEN, true, dev, 2),
                        Activation.relu());
                Sequential rho = new Sequential(new Linear(HIDDEN, HIDDEN, true, dev, 3), Activation.relu(), new Linear(HIDDEN, 1, true, dev, 4));
                net = new DeepSets(phi, Reduce.Op.SUM, rho);
                SplittableRandom r = new SplittableRandom(0);
                long[] off = new long[SETS + 1];
                for (int s = 0; s < SETS; s++) off[s + 1] = off[s] + r.nextInt(N / 2, 3 * N / 2 + 1);
                rows = (int) off[SETS];
                offsets = Tensor.ofLongs(off, Shape.of(SETS + 1), dev);
                x = Random.normal(Shape.of(rows, IN), dev, 0f, 1f, 7, 0);
                target = Random.normal(Shape.of(SETS, 1), dev, 0f, 1f, 8, 0);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        net.close();
        state.close();
    }

    Tensor forward() {
        return net instanceof DeepSets d ? d.forward(x, offsets) : net.forward(x);
    }

    @Benchmark
    public void trainStep(Blackhole bh) {
        try (Scope s = Scope.open()) {
            for (Tensor p : net.parameters()) p.zeroGrad();
            Tensor d = forward().sub(target);
            Tensor loss = d.mul(d).mean();
            loss.backward();
            bh.consume(loss.item());
            Native.synchronize(dev);
        }
    }

    @Benchmark
    public void inference(Blackhole bh) {
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            bh.consume(forward());
            Native.synchronize(dev);
        }
    }
}
