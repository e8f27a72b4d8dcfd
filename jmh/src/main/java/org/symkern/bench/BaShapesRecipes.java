package org.symkern.bench;

import java.util.Locale;

import org.symkern.data.BaShapes;
import org.symkern.explain.BaShapesBenchmark;
import org.symkern.explain.GnnExplainer;
import org.symkern.explain.GraphExplanation;
import org.symkern.models.GcnNodeClassifier;
import org.symkern.tensor.Device;

/**
 * The BA-Shapes classifier recipes of docs/explain.md: for each recipe "aggregation:epochs:lr:weightDecay" (aggregation
 * gcn or sum-l2), seeds 1-3, the train / test accuracy and, with {@code --explain}, the explanation AUC over all 400
 * motif nodes of GNNExplainer with PyG's defaults (edge + shared feature mask), with the edge mask only, and both again
 * with the two directions of every edge tied, directed (undirected), and of gradient saliency. One thread:
 * {@code OMP_NUM_THREADS=1 java -cp jmh/target/benchmarks.jar org.symkern.bench.BaShapesRecipes [--explain] sum-l2:3000:0.005:0.0005 ...}.
 */
public final class BaShapesRecipes {
    private BaShapesRecipes() {}

    public static void main(String[] args) {
        boolean explain = false;
        for (String a : args) {
            if (a.equals("--explain")) {
                explain = true;
                continue;
            }
            String[] p = a.split(":");
            if (p.length != 4) throw new IllegalArgumentException("recipe '" + a + "': expected aggregation:epochs:lr:weightDecay");
            StringBuilder b = new StringBuilder(a).append(" ->");
            for (long seed = 1; seed <= 3; seed++) {
                long t = System.nanoTime();
                BaShapesBenchmark.Trained tr = BaShapesBenchmark.train(BaShapes.generate(seed), seed, Integer.parseInt(p[1]), Float.parseFloat(p[2]),
                        Float.parseFloat(p[3]), GcnNodeClassifier.Aggregation.of(p[0]), Device.CPU);
                try {
                    b.append(String.format(Locale.ROOT, " s%d %.3f/%.3f (%.0f s)", seed, tr.trainAccuracy(), tr.testAccuracy(), (System.nanoTime() - t) / 1e9));
                    if (!explain) continue;
                    GnnExplainer.Config defaults = GnnExplainer.Config.defaults(), edges = defaults.withFeatureMask(GraphExplanation.FeatureMaskType.NONE);
                    String[] names = {"defaults", "edge mask", "defaults, tied", "edge mask, tied"};
                    GnnExplainer.Config[] configs = {defaults, edges, defaults.withSymmetricEdgeMask(true), edges.withSymmetricEdgeMask(true)};
                    for (int k = 0; k < configs.length; k++) {
                        BaShapesBenchmark.Result r = BaShapesBenchmark.explain(tr, seed, BaShapesBenchmark.Options.full().withExplainedNodes(0).withExplainer(configs[k]));
                        b.append(String.format(Locale.ROOT, " [%s %.3f (%.3f)%s]", names[k], r.gnnExplainerAuc(), r.gnnExplainerAucUndirected(),
                                k == 0 ? String.format(Locale.ROOT, " gradient %.3f (%.3f)", r.gradientAuc(), r.gradientAucUndirected()) : ""));
                    }
                } finally {
                    tr.model().close();
                }
            }
            System.out.println(b);
        }
    }
}
