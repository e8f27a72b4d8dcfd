package org.symkern.salf;

import org.symkern.tensor.Tensor;

/**
 * A classifier whose logits are computed from an embedding z that SALF's asymmetry loss reads
 * (docs/salf.md, section symkern's reading): one forward pass gives both, so the learners add lambda * L_asym(z) to the task loss without
 * running the model twice. Implemented by {@link SalfClassifier} (the G-CNNs and SALF models of images and
 * signals).
 */
public interface SalfModel {
    /** Logits (B, classes) and the embedding z (B, D) they were computed from, of the same forward pass. */
    record LogitsAndEmbedding(Tensor logits, Tensor embedding) {}

    /** x -> (logits, z); training / evaluation mode as the model's. */
    LogitsAndEmbedding logitsAndEmbedding(Tensor x);
}
