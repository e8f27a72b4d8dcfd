package org.symkern.salf;

import org.symkern.data.GraphBatch;
import org.symkern.tensor.Tensor;

/**
 * A {@link org.symkern.models.GraphClassifier} with a SALF head (docs/salf.md, section symkern's reading): besides the logits it exposes the head
 * representation z (graphs, D) on which the asymmetry loss {@link AsymmetryLoss} acts. {@link GraphLearner} requires
 * it when lambda &gt; 0.
 */
public interface SalfGraphModel {
    /** The logits (graphs, classes) and the head representation z (graphs, D) of one forward pass. */
    record Output(Tensor logits, Tensor z) {}

    /** One forward pass giving both the logits (equal to {@link org.symkern.models.GraphClassifier#logits}) and z. */
    Output logitsAndEmbedding(GraphBatch batch);
}
