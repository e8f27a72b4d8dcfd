package org.symkern.cli.asen;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.symkern.asen.task.TaskSamples;
import org.symkern.asen.Asen;
import org.symkern.asen.AsenTrainer;

/**
 * Trains an {@link Asen} model on all of its tasks for a fixed number of epochs (AsenTrainer: reference Adam groups,
 * batches mixing the tasks), evaluates every task's validation split after each epoch, selects the epoch with the
 * lowest mean validation loss over the tasks ({@link BestEpoch}), restores that epoch's weights and only then
 * evaluates the training, validation and test splits (training-set metrics show how well the model fits). The model is left holding the selected weights.
 */
public final class SelectedTraining {
    private SelectedTraining() {}

    /** Per-epoch curves, the selected epoch and the selected weights' validation and test metrics. */
    public record Result(double[] trainLoss, double[] valLoss, double[][] valAccuracy, int selectedEpoch, List<TaskScore> train,
                         List<TaskScore> val, List<TaskScore> test, List<Integer> trainSamples, double seconds) implements java.io.Serializable {}

    /**
     * @param data data.get(k) holds the samples of model task k (one split per task of the model)
     * @param label prefix of the progress lines written to {@code log} (may be null: silent)
     */
    public static Result fit(Asen model, List<DataSplit> data, AsenTrainer.Rates rates, int epochs, int batch, long seed, String label,
                             PrintWriter log) {
        int tasks = model.tasks().size();
        if (data.size() != tasks)
            throw new IllegalArgumentException(label + ": " + data.size() + " data splits for a model of " + tasks + " tasks");
        if (epochs < 1) throw new IllegalArgumentException(label + ": epochs " + epochs + " must be at least 1");
        long t0 = System.nanoTime();
        List<TaskSamples> train = new ArrayList<>();
        List<Integer> trainSamples = new ArrayList<>();
        int[] ids = new int[tasks];
        for (int k = 0; k < tasks; ++k) {
            train.add(data.get(k).train());
            trainSamples.add(data.get(k).train().count());
            ids[k] = k;
        }
        double[] trainLoss = new double[epochs], valLoss = new double[epochs];
        double[][] valAcc = new double[tasks][epochs];
        BestEpoch best = new BestEpoch();
        try (AsenTrainer trainer = new AsenTrainer(model, rates, batch, seed)) {
            for (int e = 0; e < epochs; ++e) {
                trainLoss[e] = trainer.epoch(train, ids);
                double sum = 0;
                for (int k = 0; k < tasks; ++k) {
                    AsenTrainer.Evaluation v = trainer.evaluate(k, data.get(k).val());
                    sum += v.loss();
                    valAcc[k][e] = v.accuracy();
                }
                valLoss[e] = sum / tasks;
                boolean improved = best.offer(e + 1, valLoss[e], model);
                if (log != null) {
                    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s epoch %d/%d: train %.4f val %.4f acc", label, e + 1, epochs,
                            trainLoss[e], valLoss[e]));
                    for (int k = 0; k < tasks; ++k) b.append(String.format(Locale.ROOT, " %.3f", valAcc[k][e]));
                    log.println(b.append(improved ? " *" : ""));
                    log.flush();
                }
            }
            best.restore(model);
            List<TaskScore> fitted = new ArrayList<>(), val = new ArrayList<>(), test = new ArrayList<>();
            for (int k = 0; k < tasks; ++k) {
                String name = model.task(k).name(), group = groupLabel(model, k);
                fitted.add(TaskScore.of(name, group, trainer.evaluate(k, data.get(k).train())));
                val.add(TaskScore.of(name, group, trainer.evaluate(k, data.get(k).val())));
                test.add(TaskScore.of(name, group, trainer.evaluate(k, data.get(k).test())));
            }
            return new Result(trainLoss, valLoss, valAcc, best.epoch(), fitted, val, test, trainSamples, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** The report label of model task k's encoding group: the RegroupedTask's name, "{id}" for the baseline flag. */
    static String groupLabel(Asen model, int k) {
        if (model.config().nonEquivariant()) return "{id}";
        return model.task(k) instanceof RegroupedTask r ? r.groupName() : "own (K=" + model.orbits(k).count() + ")";
    }
}
