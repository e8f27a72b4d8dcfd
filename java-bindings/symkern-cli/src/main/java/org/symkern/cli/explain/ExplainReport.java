package org.symkern.cli.explain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import org.symkern.cli.report.MarkdownTable;
import org.symkern.cli.report.MeanStd;
import org.symkern.io.AtomicFiles;

/**
 * explain.md: per domain a table method x arm (mean ± std over seeds of the per-seed means over the evaluation set),
 * the seed paper's numbers beside ours with the protocol differences, the BA-Shapes benchmark beside the GNNExplainer
 * paper, and the figures.
 */
public final class ExplainReport {
    private ExplainReport() {}

    static final Map<String, String> TITLES = Map.of("rotmnist", "RotMNIST-10k", "mitbih", "MIT-BIH intra-patient (binary)", "proteins", "PROTEINS");
    static final Map<String, String> METHOD_NAMES = Map.of("gradcam", "Grad-CAM", "gradcam-orient", "orientation Grad-CAM (max over t)",
            "kernelshap", "Kernel SHAP", "ig", "integrated gradients", "gradshap", "GradientSHAP", "gnnexplainer", "GNNExplainer",
            "saliency", "gradient saliency");
    static final Map<String, String> ARM_NAMES = Map.of("baseline", "baseline", "symmetric", "symmetry-only", "salf", "SALF");

    public static void write(Path dir, ExplainExperiment.Results r, ExplainPreset p) {
        StringBuilder md = new StringBuilder();
        md.append("# Explanations: Grad-CAM, SHAP, gradients and GNNExplainer on the SALF arms\n\n");
        boolean parts = r.command().contains("` and `") || r.command().contains("` then `");
        md.append(String.format(Locale.ROOT, "Preset `%s`, %d seed(s), device %s, started %s, %.1f min of run time%s.%n%n", r.preset(), p.seeds(),
                r.device(), r.started(), r.wallSeconds() / 60, parts ? " (summed over the parts below, which ran side by side, one thread each)" : ""));
        md.append(parts ? "Commands (one report from parts, merged with `--merge`): `" : "Command: `").append(r.command()).append("`\n\n");
        md.append("Definitions of the methods, metrics and ground truth: `docs/explain.md`. Every number is the mean over the evaluation set of one "
                + "trained model, then mean ± std over the seeds (each seed retrains the model and redraws the data split and, for RotMNIST, the "
                + "rotation angles). Explanations are of the model's predicted class. Arrows: ↑ higher is better, ↓ lower is better. "
                + "`-`: the score does not apply (no ground truth, no group axis).\n\n");

        md.append("## What was run\n\n");
        for (Map.Entry<String, String> e : r.protocols().entrySet()) {
            md.append("- **").append(TITLES.getOrDefault(e.getKey(), e.getKey())).append("**: ").append(e.getValue());
            String ev = r.evaluation().get(e.getKey());
            if (ev != null) md.append(" Evaluation set: ").append(ev).append('.');
            md.append('\n');
        }
        md.append("\nModels:\n\n");
        for (Map.Entry<String, String> e : r.models().entrySet()) md.append("- `").append(e.getKey()).append("`: ").append(e.getValue()).append('\n');
        md.append('\n');

        Set<String> domains = new LinkedHashSet<>();
        for (ExplainExperiment.Row row : r.rows()) domains.add(row.domain());
        for (String d : domains) domainTable(md, d, r.rows(), r.figures().getOrDefault(d, List.of()));
        if (!r.baShapes().isEmpty()) baShapes(md, r.baShapes(), r.figures().getOrDefault("ba-shapes", List.of()));
        paper(md, r.rows(), r.baShapes());
        AtomicFiles.writeString(dir.resolve("explain.md"), md.toString());
    }

    private static <T> MeanStd stat(List<T> rows, ToDoubleFunction<T> f) {
        double[] v = rows.stream().mapToDouble(f).toArray();
        return v.length == 0 ? null : MeanStd.of(v);
    }

    private static String cell(MeanStd m, int decimals) {
        if (m == null || Double.isNaN(m.mean())) return "-";
        return m.n() > 1 ? m.format(decimals) : String.format(Locale.ROOT, "%." + decimals + "f", m.mean());
    }

    private static void domainTable(StringBuilder md, String d, List<ExplainExperiment.Row> all, List<String> figs) {
        List<ExplainExperiment.Row> rows = all.stream().filter(x -> x.domain().equals(d)).toList();
        boolean graph = d.equals("proteins"), ecg = d.equals("mitbih");
        md.append("## ").append(TITLES.getOrDefault(d, d)).append("\n\n");
        Map<String, List<ExplainExperiment.Row>> arms = group(rows, ExplainExperiment.Row::arm);
        md.append("Test accuracy of the explained models: ");
        List<String> acc = new ArrayList<>();
        for (Map.Entry<String, List<ExplainExperiment.Row>> a : arms.entrySet()) {
            Map<Long, Double> bySeed = new LinkedHashMap<>();
            for (ExplainExperiment.Row x : a.getValue()) bySeed.put(x.seed(), x.accuracy());
            acc.add(ARM_NAMES.getOrDefault(a.getKey(), a.getKey()) + " " + cell(MeanStd.of(bySeed.values().stream().mapToDouble(Double::doubleValue).toArray()), 4));
        }
        md.append(String.join(", ", acc)).append(".\n\n");
        double worst = rows.stream().mapToDouble(ExplainExperiment.Row::accuracy).min().orElse(1);
        if (worst < 0.5)
            md.append(String.format(Locale.ROOT, "**Caveat: some of these models are far from trained** (test accuracy down to %.2f with this preset's CPU "
                    + "budget): their explanations are explanations of nearly untrained networks, so this table checks the pipeline and the "
                    + "symmetry properties (equivariance, which holds by construction for every weight) more than it measures the explanation "
                    + "quality of trained models.%n%n", worst));
        MarkdownTable t = graph
                ? new MarkdownTable("method", "arm", "n", "fidelity+ ↑", "fidelity- ↓", "equivariance (perm.) ↑", "invariance", "sanity ρ ↓", "ms / expl.")
                : new MarkdownTable("method", "arm", "n", "pointing game ↑", "deletion AUC ↓", "insertion AUC ↑", ecg ? "Spearman (QRS) ↑" : "Spearman",
                                    "equivariance ↑", "invariance", "sanity ρ ↓", "ms / expl.");
        Map<String, List<ExplainExperiment.Row>> methods = group(rows, ExplainExperiment.Row::method);
        for (Map.Entry<String, List<ExplainExperiment.Row>> m : methods.entrySet())
            for (Map.Entry<String, List<ExplainExperiment.Row>> a : group(m.getValue(), ExplainExperiment.Row::arm).entrySet()) {
                List<ExplainExperiment.Row> x = a.getValue();
                String name = METHOD_NAMES.getOrDefault(m.getKey(), m.getKey()), arm = ARM_NAMES.getOrDefault(a.getKey(), a.getKey());
                String n = x.get(0).n() + (x.get(0).checked() != x.get(0).n() ? " (" + x.get(0).checked() + ")" : "");
                MeanStd ms = stat(x, y -> 1000 * y.secondsPerExplanation());
                String time = ms == null ? "-" : String.format(Locale.ROOT, ms.mean() < 10 ? "%.2f" : "%.0f", ms.mean());
                if (graph)
                    t.row(name, arm, n, cell(stat(x, ExplainExperiment.Row::fidelityPlus), 3), cell(stat(x, ExplainExperiment.Row::fidelityMinus), 3),
                            cell(stat(x, ExplainExperiment.Row::equivariance), 3), cell(stat(x, ExplainExperiment.Row::invariance), 3),
                            cell(stat(x, ExplainExperiment.Row::sanity), 3), time);
                else
                    t.row(name, arm, n, cell(stat(x, ExplainExperiment.Row::pointing), 3), cell(stat(x, ExplainExperiment.Row::deletion), 3),
                            cell(stat(x, ExplainExperiment.Row::insertion), 3), cell(stat(x, ExplainExperiment.Row::spearman), 3),
                            cell(stat(x, ExplainExperiment.Row::equivariance), 3), cell(stat(x, ExplainExperiment.Row::invariance), 3),
                            cell(stat(x, ExplainExperiment.Row::sanity), 3), time);
            }
        md.append(t).append('\n');
        md.append("n: explained examples per seed (in parentheses: those on which equivariance and the sanity check ran). ");
        if (graph)
            md.append("Fidelity: PyG's phenomenon fidelity (target = the true label) with the top 20 % of edges (GNNExplainer, gradient saliency) or "
                    + "of nodes (Kernel SHAP) as the hard explanation; node importance of the edge methods = mean score of a node's edges; "
                    + "equivariance: cos(e(PG), P e(G)) over " + GraphEvaluation.PERMUTATIONS + " sampled node permutations P.");
        else if (ecg)
            md.append("Equivariance / invariance: under time reversal (the one grid-exact element). Pointing game: arg-max sample within R peak "
                    + "± 50 ms. Spearman: against -|t - R peak|.");
        else
            md.append("Equivariance / invariance: mean over the quarter turns (and reflections for p4m). Pointing game: arg-max pixel on the "
                    + "digit's foreground (intensity > 0.5).");
        md.append(" Sanity ρ: Spearman of |map| between the trained model and the same architecture freshly initialised (Adebayo et al. 2018): "
                + "high = the map does not depend on what was learned; `-` there: the fresh model's map was constant (an all-zero ReLU CAM), "
                + "so the rank correlation is undefined.\n\n");
        for (String f : figs) md.append("![").append(f).append("](").append(f).append(")\n\n");
    }

    private static void baShapes(StringBuilder md, List<BaShapesPart.Run> runs, List<String> figs) {
        md.append("## BA-Shapes (GNNExplainer benchmark)\n\n");
        MarkdownTable t = new MarkdownTable("", "ours (mean ± std over " + runs.size() + " seeds)", "GNNExplainer paper (Ying et al. 2019)");
        t.row("node classifier train accuracy", cell(stat(runs, BaShapesPart.Run::trainAccuracy), 3), "-");
        t.row("node classifier test accuracy", cell(stat(runs, BaShapesPart.Run::testAccuracy), 3), "-");
        t.row("explained motif nodes per seed", Integer.toString(runs.get(0).nodes()), "all motif nodes");
        t.row("explanation AUC, GNNExplainer, undirected edges (the paper's evaluation)", cell(stat(runs, BaShapesPart.Run::gnnExplainerAucUndirected), 3), "0.925");
        t.row("explanation AUC, gradient saliency, undirected edges", cell(stat(runs, BaShapesPart.Run::gradientAucUndirected), 3), "0.882");
        t.row("explanation AUC, GNNExplainer, directed edges (PyG's masks)", cell(stat(runs, BaShapesPart.Run::gnnExplainerAuc), 3), "-");
        t.row("explanation AUC, gradient saliency, directed edges", cell(stat(runs, BaShapesPart.Run::gradientAuc), 3), "-");
        t.row("explanation AUC, random edge scores (chance)", cell(stat(runs, BaShapesPart.Run::randomAuc), 3), "-");
        t.row("ms per explanation, GNNExplainer", cell(stat(runs, x -> 1000 * x.gnnExplainerSeconds()), 1), "-");
        t.row("ms per explanation, gradient saliency", cell(stat(runs, x -> 1000 * x.gradientSeconds()), 2), "-");
        md.append(t).append('\n');
        md.append("Directed: one score per directed edge, as PyG's GNNExplainer learns it. Undirected: each edge's score is the mean of its two "
                + "directions, and each undirected edge is one sample, as the GNNExplainer authors evaluate (the upper triangle of their "
                + "symmetric masked adjacency); the motif labels are undirected either way. The classifier is the authors' layer (neighbour sum, "
                + "L2-normalised outputs), see docs/explain.md.\n\n");
        for (String f : figs) md.append("![").append(f).append("](").append(f).append(")\n\n");
    }

    private static <K> Map<K, List<ExplainExperiment.Row>> group(List<ExplainExperiment.Row> rows, java.util.function.Function<ExplainExperiment.Row, K> key) {
        Map<K, List<ExplainExperiment.Row>> out = new LinkedHashMap<>();
        for (ExplainExperiment.Row r : rows) out.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        return out;
    }

    private static String ours(List<ExplainExperiment.Row> rows, String domain, String arm, String method, ToDoubleFunction<ExplainExperiment.Row> f) {
        List<ExplainExperiment.Row> x = rows.stream().filter(r -> r.domain().equals(domain) && r.arm().equals(arm) && r.method().equals(method)).toList();
        return x.isEmpty() ? "not run" : cell(stat(x, f), 3);
    }

    private static void paper(StringBuilder md, List<ExplainExperiment.Row> rows, List<BaShapesPart.Run> ba) {
        md.append("## Beside the seed paper\n\n");
        md.append("The seed paper (Table \"interpretability metrics\") reports the numbers below for a baseline CNN and SALF. Ours are the "
                + "baseline and SALF arms above; the paper does not say which attribution method each number uses, so the closest one is "
                + "shown (Grad-CAM for the pointing game and the curves, Kernel SHAP for the rank correlation, which the paper computes from "
                + "SHAP).\n\n");
        MarkdownTable t = new MarkdownTable("metric", "data", "paper: CNN", "paper: SALF", "ours: baseline", "ours: SALF", "our method");
        t.row("pointing game ↑", "RotMNIST", "0.71", "0.87", ours(rows, "rotmnist", "baseline", "gradcam", ExplainExperiment.Row::pointing),
                ours(rows, "rotmnist", "salf", "gradcam", ExplainExperiment.Row::pointing), "Grad-CAM");
        t.row("pointing game ↑", "MIT-BIH", "0.73", "0.86", ours(rows, "mitbih", "baseline", "gradcam", ExplainExperiment.Row::pointing),
                ours(rows, "mitbih", "salf", "gradcam", ExplainExperiment.Row::pointing), "Grad-CAM");
        t.row("deletion AUC ↓", "RotMNIST", "0.41", "0.29", ours(rows, "rotmnist", "baseline", "gradcam", ExplainExperiment.Row::deletion),
                ours(rows, "rotmnist", "salf", "gradcam", ExplainExperiment.Row::deletion), "Grad-CAM");
        t.row("insertion AUC ↑", "MIT-BIH", "0.56", "0.71", ours(rows, "mitbih", "baseline", "gradcam", ExplainExperiment.Row::insertion),
                ours(rows, "mitbih", "salf", "gradcam", ExplainExperiment.Row::insertion), "Grad-CAM");
        t.row("Spearman ↑", "MIT-BIH", "0.64", "0.82", ours(rows, "mitbih", "baseline", "kernelshap", ExplainExperiment.Row::spearman),
                ours(rows, "mitbih", "salf", "kernelshap", ExplainExperiment.Row::spearman), "Kernel SHAP vs -|t - R peak|");
        t.row("interpretability score (1-5)", "all", "2.5-3.0", "4.5-4.8", "not reproducible", "not reproducible", "expert ratings");
        md.append(t).append('\n');
        md.append("Protocol differences, stated once:\n\n"
                + "- **Ground truth.** The paper scores against cardiologists' QRS marks and annotated image regions that are not published; ours are "
                + "objective stand-ins (`docs/explain.md`, \"Ground truth\"): the R peak ± 50 ms from the MIT-BIH `.atr` annotations, the "
                + "rotated digit's foreground pixels, and Spearman against the distance to the R peak rather than an expert ranking.\n"
                + "- **Interpretability score.** The paper's 1-5 scores are expert ratings of visualisations; there is no protocol or rater data to "
                + "reproduce them, so none is reported.\n"
                + "- **Data and models.** RotMNIST-10k (the 10,000 embedded MNIST digits, rotated) instead of the paper's RotMNIST; MIT-BIH beats of the "
                + "records named in the protocol above; the SALF experiments' models (docs/salf.md) trained on CPU with this preset's budget "
                + "(see the protocol above), not the paper's; the paper's baseline is a CNN, ours are the CNN / 1D CNN / GCN baselines of the SALF experiments.\n"
                + "- **Metric details** the paper leaves open and we fixed: explanations of the predicted class; deletion to zeros and insertion "
                + "from a Gaussian blur (RISE), k locations per step, class probability, normalised AUC; the pointing game without tolerance.\n\n");
        if (!ba.isEmpty())
            md.append("BA-Shapes: the GNNExplainer paper reports explanation AUC 0.925 (GNNExplainer) and 0.882 (gradient saliency); ours over "
                    + "undirected edges: ")
              .append(cell(stat(ba, BaShapesPart.Run::gnnExplainerAucUndirected), 3)).append(" and ")
              .append(cell(stat(ba, BaShapesPart.Run::gradientAucUndirected), 3)).append("; over directed edges: ")
              .append(cell(stat(ba, BaShapesPart.Run::gnnExplainerAuc), 3)).append(" and ").append(cell(stat(ba, BaShapesPart.Run::gradientAuc), 3))
              .append(" (table above).\n");
    }
}
