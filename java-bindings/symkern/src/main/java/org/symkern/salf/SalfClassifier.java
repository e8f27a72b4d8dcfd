package org.symkern.salf;

import org.symkern.nn.Linear;
import org.symkern.nn.Module;
import org.symkern.tensor.Device;
import org.symkern.tensor.Tensor;

/**
 * Encoder, {@link AsymmetryHead} and a linear classifier:
 * <pre>
 *   h = encoder(x)          (B, C, G, *space)   an equivariant feature map
 *   z = head(h)             (B, D)              D = C + C G, or C for a symmetric-only head
 *   logits = z W^T + b      (B, classes)
 * </pre>
 * With a symmetric-only head z is invariant, hence so are the logits (the "symmetry-only" G-CNN row); with a
 * gated head the logits may use the asymmetric block (full SALF). The two differ only in the head, so the same
 * encoder seed gives the same encoder and, for a symmetric-only head, the same network.
 */
public class SalfClassifier extends Module implements SalfModel {
    private final Module encoder;
    private final AsymmetryHead head;
    private final Linear classifier;

    /** The classifier's weights come from `seed` (see {@link Linear}). */
    public SalfClassifier(String name, Module encoder, AsymmetryHead head, long classes, Device device, long seed) {
        super(name);
        this.encoder = child("encoder", encoder);
        this.head = child("head", head);
        this.classifier = child("classifier", new Linear(head.outDim(), classes, device, seed));
    }

    /** The encoder's equivariant map h (B, C, G, *space). */
    public Tensor features(Tensor x) {
        return encoder.call(x);
    }

    @Override
    public LogitsAndEmbedding logitsAndEmbedding(Tensor x) {
        Tensor z = head.call(features(x));
        return new LogitsAndEmbedding(classifier.call(z), z);
    }

    /** Logits (B, classes). */
    @Override
    public Tensor forward(Tensor x) {
        return logitsAndEmbedding(x).logits();
    }

    /** The head. */
    public AsymmetryHead head() {
        return head;
    }

    /** The linear classifier. */
    public Linear classifier() {
        return classifier;
    }
}
