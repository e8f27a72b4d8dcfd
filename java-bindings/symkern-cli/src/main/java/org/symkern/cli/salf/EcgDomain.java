package org.symkern.cli.salf;

import org.symkern.salf.SignalLearner;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.symkern.data.MitBih;
import org.symkern.models.Cnn1d;
import org.symkern.salf.SalfCnn1d;
import org.symkern.models.ModelSpec;
import org.symkern.models.Models;
import org.symkern.nn.Module;
import org.symkern.tensor.Device;
import org.symkern.train.Fit;
import org.symkern.train.Learner;

/**
 * MIT-BIH beats for the SALF experiments: 181-sample windows (0.5 s each side of the annotated R peak at 360 Hz,
 * lead MLII, z-normalized per beat), paced records excluded. Two protocols: intra-patient binary (normal vs
 * arrhythmic, beats split 70 / 10 / 20 at random, stratified — patients on both sides, optimistic, what the popular
 * CSVs do) and inter-patient (AAMI N/S/V/F/Q, de Chazal DS1 for training with 4 whole DS1 records held out for
 * validation, DS2 for testing — much harder). The transformed test set is the test beats time-reversed (TR%).
 * Arms: 1D CNN baseline; time-reversal G-CNN encoder ({@link SalfCnn1d}) with the invariant head, the asymmetric
 * head, or SALF.
 */
public final class EcgDomain implements SalfDomain {
    public static final int CNN_CHANNELS = 32, GCNN_FIELDS = 22;
    public static final float GAMMA_INIT = 0.1f;
    public static final int VALIDATION_RECORDS = 4;

    private final boolean inter;
    private final Path mitdb;
    private final Device device;
    private MitBih.Beats beats, reversed;

    /**
     * @param inter the inter-patient AAMI protocol instead of the intra-patient binary one
     * @param mitdb a folder with all MIT-BIH records, or null for the embedded records 208, 209 (DS1) and 213 (DS2)
     */
    public EcgDomain(boolean inter, Path mitdb, Device device) {
        this.inter = inter;
        this.mitdb = mitdb;
        this.device = device;
    }

    @Override
    public String key() {
        return inter ? "mitbih-inter" : "mitbih";
    }

    @Override
    public String title() {
        return inter ? "MIT-BIH inter-patient (AAMI 5 classes)" : "MIT-BIH intra-patient (binary)";
    }

    private String source() {
        return mitdb == null ? "the embedded records 208, 209 (DS1) and 213 (DS2) only (see data/mitdb/README.md)"
                             : "all unpaced MIT-BIH records from " + mitdb;
    }

    @Override
    public String protocol() {
        String beatsText = "181-sample beats (±90 samples at 360 Hz around each annotated peak, lead MLII, z-normalized) from " + source();
        return inter ? beatsText + "; AAMI classes N/S/V/F/Q; train on DS1 minus " + VALIDATION_RECORDS + " seeded whole records (validation), "
                       + "test on DS2 (de Chazal et al. 2004), no patient on both sides"
                     : beatsText + "; binary normal (N) vs arrhythmic (S, V, F; Q dropped); stratified seeded random split 70% / 10% / 20% of "
                       + "beats, so a patient's beats fall on both sides (the optimistic protocol of the popular 187-sample CSVs)";
    }

    private MitBih.Beats beats() {
        if (beats == null) {
            MitBih.Options opt = MitBih.Options.defaults().withZNormalize(true);
            MitBih.Beats b = mitdb == null ? MitBih.embedded(opt) : MitBih.load(mitdb, opt);
            beats = inter ? b : b.binary();
            reversed = beats.timeReversed();
        }
        return beats;
    }

    @Override
    public List<Split> splits(long seed) {
        MitBih.Beats b = beats();
        int[][] s = inter ? MitBih.interPatient(b, VALIDATION_RECORDS, seed) : MitBih.intraPatient(b, 0.1, 0.2, seed);
        if (inter) org.symkern.data.Split.shuffle(s[0], seed);               // record order -> random order, so a training limit takes beats of every record
        return List.of(new Split(inter ? "DS1-DS2" : "intra", seed, s[0], s[1], s[2]));
    }

    @Override
    public Learner learner(SalfArm arm, Split split, float lambda, float margin, long seed) {
        Module model = Models.build(spec(arm, split), device, seed);
        return new SignalLearner(model, beats(), arm.regularized() ? lambda : 0f, margin);
    }

    @Override
    public ModelSpec spec(SalfArm arm, Split split) {
        int classes = beats().classes;
        return switch (arm) {
            case BASELINE -> ModelSpec.cnn1d(1, CNN_CHANNELS, classes);
            case SYMMETRIC -> ModelSpec.salfCnn1d(1, GCNN_FIELDS, classes, GAMMA_INIT, true);
            case HEAD, SALF -> ModelSpec.salfCnn1d(1, GCNN_FIELDS, classes, GAMMA_INIT, false);
        };
    }

    @Override
    public long[] inputShape() {
        return new long[] {1, 1, beats().length};
    }

    @Override
    public List<String> classNames() {
        return List.of(beats().classNames);
    }

    /** The beats of this protocol (z-normalized; binary for the intra-patient protocol). */
    public MitBih.Beats allBeats() {
        return beats();
    }

    @Override
    public String model(SalfArm arm) {
        return switch (arm) {
            case BASELINE -> "1D CNN, " + CNN_CHANNELS + " channels";
            case SYMMETRIC -> "time-reversal G-CNN encoder (" + GCNN_FIELDS + " fields x 2), invariant head (gamma = 0) + linear";
            case HEAD, SALF -> "time-reversal G-CNN encoder (" + GCNN_FIELDS + " fields x 2), SALF head (gamma init " + GAMMA_INIT + ") + linear";
        };
    }

    @Override
    public Map<String, Double> transformedTests(Learner trained, Split split, int batch) {
        Learner r = new SignalLearner(trained.module(), reversed);
        return Map.of("time-reversed", Fit.evaluate(r, split.test(), batch).accuracy());
    }
}
