package org.symkern.cli.asen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.symkern.group.PairOrbits;
import org.symkern.cli.report.Charts;
import org.symkern.tensor.Orbits;

/** The PNG charts of the ASEN report; each method returns the file names it wrote (relative to the output directory). */
final class AsenCharts {
    private AsenCharts() {}

    /** Test accuracy against training size (log x), equivariant vs non-equivariant, one chart per task; and the learning curves. */
    static List<String> sweep(EquivarianceSweep.Summary s, AsenPreset p, RunIndex book, Path out) {
        List<String> files = new ArrayList<>();
        double smallest = p.sweep().units().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        for (String task : p.sweep().tasks()) {
            List<Charts.Series> series = new ArrayList<>();
            for (String arm : List.of(EquivarianceSweep.EQUIVARIANT, EquivarianceSweep.NON_EQUIVARIANT)) {
                double[] x = new double[p.sweep().units().size()], y = new double[x.length], std = new double[x.length];
                for (int i = 0; i < x.length; ++i) {
                    x[i] = p.sweep().units().get(i);
                    var m = s.cell(task, x[i], arm).summary().testAccuracy();
                    y[i] = m.mean();
                    std[i] = m.std();
                }
                series.add(new Charts.Series(p.seeds() > 1 ? arm + " (mean ± std)" : arm, x, y, p.seeds() > 1 ? std : null));
            }
            String f = "asen_sweep_" + task + ".png";
            Charts.lines(out.resolve(f), task + ": test per-node accuracy vs training size (" + Charts.count(p.seeds(), "seed") + ")",
                    "training size (units of 2,500)", "test accuracy", series, true, 720, 480);
            files.add(f);
            List<Charts.Series> curves = new ArrayList<>();
            for (String arm : List.of(EquivarianceSweep.EQUIVARIANT, EquivarianceSweep.NON_EQUIVARIANT))
                curves.add(Charts.Series.ofEpochs(arm, SeedSummary.meanValCurve(task, book.runs(s.cell(task, smallest, arm).summary().runs()))));
            String c = "asen_sweep_curves_" + task + ".png";
            Charts.lines(out.resolve(c), task + " at " + smallest + " units: validation accuracy per epoch (mean of " + Charts.count(p.seeds(), "seed") + ")", "epoch",
                    "validation accuracy", curves);
            files.add(c);
        }
        return files;
    }

    /** Test accuracy against the number of tasks in the model (1 = single-task), per reported task; and intersect's curves. */
    static List<String> multitask(MultitaskComparison.Summary s, AsenPreset p, RunIndex book, Path out) {
        List<String> files = new ArrayList<>();
        List<String> settings = new ArrayList<>(List.of(MultitaskComparison.SINGLE));
        for (int t : p.multitask().taskSets()) settings.add("T=" + t);
        for (double units : p.multitask().units()) {
            List<Charts.Series> series = new ArrayList<>();
            for (String task : s.reportTasks()) {
                List<Double> xs = new ArrayList<>(), ys = new ArrayList<>(), sd = new ArrayList<>();   // only the sets that contain the task
                for (int i = 0; i < settings.size(); ++i) {
                    MultitaskComparison.Cell c = s.find(task, units, settings.get(i));
                    if (c == null) continue;
                    xs.add(i == 0 ? 1.0 : 3.0 * p.multitask().taskSets().get(i - 1));
                    ys.add(c.summary().testAccuracy().mean());
                    sd.add(c.summary().testAccuracy().std());
                }
                series.add(new Charts.Series(p.seeds() > 1 ? task + " (mean ± std)" : task, xs.stream().mapToDouble(Double::doubleValue).toArray(),
                        ys.stream().mapToDouble(Double::doubleValue).toArray(),
                        p.seeds() > 1 ? sd.stream().mapToDouble(Double::doubleValue).toArray() : null));
            }
            String f = "asen_multitask_r" + units + ".png";
            Charts.lines(out.resolve(f), "multitask at " + units + " units per task: test accuracy (" + Charts.count(p.seeds(), "seed") + ")",
                    "tasks in the model (1 = single-task, 3T = task set T)", "test accuracy", series);
            files.add(f);
            String task = s.reportTasks().contains("intersect") ? "intersect" : s.reportTasks().get(0);
            List<Charts.Series> curves = new ArrayList<>();
            for (String setting : settings)
                curves.add(Charts.Series.ofEpochs(setting, SeedSummary.meanValCurve(task, book.runs(s.cell(task, units, setting).summary().runs()))));
            String c = "asen_multitask_curves_" + task + "_r" + units + ".png";
            Charts.lines(out.resolve(c), task + " at " + units + " units: validation accuracy per epoch", "epoch", "validation accuracy", curves);
            files.add(c);
        }
        return files;
    }

    /** Validation accuracy per epoch of the transfer arms, per target. */
    static List<String> transfer(TransferExperiment.Summary s, AsenPreset p, RunIndex book, Path out) {
        List<String> files = new ArrayList<>();
        for (String target : p.transfer().targets()) {
            List<Charts.Series> curves = new ArrayList<>();
            for (String arm : List.of(TransferExperiment.SCRATCH, TransferExperiment.PRETRAINED, TransferExperiment.PRETRAINED_SAME_RATES))
                curves.add(Charts.Series.ofEpochs(arm, SeedSummary.meanValCurve(target, book.runs(s.cell(target, arm).summary().runs()))));
            String f = "asen_transfer_curves_" + target + ".png";
            Charts.lines(out.resolve(f), target + ", fine-tuning on " + p.transfer().finetuneUnits() + " units: validation accuracy per epoch", "epoch",
                    "validation accuracy", curves);
            files.add(f);
        }
        return files;
    }

    /** The n^2 x n^2 per-edge distance heat maps (seed 0) before and after training, per encoding group. */
    static List<String> discovery(SymmetryDiscovery.Summary s, Path out) {
        List<String> files = new ArrayList<>();
        for (SymmetryDiscovery.GroupResult g : s.groups()) {
            PairOrbits orbits = Orbits.pairOrbits(CandidateGroups.of(g.group(), org.symkern.asen.task.Tasks.equivariant(s.task()).n()));
            for (String when : List.of("before", "after")) {
                double[][] d = when.equals("before") ? g.distancesBefore() : g.distancesAfter();
                String f = "asen_discovery_" + g.group() + "_" + when + ".png";
                Charts.heatmap(out.resolve(f), s.task() + " with " + g.label() + " (K = " + g.categories() + "): edge distances " + when + " training",
                        "edge (i, j) as i·n + j", "edge (i, j) as i·n + j", EdgeDistances.pairs(d, orbits), 720);
                files.add(f);
            }
        }
        return files;
    }

    /** Validation accuracy per epoch of the sign task under each encoding. */
    static List<String> sign(SignFailure.Summary s, RunIndex book, Path out) {
        List<Charts.Series> curves = new ArrayList<>();
        for (SignFailure.Arm a : s.arms())
            curves.add(Charts.Series.ofEpochs(a.label() + " (K = " + a.categories() + ")", SeedSummary.meanValCurve("sign", book.runs(a.summary().runs()))));
        Charts.lines(out.resolve("asen_sign_curves.png"), "sign of a permutation (n = " + s.n() + "): validation accuracy per epoch", "epoch",
                "validation accuracy", curves);
        return List.of("asen_sign_curves.png");
    }

    /** Range-scaled test L1 per invariant task, invariant vs non-invariant, as bars with the std over seeds as error bars. */
    static List<String> invariant(InvariantRegression.Summary s, AsenPreset p, Path out) {
        List<String> tasks = p.invariant().tasks();
        List<String> names = new ArrayList<>();
        double[][] y = new double[InvariantRegression.ARMS.size()][tasks.size()], e = new double[y.length][tasks.size()];
        for (int a = 0; a < y.length; ++a) {
            String arm = InvariantRegression.ARMS.get(a);
            names.add(p.seeds() > 1 ? arm + " (mean, bar = ± std)" : arm);
            for (int t = 0; t < tasks.size(); ++t) {
                var m = s.cell(tasks.get(t), arm).testLoss();
                y[a][t] = m.mean();
                e[a][t] = m.std();
            }
        }
        String f = "asen_invariant_l1.png";
        Charts.bars(out.resolve(f), "invariant regression: test L1 scaled by the label range (" + Charts.count(p.seeds(), "seed") + ")",
                "task (n = 8; invariant = own group, non-invariant = {id})", "test L1 / (out_dim - 1)   (lower is better)", tasks, names, y,
                p.seeds() > 1 ? e : null, 820, 480);
        return List.of(f);
    }

    /** Test L1 per label value of every arm (scratch / pretrained, own group and {id}), one chart per target (mean over the seeds, band = ± std). */
    static List<String> invariantTransfer(InvariantTransfer.Summary s, AsenPreset p, Path out) {
        List<String> files = new ArrayList<>();
        for (String target : p.invariantTransfer().targets()) {
            List<Charts.Series> series = new ArrayList<>();
            for (String arm : InvariantTransfer.ARMS) {
                InvariantTransfer.Cell c = s.cell(target, arm);
                double[] x = new double[c.labels().length], y = new double[x.length], std = new double[x.length];
                for (int k = 0; k < x.length; ++k) {
                    x[k] = c.labels()[k];
                    y[k] = c.labelL1()[k].mean();
                    std[k] = c.labelL1()[k].std();
                }
                series.add(new Charts.Series(p.seeds() > 1 ? arm + " (mean ± std)" : arm, x, y, p.seeds() > 1 ? std : null));
            }
            String f = "asen_invariant_transfer_" + target + ".png";
            Charts.lines(out.resolve(f), target + ": test L1 per label, " + Math.round(100 * p.invariantTransfer().finetuneFraction())
                            + " % of the training split (" + Charts.count(p.seeds(), "seed") + ")",
                    "label value", "test L1 |y_hat - y|   (lower is better)", series, false, 880, 480);
            files.add(f);
        }
        return files;
    }
}
