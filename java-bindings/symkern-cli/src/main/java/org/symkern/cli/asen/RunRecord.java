package org.symkern.cli.asen;

import java.util.List;

import org.symkern.asen.AsenTrainer;

/**
 * Everything about one training run, as written to asen.json: what was trained (tasks with their encoding groups,
 * training size in units, seed, model and optimiser settings), the per-epoch curves (mean training loss, mean
 * validation loss over the model's tasks, each task's validation accuracy), the epoch selected on validation loss,
 * and the training, validation and test metrics of the selected epoch's weights, with the wall time.
 *
 * @param valAccuracy valAccuracy[k][e] = task k's validation accuracy after epoch e + 1
 */
public record RunRecord(String id, String experiment, String arm, List<String> tasks, List<String> groups, double units, int seed,
                        String model, AsenTrainer.Rates rates, int epochs, int batch, List<Integer> trainSamples, double[] trainLoss,
                        double[] valLoss, double[][] valAccuracy, int selectedEpoch, List<TaskScore> train, List<TaskScore> val, List<TaskScore> test,
                        double seconds) {
    /** Test metrics of the task named {@code task}. */
    public TaskScore test(String task) {
        return find(test, task);
    }

    /** Training-set metrics (selected epoch) of the task named {@code task}. */
    public TaskScore train(String task) {
        return find(train, task);
    }

    /** Validation metrics (selected epoch) of the task named {@code task}. */
    public TaskScore val(String task) {
        return find(val, task);
    }

    private TaskScore find(List<TaskScore> scores, String task) {
        for (TaskScore s : scores) if (s.task().equals(task)) return s;
        throw new IllegalArgumentException("run " + id + " has no task '" + task + "' (tasks " + tasks + ")");
    }

    /** Task {@code task}'s validation accuracy curve. */
    public double[] valAccuracy(String task) {
        int k = tasks.indexOf(task);
        if (k < 0) throw new IllegalArgumentException("run " + id + " has no task '" + task + "' (tasks " + tasks + ")");
        return valAccuracy[k];
    }
}
