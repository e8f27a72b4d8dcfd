package org.symkern.train;

/**
 * One epoch of {@link Fit#run}: the mean training loss over its examples, the validation mean cross-entropy,
 * accuracy and macro-F1 (NaN when there is no validation set), the learning rate used, and the wall-clock
 * seconds of its training pass (forward, backward and optimizer steps; validation not included).
 */
public record EpochRecord(int epoch, double trainLoss, double valLoss, double valAccuracy, double valMacroF1, double lr,
                          double seconds) implements java.io.Serializable {}
