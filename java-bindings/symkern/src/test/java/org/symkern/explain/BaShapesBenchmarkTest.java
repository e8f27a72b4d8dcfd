package org.symkern.explain;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * The GNNExplainer paper's BA-Shapes comparison on a seeded sample of 40 motif nodes (the run over all 400 motif nodes
 * belongs to the explain experiment): the trained classifier reaches the paper's accuracy, GNNExplainer's edge mask
 * (PyG's defaults) ranks motif edges above the others far better than chance, and clearly beats a random edge score.
 * The measured figures are printed; the bounds are below what was measured (see docs/explain.md for the numbers).
 */
class BaShapesBenchmarkTest {
    @Test
    void gnnExplainerRecoversTheHouseMotifs() {
        BaShapesBenchmark.Result r = BaShapesBenchmark.run(1, BaShapesBenchmark.Options.full().withExplainedNodes(40));
        System.out.printf("BA-Shapes seed 1: train acc %.4f, test acc %.4f; explanation AUC over %d motif nodes (directed / undirected): "
                        + "GNNExplainer %.4f / %.4f, gradient %.4f / %.4f, random %.4f (paper: 0.925 / 0.882); %.3f s per GNNExplainer explanation%n",
                r.trainAccuracy(), r.testAccuracy(), r.explainedNodes(), r.gnnExplainerAuc(), r.gnnExplainerAucUndirected(), r.gradientAuc(),
                r.gradientAucUndirected(), r.randomAuc(), r.secondsPerExplanation());
        assertTrue(r.trainAccuracy() >= 0.95 && r.testAccuracy() >= 0.95, "accuracy " + r.trainAccuracy() + " / " + r.testAccuracy());   // 0.984 / 0.979
        assertTrue(r.gnnExplainerAucUndirected() >= 0.92, "GNNExplainer AUC, undirected " + r.gnnExplainerAucUndirected());   // measured 0.955
        assertTrue(r.gnnExplainerAuc() >= 0.88, "GNNExplainer AUC, directed " + r.gnnExplainerAuc());                        // measured 0.908
        assertTrue(r.gradientAuc() >= 0.90, "gradient saliency AUC " + r.gradientAuc());                                        // measured 0.934
        assertTrue(r.gnnExplainerAuc() >= r.randomAuc() + 0.2, "GNNExplainer " + r.gnnExplainerAuc() + " vs random " + r.randomAuc());
    }
}
