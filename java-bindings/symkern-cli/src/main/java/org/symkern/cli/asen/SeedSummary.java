package org.symkern.cli.asen;

import java.util.ArrayList;
import java.util.List;

import org.symkern.cli.report.MeanStd;

/**
 * One task's figures over the seeds of one setting: test accuracy (summary and per seed), exact match and loss, training-set accuracy (at the
 * selected epoch), validation accuracy, the selected epochs, and the ids of the runs (asen.json) they come from.
 */
public record SeedSummary(String task, String group, int trainSamples, MeanStd testAccuracy, double[] testAccuracies, MeanStd testExactMatch,
                          MeanStd testLoss, MeanStd trainAccuracy, MeanStd valAccuracy, int[] selectedEpochs, List<String> runs) {
    /** The summary of task {@code task} over {@code runs} (one per seed). */
    public static SeedSummary of(String task, List<RunRecord> runs) {
        if (runs.isEmpty()) throw new IllegalArgumentException("no runs for task " + task);
        int k = runs.size();
        double[] acc = new double[k], exact = new double[k], loss = new double[k], train = new double[k], val = new double[k];
        int[] epochs = new int[k];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < k; ++i) {
            RunRecord r = runs.get(i);
            TaskScore t = r.test(task);
            acc[i] = t.accuracy();
            exact[i] = t.exactMatch();
            loss[i] = t.loss();
            train[i] = r.train(task).accuracy();
            val[i] = r.val(task).accuracy();
            epochs[i] = r.selectedEpoch();
            ids.add(r.id());
        }
        RunRecord first = runs.get(0);
        return new SeedSummary(task, first.test(task).group(), first.trainSamples().get(first.tasks().indexOf(task)), MeanStd.of(acc), acc,
                MeanStd.of(exact), MeanStd.of(loss), MeanStd.of(train), MeanStd.of(val), epochs, ids);
    }

    /** The number of seeds whose test accuracy is at least {@code threshold}. */
    public int seedsReaching(double threshold) {
        int k = 0;
        for (double a : testAccuracies) if (a >= threshold) ++k;
        return k;
    }

    /** Mean over the seeds of task {@code task}'s validation-accuracy curves (equal lengths). */
    public static double[] meanValCurve(String task, List<RunRecord> runs) {
        double[] out = new double[runs.get(0).valAccuracy(task).length];
        for (RunRecord r : runs) {
            double[] c = r.valAccuracy(task);
            for (int e = 0; e < out.length; ++e) out[e] += c[e] / runs.size();
        }
        return out;
    }
}
