package org.symkern.cli.asen;

import java.util.ArrayList;
import java.util.List;

import org.symkern.asen.task.Task;
import org.symkern.asen.task.Tasks;
import org.symkern.cli.report.MeanStd;
import org.symkern.tensor.Orbits;

/**
 * Experiment 6, symmetry selection (paper section 5.1, here on the structured sequence inputs): for a task, one model per
 * candidate group at the same size, data and initialisation; per seed the candidate with the highest validation
 * accuracy (ties: lower validation loss, then the earlier candidate) is selected, and its test accuracy is the
 * selection's result. The test set plays no part in the choice.
 */
public final class SymmetrySelection {
    private SymmetrySelection() {}

    /** One candidate group over the seeds; {@code picked} counts the seeds that selected it. */
    public record Candidate(String group, String label, int categories, SeedSummary summary, int picked) {}

    /** One task: the candidates, the group picked per seed, and the selected models' test accuracy. */
    public record TaskSelection(String task, String trueGroup, List<Candidate> candidates, List<String> pickedPerSeed, MeanStd selectedTest) {}

    public record Summary(double units, List<TaskSelection> tasks) {}

    /** The index of the best validation score: highest accuracy, then lowest loss, then the lowest index. */
    public static int pick(double[] valAccuracy, double[] valLoss) {
        if (valAccuracy.length == 0 || valAccuracy.length != valLoss.length)
            throw new IllegalArgumentException("pick: " + valAccuracy.length + " accuracies and " + valLoss.length + " losses");
        int best = 0;
        for (int i = 1; i < valAccuracy.length; ++i)
            if (valAccuracy[i] > valAccuracy[best] || (valAccuracy[i] == valAccuracy[best] && valLoss[i] < valLoss[best])) best = i;
        return best;
    }

    public static Summary run(RunBook book) {
        AsenPreset p = book.preset();
        double units = p.selection().units();
        List<TaskSelection> out = new ArrayList<>();
        for (AsenPreset.Candidates c : p.selection().tasks()) {
            Task task = Tasks.equivariant(c.task());
            int m = c.groups().size();
            List<List<RunRecord>> runs = new ArrayList<>();
            for (int g = 0; g < m; ++g) runs.add(new ArrayList<>());
            int[] picked = new int[m];
            List<String> pickedNames = new ArrayList<>();
            double[] selectedTest = new double[p.seeds()];
            List<RunBook.Spec> specs = new ArrayList<>();              // the grid: seed x candidate
            for (int seed = 0; seed < p.seeds(); ++seed)
                for (int g = 0; g < m; ++g)
                    specs.add(book.spec("selection", CandidateGroups.encode(task, c.groups().get(g)).groupName(),
                            List.of(TaskRef.encoded(c.task(), c.groups().get(g))), units, seed));
            List<RunRecord> all = book.trainAll(specs);
            int next = 0;
            for (int seed = 0; seed < p.seeds(); ++seed) {
                double[] acc = new double[m], loss = new double[m];
                for (int g = 0; g < m; ++g) {
                    RunRecord r = all.get(next++);
                    runs.get(g).add(r);
                    acc[g] = r.val(c.task()).accuracy();
                    loss[g] = r.val(c.task()).loss();
                }
                int best = pick(acc, loss);
                ++picked[best];
                pickedNames.add(CandidateGroups.label(c.groups().get(best), task.n()));
                selectedTest[seed] = runs.get(best).get(seed).test(c.task()).accuracy();
            }
            List<Candidate> cands = new ArrayList<>();
            for (int g = 0; g < m; ++g) {
                String name = c.groups().get(g);
                cands.add(new Candidate(name, CandidateGroups.label(name, task.n()), Orbits.pairOrbits(CandidateGroups.of(name, task.n())).count(),
                        SeedSummary.of(c.task(), runs.get(g)), picked[g]));
            }
            out.add(new TaskSelection(c.task(), CandidateGroups.label(CandidateGroups.trueGroup(c.task()), task.n()), cands, pickedNames,
                    MeanStd.of(selectedTest)));
        }
        return new Summary(units, out);
    }
}
