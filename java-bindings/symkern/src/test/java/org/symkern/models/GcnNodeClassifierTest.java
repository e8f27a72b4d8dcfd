package org.symkern.models;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.symkern.autograd.GradMode;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Shape;
import org.symkern.tensor.Tensor;

/** The GNNExplainer authors' layer ({@link GcnNodeClassifier.Aggregation#SUM_L2}) against a float64 reference, and its equivariance. */
class GcnNodeClassifierTest {
    // a path 0-1-2 plus a one-way edge 3 -> 2 and node 4 without in-edges (its sums are the bias alone)
    static final int[] SRC = {0, 1, 1, 2, 3}, DST = {1, 0, 2, 1, 2};
    static final int N = 5, IN = 2, H = 3, L = 2, C = 2;
    static final float[] X = {1f, 0.5f, -0.3f, 2f, 0.7f, -1f, 1.5f, 0.2f, -0.4f, 0.9f};

    private static Tensor ints(int[] v) {
        return Tensor.ofInts(v, Shape.of(v.length), Device.CPU);
    }

    private static float[] logits(GcnNodeClassifier m, float[] x, int[] src, int[] dst, float[] w) {
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            return m.logits(Tensor.of(x, N, IN), ints(src), ints(dst), w == null ? null : Tensor.of(w, w.length)).toFloatArray();
        }
    }

    /** u_i = sum_{j -> i} w_e h_j W^T + b, h' = u / ||u||, ReLU between layers; logits = sum_l h^l V_l^T + b_out, in double. */
    private static double[] reference(GcnNodeClassifier m, float[] x, float[] w) {
        Map<String, Tensor> p = m.namedParameters();
        double[][] h = new double[N][];
        for (int i = 0; i < N; i++) h[i] = new double[] {x[2 * i], x[2 * i + 1]};
        double[] out = new double[N * C];
        for (int l = 0; l < L; l++) {
            float[] wt = p.get("conv" + l + ".linear.weight").toFloatArray(), b = p.get("conv" + l + ".bias").toFloatArray();
            int in = h[0].length;
            double[][] u = new double[N][H];
            for (int i = 0; i < N; i++) for (int o = 0; o < H; o++) u[i][o] = b[o];
            for (int e = 0; e < SRC.length; e++)
                for (int o = 0; o < H; o++) {
                    double t = 0;
                    for (int k = 0; k < in; k++) t += h[SRC[e]][k] * wt[o * in + k];
                    u[DST[e]][o] += (w == null ? 1 : w[e]) * t;
                }
            for (int i = 0; i < N; i++) {
                double nrm = 0;
                for (double v : u[i]) nrm += v * v;
                nrm = Math.sqrt(nrm + 1e-24);
                for (int o = 0; o < H; o++) u[i][o] = u[i][o] / nrm;
                if (l + 1 < L) for (int o = 0; o < H; o++) u[i][o] = Math.max(0, u[i][o]);
            }
            float[] v = p.get("out" + l + ".weight").toFloatArray();
            float[] vb = l == 0 ? p.get("out0.bias").toFloatArray() : new float[C];
            for (int i = 0; i < N; i++)
                for (int c = 0; c < C; c++) {
                    double t = vb[c];
                    for (int k = 0; k < H; k++) t += u[i][k] * v[c * H + k];
                    out[i * C + c] += t;
                }
            h = u;
        }
        return out;
    }

    @Test
    void sumL2LayersMatchAFloat64ReferenceWithAndWithoutEdgeWeights() {
        try (GcnNodeClassifier m = new GcnNodeClassifier(IN, H, L, C, GcnNodeClassifier.Aggregation.SUM_L2, Device.CPU, 3)) {
            try (Scope s = Scope.open()) {        // a non-zero bias, so that node 4 (no in-edges) has a defined direction
                m.namedParameters().get("conv0.bias").copyFrom(new float[] {0.3f, -0.2f, 0.1f});
            }
            float[] w = {0.2f, 1f, 0.7f, 0.4f, 1.3f};
            for (float[] ww : new float[][] {null, w}) {
                float[] got = logits(m, X, SRC, DST, ww);
                double[] ref = reference(m, X, ww);
                for (int k = 0; k < got.length; k++) assertEquals(ref[k], got[k], 1e-5, "logit " + k + (ww == null ? "" : " (weighted)"));
            }
            // a different aggregation gives a different function of the same parameters
            try (GcnNodeClassifier g = new GcnNodeClassifier(IN, H, L, C, Device.CPU, 3)) {
                assertFalse(java.util.Arrays.equals(logits(g, X, SRC, DST, null), logits(m, X, SRC, DST, null)));
            }
        }
    }

    @Test
    void sumL2ModelIsPermutationEquivariant() {
        int[] pi = {3, 0, 4, 1, 2};                  // node v -> pi[v]
        float[] px = new float[X.length];
        for (int v = 0; v < N; v++) System.arraycopy(X, IN * v, px, IN * pi[v], IN);
        int[] ps = new int[SRC.length], pd = new int[DST.length];
        for (int e = 0; e < SRC.length; e++) {         // edges relabelled and listed in reverse order
            ps[SRC.length - 1 - e] = pi[SRC[e]];
            pd[SRC.length - 1 - e] = pi[DST[e]];
        }
        try (GcnNodeClassifier m = new GcnNodeClassifier(IN, H, L, C, GcnNodeClassifier.Aggregation.SUM_L2, Device.CPU, 9)) {
            float[] a = logits(m, X, SRC, DST, null), b = logits(m, px, ps, pd, null);
            for (int v = 0; v < N; v++)
                for (int c = 0; c < C; c++) assertEquals(a[v * C + c], b[pi[v] * C + c], 1e-6f, "node " + v + " class " + c);
        }
    }

    @Test
    void aggregationNamesRoundTripAndUnknownOnesFailClearly() {
        for (GcnNodeClassifier.Aggregation a : GcnNodeClassifier.Aggregation.values())
            assertEquals(a, GcnNodeClassifier.Aggregation.of(a.key()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GcnNodeClassifier.Aggregation.of("mean"));
        assertTrue(e.getMessage().contains("'mean'") && e.getMessage().contains("sum-l2"), e.getMessage());
        assertEquals("sum-l2", ModelSpec.gcnNode(10, 20, 3, 4, GcnNodeClassifier.Aggregation.SUM_L2).args().get("aggregation"));
        assertNull(ModelSpec.gcnNode(10, 20, 3, 4, GcnNodeClassifier.Aggregation.GCN).args().get("aggregation"), "the default is not written");
    }
}
