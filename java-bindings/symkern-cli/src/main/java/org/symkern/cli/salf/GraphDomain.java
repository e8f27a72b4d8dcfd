package org.symkern.cli.salf;

import org.symkern.models.GraphClassifier;
import org.symkern.salf.GraphLearner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.symkern.data.CrossValidation;
import org.symkern.data.TuDataset;
import org.symkern.models.Gcn;
import org.symkern.salf.SalfGnn;
import org.symkern.models.ModelSpec;
import org.symkern.models.Models;
import org.symkern.ops.Reduce;
import org.symkern.tensor.Device;
import org.symkern.train.Learner;

/**
 * PROTEINS (TU format, embedded) for the SALF experiments: stratified, seeded 10-fold cross-validation with an inner
 * validation split (Errica et al.; epochs selected on validation only). Node features: the 3 node labels one-hot plus
 * the raw attribute, standardized with each fold's training graphs. Arms: GCN baseline; GIN encoder with a DeepSets
 * read-out ({@link SalfGnn} symmetric only), with the asymmetric head, or SALF.
 */
public final class GraphDomain implements SalfDomain {
    public static final int HIDDEN = 64, LAYERS = 3;
    public static final float DROPOUT = 0.5f, GAMMA_INIT = 1f;
    public static final int FOLDS = 10;

    private final Device device;
    private TuDataset proteins;
    private final Map<String, TuDataset> standardized = new HashMap<>();   // "seed/split" -> dataset standardized on its training part

    public GraphDomain(Device device) {
        this.device = device;
    }

    @Override
    public String key() {
        return "proteins";
    }

    @Override
    public String title() {
        return "PROTEINS";
    }

    @Override
    public String protocol() {
        return "PROTEINS (1,113 graphs, TU format, embedded): stratified seeded " + FOLDS + "-fold cross-validation, 10% of each fold's "
                + "training part held out (stratified) for validation; node features = node label one-hot + attribute standardized with the "
                + "fold's training graphs; the folds change with the seed.";
    }

    @Override
    public List<Split> splits(long seed) {
        if (proteins == null) proteins = TuDataset.proteins();
        CrossValidation.Fold[] folds = CrossValidation.stratifiedKFold(proteins.labels, FOLDS, seed);
        List<Split> out = new ArrayList<>();
        standardized.clear();
        for (int f = 0; f < folds.length; f++) out.add(new Split("fold" + f, seed, folds[f].train, folds[f].validation, folds[f].test));
        return out;
    }

    @Override
    public Learner learner(SalfArm arm, Split split, float lambda, float margin, long seed) {
        TuDataset data = data(split);
        GraphClassifier model = (GraphClassifier) Models.build(spec(arm, split), device, seed);
        return new GraphLearner(model, data, arm.regularized() ? lambda : 0f, margin);
    }

    /** The split's graphs with attributes standardized on its training part (what {@link #learner} trains on). */
    public TuDataset data(Split split) {
        return standardized.computeIfAbsent(split.seed() + "/" + split.name(), k -> proteins.standardizeAttributes(split.train()));
    }

    @Override
    public ModelSpec spec(SalfArm arm, Split split) {
        TuDataset data = data(split);
        int in = data.featureDim;
        return switch (arm) {
            case BASELINE -> ModelSpec.gcn(in, HIDDEN, LAYERS, data.classes, Reduce.Op.MEAN, DROPOUT);
            case SYMMETRIC -> ModelSpec.salfGnn(in, HIDDEN, LAYERS, data.classes, Reduce.Op.SUM, DROPOUT, true, GAMMA_INIT);
            case HEAD, SALF -> ModelSpec.salfGnn(in, HIDDEN, LAYERS, data.classes, Reduce.Op.SUM, DROPOUT, false, GAMMA_INIT);
        };
    }

    @Override
    public long[] inputShape() {
        if (proteins == null) proteins = TuDataset.proteins();
        return new long[] {proteins.featureDim};
    }

    @Override
    public List<String> classNames() {
        if (proteins == null) proteins = TuDataset.proteins();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < proteins.classes; c++) names.add("class " + c);
        return names;
    }

    @Override
    public String model(SalfArm arm) {
        return switch (arm) {
            case BASELINE -> "GCN, " + LAYERS + " layers of " + HIDDEN + ", mean pooling, MLP, dropout " + DROPOUT;
            case SYMMETRIC -> "GIN encoder (" + LAYERS + " x " + HIDDEN + ") + DeepSets read-out (sum), gamma = 0";
            case HEAD, SALF -> "GIN encoder (" + LAYERS + " x " + HIDDEN + ") + DeepSets read-out + asymmetric head (gamma init " + GAMMA_INIT + ")";
        };
    }

    @Override
    public Map<String, Double> transformedTests(Learner trained, Split split, int batch) {
        return Map.of();
    }
}
