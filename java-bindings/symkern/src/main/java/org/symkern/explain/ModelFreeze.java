package org.symkern.explain;

import java.util.ArrayList;
import java.util.List;

import org.symkern.nn.Module;
import org.symkern.tensor.Tensor;

/**
 * Puts a model in evaluation mode and clears its parameters' requires-grad flags while an explanation runs, so that
 * backward passes through the model never touch the parameters' gradients; {@link #close} restores both.
 */
final class ModelFreeze implements AutoCloseable {
    private final Module model;
    private final boolean training;
    private final List<Tensor> frozen = new ArrayList<>();

    ModelFreeze(Module model) {
        this.model = model;
        this.training = model.isTraining();
        model.train(false);
        for (Tensor p : model.parameters())
            if (p.requiresGrad()) {
                p.requiresGrad(false);
                frozen.add(p);
            }
    }

    @Override
    public void close() {
        for (Tensor p : frozen) p.requiresGrad(true);
        model.train(training);
    }
}
