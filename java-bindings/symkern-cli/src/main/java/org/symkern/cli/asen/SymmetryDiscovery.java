package org.symkern.cli.asen;

import java.util.ArrayList;
import java.util.List;

import org.symkern.asen.task.Task;
import org.symkern.asen.task.Tasks;
import org.symkern.group.PairOrbits;
import org.symkern.ops.EdgeAttention.SelfLoops;
import org.symkern.cli.report.MeanStd;
import org.symkern.tensor.Orbits;

/**
 * Experiment 4 (paper section 5.2, the checkerboard figure): a task encoded with groups smaller than its own (for
 * intersect, whose group is S5 wr S2 with K = 3: S5 x S5 without the half swap, K = 6, and {id}, K = 100). Before and
 * after training, the pairwise distances of the learned edge embeddings ({@link EdgeDistances}) show whether the model
 * ties the categories that the true group merges (the tie ratio, mean over seeds, and the n^2 x n^2 per-edge distance
 * heat maps of seed 0). The diagonal categories are left out of the ratio under the MEAN self-loop rule (unused).
 */
public final class SymmetryDiscovery {
    private SymmetryDiscovery() {}

    /** One encoding group over the seeds; the matrices are seed 0's K x K category distances. */
    public record GroupResult(String group, String label, int categories, MeanStd tieRatioBefore, MeanStd tieRatioAfter, double[] tieBefore,
                              double[] tieAfter, SeedSummary summary, double[][] distancesBefore, double[][] distancesAfter) {}

    public record Summary(String task, String trueGroup, int trueCategories, double units, List<GroupResult> groups, SeedSummary trueGroupRuns) {}

    public static Summary run(RunBook book) {
        AsenPreset p = book.preset();
        AsenPreset.Discovery dp = p.discovery();
        Task task = Tasks.equivariant(dp.task());
        String trueName = CandidateGroups.trueGroup(dp.task());
        PairOrbits truth = Orbits.pairOrbits(CandidateGroups.of(trueName, task.n()));
        boolean offDiagonal = p.model().selfLoops() == SelfLoops.MEAN;
        List<RunBook.Spec> specs = new ArrayList<>();                  // the grid: group x seed, then the own group x seed
        for (String g : dp.groups())
            for (int seed = 0; seed < p.seeds(); ++seed)
                specs.add(book.spec("discovery", CandidateGroups.encode(task, g).groupName(), List.of(TaskRef.encoded(dp.task(), g)), dp.units(), seed));
        for (int seed = 0; seed < p.seeds(); ++seed)
            specs.add(EquivarianceSweep.spec(book, "discovery", dp.task(), EquivarianceSweep.EQUIVARIANT, dp.units(), seed));
        List<RunRecord> all = book.trainAll(specs);
        int next = 0;
        List<GroupResult> out = new ArrayList<>();
        for (String g : dp.groups()) {
            RegroupedTask encoded = CandidateGroups.encode(task, g);
            PairOrbits orbits = Orbits.pairOrbits(encoded.group());
            List<RunRecord> runs = new ArrayList<>();
            double[] before = new double[p.seeds()], after = new double[p.seeds()];
            double[][] d0 = null, d1 = null;
            for (int seed = 0; seed < p.seeds(); ++seed) {
                RunRecord r = all.get(next++);
                runs.add(r);
                RunBook.EdgeTables t = book.edgeTables(r.id());
                double[][] db = EdgeDistances.categories(t.before().get(0), orbits.count(), t.dim());
                double[][] da = EdgeDistances.categories(t.after().get(0), orbits.count(), t.dim());
                before[seed] = EdgeDistances.tieRatio(db, orbits, truth, offDiagonal);
                after[seed] = EdgeDistances.tieRatio(da, orbits, truth, offDiagonal);
                if (seed == 0) {
                    d0 = db;
                    d1 = da;
                }
            }
            out.add(new GroupResult(g, encoded.groupName(), orbits.count(), MeanStd.of(before), MeanStd.of(after), before, after,
                    SeedSummary.of(dp.task(), runs), d0, d1));
        }
        List<RunRecord> own = all.subList(next, next + p.seeds());
        return new Summary(dp.task(), CandidateGroups.label(trueName, task.n()), truth.count(), dp.units(), out, SeedSummary.of(dp.task(), own));
    }
}
