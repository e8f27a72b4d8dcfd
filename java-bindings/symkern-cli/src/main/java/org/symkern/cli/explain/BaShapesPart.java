package org.symkern.cli.explain;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.symkern.tensor.Device;

/** The BA-Shapes benchmark of the explanation experiment (filled in from op/gnn-explain's BaShapesBenchmark). */
final class BaShapesPart {
    record Run(long seed, double trainAccuracy, double testAccuracy, int nodes, double gnnExplainerAuc, double gradientAuc, double gnnExplainerSeconds,
               double gradientSeconds) {}

    private BaShapesPart() {}

    static String protocol(ExplainPreset.BaShapesBudget b) {
        return "BA-Shapes";
    }

    static Run run(ExplainPreset.BaShapesBudget b, long seed, Device device, Path figureDir, Map<String, List<String>> figures, GraphEvaluation.Logger log) {
        throw new IllegalStateException("BA-Shapes needs op/gnn-explain");
    }

    static void explainCli(ExplainRunner.Request q, org.symkern.models.Models.Loaded m, List<String> out, List<ExplainRunner.Item> items) {
        throw new IllegalArgumentException("ba-shapes needs op/gnn-explain");
    }
}
