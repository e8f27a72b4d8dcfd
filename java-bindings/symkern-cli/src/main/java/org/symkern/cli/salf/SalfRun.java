package org.symkern.cli.salf;

import java.util.List;
import java.util.Map;

import org.symkern.train.EpochRecord;
import org.symkern.train.FitResult;
import org.symkern.train.Metrics;

/**
 * One trained configuration of the SALF experiments and what was measured on it (one JSON record of
 * docs/results/salf.json).
 *
 * @param experiment   "main" (all arms), "tr" (the TR% training protocol) or "sweep" (lambda sensitivity)
 * @param test         metrics on the split's test part with the best-validation weights
 * @param transformed  accuracies on transformed test sets (TR%), by transformation
 */
public record SalfRun(String experiment, String domain, String arm, float lambda, long seed, String split, String model,
                      long parameters, int epochsRun, int bestEpoch, double bestValAccuracy, Metrics.Summary test,
                      Map<String, Double> transformed, double trainSecondsPerEpoch, double inferenceMsPerBatch,
                      long peakNativeBytes, double wallSeconds, boolean resumed, List<EpochRecord> history) implements java.io.Serializable {

    static SalfRun of(String experiment, String domain, SalfArm arm, float lambda, long seed, String split, String model,
                      FitResult r, Map<String, Double> transformed, double wallSeconds) {
        return new SalfRun(experiment, domain, arm.key, lambda, seed, split, model, r.parameters(), r.history().size(), r.bestEpoch(),
                r.bestValAccuracy(), r.test().summary(), transformed, r.trainSecondsPerEpoch(), r.inferenceMsPerBatch(),
                r.peakNativeBytes(), wallSeconds, r.resumed(), r.history());
    }
}
