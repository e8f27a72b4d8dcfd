package org.symkern.cli.asen;

import java.util.List;

import org.symkern.asen.Asen;
import org.symkern.asen.AsenTrainer.Rates;

/**
 * The settings of one run of the ASEN experiment suite ({@link AsenSuite}): the shared model and optimiser settings,
 * the number of seeds, and one record per experiment. Epochs are given for training sets of at most 1 unit; a run on
 * r &gt; 1 units gets round(epochs / r) epochs, i.e. the optimiser steps of 1 unit ({@link #epochsFor}).
 *
 * @param unitSamples samples per unit (2,500 as the paper; the micro preset for tests uses fewer)
 * @param seeds seeds 0..seeds-1 (each seed draws its own data, split and initialisation)
 */
public record AsenPreset(String name, String description, Asen.Config model, Rates rates, int epochs, int batch, int unitSamples, int seeds,
                         Sweep sweep, Multitask multitask, Transfer transfer, Discovery discovery, SignFailure sign, Selection selection,
                         Invariant invariant, InvariantTransfer invariantTransfer) {
    public AsenPreset {
        if (epochs < 1 || batch < 1 || seeds < 1 || unitSamples < 20)
            throw new IllegalArgumentException("preset " + name + ": epochs " + epochs + ", batch " + batch + ", seeds " + seeds + ", unit samples "
                    + unitSamples + " out of range");
    }

    /** Equivariant vs non-equivariant ({id}) per task across training sizes. */
    public record Sweep(List<String> tasks, List<Double> units) {}

    /**
     * Multitask (shared body, per-task embedders, mixed batches of 21 samples per task) vs single-task, for the task
     * sets T (the last 3T tasks of the equivariant universe), at each training size; reported on the T = 1 tasks.
     */
    public record Multitask(List<Integer> taskSets, List<Double> units) {}

    /**
     * Pretrain on the other tasks of {@code pool} ({@code pretrainUnits} each, {@code pretrainEpochs}, {@code pretrainRates}),
     * then fine-tune the shared body with a fresh target embedder on {@code finetuneUnits} of each target with
     * {@code finetuneRates}; compared with the same fresh model trained from scratch with the preset's rates.
     */
    public record Transfer(List<String> targets, List<String> pool, double pretrainUnits, int pretrainEpochs, Rates pretrainRates,
                           double finetuneUnits, Rates finetuneRates) {}

    /** A task encoded with smaller groups than its own; edge-embedding distances before and after training. */
    public record Discovery(String task, List<String> groups, double units) {}

    /**
     * The sign of a permutation of n distinct values from 1..maxValue, encoded with each group (A_n and {id}), with its own
     * model, epochs and rates (the {id} model needs a long run at a low rate to fit it).
     */
    public record SignFailure(int n, int maxValue, List<String> groups, double units, int epochs, Rates rates, Asen.Config model) {}

    /** For each task, train one model per candidate group and pick the group with the best validation accuracy. */
    public record Selection(List<Candidates> tasks, double units) {}

    /** A task and the groups it may be encoded with. */
    public record Candidates(String task, List<String> groups) {}

    /**
     * Invariant regression ({@link InvariantRegression}): each invariant task (n = 8) alone, encoded with its own group
     * or with {id}, on {@code samples} generated samples split 70 / 15 / 15 (all of the 70 % for training), with its own
     * model, rates, epochs and batch; trained with the range-scaled L1, selected on validation.
     */
    public record Invariant(List<String> tasks, int samples, Asen.Config model, Rates rates, int epochs, int batch) {
        public Invariant {
            tasks = List.copyOf(tasks);
            if (tasks.isEmpty() || samples < 20 || epochs < 1 || batch < 1)
                throw new IllegalArgumentException("invariant experiment: tasks " + tasks + ", samples " + samples + ", epochs " + epochs + ", batch "
                        + batch + " out of range");
        }
    }

    /**
     * Invariant transfer ({@link org.symkern.cli.asen.InvariantTransfer}): per target, pretrain {@code model} on the other
     * tasks of {@code pool} (range-scaled L1, {@code pretrainEpochs}, {@code pretrainRates}, 1 unit = 70 % of {@code samples}
     * each), fine-tune a fresh target model with the pretrained body on {@code finetuneFraction} of the target's training
     * split with the plain L1, {@code finetuneRates} and {@code epochs}; against the same fresh model trained from scratch
     * on the same data and loss with {@code scratchRates}.
     */
    public record InvariantTransfer(List<String> targets, List<String> pool, int samples, Asen.Config model, int pretrainEpochs, Rates pretrainRates,
                                    double finetuneFraction, int epochs, Rates finetuneRates, Rates scratchRates, int batch) {
        public InvariantTransfer {
            targets = List.copyOf(targets);
            pool = List.copyOf(pool);
            if (targets.isEmpty() || pool.size() < 2 || samples < 20 || pretrainEpochs < 1 || epochs < 1 || batch < 1
                    || !(finetuneFraction > 0 && finetuneFraction <= 1))
                throw new IllegalArgumentException("invariant transfer: targets " + targets + ", pool " + pool + ", samples " + samples + ", epochs "
                        + pretrainEpochs + " / " + epochs + ", fraction " + finetuneFraction + ", batch " + batch + " out of range");
        }
    }

    /** This preset with another number of seeds. */
    public AsenPreset withSeeds(int n) {
        return new AsenPreset(name, description, model, rates, epochs, batch, unitSamples, n, sweep, multitask, transfer, discovery, sign, selection,
                invariant, invariantTransfer);
    }

    /** The reference's invariant regression model: d = 40, L = 3 (8 heads of 5, output dropout 0.1, MEAN self loops). */
    static Asen.Config invariantModel() {
        return model(40, 3);
    }

    /** Epochs for a training set of r units: {@link #epochs()} for r &lt;= 1, round(epochs / r) above. */
    public int epochsFor(double units) {
        return units <= 1 ? epochs : Math.max(1, (int) Math.round(epochs / units));
    }

    /** The model of every experiment: the reference block (8 heads, output dropout 0.1, MEAN self loops) at width d, depth L. */
    static Asen.Config model(int d, int layers) {
        return Asen.Config.reference().withHidden(d).withLayers(layers);
    }

    static final List<String> T1 = List.of("palindrome", "cyclicsum", "intersect");

    /**
     * The CI preset (about a minute on 2 cores): d = 32, L = 2, 10 epochs, 1 seed; intersect and palindrome at 0.15 and
     * 0.5 units; multitask T = 1, 2 at 0.15; transfer to intersect; discovery with S5xS5; sign with A_5 vs {id}; selection
     * on intersect among {id}, S5xS5, S5wrS2; invariant regression on intersect, detect capital and longest palindrome; invariant
     * transfer to intersect (d = 32, L = 2, pretraining 4 epochs, fine-tuning 8 epochs on 15 % of the training split)
     * (1,600 samples, 8 epochs, the reference's d = 40, L = 3 model).
     */
    public static AsenPreset quick() {
        return new AsenPreset("quick", "CI smoke scale: every experiment, 1 seed, 10 epochs, d = 32, L = 2", model(32, 2), Rates.reference(), 10,
                64, DataSplit.UNIT_SAMPLES, 1,
                new Sweep(List.of("intersect", "palindrome"), List.of(0.15, 0.5)),
                new Multitask(List.of(1, 2), List.of(0.15)),
                new Transfer(List.of("intersect"), T1, 0.5, 4, Rates.uniform(0.01f), 0.15, new Rates(0.001f, 0.03f, 0.1f)),
                new Discovery("intersect", List.of("halves"), 0.5),
                new SignFailure(4, 4, List.of("alternating", "trivial"), 0.5, 20, Rates.uniform(0.001f), model(32, 2)),
                new Selection(List.of(new Candidates("intersect", List.of("trivial", "halves", "wreath"))), 0.5),
                new Invariant(List.of("intersect", "detectcapital", "longestpal"), QUICK_INVARIANT_SAMPLES, invariantModel(), Rates.uniform(0.01f), 8,
                        64),
                new InvariantTransfer(List.of("intersect"), List.of("intersect", "detectcapital", "longestpal"), QUICK_INVARIANT_SAMPLES, model(32, 2),
                        4, Rates.uniform(0.01f), 0.15, 8, FINETUNE_INVARIANT, Rates.uniform(0.01f), 64));
    }

    /** The paper's invariant transfer tasks (appendix C.4): each is learned on a model pretrained on the other three. */
    static final List<String> TRANSFER_INVARIANT = List.of("intersect", "palindrome", "detectcapital", "longestpal");

    /** The reference's invariant fine-tuning rates: body 0.001, edge embedders 0.02 (fresh token embedders 0.02 too). */
    static final Rates FINETUNE_INVARIANT = new Rates(0.001f, 0.02f, 0.02f);

    /** Generated samples per invariant task in the quick preset (1,120 train, 240 validation, 240 test). */
    static final int QUICK_INVARIANT_SAMPLES = 1600;

    /**
     * The report preset (about 80 min on one thread for the six equivariant-side parts; invariant regression adds about 2 hours
     * on one thread, 36 trainings of 80 epochs on 11,200 samples): d = 32, L = 2, 40 epochs, 3 seeds; sweep of all nine
     * equivariant tasks at 0.15, 0.5, 1, 2 units; multitask T = 1, 2, 3 at 0.15 and 1 unit; transfer to each T = 1 task
     * (pretraining on the other two at 1.5 units for 15 epochs, as the paper, fine-tuning on 0.15 units); discovery on intersect with S5xS5 and {id}
     * at 1 unit; the sign task on the permutations of 1..5 (1 unit, d = 64, 400 epochs at rate 0.001); selection on cyclicsum
     * ({id}, Z2, C10, D10, S10) and intersect ({id}, S5xS5, S5wrS2, S10) at 0.5 units; invariant regression as the reference
     * (six tasks, n = 8, 16,000 samples each, d = 40, L = 3, Adam 0.01, 80 epochs, batch 64, own group vs {id}); invariant transfer
     * to intersect, palindrome, detect capital and longest palindrome, each pretrained on the other three (the paper's set;
     * 30 epochs at Adam 0.01), fine-tuned on 15 % of the training split with the plain L1, body 0.001 / embedders 0.02, 80
     * epochs; scratch at 0.01; with the d = 40, L = 3 model instead of the reference's d = 128, L = 4 (about an hour on one
     * thread).
     */
    public static AsenPreset full() {
        return new AsenPreset("full", "report scale: 3 seeds, 40 epochs, d = 32, L = 2 (sign task: d = 64)", model(32, 2), Rates.reference(), 40, 64,
                DataSplit.UNIT_SAMPLES, 3,
                new Sweep(org.symkern.asen.task.Tasks.equivariantNames(), List.of(0.15, 0.5, 1.0, 2.0)),
                new Multitask(List.of(1, 2, 3), List.of(0.15, 1.0)),
                new Transfer(T1, T1, 1.5, 15, Rates.uniform(0.01f), 0.15, new Rates(0.001f, 0.03f, 0.1f)),
                new Discovery("intersect", List.of("halves", "trivial"), 1.0),
                new SignFailure(5, 5, List.of("alternating", "trivial"), 1.0, 400, Rates.uniform(0.001f), model(64, 2)),
                new Selection(List.of(new Candidates("cyclicsum", List.of("trivial", "reversal", "cyclic", "dihedral", "symmetric")),
                        new Candidates("intersect", List.of("trivial", "halves", "wreath", "symmetric"))), 0.5),
                new Invariant(org.symkern.asen.task.Tasks.invariantNames(), 16000, invariantModel(), Rates.uniform(0.01f), 80, 64),
                new InvariantTransfer(TRANSFER_INVARIANT, TRANSFER_INVARIANT, 16000, invariantModel(), 30, Rates.uniform(0.01f), 0.15, 80,
                        FINETUNE_INVARIANT, Rates.uniform(0.01f), 64));
    }

    /** A seconds-scale preset for tests: d = 8, L = 1, 2 epochs, 100 samples per unit, every experiment on one small setting. */
    public static AsenPreset micro() {
        return new AsenPreset("micro", "test scale: every experiment on a toy setting", model(8, 1), Rates.reference(), 2, 32, 100, 1,
                new Sweep(List.of("intersect"), List.of(0.5)),
                new Multitask(List.of(1), List.of(0.5)),
                new Transfer(List.of("intersect"), T1, 0.5, 1, Rates.uniform(0.01f), 0.5, new Rates(0.001f, 0.03f, 0.1f)),
                new Discovery("intersect", List.of("halves"), 0.5),
                new SignFailure(4, 4, List.of("alternating", "trivial"), 1.0, 2, Rates.uniform(0.01f), model(8, 1)),
                new Selection(List.of(new Candidates("intersect", List.of("trivial", "wreath"))), 0.5),
                new Invariant(List.of("intersect", "sign"), 60, model(8, 1), Rates.uniform(0.01f), 2, 16),
                new InvariantTransfer(List.of("intersect"), List.of("intersect", "palindrome", "sign"), 200, model(8, 1), 2, Rates.uniform(0.01f), 0.5, 2,
                        FINETUNE_INVARIANT, Rates.uniform(0.01f), 16));
    }

    /** quick, full or micro. */
    public static AsenPreset named(String name) {
        return switch (name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "quick" -> quick();
            case "full" -> full();
            case "micro" -> micro();
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (expected quick, full or micro)");
        };
    }
}
