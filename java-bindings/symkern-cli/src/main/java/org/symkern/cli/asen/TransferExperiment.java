package org.symkern.cli.asen;

import java.util.ArrayList;
import java.util.List;


/**
 * Experiment 3 (paper section 5.2.2, docs/asen.md, section Training protocol): for each target task,
 * <ol>
 *   <li>pretrain one model on the other tasks of the pool (own groups and embedders, shared body, mixed batches of 21 per
 *       task; the pretraining epoch is selected on the pretraining tasks' validation loss, the target plays no part);</li>
 *   <li>build a fresh single-task model for the target (same seed as the scratch arm, so the same fresh embedders) and
 *       copy the pretrained body into it ({@link BodyTransfer});</li>
 *   <li>fine-tune on the target's small training set with the fine-tuning rates (body lowered, embedders as usual:
 *       arm "pretrained") and, as a control for the rates, with the preset's rates (arm "pretrained, preset rates");</li>
 *   <li>compare with the same fresh model trained from scratch on the same data with the preset's rates (arm "scratch",
 *       shared with the sweep's equivariant run at that size).</li>
 * </ol>
 */
public final class TransferExperiment {
    private TransferExperiment() {}

    public static final String SCRATCH = "scratch", PRETRAINED = "pretrained", PRETRAINED_SAME_RATES = "pretrained, preset rates";

    /** One (target, arm) cell over the seeds. */
    public record Cell(String target, String arm, SeedSummary summary) {}

    public record Summary(List<Cell> cells, List<String> pretrainRuns) {
        public Cell cell(String target, String arm) {
            for (Cell c : cells) if (c.target().equals(target) && c.arm().equals(arm)) return c;
            throw new IllegalArgumentException("transfer has no cell " + target + " / " + arm);
        }
    }

    public static Summary run(RunBook book) {
        AsenPreset p = book.preset();
        AsenPreset.Transfer tp = p.transfer();
        List<RunBook.Cell> grid = new ArrayList<>();                    // per target and seed: the scratch run, then pretraining + 2 fine-tunings
        for (String targetName : tp.targets()) {
            List<TaskRef> pool = new ArrayList<>();
            for (String name : tp.pool()) if (!name.equals(targetName)) pool.add(TaskRef.own(name));
            if (pool.isEmpty()) throw new IllegalArgumentException("transfer to " + targetName + ": the pool " + tp.pool() + " has no other task");
            for (int seed = 0; seed < p.seeds(); ++seed) {
                grid.add(book.cell(EquivarianceSweep.spec(book, "transfer", targetName, EquivarianceSweep.EQUIVARIANT, tp.finetuneUnits(), seed)));
                RunBook.Spec preSpec = new RunBook.Spec("transfer", "pretrain-for-" + targetName, pool, tp.pretrainUnits(), seed, p.model(),
                        tp.pretrainRates(), tp.pretrainEpochs(), Math.max(1, p.batch() / 3) * pool.size());
                grid.add(book.cell(preSpec, List.of(finetune(p, targetName, PRETRAINED, tp.finetuneRates(), seed),
                        finetune(p, targetName, PRETRAINED_SAME_RATES, p.rates(), seed))));
            }
        }
        List<List<RunRecord>> all = book.run(grid);
        List<Cell> cells = new ArrayList<>();
        List<String> pretrainIds = new ArrayList<>();
        int next = 0;
        for (String targetName : tp.targets()) {
            List<RunRecord> scratch = new ArrayList<>(), pre = new ArrayList<>(), same = new ArrayList<>();
            for (int seed = 0; seed < p.seeds(); ++seed) {
                scratch.add(all.get(next++).get(0));
                List<RunRecord> transfer = all.get(next++);
                pretrainIds.add(transfer.get(0).id());
                pre.add(transfer.get(1));
                same.add(transfer.get(2));
            }
            cells.add(new Cell(targetName, SCRATCH, SeedSummary.of(targetName, scratch)));
            cells.add(new Cell(targetName, PRETRAINED, SeedSummary.of(targetName, pre)));
            cells.add(new Cell(targetName, PRETRAINED_SAME_RATES, SeedSummary.of(targetName, same)));
        }
        return new Summary(cells, pretrainIds);
    }

    /**
     * The fine-tuning of a fresh target model (same model seed as the scratch arm) that receives the pretrained body
     * ({@link RunBook.Cell}): the target's small training set with {@code rates}.
     */
    static RunBook.Spec finetune(AsenPreset p, String target, String arm, org.symkern.asen.AsenTrainer.Rates rates, int seed) {
        double units = p.transfer().finetuneUnits();
        return new RunBook.Spec("transfer", arm, List.of(TaskRef.own(target)), units, seed, p.model(), rates, p.epochsFor(units), p.batch());
    }
}
