package org.symkern.cli.asen;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.symkern.asen.task.Task;
import org.symkern.asen.task.TaskSamples;
import org.symkern.asen.task.Tasks;
import org.symkern.group.PairOrbits;
import org.symkern.tensor.Orbits;

/**
 * Experiment 5, the failure case (paper appendix C.5, docs/groups.md, section The alternating group): the sign of a permutation of n distinct
 * values is invariant under A_n and flips under every transposition. A_n (n &gt;= 4) is 2-transitive, so its 2-orbits
 * are those of S_n (K = 2) and ASEN encoded with A_n is S_n-invariant: every input in one S_n orbit (for n values
 * out of n, all inputs) gets the same output, so it cannot beat chance. The {id} encoding (K = n^2) has no such
 * constraint. Trained as 2-class classification (cross-entropy), exact-match accuracy.
 */
public final class SignFailure {
    private SignFailure() {}

    /** One encoding over the seeds. */
    public record Arm(String group, String label, int categories, SeedSummary summary) {}

    /**
     * @param distinctInputs the number of possible inputs, maxValue! / (maxValue - n)!
     * @param testSeenInTrain mean over seeds of the fraction of test samples whose input also occurs in the training set
     * @param testMajority mean over seeds of the majority-class rate of the test set (what a constant guess scores)
     */
    public record Summary(int n, int maxValue, double units, long distinctInputs, double testSeenInTrain, double testMajority, List<Arm> arms) {}

    public static Summary run(RunBook book) {
        AsenPreset p = book.preset();
        AsenPreset.SignFailure sp = p.sign();
        Task task = Tasks.sign(sp.n(), sp.maxValue());
        List<RunBook.Spec> specs = new ArrayList<>();                  // the grid: group x seed
        for (String g : sp.groups())
            for (int seed = 0; seed < p.seeds(); ++seed)
                specs.add(new RunBook.Spec("sign", CandidateGroups.encode(task, g).groupName(), List.of(TaskRef.sign(sp.n(), sp.maxValue(), g)),
                        sp.units(), seed, sp.model(), sp.rates(), sp.epochs(), p.batch()));
        List<RunRecord> all = book.trainAll(specs);
        List<Arm> arms = new ArrayList<>();
        int next = 0;
        for (String g : sp.groups()) {
            RegroupedTask encoded = CandidateGroups.encode(task, g);
            List<RunRecord> runs = all.subList(next, next + p.seeds());
            next += p.seeds();
            PairOrbits orbits = Orbits.pairOrbits(encoded.group());
            arms.add(new Arm(g, encoded.groupName(), orbits.count(), SeedSummary.of(task.name(), runs)));
        }
        double seen = 0, majority = 0;
        for (int seed = 0; seed < p.seeds(); ++seed) {
            DataSplit d = DataSplit.of(task, sp.units(), p.unitSamples(), seed);
            seen += seenFraction(d.train(), d.test()) / p.seeds();
            int ones = 0;
            for (int c : d.test().classes(TaskSamples.range(d.test().count()))) ones += c;
            majority += Math.max(ones, d.test().count() - ones) / (double) d.test().count() / p.seeds();
        }
        long distinct = 1;
        for (int k = 0; k < sp.n(); ++k) distinct *= sp.maxValue() - k;
        return new Summary(sp.n(), sp.maxValue(), sp.units(), distinct, seen, majority, arms);
    }

    /** The fraction of {@code test}'s samples whose token row also occurs in {@code train}. */
    static double seenFraction(TaskSamples train, TaskSamples test) {
        Set<String> rows = new HashSet<>();
        for (int i = 0; i < train.count(); ++i) rows.add(java.util.Arrays.toString(train.tokens(i)));
        int seen = 0;
        for (int i = 0; i < test.count(); ++i) if (rows.contains(java.util.Arrays.toString(test.tokens(i)))) ++seen;
        return test.count() == 0 ? Double.NaN : seen / (double) test.count();
    }
}
