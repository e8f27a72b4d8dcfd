package org.symkern.models;

import org.symkern.salf.SalfGnn;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.symkern.autograd.GradMode;
import org.symkern.data.GraphBatch;
import org.symkern.data.TuDataset;
import org.symkern.data.TuFiles;
import org.symkern.ops.Reduce;
import org.symkern.salf.SalfGraphModel;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;

class GraphModelsTest {
    static TuDataset proteins;
    static final int[] GRAPHS = {0, 17, 250, 600, 901, 1100};   // both classes, 4 to ~100 nodes

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        int[] all = new int[1113];
        for (int i = 0; i < all.length; i++) all[i] = i;
        proteins = TuDataset.proteins().standardizeAttributes(all);
    }

    static GraphClassifier model(String kind, float dropout, long seed) {
        int in = proteins.featureDim;
        return switch (kind) {
            case "gcn" -> new Gcn(in, 16, 3, 2, Reduce.Op.MEAN, dropout, Device.CPU, seed);
            case "gin" -> new EquivariantGnn(in, 16, 3, 2, Reduce.Op.SUM, dropout, Device.CPU, seed);
            case "salf" -> new SalfGnn(in, 16, 3, 2, Reduce.Op.SUM, dropout, false, 1f, Device.CPU, seed);
            case "salfsym" -> new SalfGnn(in, 16, 3, 2, Reduce.Op.SUM, dropout, true, 1f, Device.CPU, seed);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** A random permutation of the nodes inside each graph of b: perm[v] = new label of v. */
    static int[] permutationWithinGraphs(TuDataset.Batch b, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] perm = new int[b.nodes];
        for (int k = 0; k < b.graphs; k++) {
            int from = b.graphOffsets[k], n = b.graphOffsets[k + 1] - from;
            for (int i = 0; i < n; i++) perm[from + i] = from + i;
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1), t = perm[from + i];
                perm[from + i] = perm[from + j];
                perm[from + j] = t;
            }
        }
        return perm;
    }

    static double maxRelDiff(float[] want, float[] got) {
        double err = 0, scale = 0;
        for (int i = 0; i < want.length; i++) {
            err = Math.max(err, Math.abs(want[i] - got[i]));
            scale = Math.max(scale, Math.abs(want[i]));
        }
        assertTrue(scale > 0, "output must not vanish");
        return err / scale;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gcn", "gin", "salf", "salfsym"})
    void logitsAreInvariantUnderNodePermutationsOfEachGraph(String kind) {
        TuDataset.Batch b = proteins.batch(GRAPHS, 0, GRAPHS.length);
        try (GraphClassifier m = model(kind, 0f, 3); Scope s = Scope.open()) {
            double worst = 0;
            for (boolean training : new boolean[] {true, false}) {         // batch statistics, then running statistics
                m.train(training);
                float[] y = m.logits(GraphBatch.of(b, proteins.featureDim, Device.CPU)).toFloatArray();
                for (long seed = 0; seed < 3; seed++) {
                    TuDataset.Batch p = b.permuteNodes(permutationWithinGraphs(b, seed));
                    worst = Math.max(worst, maxRelDiff(y, m.logits(GraphBatch.of(p, proteins.featureDim, Device.CPU)).toFloatArray()));
                }
            }
            System.out.printf("%s: logit invariance error %.3g (3 permutations, train and eval mode)%n", kind, worst);
            assertTrue(worst <= 1e-5, kind + " invariance error " + worst);
            // not vacuous: moving a node to another graph changes the logits
            float[] y = m.logits(GraphBatch.of(b, proteins.featureDim, Device.CPU)).toFloatArray();
            float[] other = m.logits(GraphBatch.of(proteins.batch(new int[] {0, 17, 250, 600, 901, 1099}, 0, 6), proteins.featureDim, Device.CPU)).toFloatArray();
            assertTrue(maxRelDiff(y, other) > 1e-3, "another graph must change the logits");
        }
    }

    @Test
    void equivariantNodeFeaturesMoveWithTheirNodes() {
        TuDataset.Batch b = proteins.batch(GRAPHS, 0, GRAPHS.length);
        try (EquivariantGnn m = new EquivariantGnn(proteins.featureDim, 16, 3, 2, Reduce.Op.SUM, 0f, Device.CPU, 5); Scope s = Scope.open()) {
            m.train(false);
            float[] h = m.nodeFeatures(GraphBatch.of(b, proteins.featureDim, Device.CPU)).toFloatArray();
            int[] perm = permutationWithinGraphs(b, 11);
            float[] ph = m.nodeFeatures(GraphBatch.of(b.permuteNodes(perm), proteins.featureDim, Device.CPU)).toFloatArray();
            int d = h.length / b.nodes;
            float[] moved = new float[h.length];
            for (int v = 0; v < b.nodes; v++) System.arraycopy(h, v * d, moved, perm[v] * d, d);
            double err = maxRelDiff(moved, ph);
            System.out.printf("GinEncoder node-permutation equivariance error %.3g%n", err);
            assertTrue(err <= 1e-5, "equivariance error " + err);
        }
    }

    @Test
    void symmetricOnlySalfGnnHasNoGammaAndIsTheEquivariantGnn() {
        TuDataset.Batch b = proteins.batch(GRAPHS, 0, GRAPHS.length);
        try (SalfGnn sym = new SalfGnn(proteins.featureDim, 16, 3, 2, Reduce.Op.SUM, 0.5f, true, 1f, Device.CPU, 9);
             SalfGnn full = new SalfGnn(proteins.featureDim, 16, 3, 2, Reduce.Op.SUM, 0.5f, false, 1f, Device.CPU, 9);
             EquivariantGnn gnn = new EquivariantGnn(proteins.featureDim, 16, 3, 2, Reduce.Op.SUM, 0.5f, Device.CPU, 9);
             Scope s = Scope.open()) {
            assertTrue(sym.symmetricOnly());
            assertNull(sym.gamma());
            assertFalse(sym.namedParameters().containsKey("gamma"), sym.namedParameters().keySet().toString());
            assertEquals(gnn.parameterCount(), sym.parameterCount());
            assertEquals(full.parameterCount(), sym.parameterCount() + 16 + 16L * 16, "gamma (H) and rho's extra H x H block");
            assertNotNull(full.namedParameters().get("gamma"));
            sym.train(false);
            gnn.train(false);
            GraphBatch g = GraphBatch.of(b, proteins.featureDim, Device.CPU);
            SalfGraphModel.Output out = sym.logitsAndEmbedding(g);
            assertArrayEquals(gnn.logits(g).toFloatArray(), out.logits().toFloatArray(), "same seed, same model");
            assertArrayEquals(new long[] {GRAPHS.length, 16}, out.z().dims());
            assertArrayEquals(new long[] {GRAPHS.length, 32}, full.logitsAndEmbedding(g).z().dims());
        }
    }

    @Test
    void gradientsReachGammaAndItGatesTheAsymmetricHalfOfZ() {
        TuDataset.Batch b = proteins.batch(GRAPHS, 0, GRAPHS.length);
        try (SalfGnn m = new SalfGnn(proteins.featureDim, 16, 3, 2, Reduce.Op.SUM, 0f, false, 0.5f, Device.CPU, 4); Scope s = Scope.open()) {
            GraphBatch g = GraphBatch.of(b, proteins.featureDim, Device.CPU);
            SalfGraphModel.Output out = m.logitsAndEmbedding(g);
            out.logits().crossEntropy(g.labels).add(out.z().mul(out.z()).mean()).backward();
            float[] grad = m.gamma().grad().toFloatArray();
            double norm = 0;
            for (float v : grad) norm += v * v;
            assertTrue(norm > 0 && Double.isFinite(norm), "gamma gradient norm^2 " + norm);
            // z = [a, gamma * s]: the second half is 0.5 * s, with s the per-graph mean absolute deviation of h
            try (GradMode.Guard ng = GradMode.disable()) {
                m.train(false);
                float[] z = m.logitsAndEmbedding(g).z().toFloatArray();
                float[] asym = SalfGnn.asymmetry(m.encoder().forward(g), g).toFloatArray();
                for (int k = 0; k < GRAPHS.length; k++)
                    for (int c = 0; c < 16; c++) assertEquals(0.5f * asym[k * 16 + c], z[k * 32 + 16 + c], 1e-6f);
            }
        }
    }

    @Test
    void asymmetricPartVanishesOnNodeTransitiveGraphsOnly() {
        // a 6-cycle and a complete graph K4 (automorphisms act transitively, all node labels equal), then a path P4
        int[][] edges = {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 0}, {6, 7}, {6, 8}, {6, 9}, {7, 8}, {7, 9}, {8, 9}, {10, 11}, {11, 12}, {12, 13}};
        TuDataset d = TuFiles.write(dir, "SYM", new int[] {6, 4, 4}, edges, new int[14], new int[] {0, 1, 0});
        try (SalfGnn m = new SalfGnn(d.featureDim, 8, 2, 2, Reduce.Op.SUM, 0f, false, 1f, Device.CPU, 2); Scope s = Scope.open()) {
            m.train(false);
            GraphBatch g = GraphBatch.of(d, new int[] {0, 1, 2}, 0, 3, Device.CPU);
            float[] asym = SalfGnn.asymmetry(m.encoder().forward(g), g).toFloatArray();
            double cycle = 0, complete = 0, path = 0;
            for (int c = 0; c < 8; c++) {
                cycle = Math.max(cycle, Math.abs(asym[c]));
                complete = Math.max(complete, Math.abs(asym[8 + c]));
                path = Math.max(path, Math.abs(asym[16 + c]));
            }
            System.out.printf("asymmetric part: cycle %.3g, complete graph %.3g, path %.3g%n", cycle, complete, path);
            assertEquals(0, cycle, 1e-6);
            assertEquals(0, complete, 1e-6);
            assertTrue(path > 1e-3, "a path's ends differ from its middle: " + path);
        }
    }

    @Test
    void modelsRejectBatchesWithTheWrongFeatureWidth(@TempDir Path tmp) {
        TuDataset d = TuFiles.write(tmp, "W", new int[] {2}, new int[][] {{0, 1}}, new int[] {0, 1}, new int[] {0});
        for (String kind : new String[] {"gcn", "gin", "salf"}) {
            try (GraphClassifier m = model(kind, 0f, 1); Scope s = Scope.open()) {
                GraphBatch g = GraphBatch.of(d, new int[] {0}, 0, 1, Device.CPU);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.logits(g));
                assertTrue(e.getMessage().contains("" + proteins.featureDim), kind + ": " + e.getMessage());
                assertThrows(UnsupportedOperationException.class, () -> m.forward(g.x));
            }
        }
    }
}
