package org.symkern.cli.salf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import org.symkern.io.AtomicFiles;
import org.symkern.cli.report.Charts;
import org.symkern.cli.report.MarkdownTable;
import org.symkern.cli.report.MeanStd;

/**
 * Writes docs/results/salf.md (and the PNG charts beside it) from the runs of {@link SalfExperiment}: the main
 * table, TR%, lambda sensitivity, ablation, cost and ECG per-class recall, each with its protocol, seeds and
 * command, and the seed paper's numbers beside ours, labelled as the paper's.
 *
 * <p>Aggregation: for a domain with several splits per seed (PROTEINS cross-validation folds) the figures are first
 * averaged over the folds of each seed; the tables give mean ± sample standard deviation over seeds.
 */
public final class SalfReport {
    private SalfReport() {}

    /** The seed paper's numbers (Alam et al., Symmetry 2025, 17, 1821), by domain key. */
    static final Map<String, String> PAPER_DATASET = Map.of("rotmnist", "RotMNIST (60,000 images)", "mitbih", "MIT-BIH ECG (binary, 187 samples)",
            "proteins", "PROTEINS");
    static final Map<String, double[]> PAPER_MAIN_ACC = Map.of(           // baseline, symmetric, SALF accuracy (%)
            "rotmnist", new double[] {84.3, 92.1, 95.6}, "mitbih", new double[] {89.5, 91.2, 94.7}, "proteins", new double[] {75.3, 79.4, 83.6});
    static final Map<String, double[]> PAPER_MAIN_F1 = Map.of(
            "rotmnist", new double[] {0.832, 0.912, 0.948}, "mitbih", new double[] {0.882, 0.894, 0.938}, "proteins", new double[] {0.728, 0.766, 0.812});
    static final Map<String, double[]> PAPER_TR = Map.of(                 // accuracy drop (points) baseline, symmetric, SALF
            "rotmnist", new double[] {-17.2, -9.3, -4.1}, "mitbih", new double[] {-10.1, -6.5, -3.0}, "proteins", new double[] {-13.6, -7.8, -4.6});
    static final Map<String, double[]> PAPER_LAMBDA = Map.of(             // accuracy (%) at lambda 0.1, 0.2, 0.3, 0.5, 0.7
            "rotmnist", new double[] {94.9, 95.4, 95.6, 94.8, 93.9}, "mitbih", new double[] {93.2, 94.1, 94.7, 94.0, 93.4},
            "proteins", new double[] {82.1, 83.0, 83.6, 82.9, 82.0});
    static final String PAPER_COST = "the paper reports Baseline CNN 4.2 M parameters, 22.5 s/epoch, 4.8 ms/batch, 2.1 GB vs SALF-CNN 4.9 M, 25.8 s "
            + "(+14.7%), 5.3 ms (+10.4%), 2.3 GB (+9.5%); Baseline GCN 1.8 M, 14.2 s, 3.1 ms, 1.5 GB vs SALF-GNN 2.1 M, 15.8 s (+11.3%), 3.4 ms "
            + "(+9.7%), 1.6 GB (+6.6%) (hardware not stated).";

    static final Map<String, String[]> ROW_NAMES = Map.of(
            "rotmnist", new String[] {"CNN (Z2CNN-like)", "G-CNN (symmetry only)", "SALF"},
            "mitbih", new String[] {"1D-CNN", "time-reversal G-CNN (symmetry only)", "SALF"},
            "mitbih-inter", new String[] {"1D-CNN", "time-reversal G-CNN (symmetry only)", "SALF"},
            "proteins", new String[] {"GCN", "equivariant GNN + DeepSets (symmetry only)", "SALF"});

    /** Writes salf.md and the charts into `dir`. */
    public static void write(Path dir, SalfExperiment.Results r, SalfPreset p) {
        StringBuilder md = new StringBuilder();
        md.append("# SALF results (issue 4)\n\n");
        md.append(String.format(Locale.ROOT, "Preset **%s**, %d seed(s), lambda = %.2f, margin m = %.1f; device %s; started %s; "
                        + "total wall time **%.1f min**.%n%n", r.preset(), p.seeds(), p.lambda(), p.margin(), r.device(), r.started(),
                r.wallSeconds() / 60));
        md.append("Command: `").append(r.command()).append("`\n\n");
        if (r.command().contains("` and `"))
            md.append("The parts above ran side by side as separate processes (for the full preset: `OMP_NUM_THREADS=1` each, three processes on "
                    + "2 cores shared with other work) and were joined with `experiment salf --preset ").append(r.preset())
              .append(" --merge <part>/salf.json,... --out docs/results`; the wall time is the longest part's. One process running "
                    + "`experiment salf --preset ").append(r.preset()).append("` does the same runs one after another.\n\n");
        md.append("SALF here is symkern's reading of the paper (which gives no formula; docs/salf.md, section symkern's reading): a symmetry-aware encoder, "
                + "the head z = [GroupPool(h), gamma * (h - mean_G h) pooled], and L = L_task + lambda * L_asym with L_asym the squared hinge "
                + "on the distance between the nearest class centroids of the L2-normalised z. Numbers labelled *paper* are the seed paper's "
                + "(Alam et al., Symmetry 2025), measured on different data sizes and protocols; they stand beside ours for orientation only.\n\n");
        md.append("Protocol common to every table: Adam, cosine learning-rate schedule, early stopping and weight selection on the "
                + "validation accuracy only (the test part is evaluated once, with the selected weights). Mean ± sample standard deviation "
                + "over seeds; for cross-validated domains each seed's figure is the mean over its folds.\n\n");
        md.append("## Data and models\n\n");
        for (Map.Entry<String, String> e : r.protocols().entrySet()) {
            md.append("- **").append(e.getKey()).append("**: ").append(e.getValue()).append('\n');
            Map<String, String> m = r.models().get(e.getKey());
            if (m != null) for (Map.Entry<String, String> a : m.entrySet()) {
                long params = params(r.runs(), e.getKey(), a.getKey());
                md.append("  - ").append(a.getKey()).append(": ").append(a.getValue()).append(params > 0 ? " — " + params + " parameters" : "").append('\n');
            }
        }
        md.append('\n');
        budgets(md, r, p);
        targets(md, r);
        main(md, r, p);
        tr(md, r, p);
        sweep(md, r, p, dir);
        ablation(md, r, p);
        cost(md, r, p);
        perClass(md, r);
        curves(md, r, dir);
        AtomicFiles.writeString(dir.resolve("salf.md"), md.toString());
    }

    // ------------------------------------------------------------------ tables

    private static void budgets(StringBuilder md, SalfExperiment.Results r, SalfPreset p) {
        md.append("## Training budgets of this preset\n\n");
        MarkdownTable t = new MarkdownTable("domain", "max epochs", "batch", "base lr (cosine)", "early-stopping patience", "training examples", "seeds x splits");
        for (String d : r.protocols().keySet()) {
            SalfPreset.Budget b = p.budget(d);
            t.row(d, b.epochs(), b.batch(), b.lr(), b.patience() > 0 ? b.patience() : "off", b.trainLimit() > 0 ? "first " + b.trainLimit() : "all",
                    p.seeds(d) + (b.folds() > 0 ? " x " + b.folds() + " folds" : ""));
        }
        md.append(t).append('\n');
    }

    /** The targets, measured on the SALF arm of this run (never selected on test). */
    private static void targets(StringBuilder md, SalfExperiment.Results r) {
        md.append("## Targets (issue 4) against this run\n\n");
        MarkdownTable t = new MarkdownTable("target", "measured", "met?");
        List<SalfRun> img = select(r.runs(), "main", "rotmnist", SalfArm.SALF.key, null);
        if (!img.isEmpty()) {
            double salf = perSeed(img, x -> x.test().accuracy()).mean() * 100;
            double g = perSeed(select(r.runs(), "main", "rotmnist", SalfArm.SYMMETRIC.key, null), x -> x.test().accuracy()).mean() * 100;
            double c = perSeed(select(r.runs(), "main", "rotmnist", SalfArm.BASELINE.key, null), x -> x.test().accuracy()).mean() * 100;
            t.row("RotMNIST-10k SALF test accuracy >= 97.5%", String.format(Locale.ROOT, "%.2f%%", salf), verdict(salf >= 97.5, salf - 97.5));
            t.row("RotMNIST-10k SALF > G-CNN > CNN", String.format(Locale.ROOT, "%.2f > %.2f > %.2f", salf, g, c), salf > g && g > c ? "yes" : "no");
        }
        List<SalfRun> ecg = select(r.runs(), "main", "mitbih", SalfArm.SALF.key, null);
        if (!ecg.isEmpty()) {
            double acc = perSeed(ecg, x -> x.test().accuracy()).mean() * 100, f1 = perSeed(ecg, x -> x.test().macroF1()).mean();
            t.row("MIT-BIH intra-patient binary SALF accuracy >= 98%", String.format(Locale.ROOT, "%.2f%%", acc), verdict(acc >= 98, acc - 98));
            t.row("MIT-BIH intra-patient binary SALF macro-F1 >= 0.95", String.format(Locale.ROOT, "%.4f", f1), f1 >= 0.95 ? "yes" : String.format(Locale.ROOT, "no (%.4f short)", 0.95 - f1));
        }
        List<SalfRun> pr = select(r.runs(), "main", "proteins", SalfArm.SALF.key, null);
        if (!pr.isEmpty()) {
            double acc = perSeed(pr, x -> x.test().accuracy()).mean() * 100;
            t.row("PROTEINS 10-fold SALF test accuracy >= 75% (mean)", String.format(Locale.ROOT, "%.2f%%", acc), verdict(acc >= 75, acc - 75));
        }
        md.append(t).append('\n');
    }

    private static String verdict(boolean met, double points) {
        return met ? "yes" : String.format(Locale.ROOT, "no (%.2f points short)", -points);
    }

    private static void main(StringBuilder md, SalfExperiment.Results r, SalfPreset p) {
        md.append("## 1. Accuracy, precision, recall, F1 (test)\n\n");
        MarkdownTable t = new MarkdownTable("dataset", "model", "accuracy %", "macro precision %", "macro recall %", "macro F1", "seeds",
                "paper accuracy %", "paper F1");
        SalfArm[] arms = {SalfArm.BASELINE, SalfArm.SYMMETRIC, SalfArm.SALF};
        for (String d : r.protocols().keySet()) {
            if (d.equals("rotmnist-tr")) continue;
            for (int i = 0; i < arms.length; i++) {
                List<SalfRun> rs = select(r.runs(), "main", d, arms[i].key, null);
                if (rs.isEmpty()) continue;
                double[] pa = PAPER_MAIN_ACC.get(d), pf = PAPER_MAIN_F1.get(d);
                t.row(d, rowName(d, i), fmt(rs, x -> x.test().accuracy(), 100, 2), fmt(rs, x -> x.test().macroPrecision(), 100, 2),
                        fmt(rs, x -> x.test().macroRecall(), 100, 2), fmt(rs, x -> x.test().macroF1(), 1, 4), seeds(rs),
                        pa == null ? "—" : pa[i], pf == null ? "—" : pf[i]);
            }
        }
        md.append(t).append('\n');
    }

    private static void tr(StringBuilder md, SalfExperiment.Results r, SalfPreset p) {
        md.append("## 2. Transformation robustness (TR%)\n\n");
        md.append("Images: trained and validated on digits rotated within ±15 degrees (RotMNIST-10k TR protocol), tested on the same 2,000 "
                + "test digits rotated within ±15 degrees (in-distribution) and at uniform angles in [0, 360) (all angles); TR% = the accuracy "
                + "drop in points. ECG: the main runs' test beats played backwards (time reversal), never seen in training. The paper's TR% "
                + "figures are labelled; its protocol is not specified beyond \"accuracy drop after symmetric transformations not seen during "
                + "training\".\n\n");
        MarkdownTable t = new MarkdownTable("dataset", "model", "test accuracy %", "transformed", "transformed accuracy %", "drop (points)", "seeds",
                "paper drop");
        SalfArm[] arms = {SalfArm.BASELINE, SalfArm.SYMMETRIC, SalfArm.SALF};
        String[][] sources = {{"tr", "rotmnist-tr", "rotmnist", "all angles"}, {"main", "mitbih", "mitbih", "time-reversed"},
                {"main", "mitbih-inter", "mitbih-inter", "time-reversed"}};
        for (String[] s : sources) {
            for (int i = 0; i < arms.length; i++) {
                List<SalfRun> rs = select(r.runs(), s[0], s[1], arms[i].key, null);
                rs.removeIf(x -> !x.transformed().containsKey(s[3]));
                if (rs.isEmpty()) continue;
                double[] paper = PAPER_TR.get(s[2]);
                t.row(s[2], rowName(s[2], i), fmt(rs, x -> x.test().accuracy(), 100, 2), s[3], fmt(rs, x -> x.transformed().get(s[3]), 100, 2),
                        fmt(rs, x -> x.transformed().get(s[3]) - x.test().accuracy(), 100, 2), seeds(rs), paper == null ? "—" : paper[i]);
            }
        }
        md.append(t.rowCount() == 0 ? "(not run in this preset)\n" : t.toString()).append('\n');
    }

    private static void sweep(StringBuilder md, SalfExperiment.Results r, SalfPreset p, Path dir) {
        md.append("## 3. Sensitivity to lambda\n\n");
        md.append("SALF arm; every other setting as in table 1. The lambda of table 1 is reused for its row.\n\n");
        MarkdownTable t = new MarkdownTable("dataset", "lambda", "accuracy %", "macro F1", "seeds", "paper accuracy %");
        List<Charts.Series> series = new ArrayList<>();
        for (String d : p.sweepDomains()) {
            TreeMap<Float, List<SalfRun>> byLambda = new TreeMap<>();
            for (SalfRun x : r.runs())
                if (x.domain().equals(d) && x.arm().equals(SalfArm.SALF.key) && (x.experiment().equals("sweep") || x.experiment().equals("main")))
                    byLambda.computeIfAbsent(x.lambda(), k -> new ArrayList<>()).add(x);
            if (byLambda.size() < 2) continue;
            double[] xs = new double[byLambda.size()], ys = new double[byLambda.size()], std = new double[byLambda.size()];
            int k = 0;
            for (Map.Entry<Float, List<SalfRun>> e : byLambda.entrySet()) {
                double[] paper = PAPER_LAMBDA.get(d);
                int pi = SalfPreset.PAPER_LAMBDAS.indexOf(e.getKey());
                t.row(d, String.format(Locale.ROOT, "%.2f", e.getKey()), fmt(e.getValue(), x -> x.test().accuracy(), 100, 2),
                        fmt(e.getValue(), x -> x.test().macroF1(), 1, 4), seeds(e.getValue()), paper == null || pi < 0 ? "—" : paper[pi]);
                xs[k] = e.getKey();
                MeanStd m = perSeed(e.getValue(), x -> x.test().accuracy());
                std[k] = m.std() * 100;
                ys[k++] = m.mean() * 100;
            }
            series.add(new Charts.Series(d + " (mean ± std over seeds)", xs, ys, std));
        }
        if (t.rowCount() == 0) {
            md.append("(not run in this preset)\n\n");
            return;
        }
        md.append(t).append('\n');
        Charts.lines(dir.resolve("salf-lambda.png"), "SALF: test accuracy vs lambda", "lambda", "test accuracy (%)", series);
        md.append("![accuracy vs lambda](salf-lambda.png)\n\n");
    }

    private static void ablation(StringBuilder md, SalfExperiment.Results r, SalfPreset p) {
        md.append("## 4. Ablation (test accuracy %)\n\n");
        md.append("Rows add one component at a time on the same encoder: the symmetry-aware encoder with an exactly invariant head "
                + "(gamma = 0, lambda = 0), then the learned asymmetric part of the head without the regularizer (lambda = 0), then L_asym "
                + "(full SALF).\n\n");
        List<String> ds = new ArrayList<>();
        for (String d : r.protocols().keySet()) if (!d.equals("rotmnist-tr")) ds.add(d);
        List<String> header = new ArrayList<>(List.of("configuration"));
        for (String d : ds) header.add(d);
        header.add("paper (RotMNIST / ECG / PROTEINS)");
        MarkdownTable t = new MarkdownTable(header.toArray(new String[0]));
        String[] paper = {"84.3 / 89.5 / 75.3", "92.1 / 91.2 / 79.4", "—", "95.6 / 94.7 / 83.6"};
        SalfArm[] arms = SalfArm.values();
        for (int i = 0; i < arms.length; i++) {
            List<Object> row = new ArrayList<>(List.of(arms[i].description));
            for (String d : ds) {
                List<SalfRun> rs = select(r.runs(), "main", d, arms[i].key, null);
                row.add(rs.isEmpty() ? "—" : fmt(rs, x -> x.test().accuracy(), 100, 2));
            }
            row.add(paper[i]);
            t.row(row.toArray());
        }
        md.append(t).append('\n');
    }

    private static void cost(StringBuilder md, SalfExperiment.Results r, SalfPreset p) {
        md.append("## 5. Cost: baseline vs SALF\n\n");
        md.append("Measured during the main runs on this machine (").append(r.device()).append("): training time per epoch (mean over epochs "
                + "and seeds), inference time per batch (forward only, no gradients, at the training batch size), peak native memory above "
                + "the level before the run. A GPU row needs a GPU run; none was lent to this task. For comparison, ").append(PAPER_COST).append("\n\n");
        MarkdownTable t = new MarkdownTable("dataset", "model", "parameters", "train s/epoch", "inference ms/batch", "peak native MiB", "vs baseline (time / inference / memory)");
        for (String d : r.protocols().keySet()) {
            if (d.equals("rotmnist-tr")) continue;
            List<SalfRun> base = select(r.runs(), "main", d, SalfArm.BASELINE.key, null);
            for (SalfArm a : new SalfArm[] {SalfArm.BASELINE, SalfArm.SYMMETRIC, SalfArm.SALF}) {
                List<SalfRun> rs = select(r.runs(), "main", d, a.key, null);
                if (rs.isEmpty()) continue;
                String rel = "—";
                if (a != SalfArm.BASELINE && !base.isEmpty())
                    rel = String.format(Locale.ROOT, "%+.1f%% / %+.1f%% / %+.1f%%", pct(rs, base, SalfRun::trainSecondsPerEpoch),
                            pct(rs, base, SalfRun::inferenceMsPerBatch), pct(rs, base, x -> x.peakNativeBytes()));
                t.row(d, a.key, rs.get(0).parameters(), fmt(rs, SalfRun::trainSecondsPerEpoch, 1, 2), fmt(rs, SalfRun::inferenceMsPerBatch, 1, 2),
                        fmt(rs, x -> x.peakNativeBytes() / 1048576.0, 1, 1), rel);
            }
        }
        md.append(t).append('\n');
    }

    /** Class names of the ECG protocols, by domain key. */
    static final Map<String, String[]> CLASS_NAMES = Map.of("mitbih", new String[] {"normal", "arrhythmic"},
            "mitbih-inter", new String[] {"N", "S", "V", "F", "Q"});

    private static void perClass(StringBuilder md, SalfExperiment.Results r) {
        boolean any = false;
        for (Map.Entry<String, String[]> d : new java.util.TreeMap<>(CLASS_NAMES).entrySet()) {
            Map<String, List<SalfRun>> groups = new LinkedHashMap<>();
            for (SalfArm a : SalfArm.values()) {
                List<SalfRun> rs = select(r.runs(), "main", d.getKey(), a.key, null);
                if (!rs.isEmpty()) groups.put(a.key, rs);
            }
            if (groups.isEmpty()) continue;
            if (!any) md.append("## 6. ECG per-class recall % (test, mean ± std over seeds)\n\n");
            any = true;
            String[] names = d.getValue();
            List<String> header = new ArrayList<>(List.of(d.getKey() + " / model"));
            for (String n : names) header.add("recall " + n);
            MarkdownTable t = new MarkdownTable(header.toArray(new String[0]));
            for (Map.Entry<String, List<SalfRun>> e : groups.entrySet()) {
                List<Object> row = new ArrayList<>(List.of(e.getKey()));
                for (int c = 0; c < names.length; c++) {
                    final int cc = c;
                    row.add(fmt(e.getValue(), x -> x.test().perClassRecall().length > cc ? x.test().perClassRecall()[cc] : Double.NaN, 100, 1));
                }
                t.row(row.toArray());
            }
            md.append(t).append('\n');
        }
    }

    private static void curves(StringBuilder md, SalfExperiment.Results r, Path dir) {
        md.append("## 7. Learning curves\n\n");
        for (String d : r.protocols().keySet()) {
            List<Charts.Series> series = new ArrayList<>();
            for (SalfArm a : SalfArm.values()) {
                for (SalfRun x : r.runs()) {
                    if (!x.domain().equals(d) || !x.arm().equals(a.key) || x.seed() != 1 || x.experiment().equals("sweep")) continue;
                    double[] y = new double[x.history().size()];
                    for (int i = 0; i < y.length; i++) y[i] = x.history().get(i).valAccuracy() * 100;
                    series.add(Charts.Series.ofEpochs(a.key + " (val)", y));
                    break;
                }
            }
            if (series.isEmpty()) continue;
            String file = "salf-" + d + "-curves.png";
            Charts.lines(dir.resolve(file), d + ": validation accuracy per epoch (seed 1, first split)", "epoch", "validation accuracy (%)", series);
            md.append("![").append(d).append(" learning curves](").append(file).append(")\n\n");
        }
    }

    // ------------------------------------------------------------------ helpers

    static List<SalfRun> select(List<SalfRun> runs, String experiment, String domain, String arm, Float lambda) {
        List<SalfRun> out = new ArrayList<>();
        for (SalfRun x : runs)
            if (x.experiment().equals(experiment) && x.domain().equals(domain) && x.arm().equals(arm) && (lambda == null || x.lambda() == lambda))
                out.add(x);
        return out;
    }

    /** One value per seed (the mean over that seed's splits), summarised over seeds. */
    static MeanStd perSeed(List<SalfRun> runs, ToDoubleFunction<SalfRun> f) {
        TreeMap<Long, double[]> acc = new TreeMap<>();                 // seed -> {sum, count}
        for (SalfRun x : runs) {
            double[] s = acc.computeIfAbsent(x.seed(), k -> new double[2]);
            s[0] += f.applyAsDouble(x);
            s[1]++;
        }
        double[] v = new double[acc.size()];
        int i = 0;
        for (double[] s : acc.values()) v[i++] = s[0] / s[1];
        return MeanStd.of(v);
    }

    private static String fmt(List<SalfRun> runs, ToDoubleFunction<SalfRun> f, double scale, int decimals) {
        return perSeed(runs, f).format(scale, decimals);
    }

    private static String seeds(List<SalfRun> runs) {
        long seeds = runs.stream().mapToLong(SalfRun::seed).distinct().count();
        long splits = runs.stream().map(SalfRun::split).distinct().count();
        return splits > 1 ? seeds + " x " + splits + " folds" : String.valueOf(seeds);
    }

    private static double pct(List<SalfRun> a, List<SalfRun> base, ToDoubleFunction<SalfRun> f) {
        double x = perSeed(a, f).mean(), b = perSeed(base, f).mean();
        return b == 0 ? Double.NaN : 100 * (x - b) / b;
    }

    private static long params(List<SalfRun> runs, String domain, String arm) {
        for (SalfRun x : runs) if (x.domain().equals(domain) && x.arm().equals(arm)) return x.parameters();
        return 0;
    }

    private static String rowName(String domain, int i) {
        String[] names = ROW_NAMES.get(domain);
        return names == null ? String.valueOf(i) : names[i];
    }
}
