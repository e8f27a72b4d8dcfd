package org.symkern.models;

import org.symkern.nn.Activation;
import org.symkern.nn.Dropout;
import org.symkern.nn.Linear;
import org.symkern.nn.Module;
import org.symkern.nn.Sequential;
import org.symkern.tensor.Device;
import org.symkern.tensor.Tensor;

/**
 * Multilayer perceptron classifier: flatten (B, ...) to (B, in), then for each hidden width h:
 * Linear(., h) - ReLU - Dropout(p), and a final Linear(., classes) producing logits.
 */
public final class Mlp extends Module {
    private final Sequential body;
    private final long in;

    /** Linear layers in -&gt; hidden[0] -&gt; ... -&gt; classes with ReLU (and dropout p when p &gt; 0) between them. */
    public Mlp(long in, int[] hidden, int classes, float dropout, Device device, long seed) {
        super("Mlp");
        this.in = in;
        Sequential s = new Sequential();
        long width = in;
        for (int i = 0; i < hidden.length; i++) {
            s.add(new Linear(width, hidden[i], device, seed * 1000 + i));
            s.add(Activation.relu());
            if (dropout > 0) s.add(new Dropout(dropout, seed * 1000 + 500 + i));
            width = hidden[i];
        }
        s.add(new Linear(width, classes, device, seed * 1000 + hidden.length));
        this.body = child("body", s);
    }

    @Override
    public Tensor forward(Tensor x) {
        return body.call(x.reshape(x.dim(0), in));
    }
}
