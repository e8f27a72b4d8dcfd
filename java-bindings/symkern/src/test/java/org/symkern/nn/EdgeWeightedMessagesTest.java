package org.symkern.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.symkern.nn.GraphConvTest.NODES;
import static org.symkern.nn.GraphConvTest.directed;
import static org.symkern.nn.GraphConvTest.ints;

import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradCheck;
import org.symkern.models.EquivariantGnn;
import org.symkern.models.Gcn;
import org.symkern.models.GcnNodeClassifier;
import org.symkern.models.GraphClassifier;
import org.symkern.ops.Reduce;
import org.symkern.salf.SalfGnn;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/**
 * Per-edge weights in the message-passing layers: weights of one reproduce the unweighted layer bit for bit, the
 * gradient with respect to the weights matches finite differences, and a zero weight removes the message.
 */
class EdgeWeightedMessagesTest {
    static Tensor weights(int edges, long seed) {
        float[] w = Fixtures.awayFromZero(seed, edges, 0.3, 1.5);
        return Tensor.of(w, Shape.of(edges), Device.CPU);
    }

    @Test
    void gcnWeightsOfOneGiveIdenticalOutputs() {
        try (GcnConv conv = new GcnConv(5, 3, Device.CPU, 7); Scope s = Scope.open()) {
            int[][] e = directed(3);
            Tensor x = Tensor.of(Fixtures.randn(1, NODES * 5, 1.0), NODES, 5), src = ints(e[0]), dst = ints(e[1]);
            GcnConv.Normalization norm = GcnConv.normalize(src, dst, NODES);
            float[] plain = conv.forward(x, src, dst, norm).toFloatArray();
            assertArrayEquals(plain, conv.forward(x, src, dst, norm, null).toFloatArray());
            assertArrayEquals(plain, conv.forward(x, src, dst, norm, Tensor.ones(Shape.of(e[0].length), Device.CPU)).toFloatArray());
        }
    }

    @Test
    void gcnEdgeWeightGradientMatchesFiniteDifferences() {
        try (GcnConv conv = new GcnConv(4, 3, Device.CPU, 2); Scope s = Scope.open()) {
            int[][] e = directed(6);
            Tensor x = Tensor.of(Fixtures.randn(4, NODES * 4, 1.0), NODES, 4), src = ints(e[0]), dst = ints(e[1]);
            GcnConv.Normalization norm = GcnConv.normalize(src, dst, NODES);
            Tensor w = weights(e[0].length, 5).requiresGrad(true);
            GradCheck.assertGradients(in -> conv.forward(x, src, dst, norm, in[0]), new Tensor[] {w}, 1e-2, 2e-3, 2e-3);
        }
    }

    @Test
    void ginWeightsOfOneGiveIdenticalOutputsAndZeroRemovesTheEdge() {
        try (GinConv conv = new GinConv(new Linear(4, 6, Device.CPU, 9), 0.25f); Scope s = Scope.open()) {
            int[][] e = directed(4);
            Tensor x = Tensor.of(Fixtures.randn(2, NODES * 4, 1.0), NODES, 4), src = ints(e[0]), dst = ints(e[1]);
            float[] plain = conv.forward(x, src, dst).toFloatArray();
            assertArrayEquals(plain, conv.forward(x, src, dst, Tensor.ones(Shape.of(e[0].length), Device.CPU)).toFloatArray());
            // weight 0 on edge 0 = the graph without that edge
            float[] w = new float[e[0].length];
            java.util.Arrays.fill(w, 1f);
            w[0] = 0f;
            int[] src1 = java.util.Arrays.copyOfRange(e[0], 1, e[0].length), dst1 = java.util.Arrays.copyOfRange(e[1], 1, e[1].length);
            assertArrayEquals(conv.forward(x, ints(src1), ints(dst1)).toFloatArray(),
                    conv.forward(x, src, dst, Tensor.of(w, Shape.of(w.length), Device.CPU)).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void ginEdgeWeightGradientMatchesFiniteDifferences() {
        Module mlp = new Sequential(new Linear(4, 5, Device.CPU, 3), Activation.tanh(), new Linear(5, 2, Device.CPU, 4));
        try (GinConv conv = new GinConv(mlp, 0f); Scope s = Scope.open()) {
            int[][] e = directed(8);
            Tensor x = Tensor.of(Fixtures.randn(6, NODES * 4, 1.0), NODES, 4), src = ints(e[0]), dst = ints(e[1]);
            Tensor w = weights(e[0].length, 7).requiresGrad(true);
            GradCheck.assertGradients(in -> conv.forward(x, src, dst, in[0]), new Tensor[] {w}, 1e-2, 2e-3, 2e-3);
        }
    }

    @Test
    void wrongEdgeWeightShapeIsRejected() {
        try (GinConv conv = new GinConv(new Linear(4, 6, Device.CPU, 9), 0f); Scope s = Scope.open()) {
            int[][] e = directed(4);
            Tensor x = Tensor.zeros(NODES, 4);
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> conv.forward(x, ints(e[0]), ints(e[1]), Tensor.ones(Shape.of(3), Device.CPU)));
            assertEquals("GinConv(eps=0.0): edge weights [3] must be (12) or (12, 1), one per edge", ex.getMessage());
        }
    }

    static final int B = 2, N = 4, NF = 3;

    @Test
    void egnnWeightsOfOneGiveIdenticalOutputs() {
        try (EgnnLayer layer = new EgnnLayer(NF, Device.CPU, 9); Scope s = Scope.open()) {
            Tensor h = Fixtures.randn(1, 1.0, B, N, NF), x = Fixtures.randn(2, 1.0, B, N, 3);
            EgnnLayer.Output plain = layer.forward(h, x), ones = layer.forward(h, x, Tensor.ones(Shape.of(B, N, N), Device.CPU));
            EgnnLayer.Output shared = layer.forward(h, x, Tensor.ones(Shape.of(N, N), Device.CPU));
            assertArrayEquals(plain.h().toFloatArray(), ones.h().toFloatArray());
            assertArrayEquals(plain.x().toFloatArray(), ones.x().toFloatArray());
            assertArrayEquals(plain.h().toFloatArray(), shared.h().toFloatArray());
            assertArrayEquals(plain.x().toFloatArray(), layer.forward(h, x, null).x().toFloatArray());
        }
    }

    @Test
    void egnnEdgeWeightGradientMatchesFiniteDifferences() {
        try (EgnnLayer layer = new EgnnLayer(NF, Device.CPU, 4); Scope s = Scope.open()) {
            Tensor h = Fixtures.randn(3, 1.0, B, N, NF), x = Fixtures.randn(4, 1.0, B, N, 3);
            Tensor w = Tensor.of(Fixtures.awayFromZero(5, B * N * N, 0.3, 1.5), Shape.of(B, N, N), Device.CPU).requiresGrad(true);
            // both outputs: h' and x' (the coordinate messages are weighted too)
            GradCheck.assertGradients(in -> layer.forward(h, x, in[0]).h(), new Tensor[] {w}, 1e-2, 2e-3, 2e-3);
            GradCheck.assertGradients(in -> layer.forward(h, x, in[0]).x(), new Tensor[] {w}, 1e-2, 2e-3, 2e-3);
        }
    }

    @Test
    void graphModelsTakeEdgeWeightsOnOneGraph() {
        int[][] e = directed(2);
        GraphClassifier[] models = {new Gcn(4, 6, 2, 3, Reduce.Op.MEAN, 0f, Device.CPU, 1),
                new EquivariantGnn(4, 6, 2, 3, Reduce.Op.SUM, 0f, Device.CPU, 2),
                new SalfGnn(4, 6, 2, 3, Reduce.Op.SUM, 0f, false, 0.5f, Device.CPU, 3)};
        for (GraphClassifier m : models)
            try (m; Scope s = Scope.open()) {
                m.train(false);
                Tensor x = Tensor.of(Fixtures.randn(9, NODES * 4, 1.0), NODES, 4), src = ints(e[0]), dst = ints(e[1]);
                float[] plain = m.graphLogits(x, src, dst, null).toFloatArray();
                assertEquals(3, plain.length, m.name());
                assertArrayEquals(plain, m.graphLogits(x, src, dst, Tensor.ones(Shape.of(e[0].length), Device.CPU)).toFloatArray(), m.name());
                Tensor w = weights(e[0].length, 11).requiresGrad(true);
                GradCheck.assertGradients(in -> m.graphLogits(x, src, dst, in[0]), new Tensor[] {w}, 1e-2, 3e-3, 3e-3);
            }
    }

    @Test
    void nodeClassifierEdgeWeightGradientMatchesFiniteDifferences() {
        try (GcnNodeClassifier m = new GcnNodeClassifier(4, 5, 3, 3, Device.CPU, 4); Scope s = Scope.open()) {
            int[][] e = directed(9);
            Tensor x = Tensor.of(Fixtures.randn(6, NODES * 4, 1.0), NODES, 4), src = ints(e[0]), dst = ints(e[1]);
            assertArrayEquals(m.logits(x, src, dst, null).toFloatArray(),
                    m.logits(x, src, dst, Tensor.ones(Shape.of(e[0].length), Device.CPU)).toFloatArray());
            Tensor w = weights(e[0].length, 13).requiresGrad(true);
            GradCheck.assertGradients(in -> m.logits(x, src, dst, in[0]), new Tensor[] {w}, 1e-2, 2e-3, 2e-3);
        }
    }
}
