package org.symkern.nn;

import java.util.Objects;

import org.symkern.autograd.Function;
import org.symkern.autograd.GradMode;
import org.symkern.tensor.Tensor;

/**
 * Records the output A of one named module during a forward pass and, after a backward pass from some scalar
 * (or seeded) output y of the root module, the gradient dy/dA. It is a forward hook ({@link Module#addForwardHook})
 * on the module found by {@link Module#module(String)}, so it sees modules that their parents run through
 * {@link Module#call} (every {@link Sequential} does); close it to remove the hook.
 *
 * <pre>{@code
 * try (Scope s = Scope.open(); ActivationCapture cap = ActivationCapture.of(model, "encoder.15")) {
 *     Tensor logits = model.forward(x);
 *     logits.backward(seed);
 *     Tensor a = cap.output(), dA = cap.gradient();
 * }
 * }</pre>
 *
 * How the gradient is obtained (the autograd keeps gradients of leaves only):
 * <ul>
 *   <li>when A is already part of a recorded graph (it requires grad and recording is on), A is passed on through
 *       an identity node whose backward stores its incoming gradient dy/dA and hands it on unchanged, so the
 *       gradients of everything upstream (inputs, parameters) are exactly what they would be without the capture;</li>
 *   <li>when A does not require grad (inputs and parameters that need no gradient), A is passed on as a new leaf
 *       (its memory under a node that requires grad), and dy/dA is that leaf's accumulated gradient; nothing
 *       upstream of A is recorded or touched.</li>
 * </ul>
 * With recording off the output is recorded and passed on unchanged ({@link #gradient()} then has nothing to give).
 * When the module runs several times in one forward pass the last call is the one recorded. The tensors live in
 * the scope that was current during the forward (or backward) pass.
 */
public final class ActivationCapture implements AutoCloseable {
    private final String path;
    private final Module module;
    private final AutoCloseable hook;
    private Tensor output;
    private Tensor leaf;
    private Tap tap;
    private int calls;

    private ActivationCapture(Module root, String path) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(path, "path");
        this.path = path;
        this.module = root.module(path);
        this.hook = module.addForwardHook(this::record);
    }

    /** Starts capturing the module at `path` below `root` (an unknown path throws, listing the valid names). */
    public static ActivationCapture of(Module root, String path) {
        return new ActivationCapture(root, path);
    }

    private Tensor record(Tensor y) {
        calls++;
        leaf = null;
        tap = null;
        if (!GradMode.isEnabled()) {
            output = y;
            return y;
        }
        if (y.requiresGrad()) {
            tap = new Tap();
            output = y;
            return tap.apply(y);
        }
        leaf = y.detach().requiresGrad(true);
        output = leaf;
        return leaf;
    }

    /** The module's output A from its most recent call; throws if it has not run since the capture started. */
    public Tensor output() {
        if (output == null)
            throw new IllegalStateException("module '" + path + "' (" + module.name() + ") did not run through Module.call "
                    + "during the forward pass: its parent calls forward() directly; capture its parent or one of its children");
        return output;
    }

    /**
     * dy/dA for the recorded output A after a backward pass (same shape as A); throws if no backward reached it
     * (recording was off, or y does not depend on A).
     */
    public Tensor gradient() {
        output();
        Tensor g = leaf != null ? leaf.grad() : tap != null ? tap.gradient : null;
        if (g == null)
            throw new IllegalStateException("no gradient reached module '" + path + "' (" + module.name()
                    + "): run backward() after the forward pass, with gradient recording on, from an output that depends on it");
        return g;
    }

    /** How many times the module ran since the capture started. */
    public int calls() {
        return calls;
    }

    /** The dotted path of the captured module. */
    public String path() {
        return path;
    }

    /** The module whose output is captured. */
    public Module module() {
        return module;
    }

    /** Removes the hook. */
    @Override
    public void close() {
        try {
            hook.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Identity whose backward keeps the incoming gradient: y = x, dx = dy (stored). */
    private static final class Tap extends Function {
        private Tensor gradient;

        @Override
        protected Tensor forward(Tensor... in) {
            return in[0].view(in[0].shape());
        }

        @Override
        protected Tensor[] backward(Tensor gradOutput) {
            gradient = gradient == null ? gradOutput : gradient.add(gradOutput);
            return new Tensor[] {gradOutput};
        }

        @Override
        public String name() {
            return "ActivationCapture.Tap";
        }
    }
}
