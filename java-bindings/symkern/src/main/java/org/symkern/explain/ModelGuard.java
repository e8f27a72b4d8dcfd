package org.symkern.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.symkern.nn.Module;
import org.symkern.tensor.Tensor;

/**
 * Puts a model into the state every explanation method runs it in, and restores the previous state on close:
 * evaluation mode (batch norm on running statistics, dropout off) and every parameter marked as needing no
 * gradient, so that a backward pass through the model reaches only the tensors the method asks about (inputs or
 * captured activations) and never creates, changes or frees a parameter's {@code grad()}. Parameter values are
 * never written. Each module's own training flag and each parameter's {@code requiresGrad} flag are restored
 * exactly (modules in pre-order, so a child's flag wins over its parent's recursive {@code train}).
 *
 * <pre>{@code try (ModelGuard g = ModelGuard.eval(model)) { ... forward / backward ... } }</pre>
 */
public final class ModelGuard implements AutoCloseable {
    private final List<Module> modules = new ArrayList<>();
    private final List<Boolean> training = new ArrayList<>();
    private final List<Tensor> params = new ArrayList<>();
    private final List<Boolean> requires = new ArrayList<>();
    private boolean closed;

    private ModelGuard(Module model) {
        if (model == null) throw new IllegalArgumentException("model is null");
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            modules.add(e.getValue());
            training.add(e.getValue().isTraining());
        }
        for (Tensor p : model.parameters()) {
            params.add(p);
            requires.add(p.requiresGrad());
        }
        model.train(false);
        for (Tensor p : params) p.requiresGrad(false);
    }

    /** Evaluation mode and frozen parameters until {@link #close()}. */
    public static ModelGuard eval(Module model) {
        return new ModelGuard(model);
    }

    /** Restores the training flags and the parameters' requiresGrad flags. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (int i = 0; i < modules.size(); i++) modules.get(i).train(training.get(i));
        for (int i = 0; i < params.size(); i++) params.get(i).requiresGrad(requires.get(i));
    }
}
