package org.symkern.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.symkern.tensor.Tensor;

/**
 * One differentiable operation; an instance is the saved context of one call (tinygrad's "the Function is
 * the Context"). Subclasses implement {@link #forward} on native kernels and {@link #backward}, returning
 * one gradient per input (null where an input needs none); the derivative is written in each subclass's
 * Javadoc. {@link #apply} runs the forward with recording disabled and, when gradients are enabled and an
 * input requires them, links the output to this function.
 */
public abstract class Function {
    private Tensor[] inputs;
    private final List<Tensor> saved = new ArrayList<>();
    private boolean released;

    /** Computes the output from the inputs (called with grad mode disabled). */
    protected abstract Tensor forward(Tensor... inputs);

    /** Gradients of the inputs given the gradient of the output (called with grad mode disabled). */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /** Runs this function on the inputs and records it in the graph when needed. */
    public final Tensor apply(Tensor... in) {
        Objects.requireNonNull(in, "inputs");
        boolean track = false;
        for (int i = 0; i < in.length; i++) {
            Tensor t = in[i];
            if (t == null) throw new IllegalArgumentException(name() + ": input " + i + " is null");
            if (t.isClosed()) throw new IllegalStateException(name() + ": input " + i + " (" + t.shape() + ") was closed");
            if (i > 0 && !t.device().equals(in[0].device()))
                throw new IllegalArgumentException(name() + ": input 0 is on " + in[0].device() + " but input " + i
                        + " is on " + t.device());
            track |= t.requiresGrad();
        }
        track &= GradMode.isEnabled();
        Tensor out;
        try (GradMode.Guard g = GradMode.disable()) {
            out = forward(in);
        }
        if (track) {
            inputs = in.clone();
            out.attachGraph(this);
        } else {
            saved.clear();
        }
        return out;
    }

    /** Keeps tensors for the backward pass. */
    protected final void save(Tensor... tensors) {
        for (Tensor t : tensors) saved.add(t);
    }

    /** The i-th saved tensor; throws if it was closed before the backward pass. */
    protected final Tensor saved(int i) {
        Tensor t = saved.get(i);
        if (t != null && t.isClosed())
            throw new IllegalStateException(name() + ": a tensor saved for backward was closed before backward()");
        return t;
    }

    /** A short name for messages and debugging. */
    public String name() {
        return getClass().getSimpleName();
    }

    Tensor[] inputs() {
        if (released)
            throw new IllegalStateException("backward through " + name() + " a second time: its saved tensors were released");
        return inputs;
    }

    Tensor[] runBackward(Tensor gradOutput) {
        try (GradMode.Guard g = GradMode.disable()) {
            Tensor[] grads = backward(gradOutput);
            if (grads.length != inputs.length)
                throw new IllegalStateException(name() + ".backward returned " + grads.length + " gradients for "
                        + inputs.length + " inputs");
            return grads;
        }
    }

    void release() {
        released = true;
        saved.clear();
        inputs = null;
    }
}
