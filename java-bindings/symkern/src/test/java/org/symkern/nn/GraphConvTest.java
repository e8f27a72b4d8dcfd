package org.symkern.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradCheck;
import org.symkern.tensor.Device;
import org.symkern.tensor.Fixtures;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

class GraphConvTest {
    /** Three graphs in one block-diagonal batch: a path 0-1-2, a triangle 3-4-5 with a pendant 6, a lone node 7. */
    static final int NODES = 8;
    static final int[][] UNDIRECTED = {{0, 1}, {1, 2}, {3, 4}, {4, 5}, {5, 3}, {5, 6}};

    /** Both directions of every edge, in a scrambled order: {src, dst}. */
    static int[][] directed(long seed) {
        int[] src = new int[2 * UNDIRECTED.length], dst = new int[src.length];
        for (int e = 0; e < UNDIRECTED.length; e++) {
            src[2 * e] = UNDIRECTED[e][0];
            dst[2 * e] = UNDIRECTED[e][1];
            src[2 * e + 1] = UNDIRECTED[e][1];
            dst[2 * e + 1] = UNDIRECTED[e][0];
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = src.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = src[i]; src[i] = src[j]; src[j] = t;
            t = dst[i]; dst[i] = dst[j]; dst[j] = t;
        }
        return new int[][] {src, dst};
    }

    static double[][] adjacency() {
        double[][] a = new double[NODES][NODES];
        for (int[] e : UNDIRECTED) a[e[0]][e[1]] = a[e[1]][e[0]] = 1;
        return a;
    }

    /** A node permutation inside each graph: perm[v] is the new label of node v. */
    static int[] permutation() {
        return new int[] {2, 0, 1, 5, 6, 3, 4, 7};
    }

    static Tensor ints(int[] v) {
        return Tensor.ofInts(v, Shape.of(v.length), Device.CPU);
    }

    /** h W^T + b for the dense reference. */
    static double[][] affine(double[][] h, Tensor weight, Tensor bias) {
        int out = (int) weight.dim(0), in = (int) weight.dim(1);
        float[] w = weight.toFloatArray(), b = bias == null ? new float[out] : bias.toFloatArray();
        double[][] y = new double[h.length][out];
        for (int i = 0; i < h.length; i++)
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int k = 0; k < in; k++) s += h[i][k] * w[o * in + k];
                y[i][o] = s;
            }
        return y;
    }

    static double[][] rows(float[] x, int cols) {
        double[][] out = new double[x.length / cols][cols];
        for (int i = 0; i < out.length; i++) for (int j = 0; j < cols; j++) out[i][j] = x[i * cols + j];
        return out;
    }

    static double[] flat(double[][] m) {
        return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    @Test
    void gcnPropagationEqualsDenseFloat64Reference() {
        try (GcnConv conv = new GcnConv(5, 3, Device.CPU, 7); Scope s = Scope.open()) {
            conv.bias().copyFrom(new float[] {0.5f, -1f, 2f});            // a bias must be added once, not propagated
            float[] x = Fixtures.randn(1, NODES * 5, 1.0);
            int[][] edges = directed(3);
            GcnConv.Normalization norm = GcnConv.normalize(ints(edges[0]), ints(edges[1]), NODES);
            float[] got = conv.forward(Tensor.of(x, NODES, 5), ints(edges[0]), ints(edges[1]), norm).toFloatArray();

            double[][] a = adjacency();
            double[] d = new double[NODES];
            for (int i = 0; i < NODES; i++) {
                d[i] = 1;
                for (int j = 0; j < NODES; j++) d[i] += a[i][j];
            }
            double[][] hw = affine(rows(x, 5), conv.linear().weight(), null), want = new double[NODES][3];
            float[] b = conv.bias().toFloatArray();
            for (int i = 0; i < NODES; i++)
                for (int o = 0; o < 3; o++) {
                    double sum = b[o];
                    for (int j = 0; j < NODES; j++) sum += ((i == j ? 1 : 0) + a[i][j]) / Math.sqrt(d[i] * d[j]) * hw[j][o];
                    want[i][o] = sum;
                }
            Fixtures.assertClose(flat(want), got, 1e-5, 1e-5);
        }
    }

    @Test
    void gcnNormalizationIsInverseSquareRootOfDegreesWithSelfLoops() {
        try (Scope s = Scope.open()) {
            int[][] edges = directed(5);
            GcnConv.Normalization norm = GcnConv.normalize(ints(edges[0]), ints(edges[1]), NODES);
            int[] deg = {2, 3, 2, 3, 3, 4, 2, 1};                          // 1 + number of neighbours
            float[] self = norm.self().toFloatArray(), edge = norm.edge().toFloatArray();
            for (int i = 0; i < NODES; i++) assertEquals(1.0 / deg[i], self[i], 1e-7, "self-loop weight of node " + i);
            for (int e = 0; e < edge.length; e++)
                assertEquals(1 / Math.sqrt(deg[edges[0][e]] * deg[edges[1][e]]), edge[e], 1e-7, "weight of edge " + e);
        }
    }

    @Test
    void ginAggregationEqualsDenseFloat64Reference() {
        for (float eps : new float[] {0f, 0.25f}) {
            Linear lin = new Linear(4, 6, Device.CPU, 9);
            try (GinConv conv = new GinConv(lin, eps); Scope s = Scope.open()) {
                float[] x = Fixtures.randn(2, NODES * 4, 1.0);
                int[][] edges = directed(4);
                float[] got = conv.forward(Tensor.of(x, NODES, 4), ints(edges[0]), ints(edges[1])).toFloatArray();
                double[][] h = rows(x, 4), a = adjacency(), u = new double[NODES][4];
                for (int i = 0; i < NODES; i++)
                    for (int k = 0; k < 4; k++) {
                        u[i][k] = (1 + eps) * h[i][k];
                        for (int j = 0; j < NODES; j++) u[i][k] += a[i][j] * h[j][k];
                    }
                Fixtures.assertClose(flat(affine(u, lin.weight(), lin.bias())), got, 1e-5, 1e-5);
            }
        }
    }

    /** max |f(P G)[perm[v]] - f(G)[v]| / max |f(G)| for a layer f over (h, src, dst). */
    static double equivarianceError(java.util.function.BiFunction<Tensor, int[][], Tensor> f, int in) {
        int[] perm = permutation();
        float[] x = Fixtures.randn(8, NODES * in, 1.0), px = new float[x.length];
        for (int v = 0; v < NODES; v++) System.arraycopy(x, v * in, px, perm[v] * in, in);
        int[][] edges = directed(1), pEdges = directed(2);                 // relabelled AND listed in another order
        for (int e = 0; e < pEdges[0].length; e++) {
            pEdges[0][e] = perm[pEdges[0][e]];
            pEdges[1][e] = perm[pEdges[1][e]];
        }
        float[] y = f.apply(Tensor.of(x, NODES, in), edges).toFloatArray();
        float[] py = f.apply(Tensor.of(px, NODES, in), pEdges).toFloatArray();
        int out = y.length / NODES;
        double err = 0, scale = 0;
        for (int v = 0; v < NODES; v++)
            for (int o = 0; o < out; o++) {
                err = Math.max(err, Math.abs(py[perm[v] * out + o] - y[v * out + o]));
                scale = Math.max(scale, Math.abs(y[v * out + o]));
            }
        assertTrue(scale > 0, "the output must not vanish");
        return err / scale;
    }

    @Test
    void gcnAndGinCommuteWithNodePermutations() {
        try (GcnConv gcn = new GcnConv(4, 6, Device.CPU, 3);
             GinConv gin = new GinConv(new Sequential(new Linear(4, 6, Device.CPU, 4), new InnerBatchNorm(6, 1, Device.CPU), Activation.relu()), 0f);
             Scope s = Scope.open()) {
            double eGcn = equivarianceError((h, e) -> gcn.forward(h, ints(e[0]), ints(e[1]), GcnConv.normalize(ints(e[0]), ints(e[1]), NODES)), 4);
            double eGin = equivarianceError((h, e) -> gin.forward(h, ints(e[0]), ints(e[1])), 4);
            System.out.printf("node-permutation equivariance: GcnConv %.3g, GinConv (batch-norm statistics) %.3g%n", eGcn, eGin);
            assertTrue(eGcn <= 1e-6, "GcnConv equivariance error " + eGcn);
            assertTrue(eGin <= 1e-5, "GinConv equivariance error " + eGin);
        }
    }

    @Test
    void gcnBackwardMatchesFiniteDifferences() {
        try (GcnConv conv = new GcnConv(3, 2, Device.CPU, 5); Scope s = Scope.open()) {
            int[][] edges = directed(6);
            GcnConv.Normalization norm = GcnConv.normalize(ints(edges[0]), ints(edges[1]), NODES);
            Tensor x = Fixtures.randn(3, 1.0, NODES, 3).requiresGrad(true);
            GradCheck.assertGradients(in -> conv.forward(in[0], ints(edges[0]), ints(edges[1]), norm),
                    new Tensor[] {x, conv.linear().weight(), conv.bias()}, 1e-2, 2e-3, 2e-3);
        }
    }

    /**
     * Normalization.SUM is the general layer with every edge weight 1 and the self-loop weight 0, computed without the
     * two multiplications; its gradients match finite differences. A half-given normalization is rejected.
     */
    @Test
    void sumNormalizationIsTheNeighbourSumWithoutSelfLoops() {
        try (GcnConv conv = new GcnConv(3, 2, Device.CPU, 5); Scope s = Scope.open()) {
            int[][] edges = directed(6);
            Tensor x = Fixtures.randn(3, 1.0, NODES, 3);
            GcnConv.Normalization explicit = new GcnConv.Normalization(Tensor.ones(Shape.of(edges[0].length, 1), Device.CPU),
                    Tensor.zeros(Shape.of(NODES, 1), Device.CPU));
            assertArrayEquals(conv.forward(x, ints(edges[0]), ints(edges[1]), explicit).toFloatArray(),
                    conv.forward(x, ints(edges[0]), ints(edges[1]), GcnConv.Normalization.SUM).toFloatArray(), 1e-6f);
            Tensor xg = Fixtures.randn(4, 1.0, NODES, 3).requiresGrad(true);
            GradCheck.assertGradients(in -> conv.forward(in[0], ints(edges[0]), ints(edges[1]), GcnConv.Normalization.SUM),
                    new Tensor[] {xg, conv.linear().weight(), conv.bias()}, 1e-2, 2e-3, 2e-3);
            assertThrows(IllegalArgumentException.class, () -> new GcnConv.Normalization(Tensor.zeros(Shape.of(NODES, 1), Device.CPU), null));
        }
    }

    @Test
    void layersRejectMismatchedGraphs() {
        try (GcnConv conv = new GcnConv(3, 2, Device.CPU, 5); Scope s = Scope.open()) {
            int[][] edges = directed(6);
            GcnConv.Normalization norm = GcnConv.normalize(ints(edges[0]), ints(edges[1]), NODES);
            Tensor tooFew = Tensor.zeros(NODES - 1, 3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> conv.forward(tooFew, ints(edges[0]), ints(edges[1]), norm));
            assertTrue(e.getMessage().contains("7 nodes"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> GcnConv.normalize(ints(new int[] {0, 1}), ints(new int[] {1}), NODES));
            assertThrows(UnsupportedOperationException.class, () -> conv.forward(tooFew));
        }
    }
}
