package org.symkern.cli.explain;

import java.util.Arrays;

import org.symkern.autograd.GradMode;
import org.symkern.data.GraphBatch;
import org.symkern.data.TuDataset;
import org.symkern.explain.CoalitionGame;
import org.symkern.models.GraphClassifier;
import org.symkern.ops.Softmax;
import org.symkern.tensor.Device;
import org.symkern.tensor.Scope;
import org.symkern.tensor.Tensor;

/**
 * The Kernel SHAP game of a graph classifier with the nodes as players: v(S) = p(c | G with the features of the nodes
 * outside S set to zero), edges kept. Every call evaluates its coalitions as one batch of copies of the graph (one
 * forward pass of the graph model).
 */
final class NodeMaskGame implements CoalitionGame {
    private final GraphClassifier model;
    private final TuDataset data;
    private final int graph, cls, dim, nodes;
    private final Device device;
    private final int[] perm;

    /** @param perm node renumbering of the graph (v -> perm[v]; players are the renumbered nodes), or null */
    NodeMaskGame(GraphClassifier model, TuDataset data, int graph, int[] perm, int cls, Device device) {
        this.perm = perm;
        this.model = model;
        this.data = data;
        this.graph = graph;
        this.cls = cls;
        this.device = device;
        this.dim = data.featureDim;
        this.nodes = data.graphs.get(graph).nodes;
    }

    /** n copies of graph g of `data`, each renumbered by perm (when not null), as one batch. */
    static TuDataset.Batch copies(TuDataset data, int g, int[] perm, int n) {
        int[] idx = new int[n];
        Arrays.fill(idx, g);
        TuDataset.Batch b = data.batch(idx, 0, n);
        if (perm == null) return b;
        int m = perm.length;
        int[] block = new int[n * m];
        for (int k = 0; k < n; k++)
            for (int v = 0; v < m; v++) block[k * m + v] = k * m + perm[v];
        return b.permuteNodes(block);
    }

    @Override
    public int players() {
        return nodes;
    }

    @Override
    public double[] values(boolean[][] coalitions) {
        int n = coalitions.length;
        TuDataset.Batch b = copies(data, graph, perm, n);
        for (int k = 0; k < n; k++)
            for (int v = 0; v < nodes; v++)
                if (!coalitions[k][v]) Arrays.fill(b.features, (b.graphOffsets[k] + v) * dim, (b.graphOffsets[k] + v + 1) * dim, 0f);
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.disable()) {
            float[] p = Softmax.apply(model.logits(GraphBatch.of(b, dim, device)), false).toFloatArray();
            int classes = p.length / n;
            double[] out = new double[n];
            for (int k = 0; k < n; k++) out[k] = p[k * classes + cls];
            return out;
        }
    }
}
